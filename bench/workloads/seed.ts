/**
 * Workload "seed": generates both demo shops at the given size into a fresh dev store file, as
 * `npm run seed -- --size <size> --reset` does (same pragmas, same V8 heap flags, which the runner passes to this
 * process because the CLI re-executes itself with them). Reports time, rows/s, peak RSS and the file size.
 */
import fs from "node:fs";
import { DEMO_SHOPS, type SeedCounts, seedShop } from "../../devstore/seed";
import { openDevstoreDb } from "../../devstore/store/db";
import { childMain } from "../lib/child";
import type { BenchSize } from "../types";

export type SeedInput = { dbPath: string; size: BenchSize; anchor: string };

export type SeedResult = {
  shops: SeedCounts[];
  seconds: number;
  /** Line items inside orders and checkouts (counted after the timed part). */
  orderLineItems: number;
  checkoutLineItems: number;
  /** Peak RSS of the generation itself, taken before the line items are counted. */
  seedPeakRssBytes: number;
  dbBytes: number;
};

function fileSize(file: string): number {
  return ["", "-wal", "-shm"].reduce((sum, suffix) => sum + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0), 0);
}

async function seed(input: SeedInput): Promise<SeedResult> {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(input.dbPath + suffix, { force: true });
  const anchor = new Date(input.anchor);
  const started = performance.now();
  const db = openDevstoreDb(input.dbPath);
  // As the CLI does: a seed run owns the file.
  db.pragma("journal_mode = MEMORY");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -65536");
  const shops = DEMO_SHOPS.map((demo) => seedShop(db, { ...demo, size: input.size, anchor }));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.close();
  const seconds = (performance.now() - started) / 1000;
  const seedPeakRssBytes = process.resourceUsage().maxRSS * 1024;
  const dbBytes = fileSize(input.dbPath);

  const check = openDevstoreDb(input.dbPath);
  const count = (table: string) =>
    (check.prepare(`SELECT coalesce(sum(json_array_length(data, '$.lineItems')), 0) AS n FROM ${table}`).get() as { n: number }).n;
  const orderLineItems = count("orders");
  const checkoutLineItems = count("checkouts");
  check.close();
  return { shops, seconds, orderLineItems, checkoutLineItems, seedPeakRssBytes, dbBytes };
}

childMain(seed);
