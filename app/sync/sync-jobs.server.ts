/**
 * The sync jobs the worker runs: it claims queued runs (and runs whose worker died, seen by a stale heartbeat), runs
 * them in the background so webhooks keep flowing (bulk_operations/finish among them), and schedules a reconciliation
 * per installed shop every 15 minutes: customers, orders and checkouts updated since the last good sync, read through
 * ordinary paginated queries and upserted, repairing whatever a missed webhook left behind.
 */
import prisma from "../db.server";
import { type AdminGateway, adminGateway } from "../shopify/gateway.server";
import {
  CheckoutsUpdatedSince,
  CustomersUpdatedSince,
  OrderLineItemsPage,
  OrdersUpdatedSince,
} from "./bulk-operations";
import { checkoutRow, customerRow, orderRow } from "./bulk-rows";
import { type InitialSyncDeps, requestSync, runInitialSync, SimulatedCrash, syncErrorCode } from "./initial-sync.server";
import { upsertCheckouts, upsertCustomers, upsertOrders } from "./records.server";

/** A running run's heartbeat (its updatedAt) older than this means its worker died; another may resume it. */
export const STALE_MS = 30_000;
export const RECONCILE_EVERY_MS = 15 * 60_000;
const SCHEDULE_CHECK_MS = 60_000;

export type SyncJobOptions = Omit<InitialSyncDeps, "gateway"> & {
  /** The Admin gateway for a shop; by default its offline session through `unauthenticated.admin`. */
  gatewayFor?: (shop: string) => Promise<AdminGateway>;
  now?: () => Date;
};

async function offlineGateway(shop: string): Promise<AdminGateway> {
  // Loaded lazily: shopify.server parses the app's environment, which tests driving jobs directly do not have.
  const { unauthenticated } = await import("../shopify.server");
  const { admin } = await unauthenticated.admin(shop);
  return adminGateway(admin.graphql);
}

type Page<T> = { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

async function* pages<T>(fetchPage: (after: string | null) => Promise<Page<T>>): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    yield page.nodes;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
    after = page.pageInfo.endCursor;
  }
}

/** Reconciliation: everything updated after `since`, page by page. */
export async function runReconciliation(runId: string, deps: InitialSyncDeps): Promise<void> {
  const run = await prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
  const shop = run.shop;
  const since = run.since ?? new Date(0);
  const query = `updated_at:>'${since.toISOString()}'`;
  const { gateway } = deps;

  let customers = 0;
  for await (const nodes of pages((after) => gateway.run(CustomersUpdatedSince, { query, after }).then((d) => d.customers))) {
    if (nodes.length > 0) await upsertCustomers(shop, nodes.map(customerRow));
    customers += nodes.length;
    await prisma.syncRun.update({ where: { id: runId }, data: { phase: "customers", customersSynced: customers } });
  }

  let orders = 0;
  for await (const nodes of pages((after) => gateway.run(OrdersUpdatedSince, { query, after }).then((d) => d.orders))) {
    const rows = [];
    for (const node of nodes) {
      const lines = [...node.lineItems.nodes];
      // Rare: more line items than the page holds; read the rest so the order is written whole.
      for (let info = node.lineItems.pageInfo; info.hasNextPage; ) {
        const more = await gateway.run(OrderLineItemsPage, { id: String(node.id), after: info.endCursor });
        if (!more.order) break;
        lines.push(...more.order.lineItems.nodes);
        info = more.order.lineItems.pageInfo;
      }
      rows.push(orderRow(node, lines));
    }
    // Few rows here, so each batch keeps its customers' facts current itself.
    if (rows.length > 0) await upsertOrders(shop, rows);
    orders += rows.length;
    await prisma.syncRun.update({ where: { id: runId }, data: { phase: "orders", ordersSynced: orders } });
  }

  let checkouts = 0;
  for await (const nodes of pages((after) => gateway.run(CheckoutsUpdatedSince, { query, after }).then((d) => d.abandonedCheckouts))) {
    const rows = nodes.map((node) => checkoutRow(node, node.lineItems.nodes));
    if (rows.length > 0) await upsertCheckouts(shop, rows);
    checkouts += rows.length;
    await prisma.syncRun.update({ where: { id: runId }, data: { phase: "checkouts", checkoutsSynced: checkouts } });
  }

  await prisma.syncRun.update({
    where: { id: runId },
    data: { status: "completed", finishedAt: new Date(), error: null, customersTotal: customers, ordersTotal: orders, checkoutsTotal: checkouts },
  });
}

/** Runs one claimed run to its end; a failure is recorded on the run with a code the merchant sees. */
export async function executeSyncRun(runId: string, options: SyncJobOptions = {}): Promise<void> {
  const log = options.log ?? ((message: string, context?: object) => console.log(`[sync] ${message}`, context ?? ""));
  const run = await prisma.syncRun.findUniqueOrThrow({ where: { id: runId } });
  try {
    const gateway = await (options.gatewayFor ?? offlineGateway)(run.shop);
    const deps: InitialSyncDeps = { ...options, gateway, log };
    if (run.kind === "reconcile") await runReconciliation(runId, deps);
    else await runInitialSync(runId, deps);
    log("sync completed", { shop: run.shop, kind: run.kind, runId });
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    const code = syncErrorCode(error);
    log("sync failed", { shop: run.shop, kind: run.kind, runId, code, error: error instanceof Error ? error.message : String(error) });
    await prisma.syncRun.update({ where: { id: runId }, data: { status: "failed", error: code, finishedAt: new Date() } });
  }
}

/** Queues a reconciliation for each installed shop whose last good sync is older than 15 minutes. */
export async function scheduleReconciliations(now = new Date()): Promise<number> {
  const shops = await prisma.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
  let queued = 0;
  for (const { domain } of shops) {
    const [latest, lastGood] = await Promise.all([
      prisma.syncRun.findFirst({ where: { shop: domain }, orderBy: { startedAt: "desc" }, select: { status: true, startedAt: true } }),
      prisma.syncRun.findFirst({
        where: { shop: domain, status: "completed" },
        orderBy: { startedAt: "desc" },
        select: { startedAt: true, finishedAt: true },
      }),
    ]);
    // No initial sync yet, one running, or one just attempted: nothing to do now.
    if (!latest || !lastGood?.finishedAt || latest.status === "pending" || latest.status === "running") continue;
    if (now.getTime() - Math.max(lastGood.finishedAt.getTime(), latest.startedAt.getTime()) < RECONCILE_EVERY_MS) continue;
    // Changes made while the last good sync ran are after its start: look from there.
    const result = await requestSync(domain, "reconcile", lastGood.startedAt);
    if (result.status === "queued") queued++;
  }
  return queued;
}

const active = new Map<string, Promise<void>>();
let lastScheduleCheck = 0;

/**
 * Called from the worker loop: claims due runs and starts them in the background, returning at once. A run is due
 * when queued, or when it is marked running but its heartbeat stopped (its process died): it then resumes.
 */
export async function runDueSyncJobs(options: SyncJobOptions = {}): Promise<number> {
  const now = options.now?.() ?? new Date();
  if (now.getTime() - lastScheduleCheck >= SCHEDULE_CHECK_MS) {
    lastScheduleCheck = now.getTime();
    await scheduleReconciliations(now);
  }
  const due = await prisma.syncRun.findMany({
    where: {
      OR: [{ status: "pending" }, { status: "running", updatedAt: { lt: new Date(now.getTime() - STALE_MS) } }],
    },
    orderBy: { startedAt: "asc" },
    take: 10,
    select: { id: true, shop: true, status: true, updatedAt: true },
  });
  let started = 0;
  for (const run of due) {
    if (active.has(run.id)) continue;
    // Conditional claim: another worker that read the same row first wins, this update then matches nothing.
    const claimed = await prisma.syncRun.updateMany({
      where: { id: run.id, status: run.status, updatedAt: run.updatedAt },
      data: { status: "running", updatedAt: new Date() },
    });
    if (claimed.count === 0) continue;
    const job = executeSyncRun(run.id, options)
      .catch((error: unknown) => console.error("[sync] run crashed", { runId: run.id, shop: run.shop, error }))
      .finally(() => active.delete(run.id));
    active.set(run.id, job);
    started++;
  }
  return started;
}

/** Resolves when every run this process started has ended (tests, shutdown). */
export async function settleSyncJobs(): Promise<void> {
  while (active.size > 0) await Promise.all([...active.values()]);
}
