/** Order state changes: placement, edits, fulfillment, cancellation, and the webhooks Shopify sends for each. */
import type { CustomerRecord, DevstoreContext, MailingAddressRecord, OrderRecord, ShopRecord } from "../types";
import { orderPayload } from "../webhooks/payloads";
import { createCustomer, type CustomerInput, emitCustomerUpdate } from "./customer-events";
import { gid, records, reserveIds } from "./db";
import { invalid, notFound } from "./errors";
import { buildLines, computeTotals, type LineInput } from "./pricing";
import { customerAggregates, requireCustomer, requireShop } from "./shops";

export type OrderInput = {
  customerId?: number | null;
  customer?: CustomerInput;
  email?: string;
  lines: LineInput[];
  sourceName?: "web" | "pos";
  discountCodes?: string[];
  processedAt?: string;
  note?: string;
  tags?: string[];
  shippingAddress?: Omit<MailingAddressRecord, "id">;
  checkoutToken?: string;
};

function requireOrder(ctx: DevstoreContext, shop: string, id: number): OrderRecord {
  const order = records(ctx.db).getOrder(shop, id);
  if (!order) throw notFound("Order", id);
  return order;
}

function customerOf(ctx: DevstoreContext, o: OrderRecord): CustomerRecord | null {
  return o.customerId ? records(ctx.db).getCustomer(o.shop, o.customerId) : null;
}

function emitOrder(ctx: DevstoreContext, s: ShopRecord, topic: string, o: OrderRecord): string[] {
  const discounts = computeDiscountsFor(ctx, o);
  return ctx.webhooks.emit({
    shop: s.domain,
    topic,
    payload: orderPayload(o, s, customerOf(ctx, o), discounts),
    subjectGid: gid("Order", o.id),
    triggeredAt: o.updatedAt,
  });
}

/** Re-derives the per-code amounts from the lines (orders keep only the codes, as Order.discountCodes does). */
function computeDiscountsFor(ctx: DevstoreContext, o: OrderRecord) {
  if (o.discountCodes.length === 0) return [];
  const priced = o.lineItems.map((line) => ({ line, reduced: false }));
  return computeTotals(priced, o.currencyCode, o.discountCodes, false).discounts;
}

/** Refreshes the buyer's aggregates after their orders changed; emits customers/update as Shopify does. */
function refreshBuyer(ctx: DevstoreContext, s: ShopRecord, customerId: number | null, now: string): void {
  if (!customerId) return;
  const customer = records(ctx.db).getCustomer(s.domain, customerId);
  if (!customer) return;
  const next = { ...customer, ...customerAggregates(ctx.db, s.domain, customerId, s.currencyCode), updatedAt: now };
  records(ctx.db).putCustomer(next);
  emitCustomerUpdate(ctx, s, next);
}

function nextOrderNumber(ctx: DevstoreContext, shop: string): number {
  const row = ctx.db.prepare("SELECT MAX(number) AS n FROM orders WHERE shop = ?").get(shop) as { n: number | null };
  return (row.n ?? 1000) + 1;
}

/**
 * Places a paid order priced from the shop's variants; emits orders/create, then customers/update for the buyer.
 * With `customer` the buyer is created first (customers/create). POS sales are handed over, so they are fulfilled.
 */
export function placeOrder(ctx: DevstoreContext, shop: string, input: OrderInput, at = new Date()): OrderRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const now = at.toISOString();
    let customer: CustomerRecord | null = null;
    if (input.customer) customer = createCustomer(ctx, shop, input.customer, at);
    else if (input.customerId) customer = requireCustomer(ctx.db, shop, input.customerId);
    const pos = input.sourceName === "pos";
    const priced = buildLines(ctx.db, shop, input.lines);
    const totals = computeTotals(priced, s.currencyCode, input.discountCodes ?? [], !pos);
    const base = input.shippingAddress ?? customer?.addresses.find((a) => a.id === customer?.defaultAddressId) ?? null;
    const address: MailingAddressRecord | null =
      base && !pos ? { ...base, id: reserveIds(ctx.db, "MailingAddress") } : null;
    const processedAt = input.processedAt ?? now;
    if (Number.isNaN(Date.parse(processedAt))) throw invalid("processedAt is not a date", "processedAt");
    const number = nextOrderNumber(ctx, shop);
    const order: OrderRecord = {
      id: reserveIds(ctx.db, "Order"),
      shop,
      name: `#${number}`,
      number,
      customerId: customer?.id ?? null,
      email: input.email ?? customer?.email ?? null,
      phone: customer?.phone ?? null,
      currencyCode: s.currencyCode,
      subtotalPrice: totals.subtotalPrice,
      totalDiscounts: totals.totalDiscounts,
      totalShippingPrice: totals.totalShippingPrice,
      totalTax: totals.totalTax,
      totalPrice: totals.totalPrice,
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: pos ? "FULFILLED" : "UNFULFILLED",
      sourceName: pos ? "pos" : "web",
      discountCodes: input.discountCodes ?? [],
      tags: input.tags ?? [],
      note: input.note ?? null,
      customerLocale: customer?.locale ?? s.primaryLocale,
      lineItems: priced.map((p) => p.line),
      shippingAddress: address,
      billingAddress: address,
      test: false,
      processedAt: new Date(processedAt).toISOString(),
      createdAt: now,
      updatedAt: now,
      cancelledAt: null,
      cancelReason: null,
      closedAt: pos ? now : null,
      fulfilledAt: pos ? now : null,
      checkoutToken: input.checkoutToken ?? null,
    };
    records(ctx.db).putOrder(order);
    ctx.webhooks.emit({
      shop,
      topic: "orders/create",
      payload: orderPayload(order, s, customer, totals.discounts),
      subjectGid: gid("Order", order.id),
      triggeredAt: now,
    });
    refreshBuyer(ctx, s, order.customerId, now);
    return order;
  })();
}

/** Edits the note, tags or email; emits orders/updated. */
export function updateOrder(
  ctx: DevstoreContext,
  shop: string,
  id: number,
  patch: { note?: string | null; tags?: string[]; email?: string },
  at = new Date(),
): OrderRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const order = requireOrder(ctx, shop, id);
    const next: OrderRecord = { ...order, updatedAt: at.toISOString() };
    if (patch.note !== undefined) next.note = patch.note;
    if (patch.tags !== undefined) next.tags = [...new Set(patch.tags)];
    if (patch.email !== undefined) next.email = patch.email;
    records(ctx.db).putOrder(next);
    emitOrder(ctx, s, "orders/updated", next);
    return next;
  })();
}

/** Fulfills every line; emits orders/updated (orders/fulfilled is not subscribed by the app). */
export function fulfillOrder(ctx: DevstoreContext, shop: string, id: number, at = new Date()): OrderRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const order = requireOrder(ctx, shop, id);
    if (order.cancelledAt) throw invalid("A cancelled order can't be fulfilled", "id");
    if (order.displayFulfillmentStatus === "FULFILLED") throw invalid("Order is already fulfilled", "id");
    const now = at.toISOString();
    const next: OrderRecord = {
      ...order,
      displayFulfillmentStatus: "FULFILLED",
      fulfilledAt: now,
      closedAt: now,
      updatedAt: now,
    };
    records(ctx.db).putOrder(next);
    emitOrder(ctx, s, "orders/updated", next);
    return next;
  })();
}

const CANCEL_REASONS = new Set(["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF", "OTHER"]);

/**
 * Cancels and refunds an order; emits orders/cancelled and orders/updated, then customers/update because the buyer's
 * numberOfOrders and amountSpent no longer count it.
 */
export function cancelOrder(ctx: DevstoreContext, shop: string, id: number, reason = "CUSTOMER", at = new Date()): OrderRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const order = requireOrder(ctx, shop, id);
    if (order.cancelledAt) throw invalid("Order has already been cancelled", "id");
    const code = reason.toUpperCase();
    if (!CANCEL_REASONS.has(code)) throw invalid(`Unknown cancel reason ${reason}`, "reason");
    const now = at.toISOString();
    const next: OrderRecord = {
      ...order,
      cancelledAt: now,
      cancelReason: code,
      closedAt: now,
      displayFinancialStatus: "REFUNDED",
      updatedAt: now,
    };
    records(ctx.db).putOrder(next);
    emitOrder(ctx, s, "orders/cancelled", next);
    emitOrder(ctx, s, "orders/updated", next);
    refreshBuyer(ctx, s, next.customerId, now);
    return next;
  })();
}
