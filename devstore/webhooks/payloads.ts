/**
 * Webhook payloads in Shopify's REST shape for API 2026-10: snake_case keys, numeric ids plus
 * `admin_graphql_api_id`, money as currency-formatted strings, tags joined by ", ", timestamps in the shop's zone.
 * Serialized from the same records the Admin GraphQL API resolves.
 */
import { gid } from "../store/db";
import { formatMoney } from "../store/money";
import { shopTime } from "../store/time";
import type {
  BulkOperationRecord,
  CheckoutRecord,
  CustomerRecord,
  Decimal,
  EmailMarketingConsentRecord,
  LineItemRecord,
  MailingAddressRecord,
  OrderRecord,
  ShopRecord,
} from "../types";

type Json = Record<string, unknown>;

function lower(value: string | null | undefined): string | null {
  return value ? value.toLowerCase() : null;
}

function moneySet(amount: Decimal, currency: string) {
  const money = { amount: formatMoney(amount, currency), currency_code: currency };
  return { shop_money: money, presentment_money: money };
}

function fullName(a: { firstName: string | null; lastName: string | null }, locale: string | null): string {
  const parts = locale === "ja" ? [a.lastName, a.firstName] : [a.firstName, a.lastName];
  return parts.filter(Boolean).join(" ");
}

function customerAddress(a: MailingAddressRecord, c: CustomerRecord) {
  return {
    id: a.id,
    customer_id: c.id,
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    country: a.country,
    zip: a.zip,
    phone: a.phone,
    name: fullName(a, c.locale),
    province_code: a.provinceCode?.replace(/^[A-Z]{2}-/, "") ?? null,
    country_code: a.countryCodeV2,
    country_name: a.country,
    default: a.id === c.defaultAddressId,
  };
}

function orderAddress(a: MailingAddressRecord | null, locale: string | null) {
  if (!a) return null;
  return {
    first_name: a.firstName,
    address1: a.address1,
    phone: a.phone,
    city: a.city,
    zip: a.zip,
    province: a.province,
    country: a.country,
    last_name: a.lastName,
    address2: a.address2,
    company: a.company,
    latitude: null,
    longitude: null,
    name: fullName(a, locale),
    country_code: a.countryCodeV2,
    province_code: a.provinceCode?.replace(/^[A-Z]{2}-/, "") ?? null,
  };
}

function emailConsent(consent: EmailMarketingConsentRecord | null, tz: string) {
  if (!consent) return null;
  return {
    state: consent.marketingState.toLowerCase(),
    opt_in_level: lower(consent.marketingOptInLevel),
    consent_updated_at: shopTime(consent.consentUpdatedAt, tz),
  };
}

function smsConsent(c: CustomerRecord) {
  // The dev store does not model SMS consent; Shopify reports "not_subscribed" for a customer with a phone.
  if (!c.phone) return null;
  return { state: "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: null, consent_collected_from: "OTHER" };
}

/** customers/create and customers/update. */
export function customerPayload(c: CustomerRecord, shop: ShopRecord): Json {
  const tz = shop.ianaTimezone;
  const addresses = c.addresses.map((a) => customerAddress(a, c));
  return {
    id: c.id,
    email: c.email,
    created_at: shopTime(c.createdAt, tz),
    updated_at: shopTime(c.updatedAt, tz),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: c.note,
    verified_email: c.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: c.taxExempt,
    tags: c.tags.join(", "),
    currency: shop.currencyCode,
    phone: c.phone,
    addresses,
    tax_exemptions: [],
    email_marketing_consent: emailConsent(c.emailMarketingConsent, tz),
    sms_marketing_consent: smsConsent(c),
    admin_graphql_api_id: gid("Customer", c.id),
    default_address: addresses.find((a) => a.default) ?? null,
  };
}

/** customers/delete: Shopify sends only the id and empty/null personal fields. */
export function customerDeletePayload(id: number): Json {
  return {
    id,
    phone: null,
    addresses: [],
    tax_exemptions: [],
    email_marketing_consent: null,
    sms_marketing_consent: null,
    admin_graphql_api_id: gid("Customer", id),
  };
}

/** The customer summary nested in order and checkout payloads. */
function nestedCustomer(c: CustomerRecord | null, shop: ShopRecord): Json | null {
  if (!c) return null;
  const tz = shop.ianaTimezone;
  const full = customerPayload(c, shop);
  return {
    id: c.id,
    email: c.email,
    created_at: shopTime(c.createdAt, tz),
    updated_at: shopTime(c.updatedAt, tz),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: c.note,
    verified_email: c.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: c.taxExempt,
    phone: c.phone,
    email_marketing_consent: full.email_marketing_consent,
    sms_marketing_consent: full.sms_marketing_consent,
    tags: full.tags,
    currency: shop.currencyCode,
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", c.id),
    default_address: full.default_address,
  };
}

function orderLine(l: LineItemRecord, currency: string): Json {
  return {
    id: l.id,
    admin_graphql_api_id: gid("LineItem", l.id),
    title: l.title,
    variant_title: l.variantTitle,
    sku: l.sku,
    vendor: l.vendor,
    quantity: l.quantity,
    price: formatMoney(l.originalUnitPrice, currency),
    price_set: moneySet(l.originalUnitPrice, currency),
    product_id: l.productId,
    variant_id: l.variantId,
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
  };
}

function lineItemsTotal(lines: LineItemRecord[]): number {
  return lines.reduce((sum, l) => sum + Number(l.originalUnitPrice) * l.quantity, 0);
}

/** How the dev store's discount codes are written into payloads: amount taken off the order, per code. */
export type DiscountApplication = { code: string; amount: Decimal; type: "percentage" | "fixed_amount" };

function fulfillmentStatus(display: string): string | null {
  if (display === "FULFILLED") return "fulfilled";
  if (display === "PARTIALLY_FULFILLED") return "partial";
  return null;
}

/** orders/create, orders/updated, orders/cancelled. */
export function orderPayload(
  o: OrderRecord,
  shop: ShopRecord,
  customer: CustomerRecord | null,
  discounts: DiscountApplication[] = [],
): Json {
  const tz = shop.ianaTimezone;
  const cur = o.currencyCode;
  const lineTotal = String(lineItemsTotal(o.lineItems));
  return {
    id: o.id,
    admin_graphql_api_id: gid("Order", o.id),
    name: o.name,
    number: o.number - 1000,
    order_number: o.number,
    email: o.email,
    phone: o.phone,
    created_at: shopTime(o.createdAt, tz),
    updated_at: shopTime(o.updatedAt, tz),
    processed_at: shopTime(o.processedAt, tz),
    cancelled_at: shopTime(o.cancelledAt, tz),
    cancel_reason: lower(o.cancelReason),
    closed_at: shopTime(o.closedAt, tz),
    currency: cur,
    presentment_currency: cur,
    subtotal_price: formatMoney(o.subtotalPrice, cur),
    subtotal_price_set: moneySet(o.subtotalPrice, cur),
    total_price: formatMoney(o.totalPrice, cur),
    total_price_set: moneySet(o.totalPrice, cur),
    total_tax: formatMoney(o.totalTax, cur),
    total_tax_set: moneySet(o.totalTax, cur),
    taxes_included: cur === "JPY",
    total_discounts: formatMoney(o.totalDiscounts, cur),
    total_discounts_set: moneySet(o.totalDiscounts, cur),
    total_line_items_price: formatMoney(lineTotal, cur),
    total_line_items_price_set: moneySet(lineTotal, cur),
    total_shipping_price_set: moneySet(o.totalShippingPrice, cur),
    financial_status: o.displayFinancialStatus.toLowerCase(),
    fulfillment_status: fulfillmentStatus(o.displayFulfillmentStatus),
    source_name: o.sourceName,
    discount_codes: discounts.map((d) => ({ code: d.code, amount: formatMoney(d.amount, cur), type: d.type })),
    tags: o.tags.join(", "),
    note: o.note,
    customer: nestedCustomer(customer, shop),
    line_items: o.lineItems.map((l) => orderLine(l, cur)),
    shipping_address: orderAddress(o.shippingAddress, o.customerLocale),
    billing_address: orderAddress(o.billingAddress, o.customerLocale),
    customer_locale: o.customerLocale,
    test: o.test,
    checkout_token: o.checkoutToken ?? null,
  };
}

/** checkouts/create and checkouts/update. */
export function checkoutPayload(
  c: CheckoutRecord,
  shop: ShopRecord,
  customer: CustomerRecord | null,
  discounts: DiscountApplication[] = [],
): Json {
  const tz = shop.ianaTimezone;
  const cur = c.currencyCode;
  return {
    id: c.id,
    token: c.token,
    cart_token: c.token.slice(0, 24),
    email: c.email,
    phone: c.phone,
    created_at: shopTime(c.createdAt, tz),
    updated_at: shopTime(c.updatedAt, tz),
    completed_at: shopTime(c.completedAt, tz),
    abandoned_checkout_url: c.abandonedCheckoutUrl,
    currency: cur,
    presentment_currency: cur,
    subtotal_price: formatMoney(c.subtotalPrice, cur),
    total_price: formatMoney(c.totalPrice, cur),
    total_tax: formatMoney(c.totalTax, cur),
    total_discounts: formatMoney(c.totalDiscounts, cur),
    total_line_items_price: formatMoney(lineItemsTotal(c.lineItems), cur),
    taxes_included: cur === "JPY",
    line_items: c.lineItems.map((l) => ({
      key: String(l.id),
      title: l.title,
      variant_title: l.variantTitle,
      sku: l.sku,
      vendor: l.vendor,
      quantity: l.quantity,
      price: formatMoney(l.originalUnitPrice, cur),
      line_price: formatMoney(Number(l.originalUnitPrice) * l.quantity, cur),
      product_id: l.productId,
      variant_id: l.variantId,
    })),
    discount_codes: discounts.map((d) => ({ code: d.code, amount: formatMoney(d.amount, cur), type: d.type })),
    customer: nestedCustomer(customer, shop),
    customer_locale: c.customerLocale,
    billing_address: orderAddress(c.billingAddress, c.customerLocale),
    shipping_address: orderAddress(c.shippingAddress, c.customerLocale),
    note: c.note,
  };
}

/** app/uninstalled carries the shop object. */
export function shopPayload(shop: ShopRecord): Json {
  return {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    currency: shop.currencyCode,
    iana_timezone: shop.ianaTimezone,
    country_code: shop.countryCode,
    plan_name: shop.plan.toLowerCase(),
    created_at: shopTime(shop.createdAt, shop.ianaTimezone),
  };
}

export function scopesUpdatePayload(
  shop: ShopRecord,
  previous: string[],
  current: string[],
  updatedAt: string,
): Json {
  return { id: shop.id, previous, current, updated_at: shopTime(updatedAt, shop.ianaTimezone) };
}

/** Compliance payloads, exactly the documented shapes (shopify.dev/docs/apps/build/compliance/privacy-law-compliance). */
export function customersDataRequestPayload(
  shop: ShopRecord,
  customer: { id: number; email: string | null; phone: string | null },
  ordersRequested: number[],
  dataRequestId: number,
): Json {
  return {
    shop_id: shop.id,
    shop_domain: shop.domain,
    orders_requested: ordersRequested,
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    data_request: { id: dataRequestId },
  };
}

export function customersRedactPayload(
  shop: ShopRecord,
  customer: { id: number; email: string | null; phone: string | null },
  ordersToRedact: number[],
): Json {
  return {
    shop_id: shop.id,
    shop_domain: shop.domain,
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    orders_to_redact: ordersToRedact,
  };
}

export function shopRedactPayload(shop: ShopRecord): Json {
  return { shop_id: shop.id, shop_domain: shop.domain };
}

/** bulk_operations/finish; the Admin API part emits it when an operation reaches a final state. */
export function bulkOperationFinishPayload(b: BulkOperationRecord): Json {
  return {
    admin_graphql_api_id: gid("BulkOperation", b.id),
    completed_at: b.completedAt,
    created_at: b.createdAt,
    error_code: lower(b.errorCode),
    status: b.status.toLowerCase(),
    type: b.type.toLowerCase(),
  };
}
