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
