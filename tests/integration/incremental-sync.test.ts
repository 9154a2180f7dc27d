/**
 * Issue 3's check for the incremental sync: every webhook delivered three times and in shuffled order leaves the
 * app's tables equal to the dev store's state.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appDb, devstore, eventually, openAdmin, stack, webhookHmac } from "../support/clients";

type Delivery = { webhookId: string; topic: string; uri: string; triggeredAt: string; payload: unknown };
type StoreCustomer = {
  legacyResourceId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  tags: string[];
  emailMarketingConsent: { marketingState: string } | null;
  numberOfOrders: string;
  amountSpent: { amount: string };
  lastOrder: { processedAt: string } | null;
};
type StoreOrder = {
  legacyResourceId: string;
  name: string;
  totalPriceSet: { shopMoney: { amount: string } };
  displayFinancialStatus: string;
  displayFulfillmentStatus: string;
  cancelledAt: string | null;
  sourceName: string | null;
  customer: { legacyResourceId: string } | null;
  lineItems: { nodes: Array<{ title: string; quantity: number }> };
};
type StoreCheckout = { id: number; totalPrice: string; completedAt: string | null; lineItems: unknown[] };

// REST payloads give timestamps to the second; GraphQL to the millisecond.
const toSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function storeAdmin(domain: string) {
  const session = await appDb().session.findFirstOrThrow({ where: { shop: domain, isOnline: false } });
  return async <T>(query: string): Promise<T> => {
    const response = await fetch(`${stack().devstoreUrl}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": session.accessToken, "x-forwarded-host": domain },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    if (!body.data) throw new Error(`Admin API: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
}

/** Waits until the app's worker has handled every recorded webhook of the shop, and none failed. */
async function settled(domain: string) {
  await devstore.waitForWebhooks();
  await eventually(
    () => appDb().webhookEvent.findMany({ where: { shop: domain, status: { in: ["received", "processing", "failed"] } }, select: { topic: true, status: true, lastError: true } }),
    (pending) => pending.length === 0,
    30_000,
  );
}

/** The app's synced tables for the shop, without bookkeeping columns (row ids, our own timestamps). */
async function appState(domain: string) {
  const db = appDb();
  const [customers, tags, orders, checkouts] = await Promise.all([
    db.customer.findMany({ where: { shop: domain }, orderBy: { shopifyId: "asc" } }),
    db.customerTag.findMany({ where: { shop: domain }, orderBy: [{ customerShopifyId: "asc" }, { tag: "asc" }] }),
    db.order.findMany({ where: { shop: domain }, orderBy: { shopifyId: "asc" }, include: { lineItems: { orderBy: { shopifyId: "asc" } } } }),
    db.abandonedCheckout.findMany({ where: { shop: domain }, orderBy: { shopifyId: "asc" } }),
  ]);
  const strip = <T extends { id: string; createdAt: Date; updatedAt: Date }>({ id: _i, createdAt: _c, updatedAt: _u, ...rest }: T) => rest;
  return {
    customers: customers.map(strip),
    tags,
    orders: orders.map(({ lineItems, ...o }) => ({ ...strip(o), lineItems: lineItems.map(({ id: _i, orderId: _o, ...l }) => l) })),
    checkouts: checkouts.map(strip),
  };
}

async function expectAppEqualsStore(domain: string, checkouts: Map<number, StoreCheckout>, deletedIds: string[]) {
  const graphql = await storeAdmin(domain);
  // Two queries of 20 nodes keep each under the 1,000-point single-query limit.
  const { customers } = await graphql<{ customers: { nodes: StoreCustomer[] } }>(`{
    customers(first: 20) { nodes { legacyResourceId firstName lastName email tags emailMarketingConsent { marketingState }
      numberOfOrders amountSpent { amount } lastOrder { processedAt } } }
  }`);
  const { orders } = await graphql<{ orders: { nodes: StoreOrder[] } }>(`{
    orders(first: 20) { nodes { legacyResourceId name totalPriceSet { shopMoney { amount } } displayFinancialStatus
      displayFulfillmentStatus cancelledAt sourceName customer { legacyResourceId } lineItems(first: 10) { nodes { title quantity } } } }
  }`);
  const state = await appState(domain);

  const live = state.customers.filter((c) => c.deletedAt === null);
  expect(live.map((c) => c.shopifyId).sort()).toEqual(customers.nodes.map((c) => c.legacyResourceId).sort());
  expect(state.customers.filter((c) => c.deletedAt !== null).map((c) => c.shopifyId)).toEqual(deletedIds);
  for (const s of customers.nodes) {
    const a = live.find((c) => c.shopifyId === s.legacyResourceId)!;
    const tagRows = state.tags.filter((t) => t.customerShopifyId === s.legacyResourceId).map((t) => t.tag);
    expect({
      firstName: a.firstName,
      lastName: a.lastName,
      email: a.email,
      tags: a.tags === "" ? [] : a.tags.split(", ").sort(),
      tagRows: tagRows.sort(),
      marketingState: a.marketingState,
      ordersCount: a.ordersCount,
      totalSpent: Number(a.totalSpent),
      lastOrderAt: a.lastOrderAt ? toSecond(a.lastOrderAt) : null,
    }).toEqual({
      firstName: s.firstName,
      lastName: s.lastName,
      email: s.email,
      tags: [...s.tags].sort(),
      tagRows: [...s.tags].sort(),
      marketingState: s.emailMarketingConsent?.marketingState ?? null,
      ordersCount: Number(s.numberOfOrders),
      totalSpent: Number(s.amountSpent.amount),
      lastOrderAt: s.lastOrder ? toSecond(new Date(s.lastOrder.processedAt)) : null,
    });
  }

  expect(state.orders.map((o) => o.shopifyId).sort()).toEqual(orders.nodes.map((o) => o.legacyResourceId).sort());
  for (const s of orders.nodes) {
    const a = state.orders.find((o) => o.shopifyId === s.legacyResourceId)!;
    expect({
      name: a.name,
      totalPrice: Number(a.totalPrice),
      financialStatus: a.financialStatus,
      fulfillmentStatus: a.fulfillmentStatus,
      cancelled: a.cancelledAt !== null,
      sourceName: a.sourceName,
      customer: a.customerShopifyId,
      lines: a.lineItems.map((l) => [l.title, l.quantity]).sort(),
    }).toEqual({
      name: s.name,
      totalPrice: Number(s.totalPriceSet.shopMoney.amount),
      financialStatus: s.displayFinancialStatus,
      fulfillmentStatus: s.displayFulfillmentStatus,
      cancelled: s.cancelledAt !== null,
      sourceName: s.sourceName,
      customer: s.customer?.legacyResourceId ?? null,
      lines: s.lineItems.nodes.map((l) => [l.title, l.quantity]).sort(),
    });
  }

  expect(state.checkouts.map((c) => c.shopifyId).sort()).toEqual([...checkouts.keys()].map(String).sort());
  for (const [id, s] of checkouts) {
    const a = state.checkouts.find((c) => c.shopifyId === String(id))!;
    expect({ total: Number(a.totalPrice), completed: a.completedAt !== null, lines: (JSON.parse(a.lineItems) as unknown[]).length }).toEqual({
      total: Number(s.totalPrice),
      completed: s.completedAt !== null,
      lines: s.lineItems.length,
    });
  }
  return state;
}

describe("incremental sync from webhooks", () => {
  it("leaves the app equal to the store after every webhook is delivered three times, shuffled, and replayed under new ids", async () => {
    const shop = await devstore.createShop("ja", "empty");
    expect((await openAdmin(shop, "ja")).status).toBe(200);
    const base = `/shops/${shop.domain}`;
    const { products } = await devstore.control<{ products: Array<{ variants: Array<{ id: number }> }> }>("GET", `${base}/products`);
    const [v1, v2] = products.flatMap((p) => p.variants.map((v) => v.id));
    const suffix = randomUUID().slice(0, 8);
    const create = async (body: object) =>
      (await devstore.control<{ customer: { id: number } }>("POST", `${base}/customers`, body)).customer.id;

    // GIVEN a realistic day in the shop
    const hanako = await create({
      firstName: "花子",
      lastName: "山田",
      email: `hanako-${suffix}@example.jp`,
      tags: ["新規"],
      emailMarketingConsent: { marketingState: "SUBSCRIBED" },
      addresses: [{ lastName: "山田", firstName: "花子", zip: "530-0001", province: "大阪府", provinceCode: "JP-27", city: "大阪市", address1: "梅田1-1", country: "Japan", countryCodeV2: "JP" }],
    });
    const taro = await create({ firstName: "太郎", lastName: "鈴木", email: `taro-${suffix}@example.jp` });
    const passerby = await create({ firstName: "一見", lastName: "佐藤", email: `ichigen-${suffix}@example.jp` });
    const order = async (body: object) => (await devstore.control<{ order: { id: number } }>("POST", `${base}/orders`, body)).order.id;
    const web = await order({ customerId: hanako, lines: [{ variantId: v1, quantity: 2 }, { variantId: v2, quantity: 1 }] });
    await order({ customerId: hanako, sourceName: "pos", lines: [{ variantId: v2, quantity: 1 }] });
    const taroOrder = await order({ customerId: taro, lines: [{ variantId: v1, quantity: 1 }] });
    await order({ customer: { firstName: "次郎", lastName: "高橋", email: `jiro-${suffix}@example.jp` }, lines: [{ variantId: v1, quantity: 3 }] });
    await devstore.control("PATCH", `${base}/customers/${hanako}`, { tags: ["リピーター", "VIP"] });
    await devstore.control("POST", `${base}/orders/${taroOrder}/cancel`, { reason: "customer" });
    await devstore.control("POST", `${base}/orders/${web}/fulfill`);
    const checkouts = new Map<number, StoreCheckout>();
    const started = await devstore.control<{ checkout: StoreCheckout & { token: string } }>("POST", `${base}/checkouts`, {
      customerId: hanako,
      lines: [{ variantId: v1, quantity: 1 }],
    });
    const updated = await devstore.control<{ checkout: StoreCheckout }>("PATCH", `${base}/checkouts/${started.checkout.token}`, {
      lines: [{ variantId: v1, quantity: 1 }, { variantId: v2, quantity: 2 }],
    });
    checkouts.set(updated.checkout.id, updated.checkout);
    const bought = await devstore.control<{ checkout: StoreCheckout & { token: string } }>("POST", `${base}/checkouts`, {
      customerId: taro,
      lines: [{ variantId: v2, quantity: 1 }],
    });
    const completed = await devstore.control<{ checkout: StoreCheckout }>("POST", `${base}/checkouts/${bought.checkout.token}/complete`);
    checkouts.set(completed.checkout.id, completed.checkout);
    await devstore.control("DELETE", `${base}/customers/${passerby}`);
    await settled(shop.domain);

    // THEN the app matches the store
    const first = await expectAppEqualsStore(shop.domain, checkouts, [String(passerby)]);
    const hanakoRow = first.customers.find((c) => c.shopifyId === String(hanako))!;
    expect(hanakoRow).toMatchObject({ ordersCount: 2, preferredChannel: "pos", provinceCode: "27", marketingState: "SUBSCRIBED" });
    expect(first.customers.find((c) => c.shopifyId === String(taro))).toMatchObject({ ordersCount: 1 });

    // WHEN Shopify redelivers every delivery three times in shuffled order (same webhook ids: the intake dedupes)
    const { deliveries } = await devstore.control<{ deliveries: Delivery[] }>("GET", `${base}/webhooks`);
    const synced = new Set(["customers/create", "customers/update", "customers/delete", "orders/create", "orders/updated", "orders/cancelled", "checkouts/create", "checkouts/update"]);
    const ours = deliveries.filter((d) => synced.has(d.topic));
    expect(new Set(ours.map((d) => d.topic))).toEqual(synced);
    for (let round = 0; round < 3; round++) {
      for (const d of shuffled(ours)) await devstore.control("POST", `${base}/webhooks/${d.webhookId}/redeliver`);
    }
    await settled(shop.domain);

    // AND the same events arrive again under fresh webhook ids, three times, shuffled
    for (let round = 0; round < 3; round++) {
      for (const d of shuffled(ours)) {
        const body = JSON.stringify(d.payload);
        const response = await fetch(d.uri, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-shopify-topic": d.topic,
            "x-shopify-hmac-sha256": webhookHmac(body),
            "x-shopify-shop-domain": shop.domain,
            "x-shopify-webhook-id": randomUUID(),
            "x-shopify-event-id": randomUUID(),
            "x-shopify-triggered-at": d.triggeredAt,
            "x-shopify-api-version": "2026-10",
          },
          body,
        });
        expect(response.status).toBe(200);
      }
    }
    await settled(shop.domain);

    // THEN nothing rolled back: the app still matches the store, row for row as before
    const after = await expectAppEqualsStore(shop.domain, checkouts, [String(passerby)]);
    expect(after).toEqual(first);
    const replays = await appDb().webhookEvent.count({ where: { shop: shop.domain, topic: { in: [...synced] } } });
    expect(replays).toBe(ours.length * 4);
  });
});
