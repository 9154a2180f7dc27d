import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getNamedType, type GraphQLObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { records, reserveIds } from "../store/db";
import { createTestContext } from "../testing";
import type { DevstoreContext, MailingAddressRecord, ProductRecord } from "../types";
import { loadAdminSchema } from "../schema";
import { runBulkQueryToFile } from "./bulk";
import { LEAN_FIELDS } from "./bulk-lean";
import { makeCustomer, makeOrder, makeShop } from "./test-support";

let ctx: DevstoreContext;
let dir: string;
beforeAll(() => {
  ctx = createTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulk-fast-"));
});
afterAll(() => {
  ctx.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const address = (id: number, city: string): MailingAddressRecord => ({
  id, firstName: "花子", lastName: "佐藤", company: null, address1: "1-2-3", address2: null, city, province: "Tokyo",
  provinceCode: "JP-13", country: "Japan", countryCodeV2: "JP", zip: "100-0001", phone: null,
});

/** A shop with the shapes that make JSONL differ: missing and deleted customers, cancelled orders, several line items. */
function seededShop(): string {
  const shop = makeShop(ctx).domain;
  const withAddress = makeCustomer(ctx, shop, { firstName: "花子", lastName: "佐藤", tags: ["vip"], addresses: [address(9001, "千代田区")], defaultAddressId: 9001, numberOfOrders: 2, amountSpent: "3960.0" });
  const plain = makeCustomer(ctx, shop, { email: null, phone: "+81312345678" });
  const deleted = makeCustomer(ctx, shop);
  makeOrder(ctx, shop, { customerId: withAddress.id, tags: ["gift"], shippingAddress: address(9002, "港区") });
  makeOrder(ctx, shop, { customerId: withAddress.id, cancelledAt: "2026-02-02T00:00:00.000Z", cancelReason: "CUSTOMER" });
  const many = makeOrder(ctx, shop, { customerId: plain.id });
  const product: ProductRecord = {
    id: reserveIds(ctx.db, "Product"), shop, title: "玉露", handle: `gyokuro-${Math.random()}`, vendor: "Tsunagu", productType: "Tea",
    status: "ACTIVE", tags: [], imageUrl: null, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z",
    variants: [100, 50].map((grams) => ({ id: reserveIds(ctx.db, "ProductVariant"), title: `${grams}g`, sku: null, price: "2000.0", inventoryQuantity: 5, availableForSale: true })),
  };
  records(ctx.db).putProduct(product);
  records(ctx.db).putOrder({
    ...many,
    lineItems: [
      ...many.lineItems,
      { id: many.lineItems[0]!.id + 7, title: "抹茶", variantTitle: "100g", sku: null, vendor: null, quantity: 1, originalUnitPrice: "1500.0", productId: null, variantId: null },
      { id: many.lineItems[0]!.id - 7, title: "煎茶", variantTitle: null, sku: "TEA-2", vendor: "Tsunagu", quantity: 3, originalUnitPrice: "700.0", productId: null, variantId: null },
      // A live product and variant, a variant the product no longer has, and a product that is gone.
      { id: many.lineItems[0]!.id + 8, title: "玉露", variantTitle: "50g", sku: "TEA-3", vendor: "Tsunagu", quantity: 1, originalUnitPrice: "2000.0", productId: product.id, variantId: product.variants[1]!.id },
      { id: many.lineItems[0]!.id + 9, title: "玉露", variantTitle: "1kg", sku: null, vendor: "Tsunagu", quantity: 1, originalUnitPrice: "9000.0", productId: product.id, variantId: 1 },
      { id: many.lineItems[0]!.id + 10, title: "番茶", variantTitle: null, sku: null, vendor: null, quantity: 1, originalUnitPrice: "300.0", productId: product.id + 999, variantId: 5 },
    ],
  });
  makeOrder(ctx, shop, { customerId: deleted.id });
  records(ctx.db).deleteCustomer(shop, deleted.id);
  makeOrder(ctx, shop, { customerId: null });
  return shop;
}

async function exportBoth(shop: string, query: string) {
  const fast = path.join(dir, `fast-${Math.random()}.jsonl`);
  const general = path.join(dir, `general-${Math.random()}.jsonl`);
  const f = await runBulkQueryToFile(ctx, shop, query, fast);
  const g = await runBulkQueryToFile(ctx, shop, query, general, undefined, { generalOnly: true });
  return { fast: fs.readFileSync(fast, "utf8"), general: fs.readFileSync(general, "utf8"), fastBatches: f.fastBatches, counts: [f.objectCount, g.objectCount, f.rootObjectCount, g.rootObjectCount] };
}

const SERVED_FAST: Record<string, string> = {
  "the benchmark's orders with nested line items, a money bag and the customer's id": `{ orders { edges { node { id name processedAt displayFinancialStatus totalPriceSet { shopMoney { amount currencyCode } } customer { id } lineItems { edges { node { id title quantity sku } } } } } } }`,
  "aliases, named and inline fragments, __typename and fields only the mapped objects serve": `{ orders(reverse: true) { nodes { __typename ref: id ...Money ... on Order { closed note tags currentTotalPriceSet { presentmentMoney { amount } } }
      shippingAddress { city formatted(withName: true) } discountCode
      buyer: customer { ... on Customer { displayName email amountSpent { amount currencyCode } defaultAddress { city } addresses { city zip } } }
      lineItems(reverse: true) { nodes { id name variantTitle vendor originalTotalSet { shopMoney { amount } } product { id } originalUnitPriceSet { presentmentMoney { currencyCode } } } edges { cursor node { title } } } } } }
    fragment Money on Order { subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount currencyCode } } }`,
  "customers with nested orders and their line items (depth 2)": `{ customers(query: "") { edges { node { id email numberOfOrders displayName defaultAddress { city } emailMarketingConsent { marketingState }
      orders { edges { node { id name lineItems { nodes { title quantity } } } } } } } } }`,
  "a search and a sort key on the root connection": `{ orders(query: "financial_status:paid", sortKey: PROCESSED_AT, reverse: true) { nodes { name customer { legacyResourceId } } } }`,
  "the app's initial-sync orders query (discount codes, money bags, line items' product and variant)": `{ orders { edges { node { id name email currencyCode
      subtotalPriceSet { shopMoney { amount } } totalPriceSet { shopMoney { amount } } displayFinancialStatus displayFulfillmentStatus sourceName
      discountCodes tags note processedAt cancelledAt createdAt updatedAt customer { id }
      lineItems { edges { node { id title variantTitle sku quantity originalUnitPriceSet { shopMoney { amount } } product { id } variant { id } } } } } } } }`,
  "a root served by query-root.ts rather than lean nodes": `{ abandonedCheckouts { nodes { id } } }`,
};

/** Selects every field the lean nodes compute themselves, so a new one cannot drift from objects.ts unseen. */
function everyLeanField(): string {
  const schema = loadAdminSchema(ctx.config.schemaDir, ctx.config.apiVersion);
  const select = (typeName: "Order" | "Customer" | "LineItem"): string => {
    const type = schema.getType(typeName) as GraphQLObjectType;
    return LEAN_FIELDS[typeName]
      .map((name) => {
        const fieldType = getNamedType(type.getFields()[name]!.type).name;
        if (fieldType === "MoneyBag") return `${name} { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }`;
        if (fieldType === "MoneyV2") return `${name} { amount currencyCode }`;
        if (fieldType === "Customer") return `${name} { ${select("Customer")} }`;
        if (fieldType === "Product" || fieldType === "ProductVariant") return `${name} { id legacyResourceId }`;
        if (fieldType === "LineItemConnection") return `${name} { nodes { ${select("LineItem")} } }`;
        return name;
      })
      .join(" ");
  };
  return `{ orders { nodes { ${select("Order")} } } }`;
}

describe("bulk fast path", () => {
  it("computes every lean field exactly as objects.ts does", async () => {
    const shop = seededShop();
    const query = everyLeanField();
    expect(query).toContain("lineItems { nodes {");
    const { fast, general, fastBatches } = await exportBoth(shop, query);
    expect(fastBatches).toBeGreaterThan(0);
    expect(fast).toBe(general);
  });

  for (const [behaviour, query] of Object.entries(SERVED_FAST)) {
    it(`writes the same JSONL bytes as graphql-js for ${behaviour}`, async () => {
      const shop = seededShop();
      const { fast, general, fastBatches, counts } = await exportBoth(shop, query);
      expect(fast).toBe(general);
      expect(counts[0]).toBe(counts[1]);
      expect(counts[2]).toBe(counts[3]);
      expect(fastBatches).toBeGreaterThan(0);
    });
  }

  it("leaves documents with directives or repeated object fields to graphql-js, with the same output", async () => {
    const shop = seededShop();
    for (const query of [
      `{ orders { nodes { id name @include(if: true) totalPriceSet @skip(if: false) { shopMoney { amount } } } } }`,
      `{ orders { nodes { id totalPriceSet { shopMoney { amount } } ... on Order { totalPriceSet { shopMoney { amount } } } } } }`,
    ]) {
      const { fast, general, fastBatches } = await exportBoth(shop, query);
      expect(fastBatches).toBe(0);
      expect(fast).toBe(general);
      expect(fast.split("\n").length).toBeGreaterThan(2);
    }
  });

  it("pages the root connection across batches without losing or repeating a node", async () => {
    const shop = makeShop(ctx).domain;
    ctx.db.transaction(() => {
      for (let i = 0; i < 1_203; i++) makeCustomer(ctx, shop, { firstName: `客${i}` });
    })();
    const { fast, general, fastBatches, counts } = await exportBoth(shop, `{ customers { nodes { id firstName } } }`);
    expect(fast).toBe(general);
    expect(fastBatches).toBe(2);
    expect(counts[0]).toBe(1_203);
    expect(new Set(fast.trim().split("\n")).size).toBe(1_203);
  });

  it("writes the same bytes when a worker thread computes every other batch of a database file", async () => {
    const fileCtx = createTestContext({ dbPath: path.join(dir, "speculate.sqlite") });
    try {
      const shop = makeShop(fileCtx).domain;
      fileCtx.db.transaction(() => {
        const customers = Array.from({ length: 50 }, () => makeCustomer(fileCtx, shop).id);
        for (let i = 0; i < 4_321; i++) {
          makeOrder(fileCtx, shop, { customerId: customers[i % 50]!, processedAt: new Date(Date.UTC(2026, 0, 1) + (i % 97) * 60_000).toISOString() });
        }
      })();
      const query = `{ orders { edges { node { id processedAt customer { id } lineItems { edges { node { id title } } } } } } }`;
      const fast = path.join(dir, "speculated.jsonl");
      const general = path.join(dir, "speculated-general.jsonl");
      const f = await runBulkQueryToFile(fileCtx, shop, query, fast, undefined, { workerMinBatches: 1 });
      await runBulkQueryToFile(fileCtx, shop, query, general, undefined, { generalOnly: true });
      expect(f.workerBatches).toBeGreaterThan(0);
      expect(f.rootObjectCount).toBe(4_321);
      expect(fs.readFileSync(fast, "utf8")).toBe(fs.readFileSync(general, "utf8"));
    } finally {
      fileCtx.db.close();
    }
  });

  it("fails the way graphql-js does when the token lacks a nested field's scope", async () => {
    const shop = seededShop();
    const scoped = { ...ctx, config: { ...ctx.config, scopes: ["read_orders"] } };
    await expect(runBulkQueryToFile(scoped, shop, `{ orders { nodes { id customer { id } } } }`, path.join(dir, "denied.jsonl"))).rejects.toMatchObject({
      code: "ACCESS_DENIED",
      message: "Access denied for customer field. Required access: `read_customers` access scope.",
    });
  });
});
