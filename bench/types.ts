/** What the bench runner and its workloads exchange, and what lands in bench/results/<timestamp>.json. */
import type { SeedSize } from "../devstore/seed";

export type BenchSize = Extract<SeedSize, "small" | "large">;

export const WORKLOADS = ["seed", "admin-api", "bulk", "webhooks"] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

/** One line of the final summary table. */
export type SummaryRow = {
  workload: string;
  /** The workload size the figure belongs to, e.g. "110,000 customers / 1,100,000 orders". */
  size: string;
  result: string;
  peakRssBytes: number | null;
};

/** A workload's outcome: the printed lines, its summary rows and its raw figures for the JSON file. */
export type WorkloadReport = {
  name: WorkloadName;
  lines: string[];
  summary: SummaryRow[];
  figures: Record<string, unknown>;
};

/** Per-size knobs, chosen so `large` stays within about ten minutes on a 2-core machine. */
export type BenchPlan = {
  size: BenchSize;
  /** Admin API: concurrent loopback clients and seconds per document. */
  apiClients: number;
  apiSecondsPerDocument: number;
  /** Seconds a single app drives the real 2000/100 bucket. */
  throttledSeconds: number;
  /** Webhooks emitted in one burst, then at a steady rate. */
  webhookBurst: number;
  webhookPaced: number;
  webhookPacedPerSecond: number;
};

export const PLANS: Record<BenchSize, BenchPlan> = {
  small: {
    size: "small",
    apiClients: 8,
    apiSecondsPerDocument: 4,
    throttledSeconds: 8,
    webhookBurst: 1_000,
    webhookPaced: 200,
    webhookPacedPerSecond: 100,
  },
  large: {
    size: "large",
    apiClients: 8,
    apiSecondsPerDocument: 15,
    throttledSeconds: 30,
    webhookBurst: 5_000,
    webhookPaced: 1_000,
    webhookPacedPerSecond: 200,
  },
};

/** The shop the API, bulk and webhook workloads talk to (the Japanese demo shop, the larger of the two). */
export const BENCH_SHOP = "tsunagu-demo.myshopify.com";

/** Fixed "now" for the seeded history, so every run generates the same rows. */
export const SEED_ANCHOR = "2026-11-20T00:00:00.000Z";

/** The V8 flags devstore/seed/cli.ts re-executes itself with (HEAP_FLAGS there); keep the two in step. */
export const SEED_CLI_HEAP_FLAGS = ["--max-semi-space-size=8", "--max-old-space-size=256"];
