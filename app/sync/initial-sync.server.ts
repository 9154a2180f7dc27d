/**
 * The initial sync: one bulk operation per phase (customers → orders → checkouts) streams the shop's data as JSONL
 * into the database in batches of 1,000 roots, then customer facts are recomputed once. A SyncRun row holds the
 * bulk operation and how many lines were applied, so a run cut short by a crash resumes where it stopped: the same
 * result file while Shopify still serves it (else a new operation), lines already applied skipped. Writes are
 * idempotent upserts, so a batch applied twice changes nothing and counts stay exact.
 */
import { EventEmitter } from "node:events";
import { z } from "zod";
import { requestAnalysisRecompute } from "../analytics/recompute.server";
import { recomputeAllCustomerFacts } from "../customers/facts.server";
import prisma from "../db.server";
import { type AdminGateway, ShopifyGatewayError } from "../shopify/gateway.server";
import type { HandlerOutcome } from "../webhooks/types";
import { wakeWorker } from "../worker/wake.server";
import {
  BULK_QUERIES,
  type BulkOperationState,
  BulkOperationStatus,
  CurrentBulkOperation,
  RunBulkQuery,
  SYNC_PHASES,
  type SyncPhase,
  SyncTotals,
} from "./bulk-operations";
import { bulkLoadCheckouts, bulkLoadCheckpoint, bulkLoadCustomers, bulkLoadOrders, type BulkLoadOptions } from "./bulk-load.server";
import { checkoutRow, customerRow, groupBulkLines, orderRow, splitLines, type BulkRoot } from "./bulk-rows";

export const BATCH_SIZE = 1000;
const DEFAULT_POLL_MS = 2000;
/** How long to wait for another bulk query of this app to finish before giving up. */
const BUSY_WAIT_MS = 10 * 60_000;

/** What a merchant can be told went wrong; sync.errors.<code> in sync.json. */
export type SyncErrorCode = "ACCESS_DENIED" | "BULK_FAILED" | "BULK_REJECTED" | "DOWNLOAD_FAILED" | "THROTTLED" | "UNEXPECTED";

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SyncError";
  }
}

/** Thrown by the `crashAfterBatches` test seam: the run is left exactly as a killed process would leave it. */
export class SimulatedCrash extends Error {
  constructor() {
    super("simulated crash");
    this.name = "SimulatedCrash";
  }
}

export type InitialSyncDeps = {
  gateway: AdminGateway;
  fetch?: typeof fetch;
  /** Fallback polling of the bulk operation when bulk_operations/finish does not wake us first. */
  pollMs?: number;
  batchSize?: number;
  /** Test seam: stop (throw SimulatedCrash) after this many batches were applied in this call. */
  crashAfterBatches?: number;
  log?: (message: string, context?: object) => void;
};

/** bulk_operations/finish wakes a run waiting for its operation (same process); other processes poll. */
const bulkFinished = new EventEmitter();
bulkFinished.setMaxListeners(0);

const SYNCED_FIELD = { customers: "customersSynced", orders: "ordersSynced", checkouts: "checkoutsSynced" } as const;
const TOTAL_FIELD = { customers: "customersTotal", orders: "ordersTotal", checkouts: "checkoutsTotal" } as const;

/** A run's phase after the three bulk phases: customer facts, recomputed once for the whole shop. */
const FACTS_PHASE = "facts";

function waitForWake(operationId: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      bulkFinished.off(operationId, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    bulkFinished.on(operationId, done);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const normalizeQuery = (query: string) => query.replace(/#graphql/g, "").replace(/\s+/g, " ").trim();

/** Any update refreshes `updatedAt`, the heartbeat that tells other workers this run is alive. */
async function heartbeat(runId: string): Promise<void> {
  await prisma.syncRun.update({ where: { id: runId }, data: { updatedAt: new Date() } });
}

async function submitBulkQuery(runId: string, phase: SyncPhase, deps: InitialSyncDeps): Promise<string> {
  const query = BULK_QUERIES[phase];
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    const { bulkOperationRunQuery: result } = await deps.gateway.run(RunBulkQuery, { query });
    if (result?.bulkOperation) return result.bulkOperation.id;
    const errors = result?.userErrors ?? [];
    if (!errors.some((e) => e.code === "OPERATION_IN_PROGRESS")) {
      throw new SyncError("BULK_REJECTED", errors.map((e) => e.message).join("; ") || "bulkOperationRunQuery returned nothing");
    }
    // Ours, submitted just before a crash that lost its id: adopt it rather than wait for it.
    const { currentBulkOperation: current } = await deps.gateway.run(CurrentBulkOperation);
    if (current && normalizeQuery(current.query) === normalizeQuery(query)) return current.id;
    if (Date.now() > deadline) throw new SyncError("BULK_REJECTED", "another bulk query kept running");
    await heartbeat(runId);
    await sleep(deps.pollMs ?? DEFAULT_POLL_MS);
  }
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);

async function waitForOperation(runId: string, operationId: string, deps: InitialSyncDeps): Promise<BulkOperationState | null> {
  for (;;) {
    const { bulkOperation } = await deps.gateway.run(BulkOperationStatus, { id: operationId });
    if (!bulkOperation || TERMINAL.has(bulkOperation.status)) return bulkOperation;
    await heartbeat(runId);
    await waitForWake(operationId, deps.pollMs ?? DEFAULT_POLL_MS);
  }
}

class ResultGone extends Error {}

/** True when the shop has no rows of the phase's table yet: its first batches may skip the upsert (bulk-load.server.ts). */
async function phaseTableEmpty(shop: string, phase: SyncPhase): Promise<boolean> {
  const where = { where: { shop }, select: { id: true } };
  switch (phase) {
    case "customers":
      return (await prisma.customer.findFirst(where)) === null;
    case "orders":
      return (await prisma.order.findFirst(where)) === null;
    case "checkouts":
      return (await prisma.abandonedCheckout.findFirst(where)) === null;
  }
}

/** Streams the result file and applies it batch by batch from `skip` lines on; returns how many batches it applied. */
async function applyResult(
  run: { id: string; shop: string },
  phase: SyncPhase,
  url: string,
  progress: { skip: number; synced: number },
  deps: InitialSyncDeps,
  budget: { batches: number },
): Promise<void> {
  const response = await (deps.fetch ?? fetch)(url);
  if (response.status === 403 || response.status === 404 || response.status === 410) throw new ResultGone();
  if (!response.ok || !response.body) throw new SyncError("DOWNLOAD_FAILED", `result download answered ${response.status}`);
  let synced = progress.synced;
  // A first load writes plain INSERTs until a stored row turns up (a webhook was first); then newest-wins upserts.
  let fresh = progress.skip === 0 && (await phaseTableEmpty(run.shop, phase));
  const batches = groupBulkLines(splitLines(response.body), { batchSize: deps.batchSize ?? BATCH_SIZE, skip: progress.skip });
  for await (const batch of batches) {
    synced += batch.roots.length;
    // The batch, the lines applied and the count commit together, so a resume neither skips nor repeats a batch.
    const result = await writeBatch(run.shop, phase, batch.roots, {
      fresh,
      progress: { runId: run.id, linesApplied: batch.linesConsumed, field: SYNCED_FIELD[phase], synced },
    });
    if (result.conflicted) fresh = false;
    budget.batches++;
    if (deps.crashAfterBatches !== undefined && budget.batches >= deps.crashAfterBatches) throw new SimulatedCrash();
  }
}

/** One transaction per batch through the database driver (bulk-load.server.ts); facts are recomputed at the end. */
function writeBatch(shop: string, phase: SyncPhase, roots: BulkRoot[], options: BulkLoadOptions) {
  switch (phase) {
    case "customers":
      return bulkLoadCustomers(shop, roots.map((r) => customerRow(r.node)), options);
    case "orders":
      return bulkLoadOrders(shop, roots.map((r) => orderRow(r.node, r.children)), options);
    case "checkouts":
      return bulkLoadCheckouts(shop, roots.map((r) => checkoutRow(r.node, r.children)), options);
  }
}

async function startPhaseOperation(runId: string, phase: SyncPhase, deps: InitialSyncDeps): Promise<string> {
  const operationId = await submitBulkQuery(runId, phase, deps);
  await prisma.syncRun.update({
    where: { id: runId },
    data: { bulkOperationId: operationId, linesApplied: 0, [SYNCED_FIELD[phase]]: 0 },
  });
  return operationId;
}

async function runPhase(runId: string, phase: SyncPhase, deps: InitialSyncDeps, budget: { batches: number }): Promise<void> {
  const log = deps.log ?? (() => {});
  const run = await prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
  let operationId = run.bulkOperationId;
  let progress = { skip: run.linesApplied, synced: run[SYNCED_FIELD[phase]] };
  for (let attempt = 0; ; attempt++) {
    const waitStarted = performance.now();
    if (!operationId) {
      operationId = await startPhaseOperation(runId, phase, deps);
      progress = { skip: 0, synced: 0 };
    }
    const state = await waitForOperation(runId, operationId, deps);
    const waitSeconds = (performance.now() - waitStarted) / 1000;
    // A resumed run whose operation was canceled or has expired starts the phase again with a new one.
    const gone = !state || state.status === "CANCELED" || state.status === "EXPIRED";
    if (gone && attempt === 0) {
      log("bulk operation no longer usable; starting a new one", { shop: run.shop, phase, operationId });
      operationId = null;
      continue;
    }
    if (!state || state.status !== "COMPLETED") {
      const code = state?.errorCode === "ACCESS_DENIED" ? "ACCESS_DENIED" : "BULK_FAILED";
      throw new SyncError(code, `bulk operation ${operationId} ended ${state?.status ?? "missing"} (${state?.errorCode ?? "no code"})`);
    }
    // The exact number of roots this phase will apply, for the progress bar.
    await prisma.syncRun.update({ where: { id: runId }, data: { [TOTAL_FIELD[phase]]: Number(state.rootObjectCount) } });
    if (!state.url) return; // Shopify gives no file when nothing matched.
    try {
      const applyStarted = performance.now();
      await applyResult(run, phase, state.url, progress, deps, budget);
      await bulkLoadCheckpoint();
      // Where a phase's time goes (waiting for Shopify's export vs writing here), for diagnosing slow syncs.
      log("phase applied", {
        shop: run.shop,
        phase,
        roots: Number(state.rootObjectCount),
        exportWaitSeconds: Number(waitSeconds.toFixed(1)),
        applySeconds: Number(((performance.now() - applyStarted) / 1000).toFixed(1)),
        rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      });
      return;
    } catch (error) {
      // The link expired (Shopify keeps results for a week): run the phase again from the start.
      if (!(error instanceof ResultGone) || attempt > 0) {
        throw error instanceof ResultGone ? new SyncError("DOWNLOAD_FAILED", "result link refused") : error;
      }
      operationId = null;
    }
  }
}

/**
 * Runs (or resumes) an initial sync run to completion. Callers claim the run first (sync-jobs.server.ts); this does
 * not claim. Throws SyncError on a failure the merchant should see, SimulatedCrash from the test seam.
 */
export async function runInitialSync(runId: string, deps: InitialSyncDeps): Promise<void> {
  let run = await prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
  if (run.customersTotal === null) {
    const totals = await deps.gateway.run(SyncTotals);
    run = await prisma.syncRun.update({
      where: { id: runId },
      data: {
        customersTotal: totals.customersCount?.count ?? null,
        ordersTotal: totals.ordersCount?.count ?? null,
        checkoutsTotal: totals.abandonedCheckoutsCount?.count ?? null,
      },
    });
  }
  const budget = { batches: 0 };
  const start = SYNC_PHASES.indexOf(run.phase as SyncPhase);
  if (start >= 0) {
    for (const phase of SYNC_PHASES.slice(start)) {
      await runPhase(runId, phase, deps, budget);
      const next = SYNC_PHASES[SYNC_PHASES.indexOf(phase) + 1] ?? FACTS_PHASE;
      await prisma.syncRun.update({ where: { id: runId }, data: { phase: next, bulkOperationId: null, linesApplied: 0 } });
    }
  }
  await recomputeAllCustomerFacts(run.shop);
  await requestAnalysisRecompute(run.shop);
  await prisma.syncRun.update({ where: { id: runId }, data: { status: "completed", finishedAt: new Date(), error: null } });
}

/** Maps any failure to the code the merchant sees. */
export function syncErrorCode(error: unknown): SyncErrorCode {
  if (error instanceof SyncError) return error.code;
  if (error instanceof ShopifyGatewayError) {
    if (error.code === "ACCESS_DENIED") return "ACCESS_DENIED";
    if (error.code === "THROTTLED") return "THROTTLED";
  }
  return "UNEXPECTED";
}

export type SyncKind = "initial" | "reconcile";
const ACTIVE = ["pending", "running"];

/**
 * Queues a sync for the shop unless one is already queued or running ("busy"). The worker picks it up.
 */
export async function requestSync(
  shop: string,
  kind: SyncKind,
  since: Date | null = null,
): Promise<{ status: "queued"; runId: string } | { status: "busy"; runId: string }> {
  const active = await prisma.syncRun.findFirst({ where: { shop, status: { in: ACTIVE } }, orderBy: { startedAt: "desc" } });
  if (active) return { status: "busy", runId: active.id };
  const run = await prisma.syncRun.create({ data: { shop, kind, status: "pending", since } });
  wakeWorker();
  return { status: "queued", runId: run.id };
}

/**
 * The merchant's "Sync now" (everything again, through bulk operations) or "Check for changes" (a reconciliation
 * since the last good sync; a full sync when there never was one).
 */
export async function requestSyncNow(shop: string, intent: "full" | "changes") {
  if (intent === "full") return requestSync(shop, "initial");
  const lastGood = await prisma.syncRun.findFirst({
    where: { shop, status: "completed" },
    orderBy: { startedAt: "desc" },
    select: { startedAt: true },
  });
  return lastGood ? requestSync(shop, "reconcile", lastGood.startedAt) : requestSync(shop, "initial");
}

/** On install: queues the initial sync once per installation (token exchange runs this again on later visits). */
export async function enqueueInitialSync(shop: string): Promise<void> {
  const installed = await prisma.shop.findUnique({ where: { domain: shop }, select: { installedAt: true } });
  if (!installed) return;
  const since = await prisma.syncRun.count({ where: { shop, kind: "initial", startedAt: { gte: installed.installedAt } } });
  if (since === 0) await requestSync(shop, "initial");
}

const FinishPayload = z.object({
  admin_graphql_api_id: z.string(),
  status: z.string(),
  error_code: z.string().nullable().optional(),
});

/** bulk_operations/finish: wakes the run waiting for this operation; polling covers runs in other processes. */
export async function handleBulkOperationFinish(shop: string, payload: unknown): Promise<HandlerOutcome> {
  const finish = FinishPayload.parse(payload);
  const run = await prisma.syncRun.findFirst({
    where: { shop, bulkOperationId: finish.admin_graphql_api_id, status: "running" },
    select: { id: true },
  });
  if (!run) return { status: "skipped", note: "no sync run waits for this operation" };
  bulkFinished.emit(finish.admin_graphql_api_id);
  return { status: "processed", note: `bulk operation ${finish.status}` };
}

export type PhaseProgress = { done: number; total: number | null };

export type SyncOverview = {
  active: {
    kind: SyncKind;
    /** Waiting for a worker to pick it up. */
    queued: boolean;
    phase: string;
    customers: PhaseProgress;
    orders: PhaseProgress;
    checkouts: PhaseProgress;
  } | null;
  lastCompletedAt: string | null;
  /** The shop's time zone, for showing times as the merchant's calendar has them. */
  timeZone: string;
  /** Set when the latest run failed. */
  lastError: { code: SyncErrorCode; at: string } | null;
};

const KNOWN_CODES: readonly string[] = ["ACCESS_DENIED", "BULK_FAILED", "BULK_REJECTED", "DOWNLOAD_FAILED", "THROTTLED", "UNEXPECTED"];
const isSyncErrorCode = (value: string | null): value is SyncErrorCode => value !== null && KNOWN_CODES.includes(value);

/** What the progress card shows: the running sync's counts, the last good sync, the last failure. */
export async function loadSyncOverview(shop: string): Promise<SyncOverview> {
  const [latest, lastGood, shopRow] = await Promise.all([
    prisma.syncRun.findFirst({ where: { shop }, orderBy: { startedAt: "desc" } }),
    prisma.syncRun.findFirst({ where: { shop, status: "completed" }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } }),
    prisma.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } }),
  ]);
  const active =
    latest && ACTIVE.includes(latest.status)
      ? {
          kind: latest.kind === "reconcile" ? ("reconcile" as const) : ("initial" as const),
          queued: latest.status === "pending",
          phase: latest.phase,
          customers: { done: latest.customersSynced, total: latest.customersTotal },
          orders: { done: latest.ordersSynced, total: latest.ordersTotal },
          checkouts: { done: latest.checkoutsSynced, total: latest.checkoutsTotal },
        }
      : null;
  return {
    active,
    lastCompletedAt: lastGood?.finishedAt?.toISOString() ?? null,
    timeZone: shopRow?.ianaTimezone ?? "UTC",
    lastError:
      latest?.status === "failed"
        ? { code: isSyncErrorCode(latest.error) ? latest.error : "UNEXPECTED", at: (latest.finishedAt ?? latest.updatedAt).toISOString() }
        : null,
  };
}
