/**
 * Shopify's REST webhook payloads (API 2026-10) for customers, orders and checkouts, parsed into the normalized rows of
 * ./types.ts. Lenient with fields we do not use and with nullables Shopify sends in some shapes; strict on what the
 * rows need. Shapes: shopify.dev/docs/api/webhooks?reference=toml (customers/*, orders/*, checkouts/*).
 */
import { z } from "zod";
import type { AddressRow, CheckoutRow, CustomerRow, LineItemRow, OrderRow } from "./types";

/** Thrown when a payload lacks what the sync needs; the worker retries, then marks the webhook failed. */
export class PayloadError extends Error {
  override name = "PayloadError";
}

// Shopify's REST ids are 64-bit numbers; zod's int() stops at 2^53, which Shopify's own example ids exceed, so any
// whole number is taken (JSON.parse has already rounded those, and Shopify's live ids stay below 2^53).
const wholeNumber = z.number().refine((value) => Number.isInteger(value) && value >= 0, { message: "not an id" });
const numericId = z.union([wholeNumber, z.string().regex(/^\d+$/)]);
const id = numericId.transform(String);

const optionalId = numericId
  .nullish()
  .transform((value) => (value === null || value === undefined ? null : String(value)));

const text = z.string().nullish().transform((value) => (value === undefined || value === "" ? null : value));

// "2026-11-20T10:15:00+09:00"; Shopify always writes an offset, and Date keeps the instant.
const timestamp = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: "not a timestamp" })
  .transform((value) => new Date(value));

const optionalTimestamp = timestamp.nullish().transform((value) => value ?? null);

// REST money is a string fixed to the currency's digits ("1980", "19.90"); accept numbers too.
const money = z
  .union([z.string().regex(/^-?\d+(\.\d+)?$/, "not an amount"), z.number()])
  .transform((value) => String(value));

/** "vip, リピーター" -> ["vip", "リピーター"], as Shopify joins tags with ", ". */
const tags = z
  .string()
  .nullish()
  .transform((value) =>
    [...new Set((value ?? "").split(",").map((tag) => tag.trim()).filter((tag) => tag.length > 0))],
  );

const upper = (value: string | null) => (value ? value.toUpperCase() : null);

const Address = z.object({
  first_name: text,
  last_name: text,
  company: text,
  address1: text,
  address2: text,
  city: text,
  province: text,
  province_code: text,
  country: text,
  country_code: text,
  zip: text,
  phone: text,
  default: z.boolean().nullish(),
});

function addressRow(a: z.output<typeof Address>): AddressRow {
  return {
    firstName: a.first_name,
    lastName: a.last_name,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    provinceCode: a.province_code,
    country: a.country,
    countryCode: a.country_code,
    zip: a.zip,
    phone: a.phone,
  };
}

const Consent = z
  .object({ state: z.string(), opt_in_level: text, consent_updated_at: optionalTimestamp })
  .nullish()
  .transform((value) => value ?? null);

const CustomerPayload = z.object({
  id,
  email: text,
  first_name: text,
  last_name: text,
  phone: text,
  note: text,
  tags,
  state: text,
  locale: text,
  created_at: optionalTimestamp,
  updated_at: optionalTimestamp,
  email_marketing_consent: Consent,
  addresses: z.array(Address).nullish().transform((value) => value ?? []),
  default_address: Address.nullish(),
});

const CustomerDeletePayload = z.object({ id });

const Money = z.object({ shop_money: z.object({ amount: money }) });

const OrderLine = z.object({
  id,
  title: z.string(),
  variant_title: text,
  sku: text,
  quantity: z.number().int(),
  price: money,
  product_id: optionalId,
  variant_id: optionalId,
});

const NestedCustomer = z
  .object({ id })
  .nullish()
  .transform((value) => value?.id ?? null);

const OrderPayload = z.object({
  id,
  name: z.string(),
  email: text,
  phone: text,
  currency: z.string().min(3),
  subtotal_price: money.nullish(),
  total_discounts: money.nullish(),
  total_tax: money.nullish(),
  total_price: money,
  total_shipping_price_set: Money.nullish(),
  financial_status: text,
  fulfillment_status: text,
  source_name: text,
  discount_codes: z
    .array(z.object({ code: z.string() }))
    .nullish()
    .transform((value) => (value ?? []).map((d) => d.code)),
  tags,
  note: text,
  customer: NestedCustomer,
  processed_at: optionalTimestamp,
  cancelled_at: optionalTimestamp,
  created_at: optionalTimestamp,
  updated_at: optionalTimestamp,
  line_items: z.array(OrderLine),
});

const CheckoutLine = z.object({
  title: z.string(),
  variant_title: text,
  quantity: z.number().int(),
  price: money,
  product_id: optionalId,
  variant_id: optionalId,
});

const CheckoutPayload = z.object({
  id,
  token: text,
  email: text,
  phone: text,
  currency: z.string().min(3),
  total_price: money,
  line_items: z.array(CheckoutLine),
  abandoned_checkout_url: text,
  customer: NestedCustomer,
  completed_at: optionalTimestamp,
  created_at: optionalTimestamp,
  updated_at: optionalTimestamp,
});

/**
 * A record's version: its updated_at; Shopify's example payloads sometimes leave the timestamps null, and then the
 * event's own time (X-Shopify-Triggered-At) stands in. Without either the payload cannot be ordered, so it is refused.
 */
function times(
  what: string,
  t: { created_at: Date | null; updated_at: Date | null },
  eventAt: Date | undefined,
): { createdAt: Date; updatedAt: Date } {
  const updatedAt = t.updated_at ?? eventAt;
  if (!updatedAt) throw new PayloadError(`Invalid ${what} payload: updated_at is missing`);
  return { createdAt: t.created_at ?? updatedAt, updatedAt };
}

function parse<S extends z.ZodType>(schema: S, payload: unknown, what: string): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) throw new PayloadError(`Invalid ${what} payload: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Shopify's REST fulfillment_status: null means nothing shipped yet; GraphQL names the same states in upper case. */
function fulfillmentStatus(value: string | null): string {
  if (value === null) return "UNFULFILLED";
  if (value === "partial") return "PARTIALLY_FULFILLED";
  return value.toUpperCase();
}

/** customers/create and customers/update. */
export function parseCustomerPayload(payload: unknown, eventAt?: Date): CustomerRow {
  const c = parse(CustomerPayload, payload, "customer");
  const { createdAt, updatedAt } = times("customer", c, eventAt);
  // The default address goes first; older payloads only flag it inside `addresses`.
  const addresses = [...c.addresses].sort((a, b) => Number(Boolean(b.default)) - Number(Boolean(a.default)));
  if (addresses.length === 0 && c.default_address) addresses.push(c.default_address);
  return {
    shopifyId: c.id,
    firstName: c.first_name,
    lastName: c.last_name,
    email: c.email,
    phone: c.phone,
    locale: c.locale,
    note: c.note,
    tags: c.tags,
    state: upper(c.state),
    marketingState: upper(c.email_marketing_consent?.state ?? null),
    marketingOptInLevel: upper(c.email_marketing_consent?.opt_in_level ?? null),
    marketingConsentUpdatedAt: c.email_marketing_consent?.consent_updated_at ?? null,
    addresses: addresses.map(addressRow),
    shopifyCreatedAt: createdAt,
    shopifyUpdatedAt: updatedAt,
  };
}

/** customers/delete carries the id (and emptied personal fields). */
export function parseCustomerDeletePayload(payload: unknown): { shopifyId: string } {
  return { shopifyId: parse(CustomerDeletePayload, payload, "customer delete").id };
}

/** orders/create, orders/updated and orders/cancelled. Money in the shop's currency (`currency`, not presentment). */
export function parseOrderPayload(payload: unknown, eventAt?: Date): OrderRow {
  const o = parse(OrderPayload, payload, "order");
  const { createdAt, updatedAt } = times("order", o, eventAt);
  const lineItems: LineItemRow[] = o.line_items.map((l) => ({
    shopifyId: l.id,
    title: l.title,
    variantTitle: l.variant_title,
    sku: l.sku,
    quantity: l.quantity,
    unitPrice: l.price,
    productShopifyId: l.product_id,
    variantShopifyId: l.variant_id,
  }));
  return {
    shopifyId: o.id,
    customerShopifyId: o.customer,
    name: o.name,
    email: o.email,
    phone: o.phone,
    currencyCode: o.currency,
    subtotalPrice: o.subtotal_price ?? "0",
    totalDiscounts: o.total_discounts ?? "0",
    totalShipping: o.total_shipping_price_set?.shop_money.amount ?? "0",
    totalTax: o.total_tax ?? "0",
    totalPrice: o.total_price,
    financialStatus: upper(o.financial_status),
    fulfillmentStatus: fulfillmentStatus(o.fulfillment_status),
    sourceName: o.source_name,
    discountCodes: o.discount_codes,
    tags: o.tags,
    note: o.note,
    processedAt: o.processed_at ?? createdAt,
    cancelledAt: o.cancelled_at,
    shopifyCreatedAt: createdAt,
    shopifyUpdatedAt: updatedAt,
    lineItems,
  };
}

/** checkouts/create and checkouts/update. */
export function parseCheckoutPayload(payload: unknown, eventAt?: Date): CheckoutRow {
  const c = parse(CheckoutPayload, payload, "checkout");
  const { createdAt, updatedAt } = times("checkout", c, eventAt);
  return {
    shopifyId: c.id,
    token: c.token,
    customerShopifyId: c.customer,
    email: c.email,
    phone: c.phone,
    currencyCode: c.currency,
    totalPrice: c.total_price,
    lineItems: c.line_items.map((l) => ({
      title: l.title,
      variantTitle: l.variant_title,
      quantity: l.quantity,
      unitPrice: l.price,
      productShopifyId: l.product_id,
      variantShopifyId: l.variant_id,
    })),
    recoveryUrl: c.abandoned_checkout_url,
    completedAt: c.completed_at,
    shopifyCreatedAt: createdAt,
    shopifyUpdatedAt: updatedAt,
  };
}
