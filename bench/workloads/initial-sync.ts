/**
 * Workload "initial-sync": the whole stack (dev store on a copy of a seeded file, mail catcher, the app's production
 * build) on a fresh app database; the app is installed for the bench shop and the clock runs from the install request
 * until the shop's initial SyncRun is completed. Reports phase times, rows/s and the app process's peak RSS (VmHWM).
 */
import os from "node:os";
import path from "node:path";
import { startStack } from "../../tests/support/stack";
import { childMain } from "../lib/child";
import { appClient, copyDevstoreDb, installApp, peakRssOf, syncedCounts, waitForInitialSync } from "./app-stack";

export type InitialSyncInput = { sourceDb: string; databaseUrl: string; database: "sqlite" | "postgresql"; shop: string; timeoutMs: number };

export type InitialSyncResult = {
  database: "sqlite" | "postgresql";
  status: string;
  error: string | null;
  seconds: number;
  phaseStartSeconds: Record<string, number>;
  counts: { customers: number; tags: number; orders: number; lineItems: number; checkouts: number };
  /** customers + orders + line items + checkouts. */
  rows: number;
  appPeakRssBytes: number | null;
  copySeconds: number;
};

async function initialSync(input: InitialSyncInput): Promise<InitialSyncResult> {
  const copyStarted = performance.now();
  const devstoreDb = copyDevstoreDb(input.sourceDb);
  const copySeconds = (performance.now() - copyStarted) / 1000;
  // The stack's whole output is kept outside the temp dir, so a failed large run can be read afterwards.
  const logFile = path.join(os.tmpdir(), `tsunagu-bench-initial-sync-${input.database}-${Date.now()}.log`);
  const stack = await startStack({ databaseUrl: input.databaseUrl, devstoreDb: devstoreDb.file, seed: null, logFile });
  const db = appClient(input.databaseUrl);
  try {
    const started = performance.now();
    await installApp(stack, input.shop);
    const timeline = await waitForInitialSync(db, input.shop, started, input.timeoutMs);
    const appPeakRssBytes = peakRssOf(stack.appPid);
    if (timeline.status !== "completed") throw new Error(`initial sync ${timeline.status}: ${timeline.error} after ${timeline.seconds.toFixed(1)} s (phases ${JSON.stringify(timeline.phaseStartSeconds)}); stack log: ${logFile}\n${stack.logs().slice(-3000)}`);
    const counts = await syncedCounts(db, input.shop);
    return {
      database: input.database,
      status: timeline.status,
      error: timeline.error,
      seconds: timeline.seconds,
      phaseStartSeconds: timeline.phaseStartSeconds,
      counts,
      rows: counts.customers + counts.orders + counts.lineItems + counts.checkouts,
      appPeakRssBytes,
      copySeconds,
    };
  } finally {
    await db.$disconnect();
    await stack.stop();
    devstoreDb.remove();
  }
}

childMain(initialSync);
