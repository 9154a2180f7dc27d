import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { customerRow, day, orderRow } from "../../tests/support/sync-rows";
import type { CustomerRow, OrderRow } from "../sync/types";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { upsertCustomers, upsertOrders } = await import("../sync/records.server");
const { recomputeAllCustomerFacts, recomputeCustomerFacts } = await import("./facts.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `facts-${randomUUID().slice(0, 8)}.myshopify.com`;

function customer(shopifyId: string): CustomerRow {
  return customerRow(shopifyId, { locale: "en" });
}

function order(shopifyId: string, customerShopifyId: string | null, total: string, processed: number, patch: Partial<OrderRow> = {}): OrderRow {
  return orderRow(shopifyId, customerShopifyId, processed, { currencyCode: "USD", subtotalPrice: total, totalPrice: total, ...patch });
}

async function facts(shop: string, shopifyId: string) {
  const c = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId } } });
  return {
    ordersCount: c.ordersCount,
    totalSpent: c.totalSpent.toString(),
    averageOrderValue: c.averageOrderValue.toString(),
    firstOrderAt: c.firstOrderAt,
    lastOrderAt: c.lastOrderAt,
    preferredChannel: c.preferredChannel,
  };
}

describe("customer facts", () => {
  it("sum the customer's orders and follow a cancellation, without touching other customers", async () => {
    const shop = newShop();
    await upsertCustomers(shop, ["a", "b"].map(customer));
    await upsertOrders(shop, [
      order("1", "a", "10.50", 3),
      order("2", "a", "20.00", 5, { sourceName: "pos" }),
      order("3", "a", "12.00", 9),
      order("4", "b", "99.99", 4),
    ]);

    expect(await facts(shop, "a")).toEqual({
      ordersCount: 3,
      totalSpent: "42.5",
      averageOrderValue: "14.17",
      firstOrderAt: day(3),
      lastOrderAt: day(9),
      preferredChannel: "web",
    });

    // WHEN the last order is cancelled
    await upsertOrders(shop, [order("3", "a", "12.00", 9, { cancelledAt: day(10), shopifyUpdatedAt: day(10), financialStatus: "REFUNDED" })]);

    expect(await facts(shop, "a")).toMatchObject({ ordersCount: 2, totalSpent: "30.5", averageOrderValue: "15.25", lastOrderAt: day(5) });
    expect((await facts(shop, "b")).ordersCount).toBe(1);
  });

  it("prefer the channel used most, and on a tie the one used most recently", async () => {
    const shop = newShop();
    await upsertCustomers(shop, [customer("a")]);
    await upsertOrders(shop, [order("1", "a", "1", 3, { sourceName: "web" }), order("2", "a", "1", 6, { sourceName: "pos" })]);
    expect((await facts(shop, "a")).preferredChannel).toBe("pos");
    await upsertOrders(shop, [order("3", "a", "1", 7, { sourceName: "web" })]);
    expect((await facts(shop, "a")).preferredChannel).toBe("web");
  });

  it("reach a customer whose orders arrived before the customer did", async () => {
    const shop = newShop();
    await upsertOrders(shop, [order("1", "late", "5.00", 2)]);
    await upsertCustomers(shop, [customer("late")]);
    expect(await facts(shop, "late")).toMatchObject({ ordersCount: 1, totalSpent: "5", lastOrderAt: day(2) });
  });

  it("move with an order that changes customer", async () => {
    const shop = newShop();
    await upsertCustomers(shop, ["a", "b"].map(customer));
    await upsertOrders(shop, [order("1", "a", "5.00", 2)]);
    await upsertOrders(shop, [order("1", "b", "5.00", 2, { shopifyUpdatedAt: day(3) })]);
    expect((await facts(shop, "a")).ordersCount).toBe(0);
    expect((await facts(shop, "a")).lastOrderAt).toBeNull();
    expect((await facts(shop, "b")).ordersCount).toBe(1);
  });

  it("come out the same from the set-based recomputation of the whole shop as from the incremental one", async () => {
    const shop = newShop();
    const other = newShop();
    const ids = ["a", "b", "c", "d"];
    await upsertCustomers(shop, ids.map(customer));
    await upsertCustomers(other, [customer("a")]);
    await upsertOrders(
      shop,
      [
        order("1", "a", "10.00", 1),
        order("2", "a", "15.25", 2, { sourceName: "pos" }),
        order("3", "a", "7.00", 8, { sourceName: "pos" }),
        order("4", "b", "3.33", 4),
        order("5", "b", "3.33", 5, { cancelledAt: day(6) }),
        order("6", "c", "1.00", 2, { cancelledAt: day(3) }),
        order("7", null, "50.00", 2),
      ],
      { recomputeFacts: false },
    );
    await upsertOrders(other, [order("1", "a", "77.00", 1)]);
    // Stale facts on "d" (no orders) must be reset.
    await prisma.customer.updateMany({ where: { shop, shopifyId: "d" }, data: { ordersCount: 4, totalSpent: "1" } });

    await recomputeAllCustomerFacts(shop);
    const setBased = await Promise.all(ids.map((id) => facts(shop, id)));
    await recomputeCustomerFacts(shop, ids);
    const incremental = await Promise.all(ids.map((id) => facts(shop, id)));

    expect(setBased).toEqual(incremental);
    expect(setBased[0]).toEqual({
      ordersCount: 3,
      totalSpent: "32.25",
      averageOrderValue: "10.75",
      firstOrderAt: day(1),
      lastOrderAt: day(8),
      preferredChannel: "pos",
    });
    expect(setBased[1]).toMatchObject({ ordersCount: 1, totalSpent: "3.33", averageOrderValue: "3.33" });
    expect(setBased[2]).toMatchObject({ ordersCount: 0, totalSpent: "0", lastOrderAt: null, preferredChannel: null });
    expect(setBased[3]).toMatchObject({ ordersCount: 0, totalSpent: "0" });
    expect((await facts(other, "a")).totalSpent).toBe("77");
  });
});
