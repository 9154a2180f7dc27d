import { describe, expect, it } from "vitest";
import { records } from "./db";
import { DevstoreError } from "./errors";
import {
  abandonCheckout,
  cancelOrder,
  completeCheckout,
  createCustomer,
  deleteCustomer,
  placeOrder,
  requestCompliance,
  startCheckout,
  uninstallApp,
  updateCustomer,
} from "./events";
import { createTestShop } from "./test-shop";

describe("customer changes", () => {
  it("creates a customer and emits customers/create with the REST payload", () => {
    const { ctx, shop } = createTestShop();
    const c = createCustomer(ctx, shop, { lastName: "佐藤", firstName: "花子", email: "hanako@example.jp", tags: ["VIP"] });
    expect(records(ctx.db).getCustomer(shop, c.id)?.email).toBe("hanako@example.jp");
    const [event] = ctx.webhooks.events;
    expect(event?.topic).toBe("customers/create");
    expect(event?.payload).toMatchObject({ id: c.id, email: "hanako@example.jp", tags: "VIP", currency: "JPY" });
  });

  it("refuses a second customer with the same email the way Shopify does", () => {
    const { ctx, shop } = createTestShop();
    createCustomer(ctx, shop, { email: "dup@example.jp" });
    expect(() => createCustomer(ctx, shop, { email: "DUP@example.jp" })).toThrowError(/already been taken/);
    expect(ctx.webhooks.events).toHaveLength(1);
  });

  it("updates only the fields given and bumps updatedAt", () => {
    const { ctx, shop } = createTestShop();
    const c = createCustomer(ctx, shop, { lastName: "田中", email: "t@example.jp" }, new Date("2026-01-01T00:00:00Z"));
    const next = updateCustomer(ctx, shop, c.id, { note: "要連絡" }, new Date("2026-02-01T00:00:00Z"));
    expect(next).toMatchObject({ lastName: "田中", email: "t@example.jp", note: "要連絡", updatedAt: "2026-02-01T00:00:00.000Z" });
    expect(ctx.webhooks.events.at(-1)?.topic).toBe("customers/update");
  });

  it("deletes a customer without orders and sends the reduced customers/delete payload", () => {
    const { ctx, shop } = createTestShop();
    const c = createCustomer(ctx, shop, { email: "bye@example.jp", phone: "+819012345678" });
    expect(deleteCustomer(ctx, shop, c.id)).toBe(true);
    expect(records(ctx.db).getCustomer(shop, c.id)).toBeNull();
    expect(ctx.webhooks.events.at(-1)?.payload).toEqual({
      id: c.id,
      phone: null,
      addresses: [],
      tax_exemptions: [],
      email_marketing_consent: null,
      sms_marketing_consent: null,
      admin_graphql_api_id: `gid://shopify/Customer/${c.id}`,
    });
    expect(deleteCustomer(ctx, shop, c.id)).toBe(false);
  });
});

describe("orders", () => {
  it("prices the order from the variants and updates the buyer's aggregates", () => {
    const { ctx, shop, variant } = createTestShop();
    const c = createCustomer(ctx, shop, { email: "buyer@example.jp" });
    const sencha = variant("yame-sencha"); // ¥1,620
    const order = placeOrder(ctx, shop, { customerId: c.id, lines: [{ variantId: sencha.id, quantity: 2 }] });
    expect(order).toMatchObject({ name: "#1001", number: 1001, subtotalPrice: "3240.0", totalShippingPrice: "600.0", totalPrice: "3840.0" });
    // Tea is taxed at the reduced 8% rate, included in the price.
    expect(order.totalTax).toBe("240.0");
    const second = placeOrder(ctx, shop, { customerId: c.id, lines: [{ variantId: variant("nanbu-tetsubin").id, quantity: 1 }] });
    expect(second.number).toBe(1002);
    expect(second.totalShippingPrice).toBe("0.0");
    expect(records(ctx.db).getCustomer(shop, c.id)).toMatchObject({
      numberOfOrders: 2,
      amountSpent: "23640.0",
      lastOrderId: second.id,
    });
    const topics = ctx.webhooks.events.map((e) => e.topic);
    expect(topics).toEqual(["customers/create", "orders/create", "customers/update", "orders/create", "customers/update"]);
  });

  it("excludes a cancelled order from the buyer's aggregates", () => {
    const { ctx, shop, variant } = createTestShop();
    const c = createCustomer(ctx, shop, { email: "buyer@example.jp" });
    const first = placeOrder(ctx, shop, { customerId: c.id, lines: [{ variantId: variant("uji-matcha").id, quantity: 1 }] });
    const second = placeOrder(ctx, shop, { customerId: c.id, lines: [{ variantId: variant("cold-brew-tea").id, quantity: 1 }] });
    ctx.webhooks.events.length = 0;
    const cancelled = cancelOrder(ctx, shop, second.id, "customer");
    expect(cancelled).toMatchObject({ cancelReason: "CUSTOMER", displayFinancialStatus: "REFUNDED" });
    expect(records(ctx.db).getCustomer(shop, c.id)).toMatchObject({
      numberOfOrders: 1,
      amountSpent: first.totalPrice,
      lastOrderId: first.id,
    });
    expect(ctx.webhooks.events.map((e) => e.topic)).toEqual(["orders/cancelled", "orders/updated", "customers/update"]);
    expect(() => cancelOrder(ctx, shop, second.id)).toThrowError(DevstoreError);
  });

  it("creates the buyer first when the order carries a new customer", () => {
    const { ctx, shop, variant } = createTestShop();
    const order = placeOrder(ctx, shop, {
      customer: { lastName: "鈴木", email: "new@example.jp" },
      lines: [{ variantId: variant("yuzu-kosho").id, quantity: 1 }],
      sourceName: "pos",
    });
    expect(order).toMatchObject({ sourceName: "pos", displayFulfillmentStatus: "FULFILLED", shippingAddress: null });
    expect(records(ctx.db).getCustomer(shop, order.customerId!)?.numberOfOrders).toBe(1);
  });

  it("refuses an unknown variant with an INVALID error and writes nothing", () => {
    const { ctx, shop } = createTestShop();
    expect(() => placeOrder(ctx, shop, { lines: [{ variantId: 1, quantity: 1 }] })).toThrowError(
      expect.objectContaining({ code: "INVALID" }),
    );
    expect(ctx.db.prepare("SELECT COUNT(*) AS n FROM orders").get()).toEqual({ n: 0 });
  });

  it("applies a percentage discount code to the subtotal", () => {
    const { ctx, shop, variant } = createTestShop();
    const order = placeOrder(ctx, shop, { lines: [{ variantId: variant("yame-sencha", 1).id, quantity: 2 }], discountCodes: ["WELCOME10"] });
    expect(order).toMatchObject({ subtotalPrice: "5364.0", totalDiscounts: "596.0", totalPrice: "5364.0" });
    expect(ctx.webhooks.events[0]?.payload).toMatchObject({
      discount_codes: [{ code: "WELCOME10", amount: "596", type: "percentage" }],
      total_line_items_price: "5960",
    });
  });
});

describe("checkouts", () => {
  it("emits checkouts/create, nothing on abandon, and orders/create + checkouts/update on completion", () => {
    const { ctx, shop, variant } = createTestShop();
    const c = createCustomer(ctx, shop, { email: "cart@example.jp" });
    ctx.webhooks.events.length = 0;
    const checkout = startCheckout(ctx, shop, { customerId: c.id, lines: [{ variantId: variant("honey-kokusan").id, quantity: 1 }] });
    expect(checkout.email).toBe("cart@example.jp");
    const abandoned = abandonCheckout(ctx, shop, checkout.token);
    expect(abandoned.abandonedAt).not.toBeNull();
    expect(ctx.webhooks.events.map((e) => e.topic)).toEqual(["checkouts/create"]);
    const { order, checkout: done } = completeCheckout(ctx, shop, checkout.token);
    expect(order.checkoutToken).toBe(checkout.token);
    expect(done).toMatchObject({ orderId: order.id });
    expect(done.completedAt).not.toBeNull();
    expect(ctx.webhooks.events.map((e) => e.topic)).toEqual([
      "checkouts/create",
      "orders/create",
      "customers/update",
      "checkouts/update",
    ]);
    expect(ctx.webhooks.events.at(-1)?.payload).toMatchObject({ token: checkout.token, completed_at: expect.stringMatching(/\+09:00$/) });
  });
});

describe("app lifecycle", () => {
  it("revokes the shop's tokens and sends app/uninstalled with the shop object", () => {
    const { ctx, shop } = createTestShop();
    records(ctx.db).putToken({ token: "shpat_x", shop, scope: "read_customers", userId: null, expiresAt: null, createdAt: "2026-01-01T00:00:00Z" });
    uninstallApp(ctx, shop);
    expect(records(ctx.db).getToken("shpat_x")).toBeNull();
    expect(ctx.webhooks.events[0]).toMatchObject({ topic: "app/uninstalled", payload: { myshopify_domain: shop, currency: "JPY" } });
  });

  it("sends customers/redact with the customer's orders", () => {
    const { ctx, shop, variant } = createTestShop();
    const order = placeOrder(ctx, shop, { customer: { email: "gdpr@example.jp" }, lines: [{ variantId: variant("yuzu-kosho").id, quantity: 1 }] });
    ctx.webhooks.events.length = 0;
    requestCompliance(ctx, shop, "customers/redact", order.customerId!);
    const shopRecord = records(ctx.db).getShop(shop)!;
    expect(ctx.webhooks.events[0]?.payload).toEqual({
      shop_id: shopRecord.id,
      shop_domain: shop,
      customer: { id: order.customerId, email: "gdpr@example.jp", phone: null },
      orders_to_redact: [order.id],
    });
  });
});
