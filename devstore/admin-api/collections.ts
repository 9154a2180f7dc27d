/**
 * Collections in the Admin API: `collections`, `collection`, `collectionByHandle`, `collectionsCount`,
 * `Collection.products`, `Product.collections` / `inCollection`, and the collection mutations (`collectionCreate`,
 * `collectionUpdate`, `collectionDelete`, `collectionAddProducts`, `collectionRemoveProducts`). Paging and cost are
 * the generic ones (connection.ts, cost.ts): a collection's products are a connection like any other.
 */
import type { GraphQLResolveInfo } from "graphql";
import { z } from "zod";
import {
  changeCollectionProducts,
  type CollectionRecord,
  collectionProductIds,
  createCollection,
  deleteCollection,
  getCollection,
  getCollectionByHandle,
  updateCollection,
} from "../store/collections";
import { gid, parseGid } from "../store/db";
import { DevstoreError } from "../store/errors";
import type { ProductRecord } from "../types";
import { connectionObject, countSql, type PageArgs, pageSql } from "./connection";
import { productObject } from "./objects";
import { type GraphObject, recordSearch, type RequestContext, requireScope } from "./request-context";
import { exactField, numberField, timeField } from "./search";
import { productSource, type Source } from "./sources";

type Args = Record<string, unknown>;
type RootResolver = (args: Args, rc: RequestContext, info: GraphQLResolveInfo) => unknown;

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

export function collectionSource(timeZone: string): Source {
  const title = "lower(r.title)";
  const titleLike = (value: string) => ({ sql: `${title} LIKE ? ESCAPE '\\'`, params: [`%${escapeLike(value.toLowerCase().replace(/\*$/, ""))}%`] });
  return {
    from: "collections AS r",
    sortKeys: { ID: "r.id", RELEVANCE: "r.id", TITLE: title, UPDATED_AT: "r.updated_at" },
    defaultSortKey: "ID",
    search: {
      fields: {
        id: numberField("r.id"),
        title: (_op, value) => titleLike(value),
        handle: exactField("r.handle"),
        collection_type: (_op, value) => ({
          sql: value.toLowerCase() === "smart" ? "json_extract(r.data, '$.ruleSet') IS NOT NULL" : "json_extract(r.data, '$.ruleSet') IS NULL",
          params: [],
        }),
        product_id: (_op, value) => ({
          sql: "EXISTS (SELECT 1 FROM collection_products AS cp WHERE cp.collection_id = r.id AND cp.product_id = ?)",
          params: [Number(value)],
        }),
        updated_at: timeField("r.updated_at", timeZone),
      },
      freeText: (value) => titleLike(value),
    },
  };
}

/** A collection's products as rows: the membership table joined to products, sortable as ProductCollectionSortKeys. */
function collectionProductsSource(collectionId: number, timeZone: string): Source {
  const base = productSource(timeZone);
  const price = "(SELECT min(CAST(json_extract(v.value, '$.price') AS REAL)) FROM json_each(r.data, '$.variants') AS v)";
  return {
    ...base,
    // The id is a number parsed from a gid, never text from the request.
    from: `products AS r JOIN collection_products AS cp ON cp.product_id = r.id AND cp.collection_id = ${Math.trunc(collectionId)}`,
    sortKeys: {
      COLLECTION_DEFAULT: "cp.position",
      MANUAL: "cp.position",
      BEST_SELLING: "cp.position",
      ID: "r.id",
      RELEVANCE: "r.id",
      TITLE: `lower(json_extract(r.data, '$.title'))`,
      CREATED: "r.created_at",
      PRICE: `coalesce(${price}, 0)`,
    },
    defaultSortKey: "COLLECTION_DEFAULT",
  };
}

export function collectionObject(c: CollectionRecord): GraphObject {
  const products = (args: Args, rc: RequestContext) => {
    const page = pageSql({ ...(args as PageArgs), db: rc.ctx.db, source: collectionProductsSource(c.id, rc.shop.ianaTimezone), shop: c.shop, uncapped: rc.bulk });
    return connectionObject("ProductConnection", page, (data) => productObject(JSON.parse(data) as ProductRecord));
  };
  return {
    __typename: "Collection",
    id: gid("Collection", c.id),
    legacyResourceId: String(c.id),
    title: c.title,
    handle: c.handle,
    description: c.descriptionHtml.replace(/<[^>]*>/g, ""),
    descriptionHtml: c.descriptionHtml,
    sortOrder: c.sortOrder,
    templateSuffix: null,
    updatedAt: c.updatedAt,
    ruleSet: c.ruleSet
      ? {
          __typename: "CollectionRuleSet",
          appliedDisjunctively: c.ruleSet.appliedDisjunctively,
          rules: c.ruleSet.rules.map((r) => ({ __typename: "CollectionRule", ...r, conditionObject: null })),
        }
      : null,
    productsCount: (_a: Args, rc: RequestContext) => ({
      __typename: "Count",
      count: collectionProductIds(rc.ctx.db, c.shop, c.id).length,
      precision: "EXACT",
    }),
    hasProduct: (args: Args, rc: RequestContext) => {
      const parsed = parseGid(String(args.id));
      return parsed?.kind === "Product" && collectionProductIds(rc.ctx.db, c.shop, c.id).includes(parsed.id);
    },
    products,
  };
}

/** `Product.collections`: the collections holding the product, paged like `collections`. */
export function productCollections(p: ProductRecord) {
  return (args: Args, rc: RequestContext, info: GraphQLResolveInfo) => {
    const page = pageSql({
      ...(args as PageArgs),
      db: rc.ctx.db,
      source: collectionSource(rc.shop.ianaTimezone),
      shop: p.shop,
      extra: { sql: "r.id IN (SELECT collection_id FROM collection_products WHERE shop = ? AND product_id = ?)", params: [p.shop, p.id] },
      uncapped: rc.bulk,
    });
    recordSearch(rc, info, args.query, page.warnings);
    return connectionObject("CollectionConnection", page, (data) => collectionObject(JSON.parse(data) as CollectionRecord));
  };
}

/** `Product.inCollection(id:)`. */
export function productInCollection(p: ProductRecord) {
  return (args: Args, rc: RequestContext) => {
    const parsed = parseGid(String(args.id));
    if (parsed?.kind !== "Collection") return false;
    return Boolean(rc.ctx.db.prepare("SELECT 1 FROM collection_products WHERE shop = ? AND collection_id = ? AND product_id = ?").get(p.shop, parsed.id, p.id));
  };
}

export const collectionQueries: Record<string, RootResolver> = {
  collections: (args, rc, info) => {
    requireScope(rc, info, "read_products");
    const page = pageSql({ ...(args as PageArgs), db: rc.ctx.db, source: collectionSource(rc.shop.ianaTimezone), shop: rc.shop.domain, uncapped: rc.bulk });
    recordSearch(rc, info, args.query, page.warnings);
    return connectionObject("CollectionConnection", page, (data) => collectionObject(JSON.parse(data) as CollectionRecord));
  },
  collection: (args, rc, info) => {
    requireScope(rc, info, "read_products");
    const parsed = parseGid(String(args.id));
    if (parsed?.kind !== "Collection") return null;
    const c = getCollection(rc.ctx.db, rc.shop.domain, parsed.id);
    return c ? collectionObject(c) : null;
  },
  collectionByHandle: (args, rc, info) => {
    requireScope(rc, info, "read_products");
    const c = getCollectionByHandle(rc.ctx.db, rc.shop.domain, String(args.handle));
    return c ? collectionObject(c) : null;
  },
  collectionsCount: (args, rc, info) => {
    requireScope(rc, info, "read_products");
    const limit = args.limit === undefined ? 10_000 : (args.limit as number | null);
    const result = countSql(rc.ctx.db, collectionSource(rc.shop.ianaTimezone), rc.shop.domain, args.query as string | undefined, limit);
    recordSearch(rc, info, args.query, result.warnings);
    return { __typename: "Count", count: result.count, precision: result.precision };
  },
};

const RuleSetInput = z.object({
  appliedDisjunctively: z.boolean(),
  rules: z.array(
    z.object({
      column: z.enum(["TAG", "TYPE", "VENDOR", "TITLE", "VARIANT_PRICE"], { message: "Rule column is not supported by the dev store" }),
      relation: z.enum(["EQUALS", "NOT_EQUALS", "CONTAINS", "NOT_CONTAINS", "STARTS_WITH", "ENDS_WITH", "GREATER_THAN", "LESS_THAN"]),
      condition: z.string(),
    }),
  ),
});

const CollectionInputSchema = z.object({
  id: z.string().nullish(),
  title: z.string().nullish(),
  handle: z.string().nullish(),
  descriptionHtml: z.string().nullish(),
  sortOrder: z.string().nullish(),
  ruleSet: z.unknown().optional(),
  products: z.array(z.string()).nullish(),
});

type UserError = { field: string[] | null; message: string };

function productIdsOf(ids: readonly string[]): number[] | UserError {
  const out: number[] = [];
  for (const id of ids) {
    const parsed = parseGid(id);
    if (parsed?.kind !== "Product") return { field: ["productIds"], message: `Product ${id} does not exist` };
    out.push(parsed.id);
  }
  return out;
}

function fail(err: unknown, prefix: string[]): UserError[] {
  if (err instanceof DevstoreError) return [{ field: err.field ? [...prefix, err.field] : null, message: err.message }];
  throw err;
}

function collectionIdOf(value: unknown): number | null {
  const parsed = parseGid(String(value ?? ""));
  return parsed?.kind === "Collection" ? parsed.id : null;
}

const NOT_FOUND: UserError[] = [{ field: ["id"], message: "Collection does not exist" }];

export const collectionMutations: Record<string, RootResolver> = {
  collectionCreate: (args, rc, info) => {
    requireScope(rc, info, "write_products");
    const input = CollectionInputSchema.parse(args.input ?? args.collection);
    if (input.id) return { collection: null, userErrors: [{ field: ["id"], message: "Id must be blank for a new collection" }] };
    const ruleSet = input.ruleSet === undefined || input.ruleSet === null ? null : RuleSetInput.safeParse(input.ruleSet);
    if (ruleSet && !ruleSet.success) return { collection: null, userErrors: [{ field: ["ruleSet"], message: ruleSet.error.issues[0]!.message }] };
    const products = productIdsOf(input.products ?? []);
    if (!Array.isArray(products)) return { collection: null, userErrors: [{ ...products, field: ["products"] }] };
    try {
      const c = createCollection(
        rc.ctx,
        rc.shop.domain,
        {
          title: input.title ?? "",
          ...(input.handle ? { handle: input.handle } : {}),
          ...(input.descriptionHtml != null ? { descriptionHtml: input.descriptionHtml } : {}),
          ...(input.sortOrder ? { sortOrder: input.sortOrder } : {}),
          ruleSet: ruleSet?.data ?? null,
          productIds: products,
        },
        rc.now(),
      );
      return { collection: collectionObject(c), userErrors: [] };
    } catch (err) {
      return { collection: null, userErrors: fail(err, []) };
    }
  },

  collectionUpdate: (args, rc, info) => {
    requireScope(rc, info, "write_products");
    const input = CollectionInputSchema.parse(args.input ?? args.collection);
    const id = collectionIdOf(input.id);
    if (id === null || !getCollection(rc.ctx.db, rc.shop.domain, id)) return { collection: null, userErrors: NOT_FOUND };
    const ruleSet = input.ruleSet === undefined || input.ruleSet === null ? null : RuleSetInput.safeParse(input.ruleSet);
    if (ruleSet && !ruleSet.success) return { collection: null, userErrors: [{ field: ["ruleSet"], message: ruleSet.error.issues[0]!.message }] };
    try {
      const c = updateCollection(
        rc.ctx,
        rc.shop.domain,
        id,
        {
          ...(input.title != null ? { title: input.title } : {}),
          ...(input.handle ? { handle: input.handle } : {}),
          ...(input.descriptionHtml != null ? { descriptionHtml: input.descriptionHtml } : {}),
          ...(input.sortOrder ? { sortOrder: input.sortOrder } : {}),
          ...(ruleSet?.data ? { ruleSet: ruleSet.data } : {}),
        },
        rc.now(),
      );
      return { collection: collectionObject(c), userErrors: [] };
    } catch (err) {
      return { collection: null, userErrors: fail(err, []) };
    }
  },

  collectionDelete: (args, rc, info) => {
    requireScope(rc, info, "write_products");
    const id = collectionIdOf((args.input as { id?: unknown } | undefined)?.id);
    if (id === null || !getCollection(rc.ctx.db, rc.shop.domain, id)) return { deletedCollectionId: null, userErrors: NOT_FOUND };
    deleteCollection(rc.ctx, rc.shop.domain, id);
    return { deletedCollectionId: gid("Collection", id), userErrors: [] };
  },

  collectionAddProducts: (args, rc, info) => changeProducts(args, rc, info, "add"),
  collectionRemoveProducts: (args, rc, info) => changeProducts(args, rc, info, "remove"),
};

function changeProducts(args: Args, rc: RequestContext, info: GraphQLResolveInfo, how: "add" | "remove") {
  requireScope(rc, info, "write_products");
  const id = collectionIdOf(args.id);
  if (id === null || !getCollection(rc.ctx.db, rc.shop.domain, id)) {
    return how === "add" ? { collection: null, userErrors: NOT_FOUND } : { job: null, userErrors: NOT_FOUND };
  }
  const products = productIdsOf((args.productIds as string[] | undefined) ?? []);
  if (!Array.isArray(products)) return how === "add" ? { collection: null, userErrors: [products] } : { job: null, userErrors: [products] };
  try {
    const c = changeCollectionProducts(rc.ctx, rc.shop.domain, id, how === "add" ? { add: products } : { remove: products }, rc.now());
    // Shopify removes products in a background job; the dev store is done at once, so the job is already finished.
    return how === "add"
      ? { collection: collectionObject(c), userErrors: [] }
      : { job: { __typename: "Job", id: gid("Job", c.id), done: true, query: null }, userErrors: [] };
  } catch (err) {
    return how === "add" ? { collection: null, userErrors: fail(err, []) } : { job: null, userErrors: fail(err, []) };
  }
}
