import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { customerRow, orderRow } from "../../tests/support/sync-rows";
import type { CustomerRow, OrderRow } from "./types";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { markCustomerDeleted, upsertCheckouts, upsertCustomers, upsertOrders } = await import("./records.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `records-${randomUUID().slice(0, 8)}.myshopify.com`;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));

/** Customer `shopifyId` as last updated at `minute` (the shared row with this file's name and consent). */
function customer(shopifyId: string, minute: number, patch: Partial<CustomerRow> = {}): CustomerRow {
  return customerRow(shopifyId, {
    firstName: "花子",
    lastName: "山田",
    email: `${shopifyId}@example.jp`,
    state: "ENABLED",
    marketingState: "NOT_SUBSCRIBED",
    marketingOptInLevel: "SINGLE_OPT_IN",
    shopifyCreatedAt: at(0),
    shopifyUpdatedAt: at(minute),
    ...patch,
  });
}

/** Customer c1's order `shopifyId`, processed at minute 0 and last updated at `minute`, with one line item. */
function order(shopifyId: string, minute: number, patch: Partial<OrderRow> = {}): OrderRow {
  return orderRow(shopifyId, "c1", 1, {
    processedAt: at(0),
    shopifyCreatedAt: at(0),
    shopifyUpdatedAt: at(minute),
    lineItems: [
      { shopifyId: `${shopifyId}-1`, title: "緑茶", variantTitle: null, sku: null, quantity: 1, unitPrice: "1000", productShopifyId: null, variantShopifyId: null },
    ],
    ...patch,
  });
}

const tagsOf = async (shop: string, id: string) =>
  (await prisma.customerTag.findMany({ where: { shop, customerShopifyId: id }, orderBy: { tag: "asc" } })).map((t) => t.tag);

describe("upsertCustomers", () => {
  it("keeps the newest version whatever order the writes arrive in, an equal one changing nothing", async () => {
    const shop = newShop();
    await upsertCustomers(shop, [customer("c1", 5, { firstName: "新", tags: ["vip"] })]);

    const older = await upsertCustomers(shop, [customer("c1", 1, { firstName: "旧", tags: ["old"] })]);
    const same = await upsertCustomers(shop, [customer("c1", 5, { firstName: "同" })]);

    expect([older.written, same.written]).toEqual([0, 0]);
    const row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "c1" } } });
    expect(row).toMatchObject({ firstName: "新", tags: "vip" });
    expect(await tagsOf(shop, "c1")).toEqual(["vip"]);
  });

  it("replaces the tag set and the default-address columns when a newer version wins", async () => {
    const shop = newShop();
    await upsertCustomers(shop, [customer("c1", 1, { tags: ["a", "b"] })]);
    const address = { firstName: null, lastName: null, company: null, address1: "梅田2-2", address2: null, city: "大阪市", province: "大阪府", provinceCode: "27", country: "Japan", countryCode: "JP", zip: "530-0001", phone: null };

    const { written } = await upsertCustomers(shop, [customer("c1", 2, { tags: ["b", "c"], addresses: [address], locale: null })]);

    expect(written).toBe(1);
    expect(await tagsOf(shop, "c1")).toEqual(["b", "c"]);
    const row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "c1" } } });
    // REST payloads carry no locale: the known one stays.
    expect(row).toMatchObject({ provinceCode: "27", countryCode: "JP", zip: "530-0001", tags: "b, c", locale: "ja" });
    expect(JSON.parse(row.addresses)).toEqual([address]);
  });

  it("writes a batch of new and changed customers, taking the newest of duplicates within the batch", async () => {
    const shop = newShop();
    await upsertCustomers(shop, [customer("c1", 1)]);

    const { written } = await upsertCustomers(shop, [
      customer("c1", 3, { firstName: "三" }),
      customer("c2", 2, { firstName: "二" }),
      customer("c2", 4, { firstName: "四" }),
      ...Array.from({ length: 50 }, (_, i) => customer(`n${i}`, 1)),
    ]);

    expect(written).toBe(52);
    const names = await prisma.customer.findMany({ where: { shop, shopifyId: { in: ["c1", "c2"] } }, orderBy: { shopifyId: "asc" } });
    expect(names.map((c) => c.firstName)).toEqual(["三", "四"]);
    expect(await prisma.customer.count({ where: { shop } })).toBe(52);
  });

  it("does not touch another shop's customer with the same id", async () => {
    const [a, b] = [newShop(), newShop()];
    await upsertCustomers(a, [customer("c1", 1, { firstName: "A" })]);
    await upsertCustomers(b, [customer("c1", 9, { firstName: "B" })]);
    const row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop: a, shopifyId: "c1" } } });
    expect(row.firstName).toBe("A");
  });
});

describe("markCustomerDeleted", () => {
  it("leaves a tombstone that an older update cannot resurrect, while a newer one may", async () => {
    const shop = newShop();
    await upsertCustomers(shop, [customer("c1", 1, { tags: ["vip"] })]);

    await markCustomerDeleted(shop, "c1", at(5));
    const late = await upsertCustomers(shop, [customer("c1", 3, { firstName: "遅" })]);

    expect(late.written).toBe(0);
    let row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "c1" } } });
    expect(row.deletedAt).toEqual(at(5));
    expect(row.firstName).toBe("花子");
    expect(await tagsOf(shop, "c1")).toEqual([]);

    await upsertCustomers(shop, [customer("c1", 7, { firstName: "新" })]);
    row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "c1" } } });
    expect(row).toMatchObject({ deletedAt: null, firstName: "新" });
  });

  it("records a tombstone for a customer never seen, so their earlier create arriving late stays deleted", async () => {
    const shop = newShop();
    await markCustomerDeleted(shop, "c9", at(5));
    await upsertCustomers(shop, [customer("c9", 1)]);
    const row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "c9" } } });
    expect(row.deletedAt).toEqual(at(5));
    expect(row.email).toBeNull();
  });

  it("ignores a delete older than the stored update, and a repeated delete", async () => {
    const shop = newShop();
    await upsertCustomers(shop, [customer("c1", 8)]);
    await markCustomerDeleted(shop, "c1", at(5));
    expect((await prisma.customer.findFirstOrThrow({ where: { shop } })).deletedAt).toBeNull();

    await markCustomerDeleted(shop, "c1", at(9));
    await markCustomerDeleted(shop, "c1", at(10));
    expect((await prisma.customer.findFirstOrThrow({ where: { shop } })).deletedAt).toEqual(at(9));
  });
});

describe("upsertOrders", () => {
  it("replaces line items only when the newer order wins and reports the buyers touched", async () => {
    const shop = newShop();
    await upsertOrders(shop, [order("o1", 1)]);
    const newer = order("o1", 3, {
      totalPrice: "2500",
      lineItems: [
        { shopifyId: "o1-2", title: "抹茶", variantTitle: null, sku: null, quantity: 1, unitPrice: "1500", productShopifyId: null, variantShopifyId: null },
        { shopifyId: "o1-3", title: "煎茶", variantTitle: null, sku: null, quantity: 1, unitPrice: "1000", productShopifyId: null, variantShopifyId: null },
      ],
    });

    const won = await upsertOrders(shop, [newer]);
    const lost = await upsertOrders(shop, [order("o1", 2)]);

    expect(won).toEqual({ written: 1, customerIds: ["c1"] });
    expect(lost).toEqual({ written: 0, customerIds: [] });
    const stored = await prisma.order.findUniqueOrThrow({
      where: { shop_shopifyId: { shop, shopifyId: "o1" } },
      include: { lineItems: { orderBy: { shopifyId: "asc" } } },
    });
    expect(stored.totalPrice.toString()).toBe("2500");
    expect(stored.lineItems.map((l) => l.title)).toEqual(["抹茶", "煎茶"]);
  });

  it("names the previous buyer too when an order moves to another customer", async () => {
    const shop = newShop();
    await upsertOrders(shop, [order("o1", 1, { customerShopifyId: "c1" })]);
    const { customerIds } = await upsertOrders(shop, [order("o1", 2, { customerShopifyId: "c2" })]);
    expect(customerIds.sort()).toEqual(["c1", "c2"]);
  });
});

describe("upsertCheckouts", () => {
  it("keeps the newest checkout and records its completion", async () => {
    const shop = newShop();
    const base = {
      shopifyId: "k1",
      token: "tok",
      customerShopifyId: "c1",
      email: null,
      phone: null,
      currencyCode: "JPY",
      totalPrice: "1980",
      lineItems: [{ title: "緑茶", variantTitle: null, quantity: 1, unitPrice: "1980", productShopifyId: null, variantShopifyId: null }],
      recoveryUrl: "https://example.test/recover",
      completedAt: null,
      shopifyCreatedAt: at(0),
      shopifyUpdatedAt: at(1),
    };
    await upsertCheckouts(shop, [{ ...base, shopifyUpdatedAt: at(4), completedAt: at(4), totalPrice: "3960" }]);
    const stale = await upsertCheckouts(shop, [base]);

    expect(stale.written).toBe(0);
    const row = await prisma.abandonedCheckout.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "k1" } } });
    expect(row.completedAt).toEqual(at(4));
    expect(row.totalPrice.toString()).toBe("3960");
    expect(JSON.parse(row.lineItems)).toHaveLength(1);
  });
});

describe("redacted rows", () => {
  it("never take personal data back, even from a newer update", async () => {
    const shop = newShop();
    await upsertCustomers(shop, [customer("r1", 1, { tags: ["VIP"] })]);
    // customers/redact leaves a tombstone (app/compliance/customer-redact.server.ts).
    await prisma.customer.update({
      where: { shop_shopifyId: { shop, shopifyId: "r1" } },
      data: { firstName: null, lastName: null, email: null, tags: "", redactedAt: at(2) },
    });
    await prisma.customerTag.deleteMany({ where: { shop, customerShopifyId: "r1" } });
    await upsertOrders(shop, [order("ro1", 1, { customerShopifyId: "r1" })]);
    await prisma.order.update({ where: { shop_shopifyId: { shop, shopifyId: "ro1" } }, data: { email: null, redactedAt: at(2) } });

    await upsertCustomers(shop, [customer("r1", 30, { tags: ["VIP"] })]);
    await upsertOrders(shop, [order("ro1", 30, { customerShopifyId: "r1", email: "back@example.jp" })]);

    const row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "r1" } } });
    expect(row).toMatchObject({ firstName: null, lastName: null, email: null });
    expect(await prisma.customerTag.count({ where: { shop, customerShopifyId: "r1" } })).toBe(0);
    const orderRow = await prisma.order.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "ro1" } } });
    expect(orderRow.email).toBeNull();
  });
});
