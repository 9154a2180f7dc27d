/**
 * Worker thread for bulk exports: computes fast-path batches ahead of the main thread (bulk-speculate.ts) on the second
 * core, with its own read connection to the dev store's file. It never writes: answers go back to the main thread,
 * which alone decides what lands in the JSONL file.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadAdminSchema } from "../schema";
import { openDevstoreDb, records } from "../store/db";
import type { DevstoreConfig, DevstoreContext } from "../types";
import { rewriteForBatches } from "./bulk-document";
import { runFastBatch } from "./bulk-fast";
import { compileBulkPlan } from "./bulk-plan";
import { prepareDocument } from "./execute";
import type { RequestContext } from "./request-context";

export type WorkerInput = { config: DevstoreConfig; shop: string; scopes: string[]; apiVersion: string; query: string; batchSize: number };
export type WorkerRequest = { seq: number; after: string | null };
export type WorkerAnswer = { seq: number; batch: ReturnType<typeof runFastBatch> | null };

const input = workerData as WorkerInput;
const db = openDevstoreDb(input.config.dbPath);
const schema = loadAdminSchema(input.config.schemaDir, input.apiVersion);
const ctx: DevstoreContext = { config: input.config, db, webhooks: { emit: () => [], idle: async () => {} }, schema: () => schema };
const shop = records(db).getShop(input.shop);
const prepared = prepareDocument(schema, input.query);
const plan = shop && prepared.doc ? compileBulkPlan(schema, rewriteForBatches(schema, prepared.doc, input.batchSize)) : null;

parentPort?.on("message", (request: WorkerRequest) => {
  let batch: WorkerAnswer["batch"] = null;
  if (plan && shop) {
    const rc: RequestContext = { ctx, shop, scopes: new Set(input.scopes), apiVersion: input.apiVersion, schema, bulk: true, searches: [], now: () => new Date() };
    try {
      batch = runFastBatch(plan, rc, request.after);
    } catch {
      // The main thread computes this batch itself, with graphql-js's answer if it fails again.
      batch = null;
    }
  }
  parentPort?.postMessage({ seq: request.seq, batch } satisfies WorkerAnswer);
});
