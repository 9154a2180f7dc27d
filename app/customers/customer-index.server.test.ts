import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { customerRow, day, orderRow } from "../../tests/support/sync-rows";
import type { CustomerRow, OrderRow } from "../sync/types";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { upsertCustomers, upsertOrders, markCustomerDeleted } = await import("../sync/records.server");
const { bulkLoadCustomers, closeBulkLoader } = await import("../sync/bulk-load.server");
const { redactCustomer } = await import("../compliance/customer-redact.server");
const { CustomersRedactPayload } = await import("../compliance/payloads");
const { CustomerIndexQuery, PAGE_SIZE, searchCustomers } = await import("./customer-index.server");
const { createSegment } = await import("../segments/segments.server");

afterAll(async () => {
  await closeBulkLoader();
  await prisma.$disconnect();
  await database.drop();
});

// A missing search index makes the SQLite path log and fall back to a table scan: that must not happen here.
let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

const newShop = () => `index-${randomUUID().slice(0, 8)}.myshopify.com`;
let nextId = 7_100_000;

function customer(patch: Partial<CustomerRow> = {}): CustomerRow {
  const shopifyId = String(nextId++);
  return customerRow(shopifyId, { email: `c${shopifyId}@example.com`, ...patch });
}

function order(customerShopifyId: string, name: string): OrderRow {
  return orderRow(String(nextId++), customerShopifyId, 2, { name, fulfillmentStatus: "FULFILLED" });
}

async function search(shop: string, params: Record<string, string>) {
  return searchCustomers(shop, CustomerIndexQuery.parse(params));
}

const ids = (page: { rows: { shopifyId: string }[] }) => page.rows.map((r) => r.shopifyId);

describe("searchCustomers: search words", () => {
  it("finds the katakana reading from hiragana, katakana and half-width kana", async () => {
    const shop = newShop();
    const yamada = customer({ lastName: "山田", firstName: "花子" });
    const other = customer({ lastName: "佐藤", firstName: "花子" });
    await upsertCustomers(shop, [yamada, other]);
    // Saved by the reading editor as full-width katakana (app/customers/kana.ts).
    await prisma.customer.updateMany({ where: { shop, shopifyId: yamada.shopifyId }, data: { nameKana: "ヤマダ ハナコ" } });

    for (const q of ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "はなこ", "やまだ はなこ"]) {
      const page = await search(shop, { q });
      expect(ids(page), q).toEqual([yamada.shopifyId]);
      expect(page.total, q).toBe(1);
    }
  });

  it("finds a two-character kanji name in either name field, and every word of a multi-word query", async () => {
    const shop = newShop();
    const hanako = customer({ lastName: "山田", firstName: "花子" });
    const taro = customer({ lastName: "山田", firstName: "太郎" });
    const sato = customer({ lastName: "佐藤", firstName: "花子" });
    const swapped = customer({ lastName: "花子", firstName: "山田" });
    await upsertCustomers(shop, [hanako, taro, sato, swapped]);

    expect(ids(await search(shop, { q: "山田", sort: "createdAt", dir: "asc" })).sort()).toEqual(
      [hanako.shopifyId, taro.shopifyId, swapped.shopifyId].sort(),
    );
    expect(ids(await search(shop, { q: "山田 花子" })).sort()).toEqual([hanako.shopifyId, swapped.shopifyId].sort());
    expect((await search(shop, { q: "山田 花子 太郎" })).total).toBe(0);
  });

  it("matches part of an email whatever the ASCII case, and % or _ only as themselves", async () => {
    const shop = newShop();
    const icloud = customer({ email: "Hanako.Yamada@iCloud.com" });
    const underscore = customer({ email: "a_b@example.com" });
    const plain = customer({ email: "axb@example.com" });
    await upsertCustomers(shop, [icloud, underscore, plain]);

    expect(ids(await search(shop, { q: "icloud" }))).toEqual([icloud.shopifyId]);
    expect(ids(await search(shop, { q: "YAMADA@" }))).toEqual([icloud.shopifyId]);
    expect(ids(await search(shop, { q: "a_b" }))).toEqual([underscore.shopifyId]);
    expect((await search(shop, { q: "%" })).total).toBe(0);
  });

  it("matches a phone typed with hyphens, and the hyphen-free digits in no other field", async () => {
    const shop = newShop();
    const phone = customer({ phone: "+819012345678" });
    const digitsInEmail = customer({ email: "x9012345678@example.com" });
    await upsertCustomers(shop, [phone, digitsInEmail]);

    expect(ids(await search(shop, { q: "90-1234-5678" }))).toEqual([phone.shopifyId]);
    expect(ids(await search(shop, { q: "1234-5678" }))).toEqual([phone.shopifyId]);
    expect(ids(await search(shop, { q: "9012345678" })).sort()).toEqual([phone.shopifyId, digitsInEmail.shopifyId].sort());
  });

  it("finds the customer of an order number typed with or without #", async () => {
    const shop = newShop();
    const buyer = customer({ lastName: "田中" });
    await upsertCustomers(shop, [buyer, customer()]);
    await upsertOrders(shop, [order(buyer.shopifyId, "#1001")]);

    expect(ids(await search(shop, { q: "#1001" }))).toEqual([buyer.shopifyId]);
    expect(ids(await search(shop, { q: "1001" }))).toEqual([buyer.shopifyId]);
    expect((await search(shop, { q: "1002" })).total).toBe(0);
  });
});

describe("searchCustomers: who is listed", () => {
  it("leaves out deleted and redacted customers and other shops' customers", async () => {
    const shop = newShop();
    const elsewhere = newShop();
    const kept = customer({ lastName: "山田" });
    const deleted = customer({ lastName: "山田" });
    const redacted = customer({ lastName: "山田", email: "redact.me@example.com" });
    await upsertCustomers(shop, [kept, deleted, redacted]);
    await upsertCustomers(elsewhere, [customer({ lastName: "山田" })]);
    await markCustomerDeleted(shop, deleted.shopifyId, day(3));
    await redactCustomer(shop, CustomersRedactPayload.parse({ customer: { id: redacted.shopifyId, email: redacted.email }, orders_to_redact: [] }));

    for (const params of [{ q: "山田" }, {}, { minOrders: "0" }] as Record<string, string>[]) {
      const page = await search(shop, params);
      expect(ids(page), JSON.stringify(params)).toEqual([kept.shopifyId]);
      expect(page.total).toBe(1);
    }
    expect((await search(shop, { q: "redact.me" })).total).toBe(0);
  });

  it("searches what the bulk loader wrote, and follows its later updates", async () => {
    const shop = newShop();
    const row = customer({ lastName: "鈴木", email: "suzuki@example.com" });
    await bulkLoadCustomers(shop, [row]);
    expect(ids(await search(shop, { q: "鈴木" }))).toEqual([row.shopifyId]);

    await bulkLoadCustomers(shop, [{ ...row, lastName: "高橋", shopifyUpdatedAt: day(5) }]);
    expect((await search(shop, { q: "鈴木" })).total).toBe(0);
    expect(ids(await search(shop, { q: "高橋" }))).toEqual([row.shopifyId]);
  });
});

describe("searchCustomers: filters, sort and pages", () => {
  it("filters on an exact tag together with search and order facts, sorted by spend", async () => {
    const shop = newShop();
    const big = customer({ lastName: "山本", tags: ["VIP", "リピーター"] });
    const small = customer({ lastName: "山口", tags: ["VIP"] });
    const notVip = customer({ lastName: "山下", tags: ["VIP2", "vip"] });
    const oneOrder = customer({ lastName: "山崎", tags: ["VIP"] });
    await upsertCustomers(shop, [big, small, notVip, oneOrder]);
    const facts = (shopifyId: string, ordersCount: number, totalSpent: number) =>
      prisma.customer.updateMany({ where: { shop, shopifyId }, data: { ordersCount, totalSpent, lastOrderAt: day(ordersCount) } });
    await facts(big.shopifyId, 5, 50_000);
    await facts(small.shopifyId, 2, 8_000);
    await facts(notVip.shopifyId, 9, 90_000);
    await facts(oneOrder.shopifyId, 1, 99_000);

    const page = await search(shop, { q: "山", tag: "VIP", minOrders: "2", sort: "totalSpent", dir: "desc" });
    expect(ids(page)).toEqual([big.shopifyId, small.shopifyId]);
    expect(page.total).toBe(2);
    expect(page.rows[0]).toMatchObject({ lastName: "山本", ordersCount: 5, totalSpent: "50000", tags: ["VIP", "リピーター"] });
    expect(page.tags).toEqual(["VIP", "VIP2", "vip", "リピーター"].sort());
    expect(ids(await search(shop, { tag: "VIP", minSpent: "10000", maxSpent: "60000" }))).toEqual([big.shopifyId]);
    expect(ids(await search(shop, { lastOrderFrom: day(2).toISOString(), lastOrderTo: day(5).toISOString(), sort: "ordersCount", dir: "asc" }))).toEqual([
      small.shopifyId,
      big.shopifyId,
    ]);
  });

  it("puts customers without orders last in both directions of the last-order sort", async () => {
    const shop = newShop();
    const never = customer();
    const early = customer();
    const late = customer();
    await upsertCustomers(shop, [never, early, late]);
    await prisma.customer.updateMany({ where: { shop, shopifyId: early.shopifyId }, data: { lastOrderAt: day(2), ordersCount: 1 } });
    await prisma.customer.updateMany({ where: { shop, shopifyId: late.shopifyId }, data: { lastOrderAt: day(9), ordersCount: 1 } });

    expect(ids(await search(shop, {}))).toEqual([late.shopifyId, early.shopifyId, never.shopifyId]);
    expect(ids(await search(shop, { sort: "lastOrderAt", dir: "asc" }))).toEqual([early.shopifyId, late.shopifyId, never.shopifyId]);
    expect(ids(await search(shop, { q: "example", sort: "lastOrderAt", dir: "asc" }))).toEqual([early.shopifyId, late.shopifyId, never.shopifyId]);
  });

  it("pages through the matches with the exact total on every page, also past the end", async () => {
    const shop = newShop();
    const rows = Array.from({ length: PAGE_SIZE + 7 }, (_, i) => customer({ lastName: `山${i}`, shopifyCreatedAt: day(1 + (i % 20)) }));
    await bulkLoadCustomers(shop, rows);

    for (const params of [{}, { q: "山" }] as Record<string, string>[]) {
      const first = await search(shop, { ...params, sort: "name", dir: "asc" });
      const second = await search(shop, { ...params, sort: "name", dir: "asc", page: "2" });
      const past = await search(shop, { ...params, page: "3" });
      expect([first.total, second.total, past.total]).toEqual([rows.length, rows.length, rows.length]);
      expect(first.rows).toHaveLength(PAGE_SIZE);
      expect(second.rows).toHaveLength(7);
      expect(past.rows).toHaveLength(0);
      expect(new Set([...ids(first), ...ids(second)]).size).toBe(rows.length);
    }
  });
});

describe("searchCustomers: a segment's members", () => {
  it("ANDs the segment's rule with search and filters, and names the segment", async () => {
    const shop = newShop();
    const vipBuyer = customer({ lastName: "山田", tags: ["VIP"] });
    const vipNoOrder = customer({ lastName: "山田", tags: ["VIP"] });
    const buyer = customer({ lastName: "佐藤" });
    await upsertCustomers(shop, [vipBuyer, vipNoOrder, buyer]);
    await upsertOrders(shop, [order(vipBuyer.shopifyId, "#2001"), order(buyer.shopifyId, "#2002")]);
    const rule = { type: "group", op: "and", children: [{ type: "condition", field: "tags", operator: "includesAny", value: ["VIP"] }] };
    const created = await createSegment(shop, null, { name: "VIP", rule: JSON.stringify(rule) });
    if (!created.ok) throw new Error("segment not created");
    const segment = created.segment.id;

    const page = await search(shop, { segment });
    expect(ids(page).sort()).toEqual([vipBuyer.shopifyId, vipNoOrder.shopifyId].sort());
    expect(page.total).toBe(2);
    expect(page.segment).toEqual({ id: segment, name: "VIP" });
    expect(ids(await search(shop, { segment, minOrders: "1" }))).toEqual([vipBuyer.shopifyId]);
    expect(ids(await search(shop, { segment, q: "山田", sort: "name", dir: "asc" })).sort()).toEqual([vipBuyer.shopifyId, vipNoOrder.shopifyId].sort());
    expect((await search(shop, { segment, q: "佐藤" })).total).toBe(0);
  });

  it("lists nobody for a segment of another shop or one that does not exist", async () => {
    const shop = newShop();
    const elsewhere = newShop();
    await upsertCustomers(shop, [customer()]);
    const created = await createSegment(elsewhere, null, { name: "all", rule: JSON.stringify({ type: "group", op: "and", children: [] }) });
    if (!created.ok) throw new Error("segment not created");
    for (const segment of [created.segment.id, "missing"]) {
      const page = await search(shop, { segment });
      expect(page.total).toBe(0);
      expect(page.segment).toEqual({ id: segment, name: null });
    }
  });
});
