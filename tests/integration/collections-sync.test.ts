/**
 * Issue 5's collections, from the dev store to the app: after the initial sync the worker reads the shop's collections
 * on its own, and the collections/* webhooks keep each one current (created, products changed, deleted), delivered
 * through the real intake and worker.
 */
import { describe, expect, it } from "vitest";
import { appDb, devstore, eventually, syncedShop } from "../support/clients";

type StoreCollection = { id: number; title: string; handle: string; productIds: number[] };

async function storeState(domain: string) {
  const { collections } = await devstore.control<{ collections: StoreCollection[] }>("GET", `/shops/${domain}/collections`);
  return Object.fromEntries(collections.map((c) => [String(c.id), { title: c.title, handle: c.handle, products: c.productIds.map(String).sort() }]));
}

async function appState(domain: string) {
  const db = appDb();
  const [collections, members] = await Promise.all([
    db.collection.findMany({ where: { shop: domain } }),
    db.collectionProduct.findMany({ where: { shop: domain } }),
  ]);
  return Object.fromEntries(
    collections.map((c) => [
      c.shopifyId,
      { title: c.title, handle: c.handle, products: members.filter((m) => m.collectionShopifyId === c.shopifyId).map((m) => m.productShopifyId).sort() },
    ]),
  );
}

/** Waits until the app's worker has handled every recorded webhook of the shop, and none failed. */
async function settled(domain: string) {
  await devstore.waitForWebhooks();
  await eventually(
    () => appDb().webhookEvent.findMany({ where: { shop: domain, status: { in: ["received", "processing", "retry", "failed"] } }, select: { topic: true, status: true } }),
    (pending) => pending.length === 0,
    30_000,
  );
}

async function expectAppEqualsStore(domain: string) {
  const store = await storeState(domain);
  await eventually(
    () => appState(domain),
    (app) => JSON.stringify(Object.entries(app).sort()) === JSON.stringify(Object.entries(store).sort()),
    30_000,
  );
  expect(await appState(domain)).toEqual(store);
  return store;
}

describe("collections sync", () => {
  it("reads the shop's collections after the initial sync, then follows collections webhooks", async () => {
    // GIVEN a Japanese demo shop with its five collections, installed and initially synced
    const shop = await syncedShop("ja", "empty");
    const base = `/shops/${shop.domain}`;

    // THEN the worker syncs its collections on its own, with each one's products
    const initial = await expectAppEqualsStore(shop.domain);
    expect(Object.values(initial).map((c) => c.title).sort()).toEqual(["お茶", "ギフト", "スキンケア", "新茶", "茶器"].sort());
    expect(Object.values(initial).find((c) => c.title === "新茶")?.products).toHaveLength(3);

    // WHEN the merchant creates a collection, changes another's products and title, and deletes a third
    const { products } = await devstore.control<{ products: Array<{ id: number }> }>("GET", `${base}/products`);
    const created = await devstore.control<{ collection: StoreCollection; webhookIds: string[] }>("POST", `${base}/collections`, {
      title: "冬の贈り物",
      productIds: products.slice(0, 2).map((p) => p.id),
    });
    expect(created.webhookIds.length).toBeGreaterThan(0);
    const [shincha, gift] = Object.entries(initial).filter(([, c]) => c.title === "新茶" || c.title === "ギフト").map(([id]) => id);
    await devstore.control("POST", `${base}/collections/${shincha}/products`, { add: [products.at(-1)!.id] });
    await devstore.control("PATCH", `${base}/collections/${created.collection.id}`, { title: "冬の贈り物 2026" });
    await devstore.control("DELETE", `${base}/collections/${gift}`);
    await settled(shop.domain);

    // THEN the app holds exactly the store's collections again
    const after = await expectAppEqualsStore(shop.domain);
    expect(after[String(created.collection.id)]?.title).toBe("冬の贈り物 2026");
    expect(after[gift!]).toBeUndefined();
    expect(after[shincha!]?.products).toHaveLength(4);
  });
});
