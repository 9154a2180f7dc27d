/**
 * Workload "bulk": one bulkOperationRunQuery-equivalent export (runBulkQueryToFile) of a seeded shop to JSONL,
 * one export per process so each peak RSS is that export's own.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runBulkQueryToFile } from "../../devstore/admin-api/bulk";
import { loadDevstoreConfig } from "../../devstore/config";
import { loadAdminSchema } from "../../devstore/schema";
import { openDevstoreDb } from "../../devstore/store/db";
import { createRecordingDispatcher } from "../../devstore/testing";
import type { DevstoreContext } from "../../devstore/types";
import { childMain } from "../lib/child";

export type BulkInput = { dbPath: string; shop: string; label: string; query: string };

export type BulkResult = {
  label: string;
  lines: number;
  rootObjects: number;
  fileBytes: number;
  seconds: number;
};

async function bulk(input: BulkInput): Promise<BulkResult> {
  const config = { ...loadDevstoreConfig({ ...process.env, DEVSTORE_PORT: "0" }), dbPath: input.dbPath, webhooks: [] };
  const db = openDevstoreDb(config.dbPath);
  const ctx: DevstoreContext = {
    config,
    db,
    webhooks: createRecordingDispatcher(),
    schema: () => loadAdminSchema(config.schemaDir, config.apiVersion),
  };
  // A running dev store has its schema loaded already; keep the 0.4 s out of the export's time.
  ctx.schema();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-bulk-"));
  try {
    const file = path.join(dir, `${input.label}.jsonl`);
    const started = performance.now();
    const result = await runBulkQueryToFile(ctx, input.shop, input.query, file);
    const seconds = (performance.now() - started) / 1000;
    return { label: input.label, lines: result.objectCount, rootObjects: result.rootObjectCount, fileBytes: result.fileSize, seconds };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

childMain(bulk);
