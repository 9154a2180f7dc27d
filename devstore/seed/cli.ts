/**
 * Seeds the dev store database: `npx tsx devstore/seed/cli.ts --size tiny [--db path] [--reset] [--seed n]
 * [--anchor 2026-11-20]`. Prints counts, time and peak memory. Seeds both demo shops.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadDevstoreConfig } from "../config";
import { openDevstoreDb } from "../store/db";
import { DEMO_SHOPS, seedShop } from "./index";

const Args = z.object({
  size: z.enum(["empty", "tiny", "small", "medium", "large"]).default("tiny"),
  db: z.string().optional(),
  reset: z.boolean().default(false),
  seed: z.string().optional(),
  anchor: z.string().optional(),
});

// Seeding allocates many short-lived rows; V8's default young generation lets RSS balloon past 500 MB on `large`.
// Small heap spaces keep it near 200 MB at little cost, so the CLI re-runs itself once with them.
const HEAP_FLAGS = ["--max-semi-space-size=8", "--max-old-space-size=256"];
if (!process.env.DEVSTORE_SEED_CHILD) {
  const child = spawnSync(process.execPath, [...HEAP_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, DEVSTORE_SEED_CHILD: "1" },
  });
  process.exit(child.status ?? 1);
}

const { values } = parseArgs({
  options: {
    size: { type: "string" },
    db: { type: "string" },
    reset: { type: "boolean" },
    seed: { type: "string" },
    anchor: { type: "string" },
  },
});
const args = Args.parse(values);
const dbPath = args.db ?? loadDevstoreConfig().dbPath;
if (args.reset) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbPath + suffix, { force: true });
}
const db = openDevstoreDb(dbPath);
// A seed run owns the file: skip the WAL's second copy of every page and the fsyncs, then go back to WAL.
db.pragma("journal_mode = MEMORY");
db.pragma("synchronous = OFF");
db.pragma("cache_size = -65536");
const anchor = args.anchor ? new Date(args.anchor) : undefined;
if (anchor && Number.isNaN(anchor.getTime())) throw new Error(`--anchor ${args.anchor} is not a date`);

const started = performance.now();
for (const demo of DEMO_SHOPS) {
  const t0 = performance.now();
  const counts = seedShop(db, {
    ...demo,
    size: args.size,
    ...(args.seed ? { seed: args.seed } : {}),
    ...(anchor ? { anchor } : {}),
  });
  console.log(
    `[seed] ${counts.shop}: ${counts.products} products, ${counts.customers} customers, ${counts.orders} orders, ` +
      `${counts.checkouts} checkouts in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.close();
// maxRSS is in kilobytes and covers the whole run (seeding is synchronous, so sampling would miss the peak).
const peak = process.resourceUsage().maxRSS * 1024;
console.log(
  `[seed] ${args.size} into ${dbPath} in ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${Math.round(peak / 1e6)} MB`,
);
