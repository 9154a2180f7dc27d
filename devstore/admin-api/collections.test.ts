import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedShop } from "../seed/index";
import { makeToken, startTestApi, type TestApi } from "./test-support";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

let counter = 0;
/** A seeded demo shop of its own (products and collections, no customers) and a token for it. */
function setup(locale: "ja" | "en" = "ja", scopes = "read_products,write_products") {
  const domain = `collections-${process.pid}-${++counter}.myshopify.com`;
  seedShop(api.ctx.db, { domain, locale, size: "empty" });
  return { shop: domain, token: makeToken(api.ctx, domain, scopes) };
}

type Node = { id: string; title: string; handle: string };
type Conn<T> = { nodes: T[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } };

async function data<T>(shop: string, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await api.gql(shop, token, query, variables);
  if (!res.body.data || res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data as T;
}

describe("collections", () => {
  it("lists the seeded custom and smart collections of the shop, with their count", async () => {
    const { shop, token } = setup();
    const res = await data<{ collections: Conn<Node & { ruleSet: { rules: Array<{ column: string; condition: string }> } | null }>; collectionsCount: { count: number; precision: string } }>(
      shop,
      token,
      `{ collections(first: 10, sortKey: TITLE) { nodes { id title handle ruleSet { rules { column condition } } } pageInfo { hasNextPage hasPreviousPage endCursor } }
         collectionsCount { count precision } }`,
    );
    expect(res.collections.nodes.map((c) => c.handle).sort()).toEqual(["chaki", "gift", "shincha", "skincare", "tea"]);
    expect(res.collections.nodes.find((c) => c.handle === "tea")?.ruleSet?.rules).toEqual([{ column: "TYPE", condition: "お茶" }]);
    expect(res.collections.nodes.find((c) => c.handle === "shincha")?.ruleSet).toBeNull();
    expect(res.collectionsCount).toEqual({ count: 5, precision: "EXACT" });
  });

  it("pages with cursors and filters by search syntax", async () => {
    const { shop, token } = setup("en");
    const first = await data<{ collections: Conn<Node> }>(shop, token, "{ collections(first: 2) { nodes { id handle } pageInfo { hasNextPage hasPreviousPage endCursor } } }");
    expect(first.collections.nodes).toHaveLength(2);
    expect(first.collections.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const rest = await data<{ collections: Conn<Node> }>(
      shop,
      token,
      "query($after: String) { collections(first: 10, after: $after) { nodes { id handle } pageInfo { hasNextPage hasPreviousPage } } }",
      { after: first.collections.pageInfo.endCursor },
    );
    expect(rest.collections.nodes).toHaveLength(3);
    expect(rest.collections.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    const all = [...first.collections.nodes, ...rest.collections.nodes].map((n) => n.handle);
    expect(new Set(all).size).toBe(5);

    const smart = await data<{ collections: Conn<Node>; collectionsCount: { count: number } }>(
      shop,
      token,
      `{ collections(first: 10, query: "collection_type:smart") { nodes { handle } } collectionsCount(query: "title:tea") { count } }`,
    );
    expect(smart.collections.nodes.map((n) => n.handle).sort()).toEqual(["skincare", "tea"]);
    // Title search matches within the title, as the dev store's product search does: Tea and Teaware.
    expect(smart.collectionsCount.count).toBe(2);
  });

  it("serves a collection's products in manual order, paged, and the smart collection's rule matches", async () => {
    const { shop, token } = setup();
    const byHandle = await data<{ collectionByHandle: { id: string; productsCount: { count: number } } }>(
      shop,
      token,
      `{ collectionByHandle(handle: "shincha") { id productsCount { count } } }`,
    );
    expect(byHandle.collectionByHandle.productsCount.count).toBe(3);
    const query = `query($id: ID!, $after: String) { collection(id: $id) { title products(first: 2, after: $after) {
      nodes { handle } pageInfo { hasNextPage endCursor } } } }`;
    type Page = { collection: { title: string; products: Conn<{ handle: string }> } };
    const one = await data<Page>(shop, token, query, { id: byHandle.collectionByHandle.id });
    expect(one.collection.title).toBe("新茶");
    expect(one.collection.products.nodes.map((p) => p.handle)).toEqual(["yame-sencha", "uji-matcha"]);
    expect(one.collection.products.pageInfo.hasNextPage).toBe(true);
    const two = await data<Page>(shop, token, query, { id: byHandle.collectionByHandle.id, after: one.collection.products.pageInfo.endCursor });
    expect(two.collection.products.nodes.map((p) => p.handle)).toEqual(["cold-brew-tea"]);
    expect(two.collection.products.pageInfo.hasNextPage).toBe(false);

    const tea = await data<{ collectionByHandle: { products: Conn<{ productType: string }> } }>(
      shop,
      token,
      `{ collectionByHandle(handle: "tea") { products(first: 50) { nodes { productType } } } }`,
    );
    expect(tea.collectionByHandle.products.nodes).toHaveLength(4);
    expect(new Set(tea.collectionByHandle.products.nodes.map((p) => p.productType))).toEqual(new Set(["お茶"]));
  });

  it("answers Product.collections and inCollection", async () => {
    const { shop, token } = setup();
    const res = await data<{ products: { nodes: Array<{ handle: string; collections: Conn<{ handle: string }> }> }; collectionByHandle: { id: string } }>(
      shop,
      token,
      `{ products(first: 50, query: "handle:yame-sencha") { nodes { handle collections(first: 10) { nodes { handle } } } }
         collectionByHandle(handle: "chaki") { id } }`,
    );
    expect(res.products.nodes[0]!.collections.nodes.map((c) => c.handle).sort()).toEqual(["shincha", "tea"]);
    const id = res.collectionByHandle.id;
    const inside = await data<{ products: { nodes: Array<{ handle: string; inCollection: boolean }> } }>(
      shop,
      token,
      `query($id: ID!) { products(first: 50) { nodes { handle inCollection(id: $id) } } }`,
      { id },
    );
    expect(inside.products.nodes.filter((p) => p.inCollection).map((p) => p.handle).sort()).toEqual(
      ["arita-mamezara", "arita-yunomi", "nanbu-tetsubin", "tokoname-kyusu"],
    );
  });

  it("charges Shopify's connection cost for nested products", async () => {
    const { shop, token } = setup();
    const res = await api.gql(shop, token, "{ collections(first: 10) { nodes { id products(first: 5) { nodes { id } } } } }");
    // 2 + 10 × (1 collection + (2 + 5 × 1 product))
    expect(res.body.extensions?.cost?.requestedQueryCost).toBe(82);
    // Actual: 5 collections (1 + 2 each) holding 3, 6, 4, 4 and 2 products, at most 5 of them per page.
    expect(res.body.extensions?.cost?.actualQueryCost).toBe(2 + 5 * 3 + (3 + 5 + 4 + 4 + 2));
  });

  it("keeps shops apart and needs read_products", async () => {
    const a = setup();
    const b = setup();
    const { collectionByHandle } = await data<{ collectionByHandle: { id: string } }>(a.shop, a.token, `{ collectionByHandle(handle: "gift") { id } }`);
    const other = await data<{ collection: unknown; node: unknown }>(b.shop, b.token, `query($id: ID!) { collection(id: $id) { id } node(id: $id) { id } }`, { id: collectionByHandle.id });
    expect(other).toEqual({ collection: null, node: null });
    const own = await data<{ node: { __typename: string; title: string } }>(a.shop, a.token, `query($id: ID!) { node(id: $id) { __typename ... on Collection { title } } }`, { id: collectionByHandle.id });
    expect(own.node).toEqual({ __typename: "Collection", title: "ギフト" });

    const noScope = setup("ja", "read_customers");
    const denied = await api.gql(noScope.shop, noScope.token, "{ collections(first: 1) { nodes { id } } }");
    expect(Array.isArray(denied.body.errors) && denied.body.errors[0]?.extensions?.code).toBe("ACCESS_DENIED");
  });
});

describe("collection mutations", () => {
  it("creates, changes and deletes a collection, emitting collections/create, update and delete", async () => {
    const { shop, token } = setup();
    const products = await data<{ products: { nodes: Array<{ id: string; handle: string }> } }>(shop, token, "{ products(first: 3) { nodes { id handle } } }");
    const [p1, p2, p3] = products.products.nodes;
    const before = api.ctx.webhooks.events.length;

    const created = await data<{ collectionCreate: { collection: { id: string; handle: string; products: Conn<{ id: string }> }; userErrors: unknown[] } }>(
      shop,
      token,
      `mutation($input: CollectionInput!) { collectionCreate(input: $input) { collection { id handle products(first: 10) { nodes { id } } } userErrors { field message } } }`,
      { input: { title: "秋の新作", handle: "autumn", products: [p1!.id, p2!.id] } },
    );
    expect(created.collectionCreate.userErrors).toEqual([]);
    const id = created.collectionCreate.collection.id;
    expect(created.collectionCreate.collection.products.nodes.map((n) => n.id)).toEqual([p1!.id, p2!.id]);

    const added = await data<{ collectionAddProducts: { collection: { products: Conn<{ id: string }> }; userErrors: unknown[] } }>(
      shop,
      token,
      `mutation($id: ID!, $ids: [ID!]!) { collectionAddProducts(id: $id, productIds: $ids) { collection { products(first: 10) { nodes { id } } } userErrors { message } } }`,
      { id, ids: [p3!.id] },
    );
    expect(added.collectionAddProducts.collection.products.nodes.map((n) => n.id)).toEqual([p1!.id, p2!.id, p3!.id]);
    await data(shop, token, `mutation($id: ID!, $ids: [ID!]!) { collectionRemoveProducts(id: $id, productIds: $ids) { userErrors { message } } }`, { id, ids: [p1!.id] });
    await data(shop, token, `mutation($input: CollectionInput!) { collectionUpdate(input: $input) { userErrors { message } } }`, { input: { id, title: "秋の新作2" } });
    const deleted = await data<{ collectionDelete: { deletedCollectionId: string } }>(
      shop,
      token,
      `mutation($id: ID!) { collectionDelete(input: { id: $id }) { deletedCollectionId userErrors { message } } }`,
      { id },
    );
    expect(deleted.collectionDelete.deletedCollectionId).toBe(id);
    const gone = await data<{ collection: unknown }>(shop, token, `query($id: ID!) { collection(id: $id) { id } }`, { id });
    expect(gone.collection).toBeNull();

    const events = api.ctx.webhooks.events.slice(before).filter((e) => e.shop === shop);
    expect(events.map((e) => e.topic)).toEqual(["collections/create", "collections/update", "collections/update", "collections/update", "collections/delete"]);
    expect(events[0]!.payload).toMatchObject({ title: "秋の新作", handle: "autumn", admin_graphql_api_id: id });
    expect(events[3]!.payload).toMatchObject({ title: "秋の新作2" });
    expect(events[4]!.payload).toEqual({ id: Number(id.split("/").pop()), published_scope: "web", admin_graphql_api_id: id });
  });

  it("answers userErrors for a blank title and for products added to a smart collection", async () => {
    const { shop, token } = setup();
    const blank = await data<{ collectionCreate: { collection: unknown; userErrors: unknown[] } }>(
      shop,
      token,
      `mutation { collectionCreate(input: { title: " " }) { collection { id } userErrors { field message } } }`,
    );
    expect(blank.collectionCreate).toEqual({ collection: null, userErrors: [{ field: ["title"], message: "Title can't be blank" }] });
    const tea = await data<{ collectionByHandle: { id: string }; products: { nodes: Array<{ id: string }> } }>(
      shop,
      token,
      `{ collectionByHandle(handle: "tea") { id } products(first: 1) { nodes { id } } }`,
    );
    const smart = await data<{ collectionAddProducts: { collection: unknown; userErrors: Array<{ message: string }> } }>(
      shop,
      token,
      `mutation($id: ID!, $ids: [ID!]!) { collectionAddProducts(id: $id, productIds: $ids) { collection { id } userErrors { message } } }`,
      { id: tea.collectionByHandle.id, ids: [tea.products.nodes[0]!.id] },
    );
    expect(smart.collectionAddProducts.collection).toBeNull();
    expect(smart.collectionAddProducts.userErrors[0]!.message).toMatch(/smart collection/);
  });
});
