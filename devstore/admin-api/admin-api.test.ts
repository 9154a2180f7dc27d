import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { records } from "../store/db";
import { makeCustomer, makeOrder, makeShop, makeToken, startTestApi, type TestApi } from "./test-support";

let api: TestApi;
let now = 1_800_000_000_000;
beforeAll(async () => {
  api = await startTestApi({ clock: () => now });
});
afterAll(() => api.close());

describe("authentication and scopes", () => {
  it("answers 401 with Shopify's body for an unknown token", async () => {
    const shop = makeShop(api.ctx);
    const res = await api.gql(shop.domain, "shpat_nope", "{ shop { name } }");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("refuses a token of another shop", async () => {
    const a = makeShop(api.ctx);
    const b = makeShop(api.ctx);
    const res = await api.gql(b.domain, makeToken(api.ctx, a.domain), "{ shop { name } }");
    expect(res.status).toBe(401);
  });

  it("answers 404 for an API version Shopify has not published", async () => {
    const shop = makeShop(api.ctx);
    const res = await api.gql(shop.domain, makeToken(api.ctx, shop.domain), "{ shop { name } }", undefined, "2019-01");
    expect(res.status).toBe(404);
  });

  it("denies a root field whose scope the token lacks", async () => {
    const shop = makeShop(api.ctx);
    const token = makeToken(api.ctx, shop.domain, "read_customers");
    const res = await api.gql(shop.domain, token, "{ orders(first: 1) { nodes { id } } }");
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toEqual([
      {
        message: "Access denied for orders field. Required access: `read_orders` access scope.",
        locations: [{ line: 1, column: 3 }],
        path: ["orders"],
        extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: "`read_orders` access scope." },
      },
    ]);
  });

  it("lets write_customers read customers", async () => {
    const shop = makeShop(api.ctx);
    makeCustomer(api.ctx, shop.domain);
    const res = await api.gql(shop.domain, makeToken(api.ctx, shop.domain, "write_customers"), "{ customersCount { count } }");
    expect(res.body.data).toEqual({ customersCount: { count: 1 } });
  });
});

describe("connections", () => {
  it("pages forwards and backwards with opaque cursors and sortKey", async () => {
    const shop = makeShop(api.ctx);
    const token = makeToken(api.ctx, shop.domain);
    const made = [3, 1, 4, 2, 5].map((day) => makeCustomer(api.ctx, shop.domain, { updatedAt: `2026-01-0${day}T00:00:00.000Z`, firstName: `C${day}` }));
    const q = `query($after: String, $before: String, $first: Int, $last: Int) {
      customers(first: $first, last: $last, after: $after, before: $before, sortKey: UPDATED_AT) {
        edges { cursor node { firstName } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    type Conn = { edges: { cursor: string; node: { firstName: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string; startCursor: string } };
    const page = async (vars: Record<string, unknown>) => ((await api.gql(shop.domain, token, q, vars)).body.data as { customers: Conn }).customers;
    const p1 = await page({ first: 2 });
    expect(p1.edges.map((e) => e.node.firstName)).toEqual(["C1", "C2"]);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await page({ first: 2, after: p1.pageInfo.endCursor });
    expect(p2.edges.map((e) => e.node.firstName)).toEqual(["C3", "C4"]);
    expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const back = await page({ last: 2, before: p2.pageInfo.startCursor });
    expect(back.edges.map((e) => e.node.firstName)).toEqual(["C1", "C2"]);
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(made).toHaveLength(5);
  });

  it("reverses the order", async () => {
    const shop = makeShop(api.ctx);
    const token = makeToken(api.ctx, shop.domain);
    const a = makeCustomer(api.ctx, shop.domain);
    const b = makeCustomer(api.ctx, shop.domain);
    const res = await api.gql(shop.domain, token, "{ customers(first: 5, reverse: true) { nodes { id legacyResourceId } } }");
    expect(res.body.data).toEqual({ customers: { nodes: [{ id: `gid://shopify/Customer/${b.id}`, legacyResourceId: String(b.id) }, { id: `gid://shopify/Customer/${a.id}`, legacyResourceId: String(a.id) }] } });
  });

  it("requires first or last, and at most 250", async () => {
    const shop = makeShop(api.ctx);
    const token = makeToken(api.ctx, shop.domain);
    const none = await api.gql(shop.domain, token, "{ customers { nodes { id } } }");
    expect(none.body.errors).toEqual([{ message: "you must provide one of first or last", locations: [{ line: 1, column: 3 }], path: ["customers"] }]);
    const many = await api.gql(shop.domain, token, "{ customers(first: 251) { nodes { id } } }");
    expect(Array.isArray(many.body.errors) && many.body.errors[0]?.message).toMatch(/at most 250/);
  });

  it("serves nested orders, line items, money bags and node lookups", async () => {
    const shop = makeShop(api.ctx);
    const token = makeToken(api.ctx, shop.domain);
    const c = makeCustomer(api.ctx, shop.domain);
    const o = makeOrder(api.ctx, shop.domain, { customerId: c.id, email: c.email });
    records(api.ctx.db).putCustomer({ ...c, lastOrderId: o.id, numberOfOrders: 1 });
    const res = await api.gql(shop.domain, token, `{
      node(id: "gid://shopify/Customer/${c.id}") { ... on Customer { numberOfOrders lastOrder { name } } }
      order(id: "gid://shopify/Order/${o.id}") { customer { id } totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount } }
        lineItems(first: 5) { nodes { quantity originalUnitPriceSet { shopMoney { amount } } } } } }`);
    expect(res.body.data).toEqual({
      node: { numberOfOrders: "1", lastOrder: { name: o.name } },
      order: {
        customer: { id: `gid://shopify/Customer/${c.id}` },
        totalPriceSet: { shopMoney: { amount: "1980.0", currencyCode: "JPY" }, presentmentMoney: { amount: "1980.0" } },
        lineItems: { nodes: [{ quantity: 2, originalUnitPriceSet: { shopMoney: { amount: "990.0" } } }] },
      },
    });
  });

  it("answers an honest error for a non-null field the dev store does not model", async () => {
    const shop = makeShop(api.ctx);
    const token = makeToken(api.ctx, shop.domain);
    const c = makeCustomer(api.ctx, shop.domain);
    const res = await api.gql(shop.domain, token, `{ customer(id: "gid://shopify/Customer/${c.id}") { id lifetimeDuration } }`);
    expect(res.body.data).toEqual({ customer: null });
    expect(Array.isArray(res.body.errors) && res.body.errors[0]?.message).toBe("The local dev store does not implement Customer.lifetimeDuration");
  });
});

describe("cost and throttling", () => {
  it("computes the requested cost of a known document and charges only the actual cost", async () => {
    const shop = makeShop(api.ctx);
    const token = makeToken(api.ctx, shop.domain);
    makeCustomer(api.ctx, shop.domain);
    // connection 2 + 10 x (node 1 + defaultAddress 1) = 22; shop object 1.
    const res = await api.gql(shop.domain, token, "{ shop { name } customers(first: 10) { nodes { id defaultAddress { city } } } }");
    expect(res.body.extensions?.cost).toEqual({
      requestedQueryCost: 23,
      actualQueryCost: 4,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1996, restoreRate: 100 },
    });
  });

  it("refuses a document above the single query limit", async () => {
    const shop = makeShop(api.ctx);
    const res = await api.gql(shop.domain, makeToken(api.ctx, shop.domain), "{ customers(first: 250) { nodes { orders(first: 250) { nodes { id } } } } }");
    expect(Array.isArray(res.body.errors) && res.body.errors[0]?.extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 63252, maxCost: 1000 });
  });

  it("throttles an empty bucket and refills it as time passes", async () => {
    const shop = makeShop(api.ctx);
    const token = makeToken(api.ctx, shop.domain);
    const heavy = "{ customers(first: 249) { nodes { defaultAddress { city } } } }"; // 2 + 249 x 2 = 500
    for (let i = 0; i < 4; i++) expect((await api.gql(shop.domain, token, heavy)).body.extensions?.cost?.requestedQueryCost).toBe(500);
    // Nothing was returned, so each request refunded all but its actual cost (2).
    const afterFour = (await api.gql(shop.domain, token, "{ shop { name } }")).body.extensions?.cost?.throttleStatus.currentlyAvailable;
    expect(afterFour).toBe(2000 - 4 * 2 - 1);
    const bucket = await drain(shop.domain, token);
    expect(bucket.errors).toEqual([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }]);
    expect(bucket.extensions?.cost).toMatchObject({ requestedQueryCost: 500, actualQueryCost: null });
    now += 5_000; // 5 s x 100 points
    const again = await api.gql(shop.domain, token, heavy);
    expect(again.body.errors).toBeUndefined();
  });
});

/** Fills the shop with customers so heavy queries really spend their cost, then spends until throttled. */
async function drain(shop: string, token: string) {
  for (let i = 0; i < 249; i++) makeCustomer(api.ctx, shop, { addresses: [], defaultAddressId: null });
  const heavy = "{ customers(first: 249) { nodes { defaultAddress { city } } } }";
  for (let i = 0; i < 10; i++) {
    const res = await api.gql(shop, token, heavy);
    if (res.body.errors) return res.body;
  }
  throw new Error("never throttled");
}
