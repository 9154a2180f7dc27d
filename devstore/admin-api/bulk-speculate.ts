/**
 * Uses the second core for bulk exports: while the main thread computes batch k, a worker (bulk-worker.ts) computes
 * batch k+1 from a predicted cursor. The main loop stays sequential and decides everything: it takes a worker's batch
 * only when the cursor it actually reached is the one that was predicted, and computes the batch itself otherwise, so
 * the JSONL is the same with or without the worker. Only for the initial-sync shape: a whole table in a column's order.
 */
import { Worker } from "node:worker_threads";
import { decodeCursor, encodeCursor } from "./connection";
import type { FastBatch } from "./bulk-fast";
import type { BulkPlan } from "./bulk-plan";
import type { WorkerAnswer, WorkerInput, WorkerRequest } from "./bulk-worker";
import type { RequestContext } from "./request-context";
import { customerSource, orderSource, type Source } from "./sources";

export type Speculator = {
  /** The worker's batch for this cursor, or null when the caller should compute it. */
  take: (after: string | null) => Promise<FastBatch | null>;
  close: () => Promise<void>;
};

/** Exports shorter than this many batches stay on one thread. */
export const MIN_BATCHES = 200;

const SOURCES: Record<string, (timeZone: string) => Source> = { customers: customerSource, orders: orderSource };

/** Starts a worker when the export pages a whole table by a column from a database file; null otherwise. */
export function startSpeculation(
  rc: RequestContext,
  plan: BulkPlan,
  query: string,
  batchSize: number,
  minBatches = MIN_BATCHES,
): Speculator | null {
  const sourceOf = SOURCES[plan.root.name];
  const args = plan.rootArgs(null);
  const whole = (args.query == null || args.query === "") && !args.reverse && args.last == null && args.before == null;
  if (!sourceOf || !whole || args.first !== batchSize || rc.ctx.config.dbPath === ":memory:") return null;
  const source = sourceOf(rc.shop.ianaTimezone);
  const sortKey = typeof args.sortKey === "string" && source.sortKeys[args.sortKey] ? args.sortKey : source.defaultSortKey;
  const expr = source.sortKeys[sortKey]!;
  // Plain columns only: each has a (shop, column, id) index, so a prediction reads a few index pages.
  if (!/^r\.\w+$/.test(expr) || source.where) return null;

  // Where the batch after `after` ends, as pageSql would write its endCursor (sort value and id of its last row).
  const select = `SELECT ${expr} AS value, r.id AS id FROM ${source.from} WHERE r.shop = ?`;
  const order = `ORDER BY ${expr === "r.id" ? "" : `${expr}, `}r.id`;
  const first = rc.ctx.db.prepare(`${select} ${order} LIMIT 1 OFFSET ${batchSize - 1}`);
  const next = rc.ctx.db.prepare(`${select} AND ${expr === "r.id" ? "r.id > ?" : `(${expr}, r.id) > (?, ?)`} ${order} LIMIT 1 OFFSET ${batchSize - 1}`);
  const predictNext = (after: string | null): string | null => {
    let row: { value: string | number | null; id: number } | undefined;
    if (!after) row = first.get(rc.shop.domain) as typeof row;
    else {
      const [value, id] = decodeCursor(after);
      row = (expr === "r.id" ? next.get(rc.shop.domain, id) : next.get(rc.shop.domain, value, id)) as typeof row;
    }
    return row ? encodeCursor(row.value, row.id) : null;
  };
  // A worker costs a second copy of the Admin schema (~300 MB RSS) and a second of start-up: worth it only for long
  // exports (1M orders: 47 s alone, 40 s with it on a loaded machine, 1.65x when idle); 100k customers got slower.
  const long = rc.ctx.db.prepare(`${select} ${order} LIMIT 1 OFFSET ${Math.max(1, minBatches) * batchSize - 1}`).get(rc.shop.domain);
  if (!long) return null;

  const input: WorkerInput = { config: rc.ctx.config, shop: rc.shop.domain, scopes: [...rc.scopes], apiVersion: rc.apiVersion, query, batchSize };
  // Under tsx (dev store, benchmarks) the worker inherits its loader; elsewhere (vitest) it registers it itself.
  const execArgv = process.execArgv.some((a) => a.includes("tsx")) ? process.execArgv : ["--import", "tsx"];
  const worker = new Worker(new URL("./bulk-worker.ts", import.meta.url), { workerData: input, execArgv });
  let alive = true;
  let seq = 0;
  let inFlight: { after: string; answer: Promise<FastBatch | null> } | null = null;
  const waiting = new Map<number, (batch: FastBatch | null) => void>();
  const settleAll = () => {
    alive = false;
    for (const resolve of waiting.values()) resolve(null);
    waiting.clear();
  };
  worker.on("message", (answer: WorkerAnswer) => {
    waiting.get(answer.seq)?.(answer.batch);
    waiting.delete(answer.seq);
  });
  worker.on("error", settleAll);
  worker.on("exit", settleAll);

  return {
    take: async (after) => {
      // Predictions run one batch ahead, so an unmatched one is stale (the data changed under the export).
      const mine = inFlight?.after === (after ?? "") ? inFlight.answer : null;
      inFlight = null;
      if (alive && !mine) {
        const next = predictNext(after);
        if (next) {
          const request: WorkerRequest = { seq: ++seq, after: next };
          inFlight = { after: next, answer: new Promise((resolve) => waiting.set(request.seq, resolve)) };
          worker.postMessage(request);
        }
      }
      return mine ? await mine : null;
    },
    close: async () => {
      settleAll();
      await worker.terminate();
    },
  };
}
