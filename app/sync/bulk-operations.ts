/**
 * The Admin operations the initial sync and the reconciliation send: the three bulk queries (customers, orders with
 * line items, abandoned checkouts with line items), the bulk operation's status, totals for the progress bar, and the
 * paginated `updated_at:>` queries of the reconciliation. Every `#graphql` string here is validated against Shopify's
 * schema by app/shopify/operations.test.ts.
 */
import { adminOperation } from "../shopify/operation";

export type SyncPhase = "customers" | "orders" | "checkouts";
export const SYNC_PHASES: readonly SyncPhase[] = ["customers", "orders", "checkouts"];

// The bulk queries and the reconciliation's paginated queries select the same fields (bulk-rows.ts maps both); they are
// written out in full because the schema test reads each `#graphql` literal as it stands in the file.
/** The bulk query per phase. Nested connections come back as their own JSONL lines carrying `__parentId`. */
// One field selection per resource, shared by the bulk queries (initial sync) and the paginated queries
// (reconciliation), so both feed app/sync/bulk-rows.ts the same fields.
const CUSTOMER_FIELDS = `#graphql
  fragment SyncCustomer on Customer {
    id
    firstName
    lastName
    email
    phone
    locale
    note
    tags
    state
    createdAt
    updatedAt
    defaultEmailAddress {
      marketingState
      marketingOptInLevel
      marketingUpdatedAt
    }
    defaultAddress {
      id
    }
    addresses {
      id
      firstName
      lastName
      company
      address1
      address2
      city
      province
      provinceCode
      country
      countryCodeV2
      zip
      phone
    }
  }
`;

const ORDER_FIELDS = `#graphql
  fragment SyncOrder on Order {
    id
    name
    email
    phone
    currencyCode
    subtotalPriceSet {
      shopMoney {
        amount
      }
    }
    totalDiscountsSet {
      shopMoney {
        amount
      }
    }
    totalShippingPriceSet {
      shopMoney {
        amount
      }
    }
    totalTaxSet {
      shopMoney {
        amount
      }
    }
    totalPriceSet {
      shopMoney {
        amount
      }
    }
    displayFinancialStatus
    displayFulfillmentStatus
    sourceName
    discountCodes
    tags
    note
    processedAt
    cancelledAt
    createdAt
    updatedAt
    customer {
      id
    }
  }
`;

const LINE_ITEM_FIELDS = `#graphql
  fragment SyncLineItem on LineItem {
    id
    title
    variantTitle
    sku
    quantity
    originalUnitPriceSet {
      shopMoney {
        amount
      }
    }
    product {
      id
    }
    variant {
      id
    }
  }
`;

const CHECKOUT_FIELDS = `#graphql
  fragment SyncCheckout on AbandonedCheckout {
    id
    abandonedCheckoutUrl
    completedAt
    createdAt
    updatedAt
    totalPriceSet {
      shopMoney {
        amount
        currencyCode
      }
    }
    customer {
      id
      email
      phone
    }
  }
`;

const CHECKOUT_LINE_FIELDS = `#graphql
  fragment SyncCheckoutLine on AbandonedCheckoutLineItem {
    id
    title
    variantTitle
    quantity
    originalUnitPriceSet {
      shopMoney {
        amount
      }
    }
    product {
      id
    }
    variant {
      id
    }
  }
`;

export const BULK_QUERIES: Record<SyncPhase, string> = {
  customers: `#graphql
  {
    customers {
      edges {
        node {
          ...SyncCustomer
        }
      }
    }
  }
${CUSTOMER_FIELDS}`,
  orders: `#graphql
  {
    orders {
      edges {
        node {
          ...SyncOrder
          lineItems {
            edges {
              node {
                ...SyncLineItem
              }
            }
          }
        }
      }
    }
  }
${ORDER_FIELDS}${LINE_ITEM_FIELDS}`,
  checkouts: `#graphql
  {
    abandonedCheckouts {
      edges {
        node {
          ...SyncCheckout
          lineItems {
            edges {
              node {
                ...SyncCheckoutLine
              }
            }
          }
        }
      }
    }
  }
${CHECKOUT_FIELDS}${CHECKOUT_LINE_FIELDS}`,
};

export type UserError = { field: string[] | null; message: string; code: string | null };

/** Shopify's BulkOperationStatus. */
export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";

export type BulkOperationState = {
  id: string;
  status: BulkStatus;
  errorCode: string | null;
  /** UnsignedInt64 arrives as a string. */
  objectCount: string;
  rootObjectCount: string;
  url: string | null;
  query: string;
};

export const RunBulkQuery = adminOperation<
  { bulkOperationRunQuery: { bulkOperation: { id: string; status: BulkStatus } | null; userErrors: UserError[] } | null },
  { query: string }
>(`#graphql
  mutation RunBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const BulkOperationStatus = adminOperation<{ bulkOperation: BulkOperationState | null }, { id: string }>(`#graphql
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      rootObjectCount
      url
      query
    }
  }
`);

export const CurrentBulkOperation = adminOperation<{ currentBulkOperation: BulkOperationState | null }>(`#graphql
  query CurrentBulkOperation {
    currentBulkOperation(type: QUERY) {
      id
      status
      errorCode
      objectCount
      rootObjectCount
      url
      query
    }
  }
`);

type CountValue = { count: number } | null;

/** Totals for the progress bar; `limit: null` asks for the exact count rather than Shopify's default cap. */
export const SyncTotals = adminOperation<{
  customersCount: CountValue;
  ordersCount: CountValue;
  abandonedCheckoutsCount: CountValue;
}>(`#graphql
  query SyncTotals {
    customersCount(limit: null) {
      count
    }
    ordersCount(limit: null) {
      count
    }
    abandonedCheckoutsCount(limit: null) {
      count
    }
  }
`);

type PageInfo = { hasNextPage: boolean; endCursor: string | null };
type Json = Record<string, unknown>;

export const CustomersUpdatedSince = adminOperation<
  { customers: { nodes: Json[]; pageInfo: PageInfo } },
  { query: string; after: string | null }
>(`#graphql
  query CustomersUpdatedSince($query: String!, $after: String) {
    customers(first: 50, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...SyncCustomer
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
${CUSTOMER_FIELDS}`);

export const OrdersUpdatedSince = adminOperation<
  { orders: { nodes: Array<Json & { lineItems: { nodes: Json[]; pageInfo: PageInfo } }>; pageInfo: PageInfo } },
  { query: string; after: string | null }
>(`#graphql
  query OrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 8, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        ...SyncOrder
        lineItems(first: 15) {
          nodes {
            ...SyncLineItem
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
${ORDER_FIELDS}${LINE_ITEM_FIELDS}`);

/** The rest of an order's line items when it has more than one page (rare). */
export const OrderLineItemsPage = adminOperation<
  { order: { lineItems: { nodes: Json[]; pageInfo: PageInfo } } | null },
  { id: string; after: string | null }
>(`#graphql
  query OrderLineItemsPage($id: ID!, $after: String) {
    order(id: $id) {
      lineItems(first: 50, after: $after) {
        nodes {
          ...SyncLineItem
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
${LINE_ITEM_FIELDS}`);

export const CheckoutsUpdatedSince = adminOperation<
  { abandonedCheckouts: { nodes: Array<Json & { lineItems: { nodes: Json[] } }>; pageInfo: PageInfo } },
  { query: string; after: string | null }
>(`#graphql
  query CheckoutsUpdatedSince($query: String!, $after: String) {
    abandonedCheckouts(first: 8, after: $after, query: $query) {
      nodes {
        ...SyncCheckout
        lineItems(first: 15) {
          nodes {
            ...SyncCheckoutLine
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
${CHECKOUT_FIELDS}${CHECKOUT_LINE_FIELDS}`);
