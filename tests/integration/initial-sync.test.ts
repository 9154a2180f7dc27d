/**
 * The initial sync against the dev store's bulk operations, and its resume after a crash. The crash cannot kill the
 * suite's shared app process, so the job runs here in the test process (same database, same dev store) with the
 * `crashAfterBatches` seam, then runs again as a restarted worker would.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { AdminGateway, GraphqlFn } from "../../app/shopify/gateway.server";
import { appDb, devstore, eventually, openAdmin, stack } from "../support/clients";

type SyncModule = typeof import("../../app/sync/initial-sync.server");
type JobsModule = typeof import("../../app/sync/sync-jobs.server");
let sync: SyncModule;
let jobs: JobsModule;
let gatewayFor: (shop: string) => Promise<AdminGateway>;

beforeAll(async () => {
  // App modules use the suite's database through the shared client slot in app/db.server.ts.
  globalThis.__tsunaguDb = appDb();
  // The initial sync's bulk loader opens its own driver connection from DATABASE_URL.
  process.env.DATABASE_URL = stack().databaseUrl;
  sync = await import("../../app/sync/initial-sync.server");
  jobs = await import("../../app/sync/sync-jobs.server");
  const { adminGateway } = await import("../../app/shopify/gateway.server");
  gatewayFor = async (shop) => {
    // The offline token the app stored at install; Admin API calls go straight to the dev store.
    const session = await appDb().session.findFirstOrThrow({ where: { shop, isOnline: false } });
    const graphql: GraphqlFn = async (query, options) => {
      const response = await fetch(`${stack().devstoreUrl}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": session.accessToken, "x-forwarded-host": shop },
        body: JSON.stringify({ query, variables: options?.variables }),
      });
      const body = (await response.clone().json()) as { errors?: unknown };
      if (body.errors) throw new Error(`Admin API errors: ${JSON.stringify(body.errors)}`);
      return response;
    };
    return adminGateway(graphql);
  };
});

async function installedAndSynced(size: "tiny" | "small") {
  const shop = await devstore.createShop("ja", size);
  expect((await openAdmin(shop, "ja")).status).toBe(200);
  const run = await eventually(
    () => appDb().syncRun.findFirst({ where: { shop: shop.domain, kind: "initial" } }),
    (r) => r?.status === "completed" || r?.status === "failed",
    150_000,
  );
  expect(run).toMatchObject({ status: "completed", error: null });
  return { shop, run: run! };
}

async function tableCounts(shop: string) {
  const db = appDb();
  const [customers, tags, orders, lineItems, checkouts] = await Promise.all([
    db.customer.count({ where: { shop } }),
    db.customerTag.count({ where: { shop } }),
    db.order.count({ where: { shop } }),
    db.orderLineItem.count({ where: { shop } }),
    db.abandonedCheckout.count({ where: { shop } }),
  ]);
  return { customers, tags, orders, lineItems, checkouts };
}

async function forgetSyncedRows(shop: string) {
  const db = appDb();
  await db.orderLineItem.deleteMany({ where: { shop } });
  await db.order.deleteMany({ where: { shop } });
  await db.customerTag.deleteMany({ where: { shop } });
  await db.customer.deleteMany({ where: { shop } });
  await db.abandonedCheckout.deleteMany({ where: { shop } });
}

describe("initial sync", () => {
  it("runs on install and copies every customer, order and abandoned checkout with exact counts", async () => {
    const { shop, run } = await installedAndSynced("small");

    const counts = await tableCounts(shop.domain);
    expect(counts.customers).toBe(shop.counts.customers);
    expect(counts.orders).toBe(shop.counts.orders);
    expect(counts.lineItems).toBeGreaterThanOrEqual(counts.orders);
    expect(counts.checkouts).toBeGreaterThan(0);
    expect(run).toMatchObject({
      customersSynced: shop.counts.customers,
      customersTotal: shop.counts.customers,
      ordersSynced: shop.counts.orders,
      ordersTotal: shop.counts.orders,
      checkoutsSynced: counts.checkouts,
      checkoutsTotal: counts.checkouts,
    });
    // Facts were recomputed once at the end: every customer's order count matches their orders.
    const withOrders = await appDb().customer.findFirstOrThrow({ where: { shop: shop.domain, ordersCount: { gt: 1 } } });
    const theirOrders = await appDb().order.count({
      where: { shop: shop.domain, customerShopifyId: withOrders.shopifyId, cancelledAt: null },
    });
    expect(withOrders.ordersCount).toBe(theirOrders);
  }, 180_000);

  it("resumes after a crash mid-way from the same result file, with exact counts and no duplicates", async () => {
    const { shop } = await installedAndSynced("small");
    const expected = await tableCounts(shop.domain);
    await forgetSyncedRows(shop.domain);
    const gateway = await gatewayFor(shop.domain);
    const fetched: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      fetched.push(String(input));
      return fetch(input, init);
    };
    // GIVEN a run its worker holds (running, fresh heartbeat), so the app's own worker leaves it alone
    const run = await appDb().syncRun.create({ data: { shop: shop.domain, kind: "initial", status: "running" } });

    // WHEN the process dies after three batches: the customers (1,000) and two of the ten order batches
    await expect(
      sync.runInitialSync(run.id, { gateway, fetch: recordingFetch, pollMs: 200, crashAfterBatches: 3 }),
    ).rejects.toBeInstanceOf(sync.SimulatedCrash);
    const crashed = await appDb().syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(crashed).toMatchObject({ status: "running", phase: "orders", customersSynced: 1000, ordersSynced: 2000 });
    expect(crashed.linesApplied).toBeGreaterThan(2000);
    expect(await appDb().order.count({ where: { shop: shop.domain } })).toBe(2000);
    const lastFileBeforeCrash = fetched.at(-1);

    // AND a restarted worker runs it again
    fetched.length = 0;
    await sync.runInitialSync(run.id, { gateway, fetch: recordingFetch, pollMs: 200 });

    // THEN it continued from the same result file and finished with the same rows as an uninterrupted sync
    expect(fetched[0]).toBe(lastFileBeforeCrash);
    const finished = await appDb().syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished).toMatchObject({
      status: "completed",
      customersSynced: expected.customers,
      ordersSynced: expected.orders,
      checkoutsSynced: expected.checkouts,
    });
    expect(await tableCounts(shop.domain)).toEqual(expected);
  }, 240_000);

  it("refuses a second sync while one is queued or running", async () => {
    const { shop } = await installedAndSynced("tiny");
    const first = await sync.requestSync(shop.domain, "initial");
    const second = await sync.requestSync(shop.domain, "initial");
    expect(first.status).toBe("queued");
    expect(second).toEqual({ status: "busy", runId: first.status === "queued" ? first.runId : "" });
    expect(await appDb().syncRun.count({ where: { shop: shop.domain, status: { in: ["pending", "running"] } } })).toBe(1);
    await eventually(
      () => appDb().syncRun.findUnique({ where: { id: first.runId } }),
      (r) => r?.status === "completed",
      60_000,
    );
  }, 120_000);
});

describe("reconciliation", () => {
  it("repairs a customer and an order whose webhooks the app missed", async () => {
    const { shop, run } = await installedAndSynced("tiny");
    const email = `missed-${randomUUID().slice(0, 8)}@example.jp`;
    const { customer } = await devstore.control<{ customer: { id: number } }>("POST", `/shops/${shop.domain}/customers`, {
      firstName: "花子",
      lastName: "佐藤",
      email,
    });
    const products = await devstore.control<{ products: Array<{ variants: Array<{ id: number }> }> }>("GET", `/shops/${shop.domain}/products`);
    const { order } = await devstore.control<{ order: { id: number } }>("POST", `/shops/${shop.domain}/orders`, {
      customerId: customer.id,
      lines: [{ variantId: products.products[0]!.variants[0]!.id, quantity: 2 }],
    });
    await devstore.waitForWebhooks();
    // GIVEN the app never saw those changes (as if the webhooks were lost)
    await eventually(
      () => appDb().webhookEvent.count({ where: { shop: shop.domain, status: { in: ["received", "processing"] } } }),
      (n) => n === 0,
    );
    const db = appDb();
    await db.orderLineItem.deleteMany({ where: { shop: shop.domain, order: { shopifyId: String(order.id) } } });
    await db.order.deleteMany({ where: { shop: shop.domain, shopifyId: String(order.id) } });
    await db.customerTag.deleteMany({ where: { shop: shop.domain, customerShopifyId: String(customer.id) } });
    await db.customer.deleteMany({ where: { shop: shop.domain, shopifyId: String(customer.id) } });

    // WHEN a reconciliation looks at what changed since the last good sync
    const reconcile = await db.syncRun.create({
      data: { shop: shop.domain, kind: "reconcile", status: "running", since: run.startedAt },
    });
    await jobs.executeSyncRun(reconcile.id, { gatewayFor, log: () => {} });

    // THEN both are back, with the customer's facts counting the order
    const finished = await db.syncRun.findUniqueOrThrow({ where: { id: reconcile.id } });
    expect(finished).toMatchObject({ status: "completed", error: null });
    expect(finished.customersSynced).toBeGreaterThanOrEqual(1);
    const repaired = await db.customer.findUnique({ where: { shop_shopifyId: { shop: shop.domain, shopifyId: String(customer.id) } } });
    expect(repaired).toMatchObject({ email, ordersCount: 1 });
    const repairedOrder = await db.order.findUnique({
      where: { shop_shopifyId: { shop: shop.domain, shopifyId: String(order.id) } },
      include: { lineItems: true },
    });
    expect(repairedOrder?.lineItems.map((l) => l.quantity)).toEqual([2]);
  }, 120_000);
});
