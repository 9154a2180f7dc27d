/**
 * Composes the local dev store: Admin API, admin frame, storefront with app proxy, control API.
 * Each part registers its own routes; they share one context (config, database, webhook dispatcher, schema).
 */
import http from "node:http";
import express from "express";
import { registerAdminApi } from "./admin-api/routes";
import { registerAdminFrame } from "./admin-frame/routes";
import { loadDevstoreConfig } from "./config";
import { registerControlApi } from "./control/routes";
import { loadAdminSchema } from "./schema";
import { openDevstoreDb } from "./store/db";
import { registerStorefront } from "./storefront/routes";
import type { DevstoreConfig, DevstoreContext } from "./types";
import { createWebhookDispatcher } from "./webhooks/dispatcher";

export type RunningDevstore = {
  ctx: DevstoreContext;
  url: string;
  close(): Promise<void>;
};

export function createDevstoreApp(ctx: DevstoreContext): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  // The storefront answers on <shop-handle>.localhost, so it goes first.
  registerStorefront(app, ctx);
  registerAdminApi(app, ctx);
  registerAdminFrame(app, ctx);
  registerControlApi(app, ctx);
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

export async function startDevstore(overrides: Partial<DevstoreConfig> = {}): Promise<RunningDevstore> {
  const config = { ...loadDevstoreConfig(), ...overrides };
  const db = openDevstoreDb(config.dbPath);
  let schema: ReturnType<typeof loadAdminSchema> | undefined;
  const base = {
    config,
    db,
    schema: () => (schema ??= loadAdminSchema(config.schemaDir, config.apiVersion)),
  };
  const webhooks = createWebhookDispatcher(base);
  const ctx: DevstoreContext = { ...base, webhooks };
  const app = createDevstoreApp(ctx);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  webhooks.start();
  return {
    ctx,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await webhooks.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      db.close();
    },
  };
}
