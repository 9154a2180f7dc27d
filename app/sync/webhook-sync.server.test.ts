import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { applyCheckoutWebhook, applyCustomerWebhook, applyCustomerWebhooks, applyOrderWebhook, eventVersion } = await import("./webhook-sync.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `hooks-${randomUUID().slice(0, 8)}.myshopify.com`;

const customer = (patch: object = {}) => ({
  id: 42,
  email: "aki@example.com",
  first_name: "Aki",
  last_name: "Sato",
  state: "disabled",
  tags: "",
  created_at: "2026-11-20T10:00:00+09:00",
  updated_at: "2026-11-20T10:00:00+09:00",
  email_marketing_consent: { state: "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: null },
  addresses: [],
  ...patch,
});

const order = (patch: object = {}) => ({
  id: 9,
  name: "#1001",
  email: "aki@example.com",
  currency: "JPY",
  subtotal_price: "3000",
  total_price: "3300",
  total_tax: "300",
  total_discounts: "0",
  financial_status: "paid",
  fulfillment_status: null,
  source_name: "web",
  tags: "",
  customer: { id: 42 },
  processed_at: "2026-11-20T10:05:00+09:00",
  created_at: "2026-11-20T10:05:00+09:00",
  updated_at: "2026-11-20T10:05:00+09:00",
  cancelled_at: null,
  line_items: [{ id: 1, title: "Tea", quantity: 1, price: "3000" }],
  ...patch,
});

// The event times Shopify sends with each payload: the same second as updated_at, to the millisecond.
const createdAt = new Date("2026-11-20T01:00:00.120Z");
const taggedAt = new Date("2026-11-20T01:00:00.480Z");

describe("webhook sync", () => {
  it("orders two changes made within one second by the event time", async () => {
    const shop = newShop();
    // The tag change is processed first; the create, sent earlier in the same second, arrives after it.
    const tagged = await applyCustomerWebhook(shop, "customers/update", customer({ tags: "vip" }), taggedAt);
    const late = await applyCustomerWebhook(shop, "customers/create", customer(), createdAt);

    expect([tagged.status, late.status]).toEqual(["processed", "skipped"]);
    const row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "42" } } });
    expect(row.tags).toBe("vip");
  });

  it("uses the event time only inside the payload's second", () => {
    const updated = new Date("2026-11-20T01:00:00Z");
    expect(eventVersion(updated, new Date("2026-11-20T01:00:00.999Z")).toISOString()).toBe("2026-11-20T01:00:00.999Z");
    expect(eventVersion(updated, new Date("2026-11-20T01:00:01.000Z"))).toEqual(updated);
    expect(eventVersion(updated, new Date("2026-11-20T00:59:59.000Z"))).toEqual(updated);
  });

  it("keeps a deleted customer deleted when their older update arrives afterwards", async () => {
    const shop = newShop();
    await applyCustomerWebhook(shop, "customers/create", customer(), createdAt);
    await applyCustomerWebhook(shop, "customers/delete", { id: 42, phone: null, addresses: [] }, new Date("2026-11-20T02:00:00Z"));
    const late = await applyCustomerWebhook(shop, "customers/update", customer({ first_name: "Late", updated_at: "2026-11-20T10:30:00+09:00" }), new Date("2026-11-20T01:30:00Z"));

    expect(late.status).toBe("skipped");
    const row = await prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "42" } } });
    expect(row.deletedAt).toEqual(new Date("2026-11-20T02:00:00Z"));
    expect(row.firstName).toBe("Aki");
  });

  it("keeps the buyer's facts current through an order and its cancellation", async () => {
    const shop = newShop();
    await applyCustomerWebhook(shop, "customers/create", customer(), createdAt);
    await applyOrderWebhook(shop, "orders/create", order(), new Date("2026-11-20T01:05:00.100Z"));
    const facts = () => prisma.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: "42" } } });
    expect((await facts()).ordersCount).toBe(1);
    expect((await facts()).totalSpent.toString()).toBe("3300");

    const cancelled = order({ cancelled_at: "2026-11-20T11:00:00+09:00", updated_at: "2026-11-20T11:00:00+09:00", financial_status: "refunded" });
    await applyOrderWebhook(shop, "orders/cancelled", cancelled, new Date("2026-11-20T02:00:00.200Z"));
    const replay = await applyOrderWebhook(shop, "orders/create", order(), new Date("2026-11-20T01:05:00.100Z"));

    expect(replay.status).toBe("skipped");
    expect(await facts()).toMatchObject({ ordersCount: 0, lastOrderAt: null });
    const stored = await prisma.order.findFirstOrThrow({ where: { shop } });
    expect(stored.financialStatus).toBe("REFUNDED");
  });

  it("refuses a broken payload with a clear message and writes nothing", async () => {
    const shop = newShop();
    await expect(applyOrderWebhook(shop, "orders/create", order({ line_items: "none" }), new Date())).rejects.toThrow(/Invalid order payload.*line_items/s);
    await expect(applyCheckoutWebhook(shop, "checkouts/create", { id: 1 }, new Date())).rejects.toThrow(/Invalid checkout payload/);
    expect(await prisma.order.count({ where: { shop } })).toBe(0);
    expect(await prisma.abandonedCheckout.count({ where: { shop } })).toBe(0);
  });

  it("writes a group of customer webhooks together with one outcome each, like one after the other", async () => {
    const shop = newShop();
    await applyCustomerWebhook(shop, "customers/create", customer({ id: 7, first_name: "Stored", updated_at: "2026-11-20T12:00:00+09:00" }), new Date("2026-11-20T03:00:00Z"));
    const outcomes = await applyCustomerWebhooks(shop, [
      // New customer 42, then a newer version of it in the same group: the newer wins, the older is skipped.
      { payload: customer(), triggeredAt: createdAt },
      { payload: customer({ tags: "vip" }), triggeredAt: taggedAt },
      // Older than what is stored for customer 7: skipped.
      { payload: customer({ id: 7, first_name: "Old", updated_at: "2026-11-20T09:00:00+09:00" }), triggeredAt: new Date("2026-11-20T00:00:00Z") },
      // Not a customer payload: only this event fails.
      { payload: { id: "x" }, triggeredAt: createdAt },
      { payload: customer({ id: 8, first_name: "Ken" }), triggeredAt: createdAt },
    ]);

    expect(outcomes.map((o) => (o instanceof Error ? "error" : o.status))).toEqual(["skipped", "processed", "skipped", "error", "processed"]);
    const rows = await prisma.customer.findMany({ where: { shop }, orderBy: { shopifyId: "asc" }, select: { shopifyId: true, firstName: true, tags: true } });
    expect(rows).toEqual([
      { shopifyId: "42", firstName: "Aki", tags: "vip" },
      { shopifyId: "7", firstName: "Stored", tags: "" },
      { shopifyId: "8", firstName: "Ken", tags: "" },
    ]);
    expect(await prisma.customerTag.findMany({ where: { shop }, select: { customerShopifyId: true, tag: true } })).toEqual([{ customerShopifyId: "42", tag: "vip" }]);
  });
});
