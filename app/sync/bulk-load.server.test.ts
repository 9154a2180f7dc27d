import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { AddressRow, CheckoutRow, CustomerRow, OrderRow } from "./types";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { bulkLoadCheckouts, bulkLoadCustomers, bulkLoadOrders, closeBulkLoader } = await import("./bulk-load.server");
const { markCustomerDeleted, upsertCheckouts, upsertCustomers, upsertOrders } = await import("./records.server");

afterAll(async () => {
  await closeBulkLoader();
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `bulk-${randomUUID().slice(0, 8)}.myshopify.com`;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute, 0, 123));

const address: AddressRow = {
  firstName: "花子", lastName: "山田", company: null, address1: "梅田2-2", address2: null, city: "大阪市", province: "大阪府",
  provinceCode: "27", country: "Japan", countryCode: "JP", zip: "530-0001", phone: null,
}; // prettier-ignore

function customer(shopifyId: string, minute: number, patch: Partial<CustomerRow> = {}): CustomerRow {
  return {
    shopifyId,
    firstName: "花子",
    lastName: "山田",
    email: `${shopifyId}@example.jp`,
    phone: null,
    locale: "ja",
    note: "O'Reilly \"quoted\", {braces}",
    tags: ["vip", "定期便"],
    state: "ENABLED",
    marketingState: "SUBSCRIBED",
    marketingOptInLevel: "SINGLE_OPT_IN",
    marketingConsentUpdatedAt: at(1),
    addresses: [address],
    shopifyCreatedAt: at(0),
    shopifyUpdatedAt: at(minute),
    ...patch,
  };
}

function order(shopifyId: string, minute: number, patch: Partial<OrderRow> = {}): OrderRow {
  return {
    shopifyId,
    customerShopifyId: "c1",
    name: `#${shopifyId}`,
    email: null,
    phone: null,
    currencyCode: "JPY",
    subtotalPrice: "1234.5",
    totalDiscounts: "0.01",
    totalShipping: "500",
    totalTax: "0",
    totalPrice: "1734.51",
    financialStatus: "PAID",
    fulfillmentStatus: "UNFULFILLED",
    sourceName: "web",
    discountCodes: ["WELCOME"],
    tags: ["gift"],
    note: null,
    processedAt: at(0),
    cancelledAt: null,
    shopifyCreatedAt: at(0),
    shopifyUpdatedAt: at(minute),
    lineItems: [
      { shopifyId: `${shopifyId}-1`, title: "緑茶", variantTitle: "100g", sku: "T-1", quantity: 2, unitPrice: "617.25", productShopifyId: "p1", variantShopifyId: "v1" },
      { shopifyId: `${shopifyId}-2`, title: "急須", variantTitle: null, sku: null, quantity: 1, unitPrice: "500", productShopifyId: null, variantShopifyId: null },
    ],
    ...patch,
  };
}

function checkout(shopifyId: string, minute: number, patch: Partial<CheckoutRow> = {}): CheckoutRow {
  return {
    shopifyId,
    token: `tok-${shopifyId}`,
    customerShopifyId: "c1",
    email: "c1@example.jp",
    phone: null,
    currencyCode: "JPY",
    totalPrice: "3200.50",
    lineItems: [{ title: "緑茶", variantTitle: null, quantity: 1, unitPrice: "3200.50", productShopifyId: "p1", variantShopifyId: null }],
    recoveryUrl: `https://example.jp/recover/${shopifyId}`,
    completedAt: null,
    shopifyCreatedAt: at(0),
    shopifyUpdatedAt: at(minute),
    ...patch,
  };
}

/** Everything a shop's synced rows hold, read through Prisma, without the opaque ids and write times. */
async function snapshot(shop: string) {
  const [customers, tags, orders, checkouts] = await Promise.all([
    prisma.customer.findMany({ where: { shop }, orderBy: { shopifyId: "asc" }, omit: { id: true, shop: true, createdAt: true, updatedAt: true } }),
    prisma.customerTag.findMany({ where: { shop }, orderBy: [{ customerShopifyId: "asc" }, { tag: "asc" }], omit: { shop: true } }),
    prisma.order.findMany({
      where: { shop },
      orderBy: { shopifyId: "asc" },
      omit: { id: true, shop: true, createdAt: true, updatedAt: true },
      include: { lineItems: { orderBy: { shopifyId: "asc" }, omit: { id: true, shop: true, orderId: true } } },
    }),
    prisma.abandonedCheckout.findMany({ where: { shop }, orderBy: { shopifyId: "asc" }, omit: { id: true, shop: true, createdAt: true, updatedAt: true } }),
  ]);
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
  return plain({ customers, tags, orders, checkouts });
}

type Step =
  | { customers: CustomerRow[] }
  | { orders: OrderRow[] }
  | { checkouts: CheckoutRow[] }
  | { redact: string }
  | { deleteCustomer: string; at: Date };

const slow = {
  customers: (shop: string, rows: CustomerRow[]) => upsertCustomers(shop, rows),
  orders: (shop: string, rows: OrderRow[]) => upsertOrders(shop, rows, { recomputeFacts: false }),
  checkouts: (shop: string, rows: CheckoutRow[]) => upsertCheckouts(shop, rows),
};
const fast = { customers: bulkLoadCustomers, orders: bulkLoadOrders, checkouts: bulkLoadCheckouts };
/** The first-load mode on every write: plain INSERTs, redone as upserts when a stored row refuses them. */
const conflicts: boolean[] = [];
const fresh = {
  customers: async (shop: string, rows: CustomerRow[]) => track(await bulkLoadCustomers(shop, rows, { fresh: true })),
  orders: async (shop: string, rows: OrderRow[]) => track(await bulkLoadOrders(shop, rows, { fresh: true })),
  checkouts: async (shop: string, rows: CheckoutRow[]) => track(await bulkLoadCheckouts(shop, rows, { fresh: true })),
};
function track<T extends { conflicted?: boolean }>(result: T): T {
  conflicts.push(result.conflicted === true);
  return result;
}

/** Runs the steps through one path; returns each write's `written`. */
async function play(shop: string, path: typeof slow | typeof fast | typeof fresh, steps: Step[]): Promise<number[]> {
  const written: number[] = [];
  for (const step of steps) {
    if ("customers" in step) written.push((await path.customers(shop, step.customers)).written);
    else if ("orders" in step) written.push((await path.orders(shop, step.orders)).written);
    else if ("checkouts" in step) written.push((await path.checkouts(shop, step.checkouts)).written);
    else if ("redact" in step) {
      const where = { shop, shopifyId: step.redact };
      const data = { redactedAt: at(30), email: null, firstName: null };
      await prisma.customer.updateMany({ where, data });
      await prisma.order.updateMany({ where, data: { redactedAt: at(30), email: null } });
      await prisma.abandonedCheckout.updateMany({ where, data: { redactedAt: at(30), email: null } });
    } else await markCustomerDeleted(shop, step.deleteCustomer, step.at);
  }
  return written;
}

async function bothPaths(steps: Step[], path: typeof fast | typeof fresh = fast) {
  const [a, b] = [newShop(), newShop()];
  const written = { slow: await play(a, slow, steps), fast: await play(b, path, steps) };
  return { written, slow: await snapshot(a), fast: await snapshot(b), fastShop: b };
}

describe("bulk load", () => {
  it("stores new customers, orders, line items, tags and checkouts exactly as the Prisma writers do", async () => {
    const result = await bothPaths([
      { customers: [customer("c1", 2), customer("c2", 2, { tags: [], addresses: [], locale: null, marketingConsentUpdatedAt: null })] },
      { orders: [order("o1", 2), order("o2", 3, { customerShopifyId: null, cancelledAt: at(4), lineItems: [] })] },
      { checkouts: [checkout("k1", 2), checkout("k2", 3, { completedAt: at(5), customerShopifyId: null })] },
    ]);

    expect(result.written.fast).toEqual([2, 2, 2]);
    expect(result.fast).toEqual(result.slow);
    // Read back through Prisma: dates and decimals come out as written.
    const row = await prisma.order.findUniqueOrThrow({
      where: { shop_shopifyId: { shop: result.fastShop, shopifyId: "o1" } },
      include: { lineItems: { orderBy: { shopifyId: "asc" } } },
    });
    expect(row.shopifyUpdatedAt.toISOString()).toBe(at(2).toISOString());
    expect(row.totalPrice.toString()).toBe("1734.51");
    expect(row.lineItems.map((l) => [l.quantity, l.unitPrice.toString()])).toEqual([[2, "617.25"], [1, "500"]]);
    const c2 = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop: result.fastShop, shopifyId: "c2" } } });
    expect(c2.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("keeps the newest version, replacing tags and line items only when the newer write wins", async () => {
    const result = await bothPaths([
      { customers: [customer("c1", 5, { firstName: "新" }), customer("c2", 1)] },
      { orders: [order("o1", 5), order("o2", 1)] },
      { checkouts: [checkout("k1", 5), checkout("k2", 1)] },
      {
        customers: [
          customer("c1", 2, { firstName: "旧", tags: ["old"] }), // older: ignored
          customer("c2", 6, { firstName: "更新", tags: ["b"], locale: null }), // newer: wins, keeps the known locale
          customer("c2", 4, { firstName: "途中" }), // older duplicate within the batch
          customer("c3", 6),
        ],
      },
      {
        orders: [
          order("o1", 5, { name: "#same" }), // equal: a no-op
          order("o2", 6, { totalPrice: "99.99", customerShopifyId: "c2", lineItems: [order("o2", 6).lineItems[1]!] }),
          order("o3", 6),
        ],
      },
      { checkouts: [checkout("k1", 4, { email: "old@example.jp" }), checkout("k2", 6, { completedAt: at(6) })] },
    ]);

    expect(result.written.fast).toEqual(result.written.slow);
    expect(result.written.fast).toEqual([2, 2, 2, 2, 2, 1]);
    expect(result.fast).toEqual(result.slow);
  });

  it("writes a first load with plain inserts and falls back to newest-wins upserts when a row is already stored", async () => {
    conflicts.length = 0;
    const result = await bothPaths(
      [
        { customers: [customer("c1", 5, { firstName: "新" }), customer("c2", 1)] },
        { orders: [order("o1", 5), order("o2", 1)] },
        { checkouts: [checkout("k1", 5), checkout("k2", 1)] },
        { customers: [customer("c1", 2, { firstName: "旧", tags: ["old"] }), customer("c2", 6, { tags: ["b"] }), customer("c3", 6)] },
        { orders: [order("o1", 5, { name: "#same" }), order("o2", 6, { lineItems: [order("o2", 6).lineItems[1]!] }), order("o3", 6)] },
        { checkouts: [checkout("k1", 4, { email: "old@example.jp" }), checkout("k2", 6, { completedAt: at(6) })] },
      ],
      fresh,
    );

    expect(result.written.fast).toEqual(result.written.slow);
    expect(result.fast).toEqual(result.slow);
    // The first three went in as plain inserts; the later ones met stored rows and were redone as upserts.
    expect(conflicts).toEqual([false, false, false, true, true, true]);
  });

  it("saves the sync run's resume point in the batch's transaction", async () => {
    const shop = newShop();
    const run = await prisma.syncRun.create({ data: { shop, kind: "initial", status: "running", updatedAt: at(0) } });
    const progress = { runId: run.id, linesApplied: 7, field: "ordersSynced" as const, synced: 2 };

    await bulkLoadOrders(shop, [order("o1", 1), order("o2", 1)], { fresh: true, progress });

    const saved = await prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(saved).toMatchObject({ linesApplied: 7, ordersSynced: 2, customersSynced: 0 });
    expect(saved.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await prisma.order.count({ where: { shop } })).toBe(2);
  });

  it("never writes over a redacted row and brings a deleted customer back only with a newer write", async () => {
    const result = await bothPaths([
      { customers: [customer("c1", 1), customer("c2", 1)] },
      { orders: [order("o1", 1)] },
      { checkouts: [checkout("k1", 1)] },
      { redact: "c1" },
      { redact: "o1" },
      { redact: "k1" },
      { deleteCustomer: "c2", at: at(10) },
      { customers: [customer("c1", 20, { email: "back@example.jp" }), customer("c2", 5)] },
      { orders: [order("o1", 20, { email: "back@example.jp" })] },
      { checkouts: [checkout("k1", 20, { email: "back@example.jp" })] },
      { customers: [customer("c2", 11, { firstName: "復活" })] },
    ]);

    expect(result.written.fast).toEqual([2, 1, 1, 0, 0, 0, 1]);
    expect(result.fast).toEqual(result.slow);
  });

  it("compares its times with rows Prisma wrote: an equal update is a no-op, a millisecond newer one wins", async () => {
    const shop = newShop();
    await upsertCustomers(shop, [customer("c1", 5)]);
    await upsertOrders(shop, [order("o1", 5)], { recomputeFacts: false });

    const equal = [await bulkLoadCustomers(shop, [customer("c1", 5, { firstName: "同" })]), await bulkLoadOrders(shop, [order("o1", 5)])];
    const later = new Date(at(5).getTime() + 1);
    const newer = await bulkLoadCustomers(shop, [customer("c1", 5, { firstName: "新", shopifyUpdatedAt: later })]);

    expect(equal.map((r) => r.written)).toEqual([0, 0]);
    expect(newer.written).toBe(1);
    const row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "c1" } } });
    expect([row.firstName, row.shopifyUpdatedAt.toISOString()]).toEqual(["新", later.toISOString()]);
    expect(await prisma.orderLineItem.count({ where: { shop } })).toBe(2);
  });

  it("waits for a Prisma transaction holding the database instead of failing", async () => {
    const shop = newShop();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const prismaWrite = prisma.$transaction(async (tx) => {
      await tx.customer.create({ data: { shop, shopifyId: "p1", shopifyCreatedAt: at(0), shopifyUpdatedAt: at(0) } });
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const bulk = bulkLoadCustomers(shop, [customer("c1", 1)]);
    setTimeout(release, 200);

    expect(await bulk).toEqual({ written: 1 });
    await prismaWrite;
    expect(await prisma.customer.count({ where: { shop } })).toBe(2);
  });
});
