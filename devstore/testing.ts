/**
 * Helpers for the dev store's own unit tests: a context on an in-memory database, with a dispatcher that records
 * what would be sent instead of sending it. Integration tests use the real server (server.ts) instead.
 */
import { loadDevstoreConfig } from "./config";
import { loadAdminSchema } from "./schema";
import { openDevstoreDb } from "./store/db";
import type { DevstoreConfig, DevstoreContext, WebhookDispatcher, WebhookEvent } from "./types";

export type RecordingDispatcher = WebhookDispatcher & { events: WebhookEvent[] };

export function createRecordingDispatcher(): RecordingDispatcher {
  const events: WebhookEvent[] = [];
  return {
    events,
    emit(event) {
      events.push(event);
      return [`recorded-${events.length}`];
    },
    async idle() {},
  };
}

export function createTestContext(
  overrides: Partial<DevstoreConfig> = {},
): DevstoreContext & { webhooks: RecordingDispatcher } {
  const config: DevstoreConfig = {
    ...loadDevstoreConfig({ ...process.env, DEVSTORE_PORT: "0" }),
    dbPath: ":memory:",
    ...overrides,
  };
  const db = openDevstoreDb(config.dbPath);
  return {
    config,
    db,
    webhooks: createRecordingDispatcher(),
    schema: () => loadAdminSchema(config.schemaDir, config.apiVersion),
  };
}
