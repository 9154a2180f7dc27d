/**
 * Normalized sync rows (app/sync/types.ts) for unit tests that write through the sync's writers: a plain customer or
 * order with every field set, changed per test through `patch`.
 */
import type { CustomerRow, OrderRow } from "../../app/sync/types";

/** 2026-11-<d> 03:00 UTC (12:00 in Tokyo). */
export const day = (d: number) => new Date(Date.UTC(2026, 10, d, 3));

export function customerRow(shopifyId: string, patch: Partial<CustomerRow> = {}): CustomerRow {
  return {
    shopifyId,
    firstName: null,
    lastName: null,
    email: `${shopifyId}@example.com`,
    phone: null,
    locale: "ja",
    note: null,
    tags: [],
    state: null,
    marketingState: null,
    marketingOptInLevel: null,
    marketingConsentUpdatedAt: null,
    addresses: [],
    shopifyCreatedAt: day(1),
    shopifyUpdatedAt: day(1),
    ...patch,
  };
}

/** A paid web order of ¥1,000 processed (and last updated) on `day(processedDay)`. */
export function orderRow(shopifyId: string, customerShopifyId: string | null, processedDay: number, patch: Partial<OrderRow> = {}): OrderRow {
  return {
    shopifyId,
    customerShopifyId,
    name: `#${shopifyId}`,
    email: null,
    phone: null,
    currencyCode: "JPY",
    subtotalPrice: "1000",
    totalDiscounts: "0",
    totalShipping: "0",
    totalTax: "0",
    totalPrice: "1000",
    financialStatus: "PAID",
    fulfillmentStatus: "UNFULFILLED",
    sourceName: "web",
    discountCodes: [],
    tags: [],
    note: null,
    processedAt: day(processedDay),
    cancelledAt: null,
    shopifyCreatedAt: day(processedDay),
    shopifyUpdatedAt: day(processedDay),
    lineItems: [],
    ...patch,
  };
}
