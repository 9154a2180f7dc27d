/** Shop, bulk operations, webhook subscriptions, and `node(id:)` lookup by gid. */
import type Database from "better-sqlite3";
import { gid, parseGid, records } from "../store/db";
import { getCollection } from "../store/collections";
import { shopTime } from "../store/time";
import type { BulkOperationRecord, ShopRecord } from "../types";
import { checkoutObject, customerObject, orderObject, productObject, variantObject } from "./objects";
import { collectionObject } from "./collections";
import { accessDenied, type GraphObject, hasScope, type RequestContext } from "./request-context";

export function shopObject(s: ShopRecord): GraphObject {
  const offset = /([+-]\d{2}):(\d{2})$/.exec(shopTime(new Date().toISOString(), s.ianaTimezone) ?? "");
  return {
    __typename: "Shop",
    id: gid("Shop", s.id),
    name: s.name,
    email: s.email,
    contactEmail: s.email,
    myshopifyDomain: s.domain,
    url: `https://${s.domain}`,
    currencyCode: s.currencyCode,
    enabledPresentmentCurrencies: [s.currencyCode],
    ianaTimezone: s.ianaTimezone,
    timezoneOffset: offset ? `${offset[1]}${offset[2]}` : "+0000",
    timezoneOffsetMinutes: offset ? Number(offset[1]) * 60 + Math.sign(Number(offset[1])) * Number(offset[2]) : 0,
    primaryDomain: { __typename: "Domain", id: gid("Domain", s.id), host: s.domain, url: `https://${s.domain}`, sslEnabled: true },
    plan: { __typename: "ShopPlan", publicDisplayName: s.plan, displayName: s.plan, shopifyPlus: s.plan === "Plus", partnerDevelopment: false },
    billingAddress: {
      __typename: "ShopAddress",
      id: gid("ShopAddress", s.id),
      countryCodeV2: s.countryCode,
      country: null,
      address1: null,
      address2: null,
      city: null,
      province: null,
      provinceCode: null,
      zip: null,
      phone: null,
      company: null,
    },
    description: null,
  };
}

export function bulkObject(b: BulkOperationRecord): GraphObject {
  return {
    __typename: "BulkOperation",
    id: gid("BulkOperation", b.id),
    status: b.status,
    type: b.type,
    query: b.query,
    errorCode: b.errorCode,
    objectCount: String(b.objectCount),
    rootObjectCount: String(b.rootObjectCount),
    fileSize: b.fileSize === null ? null : String(b.fileSize),
    url: b.url,
    partialDataUrl: null,
    createdAt: b.createdAt,
    completedAt: b.completedAt,
  };
}

export type WebhookSubscriptionRow = {
  id: number;
  shop: string;
  topic: string;
  uri: string;
  format: string;
  created_at: string;
  updated_at: string;
};

/** "customers/update" <-> CUSTOMERS_UPDATE, the schema's WebhookSubscriptionTopic. */
export function topicToEnum(topic: string): string {
  return topic.replace(/[/]/g, "_").toUpperCase();
}

export function enumToTopic(value: string): string {
  // The first underscore separates resource and event, except for multi-word resources Shopify spells with "_".
  const lower = value.toLowerCase();
  const multi = ["bulk_operations", "app_subscriptions", "customer_groups", "inventory_items", "inventory_levels", "order_transactions", "product_listings", "selling_plan_groups", "subscription_contracts", "fulfillment_orders", "draft_orders", "fulfillment_events"];
  const prefix = multi.find((m) => lower.startsWith(`${m}_`));
  if (prefix) return `${prefix}/${lower.slice(prefix.length + 1)}`;
  const i = lower.indexOf("_");
  return i < 0 ? lower : `${lower.slice(0, i)}/${lower.slice(i + 1)}`;
}

export function webhookSubscriptionObject(row: WebhookSubscriptionRow, apiVersion: string): GraphObject {
  return {
    __typename: "WebhookSubscription",
    id: gid("WebhookSubscription", row.id),
    legacyResourceId: String(row.id),
    topic: topicToEnum(row.topic),
    uri: row.uri,
    callbackUrl: row.uri,
    endpoint: { __typename: "WebhookHttpEndpoint", callbackUrl: row.uri },
    format: row.format,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    includeFields: [],
    metafieldNamespaces: [],
    metafields: [],
    filter: null,
    name: null,
    apiVersion: { __typename: "ApiVersion", handle: apiVersion, displayName: apiVersion, supported: true },
  };
}

export function getWebhookSubscription(db: Database.Database, shop: string, id: number): WebhookSubscriptionRow | null {
  return (db.prepare("SELECT * FROM webhook_subscriptions WHERE shop = ? AND id = ?").get(shop, id) as WebhookSubscriptionRow | undefined) ?? null;
}

const NODE_SCOPES: Record<string, string> = {
  Customer: "read_customers",
  Order: "read_orders",
  AbandonedCheckout: "read_orders",
  Product: "read_products",
  ProductVariant: "read_products",
  Collection: "read_products",
};

/** Resolves a gid to its object in this shop, or null (Shopify answers null for ids it cannot see). */
export function nodeByGid(rc: RequestContext, id: string, fieldName: string): GraphObject | null {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const scope = NODE_SCOPES[parsed.kind];
  if (scope && !hasScope(rc.scopes, scope)) throw accessDenied(fieldName, scope);
  const shop = rc.shop.domain;
  const r = records(rc.ctx.db);
  switch (parsed.kind) {
    case "Customer": {
      const c = r.getCustomer(shop, parsed.id);
      return c ? customerObject(c) : null;
    }
    case "Order": {
      const o = r.getOrder(shop, parsed.id);
      return o ? orderObject(o) : null;
    }
    case "Product": {
      const p = r.getProduct(shop, parsed.id);
      return p ? productObject(p) : null;
    }
    case "ProductVariant": {
      const row = rc.ctx.db
        .prepare(
          `SELECT p.data AS data FROM products AS p, json_each(p.data, '$.variants') AS v
           WHERE p.shop = ? AND json_extract(v.value, '$.id') = ? LIMIT 1`,
        )
        .get(shop, parsed.id) as { data: string } | undefined;
      if (!row) return null;
      const p = JSON.parse(row.data) as import("../types").ProductRecord;
      const v = p.variants.find((x) => x.id === parsed.id);
      return v ? variantObject(v, p) : null;
    }
    case "AbandonedCheckout": {
      const c = r.getCheckout(shop, parsed.id);
      return c && c.abandonedAt ? checkoutObject(c) : null;
    }
    case "Collection": {
      const c = getCollection(rc.ctx.db, shop, parsed.id);
      return c ? collectionObject(c) : null;
    }
    case "BulkOperation": {
      const b = r.getBulkOperation(shop, parsed.id);
      return b ? bulkObject(b) : null;
    }
    case "WebhookSubscription": {
      const w = getWebhookSubscription(rc.ctx.db, shop, parsed.id);
      return w ? webhookSubscriptionObject(w, rc.apiVersion) : null;
    }
    case "Shop":
      return parsed.id === rc.shop.id ? shopObject(rc.shop) : null;
    default:
      return null;
  }
}
