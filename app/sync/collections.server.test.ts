/**
 * The collections sync against the dev store's real Admin API (served on 127.0.0.1, Shopify's schema, cost and
 * pagination), writing to the real database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql). Each test seeds a
 * shop of its own in the dev store and uses the same domain in the app.
 */
import { randomUUID } from "node:crypto";
import { GraphqlQueryError } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeToken, startTestApi, type TestApi } from "../../devstore/admin-api/test-support";
import { createThrottle } from "../../devstore/admin-api/throttle";
import { seedShop } from "../../devstore/seed/index";
import { changeCollectionProducts, createCollection, deleteCollection, updateCollection } from "../../devstore/store/collections";
import { records, reserveIds } from "../../devstore/store/db";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { adminGateway } = await import("../shopify/gateway.server");
const { applyCollectionWebhook, listCollections, runDueCollectionSyncs, settleCollectionSyncs, syncCollections } = await import("./collections.server");

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
  await prisma.$disconnect();
  await database.drop();
});

/** A dev store shop seeded with the Japanese demo catalog and collections, and a gateway to its Admin API. */
function storeShop(on: TestApi = api, sleep: (ms: number) => Promise<void> = async () => {}) {
  const shop = `colsync-${randomUUID().slice(0, 8)}.myshopify.com`;
  seedShop(on.ctx.db, { domain: shop, locale: "ja", size: "empty" });
  const token = makeToken(on.ctx, shop, "read_products");
  let requests = 0;
  const graphql = async (query: string, options?: { variables?: Record<string, unknown> }) => {
    requests++;
    const { body } = await on.gql(shop, token, query, options?.variables);
    if (body.errors) {
      const graphQLErrors = Array.isArray(body.errors) ? body.errors : [{ message: body.errors }];
      throw new GraphqlQueryError({ message: "GraphQL errors", response: {}, body: { errors: { graphQLErrors }, extensions: body.extensions } });
    }
    return new Response(JSON.stringify(body));
  };
  const gateway = adminGateway(graphql, { sleep });
  const productIds = (on.ctx.db.prepare("SELECT id FROM products WHERE shop = ? ORDER BY id").all(shop) as { id: number }[]).map((r) => r.id);
  return { shop, gateway, productIds, requests: () => requests };
}

/** The dev store's collections of the shop as the app should hold them: id -> [title, handle, sorted product ids]. */
function storeState(shop: string, on: TestApi = api) {
  const rows = on.ctx.db.prepare("SELECT id, title, handle FROM collections WHERE shop = ? ORDER BY id").all(shop) as Array<{ id: number; title: string; handle: string }>;
  return Object.fromEntries(
    rows.map((c) => {
      const products = (on.ctx.db.prepare("SELECT product_id FROM collection_products WHERE collection_id = ? ORDER BY product_id").all(c.id) as { product_id: number }[]).map((p) => String(p.product_id));
      return [String(c.id), { title: c.title, handle: c.handle, products: products.sort() }];
    }),
  );
}

async function appState(shop: string) {
  const [collections, members] = await Promise.all([
    prisma.collection.findMany({ where: { shop } }),
    prisma.collectionProduct.findMany({ where: { shop } }),
  ]);
  return Object.fromEntries(
    collections.map((c) => [
      c.shopifyId,
      {
        title: c.title,
        handle: c.handle,
        products: members.filter((m) => m.collectionShopifyId === c.shopifyId).map((m) => m.productShopifyId).sort(),
      },
    ]),
  );
}

describe("syncCollections", () => {
  it("stores every collection with its products, paging collections and large collections", async () => {
    // GIVEN the seeded five collections, 55 more, and one holding all 62 products (more than the first page of 35)
    const { shop, gateway, productIds } = storeShop();
    const template = records(api.ctx.db).getProduct(shop, productIds[0]!)!;
    const first = reserveIds(api.ctx.db, "Product", 40);
    for (let i = 0; i < 40; i++) {
      records(api.ctx.db).putProduct({ ...template, id: first + i, handle: `extra-${i}` });
      productIds.push(first + i);
    }
    for (let i = 0; i < 55; i++) createCollection(api.ctx, shop, { title: `まとめ ${i}`, productIds: [productIds[i % productIds.length]!] });
    createCollection(api.ctx, shop, { title: "全商品", productIds });
    // WHEN the shop's collections are synced
    const result = await syncCollections(shop, gateway);
    // THEN the app holds exactly the store's collections and memberships
    expect(result).toMatchObject({ collections: 61, products: 3 + 6 + 4 + 4 + 2 + 55 + 62, removed: 0 });
    expect(await appState(shop)).toEqual(storeState(shop));
    // The picker's list: every collection once, by title in Japanese order, with the id rules store.
    const choices = await listCollections(shop);
    expect(choices).toHaveLength(61);
    expect(choices.map((c) => c.title)).toEqual(choices.map((c) => c.title).sort((a, b) => a.localeCompare(b, "ja")));
    const shincha = Object.entries(storeState(shop)).find(([, c]) => c.title === "新茶")![0];
    expect(choices).toContainEqual({ id: shincha, title: "新茶" });
  });

  it("waits out THROTTLED answers when the shop's bucket runs dry, and still stores everything", async () => {
    // GIVEN a dev store with a small bucket (1,000 points, 50 a second) on a clock that the gateway's waits move
    let now = Date.parse("2026-11-23T00:00:00Z");
    const sleeps: number[] = [];
    const small = await startTestApi({ throttle: createThrottle({ maximumAvailable: 1000, restoreRate: 50 }, () => now) });
    try {
      const { shop, gateway, productIds } = storeShop(small, async (ms) => {
        sleeps.push(ms);
        now += ms;
      });
      for (let i = 0; i < 120; i++) createCollection(small.ctx, shop, { title: `まとめ ${i}`, productIds: productIds.slice(0, 12) });
      // WHEN syncing 125 collections (five pages of 952 requested points; 377 spent each, the rest refunded)
      const result = await syncCollections(shop, gateway);
      // THEN the gateway waited for the bucket rather than failing, and the app matches the store
      expect(sleeps.length).toBeGreaterThan(0);
      expect(result.collections).toBe(125);
      expect(await appState(shop)).toEqual(storeState(shop, small));
    } finally {
      await small.close();
    }
  });

  it("converges on a second run after changes, removing collections deleted in Shopify", async () => {
    const { shop, gateway, productIds } = storeShop();
    await syncCollections(shop, gateway, new Date(Date.now() - 60_000));
    const [first, second] = Object.keys(storeState(shop)).map(Number);
    deleteCollection(api.ctx, shop, first!);
    updateCollection(api.ctx, shop, second!, { title: "ギフト（冬）" });
    changeCollectionProducts(api.ctx, shop, second!, { add: [productIds[0]!], remove: [productIds.at(-1)!] });
    const result = await syncCollections(shop, gateway);
    expect(result.removed).toBe(1);
    expect(await appState(shop)).toEqual(storeState(shop));
    // Running again changes nothing.
    await syncCollections(shop, gateway);
    expect(await appState(shop)).toEqual(storeState(shop));
  });
});

describe("applyCollectionWebhook", () => {
  it("refreshes the one collection a create or update names, and removes a deleted one, whatever the order", async () => {
    const { shop, gateway, productIds } = storeShop();
    const gatewayFor = async () => gateway;
    const created = createCollection(api.ctx, shop, { title: "秋の新作", productIds: productIds.slice(0, 3) });
    const payload = { id: created.id, admin_graphql_api_id: `gid://shopify/Collection/${created.id}` };
    expect(await applyCollectionWebhook(shop, "collections/create", payload, { gatewayFor })).toEqual({ status: "processed" });
    expect((await appState(shop))[String(created.id)]).toEqual(storeState(shop)[String(created.id)]);

    changeCollectionProducts(api.ctx, shop, created.id, { remove: [productIds[0]!] });
    await applyCollectionWebhook(shop, "collections/update", payload, { gatewayFor });
    // The same webhook again (a redelivery) leaves the same state.
    await applyCollectionWebhook(shop, "collections/update", payload, { gatewayFor });
    expect((await appState(shop))[String(created.id)]?.products).toEqual(productIds.slice(1, 3).map(String).sort());

    deleteCollection(api.ctx, shop, created.id);
    // An update delivered after the collection was deleted finds nothing and removes it too.
    await applyCollectionWebhook(shop, "collections/update", payload, { gatewayFor });
    expect((await appState(shop))[String(created.id)]).toBeUndefined();
    await applyCollectionWebhook(shop, "collections/delete", { id: created.id }, { gatewayFor });
    expect(await prisma.collectionProduct.count({ where: { shop, collectionShopifyId: String(created.id) } })).toBe(0);
  });

  it("refuses a payload without a collection id, writing nothing", async () => {
    const { shop, gateway } = storeShop();
    await expect(applyCollectionWebhook(shop, "collections/update", { title: "x" }, { gatewayFor: async () => gateway })).rejects.toThrow();
    expect(await prisma.collection.count({ where: { shop } })).toBe(0);
  });
});

describe("runDueCollectionSyncs", () => {
  it("syncs a shop once its initial sync has completed, then not again within the day", async () => {
    const { shop, gateway } = storeShop();
    const gatewayFor = async (domain: string) => {
      if (domain !== shop) throw new Error(`not this test's shop: ${domain}`);
      return gateway;
    };
    await prisma.shop.create({ data: { domain: shop } });
    const log = () => {};
    // Only this test's shop: other tests' shops are not installed here.
    const otherShops = await prisma.shop.findMany({ where: { domain: { not: shop } }, select: { domain: true } });
    expect(otherShops).toEqual([]);

    // No initial sync yet: nothing to do.
    expect(await runDueCollectionSyncs({ gatewayFor, log, force: true })).toBe(0);
    const run = await prisma.syncRun.create({ data: { shop, kind: "initial", status: "completed", finishedAt: new Date() } });
    // Not forced, within the minute of the last look at every shop: a just-completed initial sync is still seen.
    expect(await runDueCollectionSyncs({ gatewayFor, log })).toBe(1);
    await settleCollectionSyncs();
    expect(await appState(shop)).toEqual(storeState(shop));
    expect(await runDueCollectionSyncs({ gatewayFor, log, force: true })).toBe(0);
    // A day later it is due again.
    const tomorrow = new Date(Date.now() + 24 * 60 * 60_000 + 1000);
    expect(await runDueCollectionSyncs({ gatewayFor, log, force: true, now: () => tomorrow })).toBe(1);
    await settleCollectionSyncs();
    await prisma.syncRun.delete({ where: { id: run.id } });
  });
});
