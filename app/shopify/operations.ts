/**
 * Every Admin GraphQL operation the app sends. Keep them here (or in files beside this one) so the schema test finds
 * them all.
 */
import { adminOperation, type Count, type MoneyBag } from "./operation";

export type ShopInfoData = {
  shop: {
    name: string;
    email: string;
    myshopifyDomain: string;
    currencyCode: string;
    ianaTimezone: string;
  };
};

export const ShopInfo = adminOperation<ShopInfoData>(`#graphql
  query ShopInfo {
    shop {
      name
      email
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
  }
`);

export type HomeOverviewData = ShopInfoData & {
  customersCount: Count | null;
  ordersCount: Count | null;
  orders: {
    nodes: Array<{
      id: string;
      name: string;
      processedAt: string;
      displayFinancialStatus: string | null;
      displayFulfillmentStatus: string;
      sourceName: string | null;
      totalPriceSet: MoneyBag;
      customer: { id: string; displayName: string } | null;
    }>;
  };
};

export const HomeOverview = adminOperation<HomeOverviewData>(`#graphql
  query HomeOverview {
    shop {
      name
      email
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
    customersCount {
      count
      precision
    }
    ordersCount {
      count
      precision
    }
    orders(first: 5, sortKey: PROCESSED_AT, reverse: true) {
      nodes {
        id
        name
        processedAt
        displayFinancialStatus
        displayFulfillmentStatus
        sourceName
        totalPriceSet {
          shopMoney {
            amount
            currencyCode
          }
        }
        customer {
          id
          displayName
        }
      }
    }
  }
`);

type UserErrors = { userErrors: Array<{ field: string[] | null; message: string }> };

export const TagsAdd = adminOperation<{ tagsAdd: UserErrors | null }, { id: string; tags: string[] }>(`#graphql
  mutation TagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`);

export const TagsRemove = adminOperation<{ tagsRemove: UserErrors | null }, { id: string; tags: string[] }>(`#graphql
  mutation TagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`);

/** Largest tagsAdd batch: each alias costs 10 points plus its payload, well under Shopify's 1,000-point query cap. */
export const TAGS_ADD_BATCH_MAX = 25;

export type TagsAddBatchData = Record<string, UserErrors | null>;

/**
 * tagsAdd for several customers in one request (GraphQL aliases c0, c1, …; one tag list for all). The document for a
 * size is built by one function, so the exported full-size document the schema test validates covers them all.
 */
export function tagsAddBatch(size: number) {
  if (!Number.isInteger(size) || size < 1 || size > TAGS_ADD_BATCH_MAX) throw new Error(`tagsAdd batch size ${size} out of range`);
  const indexes = Array.from({ length: size }, (_, i) => i);
  return adminOperation<TagsAddBatchData, Record<string, string | string[]>>(`#graphql
  mutation TagsAddBatch($tags: [String!]!, ${indexes.map((i) => `$id${i}: ID!`).join(", ")}) {
    ${indexes.map((i) => `c${i}: tagsAdd(id: $id${i}, tags: $tags) {\n      userErrors {\n        field\n        message\n      }\n    }`).join("\n    ")}
  }
`);
}

export const TagsAddBatchFull = tagsAddBatch(TAGS_ADD_BATCH_MAX);

export type SegmentCreateData = {
  segmentCreate: { segment: { id: string; name: string; query: string } | null; userErrors: Array<{ field: string[] | null; message: string }> } | null;
};

export const SegmentCreate = adminOperation<SegmentCreateData, { name: string; query: string }>(`#graphql
  mutation SegmentCreate($name: String!, $query: String!) {
    segmentCreate(name: $name, query: $query) {
      segment {
        id
        name
        query
      }
      userErrors {
        field
        message
      }
    }
  }
`);

export type CustomerByEmailData = { customers: { nodes: Array<{ id: string; email: string | null }> } };

/** A guest who wrote to the shop may already be a Shopify customer the app has not synced yet. */
export const CustomerByEmail = adminOperation<CustomerByEmailData, { query: string }>(`#graphql
  query CustomerByEmail($query: String!) {
    customers(first: 1, query: $query) {
      nodes {
        id
        email
      }
    }
  }
`);

export type CustomerCreateData = {
  customerCreate: { customer: { id: string } | null; userErrors: Array<{ field: string[] | null; message: string }> } | null;
};

export const CustomerCreate = adminOperation<CustomerCreateData, { input: { email: string; firstName?: string; lastName?: string; phone?: string; locale?: string } }>(`#graphql
  mutation CustomerCreate($input: CustomerInput!) {
    customerCreate(input: $input) {
      customer {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`);

/** One collection as the collections sync keeps it, with a first page of its product ids. */
export type SyncCollection = {
  id: string;
  title: string;
  handle: string;
  updatedAt: string;
  products: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

/**
 * A page of the shop's collections with each one's first products. Requested cost 2 + 25 × (1 + 2 + 35) = 952, under
 * the 1,000-point single-query limit, so most collections come whole in one request; larger ones continue with
 * CollectionProductsPage.
 */
export type CollectionsPageData = {
  collections: { nodes: SyncCollection[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

export const CollectionsPage = adminOperation<CollectionsPageData, { after: string | null }>(`#graphql
  query CollectionsPage($after: String) {
    collections(first: 25, after: $after) {
      nodes {
        id
        title
        handle
        updatedAt
        products(first: 35) {
          nodes {
            id
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
`);

/** The rest of a collection's product ids, 250 a page (requested cost 1 + 2 + 250). */
export const CollectionProductsPage = adminOperation<
  { collection: { products: SyncCollection["products"] } | null },
  { id: string; after: string | null }
>(`#graphql
  query CollectionProductsPage($id: ID!, $after: String) {
    collection(id: $id) {
      products(first: 250, after: $after) {
        nodes {
          id
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** One collection, refreshed when a collections/* webhook names it; null once it is deleted. */
export const CollectionById = adminOperation<{ collection: SyncCollection | null }, { id: string }>(`#graphql
  query CollectionById($id: ID!) {
    collection(id: $id) {
      id
      title
      handle
      updatedAt
      products(first: 250) {
        nodes {
          id
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);
