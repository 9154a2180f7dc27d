/**
 * Normalized rows the sync writes, whatever they came from: webhook payloads (REST shape, app/sync/rest-payloads.ts)
 * or bulk-operation JSONL (GraphQL shape, app/sync/bulk-rows.ts). Money is a decimal string in the shop's currency;
 * ids are the numeric part of Shopify's gids.
 */
export type AddressRow = {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
};

export type CustomerRow = {
  shopifyId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  note: string | null;
  tags: string[];
  state: string | null;
  /** Shopify's EmailMarketingState in upper case: SUBSCRIBED, NOT_SUBSCRIBED, UNSUBSCRIBED, PENDING, … */
  marketingState: string | null;
  marketingOptInLevel: string | null;
  marketingConsentUpdatedAt: Date | null;
  /** Default address first. */
  addresses: AddressRow[];
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
};

export type LineItemRow = {
  shopifyId: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  unitPrice: string;
  productShopifyId: string | null;
  variantShopifyId: string | null;
};

export type OrderRow = {
  shopifyId: string;
  customerShopifyId: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  currencyCode: string;
  subtotalPrice: string;
  totalDiscounts: string;
  totalShipping: string;
  totalTax: string;
  totalPrice: string;
  /** Upper case as GraphQL's displayFinancialStatus: PAID, PENDING, REFUNDED, … */
  financialStatus: string | null;
  /** Upper case as GraphQL's displayFulfillmentStatus: FULFILLED, UNFULFILLED, … */
  fulfillmentStatus: string | null;
  sourceName: string | null;
  discountCodes: string[];
  tags: string[];
  note: string | null;
  processedAt: Date;
  cancelledAt: Date | null;
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
  lineItems: LineItemRow[];
};

export type CheckoutLineRow = {
  title: string;
  variantTitle: string | null;
  quantity: number;
  unitPrice: string;
  productShopifyId: string | null;
  variantShopifyId: string | null;
};

export type CheckoutRow = {
  shopifyId: string;
  token: string | null;
  customerShopifyId: string | null;
  email: string | null;
  phone: string | null;
  currencyCode: string;
  totalPrice: string;
  lineItems: CheckoutLineRow[];
  recoveryUrl: string | null;
  completedAt: Date | null;
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
};
