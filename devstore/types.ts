/**
 * The local dev store's shared contract: the records it keeps, its configuration and the seams between its parts.
 *
 * The dev store is test, benchmark and demo infrastructure standing in for Shopify. Product code (app/) never imports
 * anything under devstore/.
 *
 * Records are kept in the dev store's own SQLite file (better-sqlite3, see store/db.ts): indexed columns for what is
 * filtered and sorted on, plus the whole record as JSON. Field names follow the Admin GraphQL API so resolvers mostly
 * pass values through; webhook payloads (REST shape, snake_case) are serialized from the same records.
 */
import type Database from "better-sqlite3";
import type { GraphQLSchema } from "graphql";

/** Decimal amount as Shopify's Decimal/Money scalars carry it, e.g. "1980.0". */
export type Decimal = string;

export type MoneyV2 = { amount: Decimal; currencyCode: string };

export type MailingAddressRecord = {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  /** ISO 3166-2 subdivision code without the country, e.g. "JP-13" is provinceCode "JP-13" in Shopify for Japan. */
  provinceCode: string | null;
  country: string | null;
  countryCodeV2: string | null;
  zip: string | null;
  phone: string | null;
};

export type EmailMarketingState =
  | "SUBSCRIBED"
  | "UNSUBSCRIBED"
  | "NOT_SUBSCRIBED"
  | "PENDING"
  | "INVALID"
  | "REDACTED";

export type MarketingOptInLevel = "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN" | "UNKNOWN";

export type EmailMarketingConsentRecord = {
  marketingState: EmailMarketingState;
  marketingOptInLevel: MarketingOptInLevel | null;
  /** ISO 8601 */
  consentUpdatedAt: string | null;
};

export type CustomerRecord = {
  id: number;
  shop: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /** e.g. "ja" or "en" */
  locale: string;
  note: string | null;
  tags: string[];
  state: "ENABLED" | "DISABLED" | "INVITED" | "DECLINED";
  verifiedEmail: boolean;
  taxExempt: boolean;
  emailMarketingConsent: EmailMarketingConsentRecord | null;
  addresses: MailingAddressRecord[];
  defaultAddressId: number | null;
  /** Kept current by the store when orders are placed or cancelled. */
  numberOfOrders: number;
  /** Sum of non-cancelled order totals, shop currency. */
  amountSpent: Decimal;
  lastOrderId: number | null;
  createdAt: string;
  updatedAt: string;
};

export type LineItemRecord = {
  id: number;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  /** Unit price before discounts, shop currency. */
  originalUnitPrice: Decimal;
  productId: number | null;
  variantId: number | null;
};

export type OrderRecord = {
  id: number;
  shop: string;
  /** "#1001" */
  name: string;
  /** 1001 */
  number: number;
  customerId: number | null;
  email: string | null;
  phone: string | null;
  currencyCode: string;
  subtotalPrice: Decimal;
  totalDiscounts: Decimal;
  totalShippingPrice: Decimal;
  totalTax: Decimal;
  totalPrice: Decimal;
  /** Shopify's OrderDisplayFinancialStatus, e.g. "PAID", "PENDING", "REFUNDED". */
  displayFinancialStatus: string;
  /** Shopify's OrderDisplayFulfillmentStatus, e.g. "FULFILLED", "UNFULFILLED". */
  displayFulfillmentStatus: string;
  /** "web" for the online store, "pos" for Point of Sale, as Order.sourceName. */
  sourceName: string;
  discountCodes: string[];
  tags: string[];
  note: string | null;
  customerLocale: string | null;
  lineItems: LineItemRecord[];
  shippingAddress: MailingAddressRecord | null;
  billingAddress: MailingAddressRecord | null;
  test: boolean;
  processedAt: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  fulfilledAt: string | null;
  /** Token of the checkout the order came from (REST `checkout_token`); absent for POS and API orders. */
  checkoutToken?: string | null;
};

export type VariantRecord = {
  id: number;
  title: string;
  sku: string | null;
  price: Decimal;
  inventoryQuantity: number;
  availableForSale: boolean;
};

export type ProductRecord = {
  id: number;
  shop: string;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  tags: string[];
  imageUrl: string | null;
  variants: VariantRecord[];
  createdAt: string;
  updatedAt: string;
};

export type CheckoutRecord = {
  id: number;
  shop: string;
  /** Checkout token as in webhooks and the recovery URL. */
  token: string;
  customerId: number | null;
  email: string | null;
  phone: string | null;
  currencyCode: string;
  lineItems: LineItemRecord[];
  subtotalPrice: Decimal;
  totalDiscounts: Decimal;
  totalTax: Decimal;
  totalPrice: Decimal;
  discountCodes: string[];
  note: string | null;
  customerLocale: string | null;
  shippingAddress: MailingAddressRecord | null;
  billingAddress: MailingAddressRecord | null;
  /** https://{shop}/{id}/checkouts/{token}/recover?key=... */
  abandonedCheckoutUrl: string;
  /** Set when the shopper left without completing (control API "abandon"); Shopify sends no webhook for it. */
  abandonedAt: string | null;
  /** Set when the shopper placed the order. */
  completedAt: string | null;
  orderId: number | null;
  createdAt: string;
  updatedAt: string;
};

export type ShopRecord = {
  /** "tsunagu-demo.myshopify.com" */
  domain: string;
  id: number;
  name: string;
  email: string;
  currencyCode: string;
  /** Primary locale of the shop, "ja" or "en". */
  primaryLocale: string;
  /** IANA zone, e.g. "Asia/Tokyo". */
  ianaTimezone: string;
  /** Shopify plan; drives the rate-limit bucket. "Basic" | "Shopify" | "Advanced" | "Plus" */
  plan: string;
  countryCode: string;
  createdAt: string;
};

export type AccessTokenRecord = {
  token: string;
  shop: string;
  scope: string;
  /** Offline tokens have no user. */
  userId: number | null;
  expiresAt: string | null;
  createdAt: string;
};

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";

export type BulkOperationRecord = {
  id: number;
  shop: string;
  type: "QUERY" | "MUTATION";
  status: BulkOperationStatus;
  query: string;
  errorCode: string | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  /** Where the JSONL result is served (dev store origin). */
  url: string | null;
  createdAt: string;
  completedAt: string | null;
};

/** A webhook subscription as read from shopify.app.toml (app-specific) or created through the API (shop-specific). */
export type WebhookSubscriptionConfig = {
  topics: string[];
  /** Absolute URL after resolving the toml's relative `uri` against the app URL. */
  uri: string;
  compliance: boolean;
};

export type DevstoreConfig = {
  /** The dev store's own origin, e.g. http://127.0.0.1:4100 */
  publicUrl: string;
  port: number;
  /** Path of the dev store's SQLite file. */
  dbPath: string;
  /** Directory holding Shopify's admin-<version>.introspection.json.gz files. */
  schemaDir: string;
  apiVersion: string;
  apiKey: string;
  apiSecret: string;
  /** The app's origin, e.g. http://127.0.0.1:3000 */
  appUrl: string;
  scopes: string[];
  webhooks: WebhookSubscriptionConfig[];
  appProxy: { url: string; prefix: string; subpath: string };
  /** Absolute path of the theme app extension to render on the storefront page. */
  themeExtensionDir: string;
  /** Webhook retry schedule in milliseconds (Shopify: 8 tries over 4 hours; tests shorten it). */
  webhookRetryDelaysMs: number[];
  /** Leaky bucket for Admin GraphQL: Standard plan 2000 points, 100 restored per second. */
  rateLimit: { maximumAvailable: number; restoreRate: number; maxSingleQueryCost: number };
};

/** A webhook to send: the dispatcher signs it, delivers it to every subscribed URI, retries failures. */
export type WebhookEvent = {
  shop: string;
  topic: string;
  /** REST-shaped payload, serialized exactly once so retries send the same bytes. */
  payload: unknown;
  /** Set for events that relate to one resource (e.g. "gid://shopify/Customer/1"). */
  subjectGid?: string;
  /** ISO 8601; defaults to now. */
  triggeredAt?: string;
};

export type WebhookDispatcher = {
  /** Records the deliveries (one per subscribed URI) and starts sending them; returns the webhook ids. */
  emit(event: WebhookEvent): string[];
  /** Resolves when no delivery is pending (used by tests and the control API's `?wait=1`). */
  idle(): Promise<void>;
  /** Sends a recorded delivery again with the same webhook id and body (at-least-once delivery); false if unknown. */
  redeliver?(webhookId: string): boolean;
};

export type DevstoreContext = {
  config: DevstoreConfig;
  db: Database.Database;
  webhooks: WebhookDispatcher;
  /** Loaded once per process (about 0.4 s, 130 MB). */
  schema(): GraphQLSchema;
};
