/**
 * Collections as Shopify keeps them: a custom collection lists its products in order; a smart collection holds the
 * products its rules match (TAG, TYPE, VENDOR, TITLE, VARIANT_PRICE), recomputed when it is written. Membership lives
 * in `collection_products` either way, so paging a collection's products or a product's collections is one indexed
 * query. Changes emit collections/create, collections/update (also when products are added or removed) and
 * collections/delete, as Shopify does.
 */
import type Database from "better-sqlite3";
import type { DevstoreContext, ProductRecord, ShopRecord } from "../types";
import { gid, records, reserveIds } from "./db";
import { invalid, notFound } from "./errors";
import { requireShop } from "./shops";
import { shopTime } from "./time";

export type CollectionRuleColumn = "TAG" | "TYPE" | "VENDOR" | "TITLE" | "VARIANT_PRICE";
export type CollectionRuleRelation =
  | "EQUALS"
  | "NOT_EQUALS"
  | "CONTAINS"
  | "NOT_CONTAINS"
  | "STARTS_WITH"
  | "ENDS_WITH"
  | "GREATER_THAN"
  | "LESS_THAN";
export type CollectionRule = { column: CollectionRuleColumn; relation: CollectionRuleRelation; condition: string };
export type CollectionRuleSet = { appliedDisjunctively: boolean; rules: CollectionRule[] };

export type CollectionRecord = {
  id: number;
  shop: string;
  title: string;
  handle: string;
  descriptionHtml: string;
  /** Shopify's CollectionSortOrder; MANUAL keeps the order products were added in. */
  sortOrder: string;
  /** Null for a custom collection. */
  ruleSet: CollectionRuleSet | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
};

export type CollectionInput = {
  title: string;
  handle?: string;
  descriptionHtml?: string;
  sortOrder?: string;
  ruleSet?: CollectionRuleSet | null;
  /** Custom collections only: product ids in order. */
  productIds?: number[];
};

export type CollectionPatch = Partial<Omit<CollectionInput, "productIds" | "ruleSet">> & { ruleSet?: CollectionRuleSet };

const SUPPORTED_COLUMNS = new Set<string>(["TAG", "TYPE", "VENDOR", "TITLE", "VARIANT_PRICE"]);

/** Shopify's handle from a title: lower case, words joined by "-"; Japanese titles keep their letters. */
export function handleize(title: string): string {
  return (
    title
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "") || "collection"
  );
}

function text(value: string, relation: CollectionRuleRelation, condition: string): boolean {
  const v = value.toLowerCase();
  const c = condition.toLowerCase();
  switch (relation) {
    case "EQUALS":
      return v === c;
    case "NOT_EQUALS":
      return v !== c;
    case "CONTAINS":
      return v.includes(c);
    case "NOT_CONTAINS":
      return !v.includes(c);
    case "STARTS_WITH":
      return v.startsWith(c);
    case "ENDS_WITH":
      return v.endsWith(c);
    default:
      return false;
  }
}

function number(value: number, relation: CollectionRuleRelation, condition: string): boolean {
  const c = Number(condition);
  if (relation === "GREATER_THAN") return value > c;
  if (relation === "LESS_THAN") return value < c;
  if (relation === "EQUALS") return value === c;
  if (relation === "NOT_EQUALS") return value !== c;
  return false;
}

/** Whether one product satisfies one rule (tags: any tag equal, case-insensitive, as Shopify's tag rule). */
export function ruleMatches(rule: CollectionRule, p: ProductRecord): boolean {
  switch (rule.column) {
    case "TAG":
      return rule.relation === "NOT_EQUALS"
        ? !p.tags.some((t) => text(t, "EQUALS", rule.condition))
        : p.tags.some((t) => text(t, rule.relation, rule.condition));
    case "TYPE":
      return text(p.productType, rule.relation, rule.condition);
    case "VENDOR":
      return text(p.vendor, rule.relation, rule.condition);
    case "TITLE":
      return text(p.title, rule.relation, rule.condition);
    case "VARIANT_PRICE":
      return p.variants.some((v) => number(Number(v.price), rule.relation, rule.condition));
  }
}

export function ruleSetMatches(ruleSet: CollectionRuleSet, p: ProductRecord): boolean {
  return ruleSet.appliedDisjunctively ? ruleSet.rules.some((r) => ruleMatches(r, p)) : ruleSet.rules.every((r) => ruleMatches(r, p));
}

function validateRuleSet(ruleSet: CollectionRuleSet): void {
  if (ruleSet.rules.length === 0) throw invalid("Rules can't be blank", "ruleSet");
  for (const rule of ruleSet.rules) {
    if (!SUPPORTED_COLUMNS.has(rule.column)) throw invalid(`Rule column ${rule.column} is not supported by the dev store`, "ruleSet");
    if (!rule.condition.trim()) throw invalid("Condition can't be blank", "ruleSet");
  }
}

const parse = (row: { data: string } | undefined) => (row ? (JSON.parse(row.data) as CollectionRecord) : null);

export function getCollection(db: Database.Database, shop: string, id: number): CollectionRecord | null {
  return parse(db.prepare("SELECT data FROM collections WHERE shop = ? AND id = ?").get(shop, id) as { data: string } | undefined);
}

export function getCollectionByHandle(db: Database.Database, shop: string, handle: string): CollectionRecord | null {
  return parse(db.prepare("SELECT data FROM collections WHERE shop = ? AND handle = ?").get(shop, handle) as { data: string } | undefined);
}

/** The collection's product ids in its manual order. */
export function collectionProductIds(db: Database.Database, shop: string, id: number): number[] {
  const rows = db
    .prepare("SELECT product_id FROM collection_products WHERE shop = ? AND collection_id = ? ORDER BY position, product_id")
    .all(shop, id) as { product_id: number }[];
  return rows.map((r) => r.product_id);
}

/** Writes the record and its membership (smart collections: every product of the shop its rules match). */
export function putCollection(db: Database.Database, c: CollectionRecord, productIds: number[] = []): void {
  db.prepare(
    `INSERT INTO collections (id, shop, handle, title, updated_at, data) VALUES (@id, @shop, @handle, @title, @updatedAt, @data)
     ON CONFLICT(id) DO UPDATE SET handle = excluded.handle, title = excluded.title, updated_at = excluded.updated_at, data = excluded.data`,
  ).run({ id: c.id, shop: c.shop, handle: c.handle, title: c.title, updatedAt: c.updatedAt, data: JSON.stringify(c) });
  let members = productIds;
  if (c.ruleSet) {
    const ruleSet = c.ruleSet;
    const rows = db.prepare("SELECT data FROM products WHERE shop = ? ORDER BY id").all(c.shop) as { data: string }[];
    members = rows.map((r) => JSON.parse(r.data) as ProductRecord).filter((p) => ruleSetMatches(ruleSet, p)).map((p) => p.id);
  }
  db.prepare("DELETE FROM collection_products WHERE collection_id = ?").run(c.id);
  const insert = db.prepare("INSERT OR IGNORE INTO collection_products (collection_id, product_id, shop, position) VALUES (?, ?, ?, ?)");
  members.forEach((productId, i) => insert.run(c.id, productId, c.shop, i + 1));
}

/** REST payload of collections/create and collections/update (smart collections carry their rules). */
export function collectionPayload(c: CollectionRecord, shop: ShopRecord) {
  const tz = shop.ianaTimezone;
  return {
    id: c.id,
    handle: c.handle,
    title: c.title,
    updated_at: shopTime(c.updatedAt, tz),
    body_html: c.descriptionHtml,
    published_at: shopTime(c.publishedAt, tz),
    sort_order: c.sortOrder.toLowerCase().replace(/_/g, "-"),
    template_suffix: null,
    published_scope: "web",
    ...(c.ruleSet
      ? {
          disjunctive: c.ruleSet.appliedDisjunctively,
          rules: c.ruleSet.rules.map((r) => ({ column: r.column.toLowerCase(), relation: r.relation.toLowerCase(), condition: r.condition })),
        }
      : {}),
    admin_graphql_api_id: gid("Collection", c.id),
  };
}

function emit(ctx: DevstoreContext, shop: ShopRecord, topic: "collections/create" | "collections/update", c: CollectionRecord) {
  ctx.webhooks.emit({ shop: shop.domain, topic, payload: collectionPayload(c, shop), subjectGid: gid("Collection", c.id), triggeredAt: c.updatedAt });
}

function requireProducts(db: Database.Database, shop: string, ids: number[]): number[] {
  const r = records(db);
  for (const id of ids) if (!r.getProduct(shop, id)) throw invalid(`Product ${id} does not exist`, "products");
  return [...new Set(ids)];
}

function uniqueHandle(db: Database.Database, shop: string, wanted: string, exceptId: number | null): string {
  let handle = wanted;
  for (let n = 1; ; n++) {
    const taken = getCollectionByHandle(db, shop, handle);
    if (!taken || taken.id === exceptId) return handle;
    handle = `${wanted}-${n}`;
  }
}

/** Creates a custom (no ruleSet) or smart collection; emits collections/create. */
export function createCollection(ctx: DevstoreContext, shop: string, input: CollectionInput, at = new Date()): CollectionRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const title = input.title.trim();
    if (!title) throw invalid("Title can't be blank", "title");
    if (input.ruleSet) validateRuleSet(input.ruleSet);
    if (input.ruleSet && input.productIds?.length) throw invalid("Can't add products to a smart collection", "products");
    const now = at.toISOString();
    const c: CollectionRecord = {
      id: reserveIds(ctx.db, "Collection"),
      shop,
      title,
      handle: uniqueHandle(ctx.db, shop, handleize(input.handle ?? title), null),
      descriptionHtml: input.descriptionHtml ?? "",
      sortOrder: input.sortOrder ?? (input.ruleSet ? "BEST_SELLING" : "MANUAL"),
      ruleSet: input.ruleSet ?? null,
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
    };
    putCollection(ctx.db, c, requireProducts(ctx.db, shop, input.productIds ?? []));
    emit(ctx, s, "collections/create", c);
    return c;
  })();
}

function requireCollection(db: Database.Database, shop: string, id: number): CollectionRecord {
  const c = getCollection(db, shop, id);
  if (!c) throw notFound("Collection", id);
  return c;
}

/** Changes title, handle, description, sort order or (smart collections) rules; emits collections/update. */
export function updateCollection(ctx: DevstoreContext, shop: string, id: number, patch: CollectionPatch, at = new Date()): CollectionRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const current = requireCollection(ctx.db, shop, id);
    if (patch.ruleSet && !current.ruleSet) throw invalid("A custom collection can't become a smart collection", "ruleSet");
    if (patch.ruleSet) validateRuleSet(patch.ruleSet);
    const title = patch.title === undefined ? current.title : patch.title.trim();
    if (!title) throw invalid("Title can't be blank", "title");
    const next: CollectionRecord = {
      ...current,
      title,
      handle: patch.handle === undefined ? current.handle : uniqueHandle(ctx.db, shop, handleize(patch.handle), id),
      descriptionHtml: patch.descriptionHtml ?? current.descriptionHtml,
      sortOrder: patch.sortOrder ?? current.sortOrder,
      ruleSet: patch.ruleSet ?? current.ruleSet,
      updatedAt: at.toISOString(),
    };
    putCollection(ctx.db, next, collectionProductIds(ctx.db, shop, id));
    emit(ctx, s, "collections/update", next);
    return next;
  })();
}

/** Adds (at the end) or removes products of a custom collection; emits collections/update. */
export function changeCollectionProducts(
  ctx: DevstoreContext,
  shop: string,
  id: number,
  change: { add?: number[]; remove?: number[] },
  at = new Date(),
): CollectionRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const current = requireCollection(ctx.db, shop, id);
    if (current.ruleSet) throw invalid("Can't manually add products to a smart collection", "id");
    const add = requireProducts(ctx.db, shop, change.add ?? []);
    const remove = new Set(change.remove ?? []);
    const existing = collectionProductIds(ctx.db, shop, id);
    const members = [...existing, ...add.filter((p) => !existing.includes(p))].filter((p) => !remove.has(p));
    const next = { ...current, updatedAt: at.toISOString() };
    putCollection(ctx.db, next, members);
    emit(ctx, s, "collections/update", next);
    return next;
  })();
}

/** Deletes the collection (its membership goes with it); emits collections/delete. */
export function deleteCollection(ctx: DevstoreContext, shop: string, id: number): void {
  ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    requireCollection(ctx.db, shop, id);
    ctx.db.prepare("DELETE FROM collections WHERE shop = ? AND id = ?").run(shop, id);
    ctx.webhooks.emit({
      shop: s.domain,
      topic: "collections/delete",
      payload: { id, published_scope: "web", admin_graphql_api_id: gid("Collection", id) },
      subjectGid: gid("Collection", id),
    });
  })();
}
