/**
 * "Bought from a collection" for the segment compiler (issue 5), on SQLite and PostgreSQL: the customer has a counted
 * order (not cancelled, not deleted) with a line item whose product is in one of the collections, as the app last
 * synced them (app/sync/collections.server.ts). Mirrors compile.server.ts's productBought: an IN subquery that the
 * OrderLineItem (shop, productShopifyId) and CollectionProduct (shop, collectionShopifyId, …) keys answer.
 */
import type { Statement } from "../utils/sql-statement";

export type CollectionBoughtOptions = {
  shop: string;
  /** Collection ids as synced (`Collection.shopifyId`, the numeric Shopify id). */
  collectionIds: readonly string[];
  /** How the condition names the customer row: `c` for `FROM "Customer" AS c`, `"Customer"` for the compiler's. */
  customer?: string;
  /** True for "never bought from these collections". */
  negate?: boolean;
};

/**
 * The SQL condition, its parameters appended to `s` in the order of the text (SQLite's `?` are positional). An empty
 * list matches nobody (or, negated, everybody).
 */
export function collectionBoughtCondition(s: Statement, options: CollectionBoughtOptions): string {
  const customer = options.customer ?? "c";
  const ids = [...new Set(options.collectionIds)];
  if (ids.length === 0) return options.negate ? "(1 = 1)" : "(1 = 0)";
  const bought =
    `SELECT o."customerShopifyId" FROM "OrderLineItem" AS li JOIN "Order" AS o ON o."id" = li."orderId" ` +
    `WHERE li."shop" = ${s.p(options.shop)} AND li."productShopifyId" IN (` +
    `SELECT cp."productShopifyId" FROM "CollectionProduct" AS cp WHERE cp."shop" = ${s.p(options.shop)} ` +
    `AND cp."collectionShopifyId" IN (${ids.map((id) => s.p(id)).join(", ")})) ` +
    `AND o."shop" = ${s.p(options.shop)} AND o."customerShopifyId" IS NOT NULL ` +
    `AND o."cancelledAt" IS NULL AND o."deletedAt" IS NULL`;
  return `${customer}."shopifyId" ${options.negate ? "NOT IN" : "IN"} (${bought})`;
}
