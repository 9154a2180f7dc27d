/** Checkout state changes: start, update, abandon, complete, with the webhooks Shopify sends (none for abandon). */
import crypto from "node:crypto";
import type { CheckoutRecord, CustomerRecord, DevstoreContext, OrderRecord, ShopRecord } from "../types";
import { checkoutPayload, type DiscountApplication } from "../webhooks/payloads";
import { records, reserveIds } from "./db";
import { invalid, notFound } from "./errors";
import { placeOrder } from "./order-events";
import { buildLines, computeTotals, type LineInput } from "./pricing";
import { requireCustomer, requireShop } from "./shops";

export type CheckoutInput = {
  customerId?: number | null;
  email?: string | null;
  lines: LineInput[];
  discountCodes?: string[];
};

function requireCheckout(ctx: DevstoreContext, shop: string, token: string): CheckoutRecord {
  const checkout = records(ctx.db).getCheckoutByToken(shop, token);
  if (!checkout) throw notFound("Checkout", token);
  return checkout;
}

function emitCheckout(
  ctx: DevstoreContext,
  s: ShopRecord,
  topic: "checkouts/create" | "checkouts/update",
  c: CheckoutRecord,
  customer: CustomerRecord | null,
  discounts: DiscountApplication[],
): void {
  ctx.webhooks.emit({
    shop: s.domain,
    topic,
    payload: checkoutPayload(c, s, customer, discounts),
    triggeredAt: c.updatedAt,
  });
}

/** Prices the lines and fills buyer fields; shared by start and update. */
function priceCheckout(ctx: DevstoreContext, s: ShopRecord, c: CheckoutRecord, lines: LineInput[]) {
  const customer = c.customerId ? requireCustomer(ctx.db, s.domain, c.customerId) : null;
  const priced = buildLines(ctx.db, s.domain, lines);
  const totals = computeTotals(priced, s.currencyCode, c.discountCodes, false);
  const address = customer?.addresses.find((a) => a.id === customer.defaultAddressId) ?? null;
  const next: CheckoutRecord = {
    ...c,
    email: c.email ?? customer?.email ?? null,
    phone: customer?.phone ?? c.phone,
    customerLocale: customer?.locale ?? c.customerLocale,
    lineItems: priced.map((p) => p.line),
    subtotalPrice: totals.subtotalPrice,
    totalDiscounts: totals.totalDiscounts,
    totalTax: totals.totalTax,
    totalPrice: totals.totalPrice,
    shippingAddress: c.shippingAddress ?? address,
    billingAddress: c.billingAddress ?? address,
  };
  return { checkout: next, customer, discounts: totals.discounts };
}

function linesOf(c: CheckoutRecord): LineInput[] {
  return c.lineItems.flatMap((l) => (l.variantId ? [{ variantId: l.variantId, quantity: l.quantity }] : []));
}

/** A shopper reaches checkout; emits checkouts/create. */
export function startCheckout(ctx: DevstoreContext, shop: string, input: CheckoutInput, at = new Date()): CheckoutRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const now = at.toISOString();
    const id = reserveIds(ctx.db, "AbandonedCheckout");
    const token = crypto.randomBytes(16).toString("hex");
    const draft: CheckoutRecord = {
      id,
      shop,
      token,
      customerId: input.customerId ?? null,
      email: input.email ?? null,
      phone: null,
      currencyCode: s.currencyCode,
      lineItems: [],
      subtotalPrice: "0.0",
      totalDiscounts: "0.0",
      totalTax: "0.0",
      totalPrice: "0.0",
      discountCodes: input.discountCodes ?? [],
      note: null,
      customerLocale: s.primaryLocale,
      shippingAddress: null,
      billingAddress: null,
      abandonedCheckoutUrl: `https://${shop}/${s.id}/checkouts/${token}/recover?key=${crypto.randomBytes(16).toString("hex")}`,
      abandonedAt: null,
      completedAt: null,
      orderId: null,
      createdAt: now,
      updatedAt: now,
    };
    const { checkout, customer, discounts } = priceCheckout(ctx, s, draft, input.lines);
    records(ctx.db).putCheckout(checkout);
    emitCheckout(ctx, s, "checkouts/create", checkout, customer, discounts);
    return checkout;
  })();
}

/** The shopper changes the cart, signs in or enters an email; emits checkouts/update. */
export function updateCheckout(
  ctx: DevstoreContext,
  shop: string,
  token: string,
  patch: Partial<CheckoutInput>,
  at = new Date(),
): CheckoutRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const current = requireCheckout(ctx, shop, token);
    if (current.completedAt) throw invalid("Checkout is already completed", "token");
    const draft: CheckoutRecord = { ...current, updatedAt: at.toISOString(), abandonedAt: null };
    if (patch.customerId !== undefined) draft.customerId = patch.customerId;
    if (patch.email !== undefined) draft.email = patch.email;
    if (patch.discountCodes !== undefined) draft.discountCodes = patch.discountCodes;
    const { checkout, customer, discounts } = priceCheckout(ctx, s, draft, patch.lines ?? linesOf(current));
    records(ctx.db).putCheckout(checkout);
    emitCheckout(ctx, s, "checkouts/update", checkout, customer, discounts);
    return checkout;
  })();
}

/** The shopper leaves. Shopify sends no webhook; apps find abandoned checkouts through the API. */
export function abandonCheckout(ctx: DevstoreContext, shop: string, token: string, at = new Date()): CheckoutRecord {
  return ctx.db.transaction(() => {
    requireShop(ctx.db, shop);
    const current = requireCheckout(ctx, shop, token);
    if (current.completedAt) throw invalid("Checkout is already completed", "token");
    const next: CheckoutRecord = { ...current, abandonedAt: at.toISOString() };
    records(ctx.db).putCheckout(next);
    return next;
  })();
}

/** The shopper pays: the order is placed (orders/create ...) and the checkout updated with completed_at. */
export function completeCheckout(
  ctx: DevstoreContext,
  shop: string,
  token: string,
  at = new Date(),
): { checkout: CheckoutRecord; order: OrderRecord } {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const current = requireCheckout(ctx, shop, token);
    if (current.completedAt) throw invalid("Checkout is already completed", "token");
    const order = placeOrder(
      ctx,
      shop,
      {
        customerId: current.customerId,
        ...(current.email ? { email: current.email } : {}),
        lines: linesOf(current),
        sourceName: "web",
        discountCodes: current.discountCodes,
        checkoutToken: current.token,
      },
      at,
    );
    const now = at.toISOString();
    const checkout: CheckoutRecord = { ...current, completedAt: now, orderId: order.id, updatedAt: now };
    records(ctx.db).putCheckout(checkout);
    const customer = checkout.customerId ? records(ctx.db).getCustomer(shop, checkout.customerId) : null;
    const priced = checkout.lineItems.map((line) => ({ line, reduced: false }));
    const { discounts } = computeTotals(priced, s.currencyCode, checkout.discountCodes, false);
    emitCheckout(ctx, s, "checkouts/update", checkout, customer, discounts);
    return { checkout, order };
  })();
}

