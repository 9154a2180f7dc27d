/**
 * "Bought from a collection", run in the real database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql) over
 * rows written by the sync's own writers: each test makes its own shop.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { customerRow, orderRow } from "../../tests/support/sync-rows";
import type { LineItemRow } from "../sync/types";
import { Statement } from "../utils/sql-statement";
import { collectionBoughtCondition } from "./collections-sql";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { isPostgresUrl } = await import("../env.server");
const { upsertCustomers, upsertOrders } = await import("../sync/records.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const dialect = isPostgresUrl(database.url) ? "postgresql" : "sqlite";
const newShop = () => `colsql-${randomUUID().slice(0, 8)}.myshopify.com`;
let nextId = 9_100_000;
const id = () => String(nextId++);

function line(productShopifyId: string | null): LineItemRow {
  return { shopifyId: id(), title: "商品", variantTitle: null, sku: null, quantity: 1, unitPrice: "1000", productShopifyId, variantShopifyId: null };
}

/** Customers, their orders (product ids per order) and collections (product ids per collection) of one shop. */
async function given(
  shop: string,
  spec: {
    customers: Record<string, Array<{ products: string[]; cancelled?: boolean }>>;
    collections: Record<string, string[]>;
  },
) {
  const ids: Record<string, string> = {};
  for (const name of Object.keys(spec.customers)) ids[name] = id();
  await upsertCustomers(shop, Object.values(ids).map((shopifyId) => customerRow(shopifyId)));
  const orders = Object.entries(spec.customers).flatMap(([name, list]) =>
    list.map((o) => orderRow(id(), ids[name]!, 2, { lineItems: o.products.map(line), cancelledAt: o.cancelled ? new Date(Date.UTC(2026, 10, 3)) : null })),
  );
  if (orders.length > 0) await upsertOrders(shop, orders);
  for (const [collection, products] of Object.entries(spec.collections)) {
    await prisma.collection.create({ data: { shop, shopifyId: collection, title: collection } });
    await prisma.collectionProduct.createMany({ data: products.map((p) => ({ shop, collectionShopifyId: collection, productShopifyId: p })) });
  }
  return ids;
}

/** The shop's customers (by test name) the condition selects. */
async function members(shop: string, ids: Record<string, string>, collectionIds: string[], negate = false): Promise<string[]> {
  const s = new Statement(dialect);
  const sql = `SELECT c."shopifyId" AS id FROM "Customer" AS c WHERE c."shop" = ${s.p(shop)} AND ${collectionBoughtCondition(s, { shop, collectionIds, negate })}`;
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string }>>(sql, ...s.params);
  const byId = new Map(Object.entries(ids).map(([name, shopifyId]) => [shopifyId, name]));
  return rows.map((r) => byId.get(r.id) ?? `other:${r.id}`).sort();
}

describe("collectionBoughtCondition", () => {
  it("selects customers with a counted order holding a product of any of the collections", async () => {
    // GIVEN 新茶 = {sencha, matcha}, 茶器 = {yunomi}; 花子 bought sencha, 太郎 yunomi and a towel, 次郎 only a towel
    const shop = newShop();
    const ids = await given(shop, {
      customers: { hanako: [{ products: ["sencha"] }], taro: [{ products: ["towel", "yunomi"] }], jiro: [{ products: ["towel"] }], guestless: [] },
      collections: { "101": ["sencha", "matcha"], "102": ["yunomi"], "103": ["towel"] },
    });
    // WHEN asking for buyers from 新茶, then from 新茶 or 茶器
    // THEN only the customers whose orders hold those products match
    expect(await members(shop, ids, ["101"])).toEqual(["hanako"]);
    expect(await members(shop, ids, ["101", "102"])).toEqual(["hanako", "taro"]);
    expect(await members(shop, ids, ["101", "102"], true)).toEqual(["guestless", "jiro"]);
  });

  it("ignores cancelled orders, products outside the collections and an empty list", async () => {
    const shop = newShop();
    const ids = await given(shop, {
      customers: { hanako: [{ products: ["sencha"], cancelled: true }], taro: [{ products: ["matcha", "bowl"] }] },
      collections: { "201": ["sencha"], "202": ["bowl"] },
    });
    expect(await members(shop, ids, ["201"])).toEqual([]);
    expect(await members(shop, ids, ["202"])).toEqual(["taro"]);
    expect(await members(shop, ids, [])).toEqual([]);
    expect(await members(shop, ids, [], true)).toEqual(["hanako", "taro"]);
  });

  it("never reads another shop's collections or orders", async () => {
    // GIVEN the same collection id and product in two shops: only the second shop's customer bought it there
    const shop = newShop();
    const other = newShop();
    const ids = await given(shop, { customers: { hanako: [{ products: ["bowl"] }] }, collections: { "301": ["sencha"] } });
    const otherIds = await given(other, { customers: { taro: [{ products: ["sencha"] }] }, collections: { "301": ["bowl"] } });
    expect(await members(shop, ids, ["301"])).toEqual([]);
    expect(await members(other, otherIds, ["301"])).toEqual([]);
  });

  it("numbers PostgreSQL placeholders in the order of the text, continuing the statement", () => {
    const s = new Statement("postgresql");
    s.p("earlier");
    const sql = collectionBoughtCondition(s, { shop: "a.myshopify.com", collectionIds: ["1", "2", "1"], customer: `"Customer"` });
    expect(sql.startsWith(`"Customer"."shopifyId" IN (`)).toBe(true);
    expect(sql.match(/\$\d+/g)).toEqual(["$2", "$3", "$4", "$5", "$6"]);
    expect(s.params).toEqual(["earlier", "a.myshopify.com", "a.myshopify.com", "1", "2", "a.myshopify.com"]);
  });
});

describe("the collectionBought rule field", () => {
  it("selects buyers from any, each or none of the collections through the compiled rule", async () => {
    const { compileRule } = await import("./compile.server");
    const { parseRule } = await import("./rule");
    const shop = newShop();
    const ids = await given(shop, {
      customers: { aki: [{ products: ["P1"] }], ben: [{ products: ["P1", "P2"] }], chie: [{ products: ["P3"] }], dan: [] },
      collections: { C1: ["P1"], C2: ["P2"] },
    });
    const run = async (operator: string, value: string[]) => {
      const parsed = parseRule(JSON.stringify({ type: "group", op: "and", children: [{ type: "condition", field: "collectionBought", operator, value }] }));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed));
      const where = compileRule(parsed.rule, { shop, dialect, now: new Date() });
      const rows = await prisma.$queryRawUnsafe<Array<{ id: string }>>(`SELECT "shopifyId" AS id FROM "Customer" WHERE ${where.sql}`, ...where.params);
      const byId = new Map(Object.entries(ids).map(([name, shopifyId]) => [shopifyId, name]));
      return rows.map((r) => byId.get(r.id) ?? `other:${r.id}`).sort();
    };
    expect(await run("includesAny", ["C1", "C2"])).toEqual(["aki", "ben"]);
    expect(await run("includesAll", ["C1", "C2"])).toEqual(["ben"]);
    expect(await run("excludesAll", ["C1"])).toEqual(["chie", "dan"]);
  });
});
