/**
 * The customers index: search, filters, sort and pagination done in the database, scoped to the shop. Search matches
 * partial text in names (kanji or kana, as the shop stored them), the katakana reading (typed in hiragana, katakana or
 * half-width kana), email and phone, and exact order numbers ("#1001" or "1001"); every word must match.
 *
 * Speed at 100k customers (docs/database.md, bench/README.md): one SQL statement gives the page and the exact total
 * (COUNT(*) OVER ()) from a partial covering index that holds the search text and every filter and sort column
 * (SQLite) or a trigram index on the same text (PostgreSQL), so a search reads no table rows but the page's 50.
 */
import { CPM_CLASSES, NO_PURCHASE, RFM_CLASSES } from "../analytics/classes";
import { z } from "zod";
import prisma from "../db.server";
import { isPostgresUrl } from "../env.server";
import { compileRule } from "../segments/compile.server";
import type { SegmentGroup } from "../segments/rule";
import { segmentFilter } from "../segments/segments.server";
import { utcOffsetMinutes } from "../analytics/classes";
import { type Dialect, Statement, dateParam } from "../utils/sql-statement";
import { shopCurrency } from "./shop-settings.server";
import { SEARCH_TEXT_SQL, containsPattern, orderNameOf, searchWords } from "./search-terms";

export const PAGE_SIZE = 50;

const optionalNumber = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number().min(0).optional());
const optionalDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.date().optional());
const optionalText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(200).optional());

export const SORT_KEYS = ["lastOrderAt", "totalSpent", "ordersCount", "name", "createdAt"] as const;
export const CONSENT_STATES = ["SUBSCRIBED", "NOT_SUBSCRIBED", "UNSUBSCRIBED", "PENDING"] as const;

export const CustomerIndexQuery = z.object({
  q: optionalText,
  tag: optionalText,
  consent: z.enum(CONSENT_STATES).optional().catch(undefined),
  minOrders: optionalNumber,
  maxOrders: optionalNumber,
  minSpent: optionalNumber,
  maxSpent: optionalNumber,
  lastOrderFrom: optionalDate,
  lastOrderTo: optionalDate,
  province: optionalText,
  channel: optionalText,
  sort: z.enum(SORT_KEYS).catch("lastOrderAt"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  // Analysis classes (app/analytics/classes.ts), from the analysis page's links.
  rfm: z.enum([...RFM_CLASSES, NO_PURCHASE]).optional().catch(undefined),
  cpm: z.enum(CPM_CLASSES).optional().catch(undefined),
  // A saved segment (app/segments): its rule is ANDed with the other filters ("View members").
  segment: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(64).regex(/^[A-Za-z0-9_-]+$/).optional()).catch(undefined),
});

export type CustomerIndexQuery = z.infer<typeof CustomerIndexQuery>;

export function parseCustomerIndexQuery(params: URLSearchParams): CustomerIndexQuery {
  return CustomerIndexQuery.parse(Object.fromEntries(params));
}

export type CustomerListRow = {
  shopifyId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  marketingState: string | null;
  provinceCode: string | null;
  ordersCount: number;
  totalSpent: string;
  lastOrderAt: string | null;
  preferredChannel: string | null;
};

/** The segment the index is narrowed to; name null when the id names no segment of the shop (then nobody matches). */
export type IndexSegment = { id: string; name: string | null };

export type CustomerIndexPage = { rows: CustomerListRow[]; total: number; page: number; pageSize: number; tags: string[]; segment: IndexSegment | null };

/** A segment's rule as the index applies it: compiled into each statement (null: the segment does not exist). */
type SegmentRule = { rule: SegmentGroup | null; now: Date; utcOffsetMinutes: number };

/** Covering index of the search and filter statement on SQLite (prisma/migrations/20261123150000_add_customer_search_indexes). */
const SEARCH_INDEX = "Customer_search_idx";

/** Whether the query narrows the shop's live customers at all (the default view does not). */
function isFiltered(query: CustomerIndexQuery): boolean {
  const { q, tag, consent, minOrders, maxOrders, minSpent, maxSpent, lastOrderFrom, lastOrderTo, province, channel, segment } = query;
  return [q, tag, consent, minOrders, maxOrders, minSpent, maxSpent, lastOrderFrom, lastOrderTo, province, channel, segment].some((v) => v !== undefined);
}

/** The search condition: every word in the search text (in one of its forms), or the customer of the order number. */
function searchCondition(s: Statement, q: string, orderCustomers: string[]): string {
  // SQLite's LIKE ignores case for ASCII only; PostgreSQL's ILIKE folds case as Prisma's `mode: "insensitive"` did.
  const like = s.dialect === "postgresql" ? "ILIKE" : "LIKE";
  const contains = (column: string, text: string) => `${column} ${like} ${s.p(containsPattern(text))} ESCAPE '\\'`;
  const words = searchWords(q).map((word) => {
    const anyForm = word.forms.map((form) => contains(SEARCH_TEXT_SQL, form)).join(" OR ");
    if (!word.exact) return `(${anyForm})`;
    // A word with hyphens matches the phone only without them, and the other fields only as typed (or as a reading).
    const { text, phone } = word.exact;
    const fields = text.flatMap((t) => ['"lastName"', '"firstName"', '"nameKana"', '"email"'].map((column) => contains(column, t)));
    return `(${anyForm}) AND (${[...fields, contains('"phone"', phone)].join(" OR ")})`;
  });
  const allWords = words.join(" AND ");
  if (!orderCustomers.length) return allWords;
  return `((${allWords}) OR "shopifyId" IN (${orderCustomers.map((id) => s.p(id)).join(", ")}))`;
}

function whereSql(s: Statement, shop: string, query: CustomerIndexQuery, orderCustomers: string[], segment?: SegmentRule): string {
  const and = [`"shop" = ${s.p(shop)}`, `"deletedAt" IS NULL`, `"redactedAt" IS NULL`];
  if (query.tag) {
    if (s.dialect === "sqlite") {
      // The tags as stored beside the CustomerTag rows (every writer joins them with ", "), read from the covering
      // index: probing CustomerTag once per index entry cost more than the whole scan at 100k customers.
      and.push(`instr(', ' || "tags" || ', ', ${s.p(`, ${query.tag}, `)}) > 0`);
    } else {
      and.push(`"shopifyId" IN (SELECT t."customerShopifyId" FROM "CustomerTag" AS t WHERE t."shop" = ${s.p(shop)} AND t."tag" = ${s.p(query.tag)})`);
    }
  }
  if (query.consent) and.push(`"marketingState" = ${s.p(query.consent)}`);
  if (query.minOrders !== undefined) and.push(`"ordersCount" >= ${s.p(query.minOrders)}`);
  if (query.maxOrders !== undefined) and.push(`"ordersCount" <= ${s.p(query.maxOrders)}`);
  if (query.minSpent !== undefined) and.push(`"totalSpent" >= ${s.p(query.minSpent)}`);
  if (query.maxSpent !== undefined) and.push(`"totalSpent" <= ${s.p(query.maxSpent)}`);
  if (query.lastOrderFrom) and.push(`"lastOrderAt" >= ${s.p(dateParam(s.dialect, query.lastOrderFrom))}`);
  if (query.lastOrderTo) and.push(`"lastOrderAt" <= ${s.p(dateParam(s.dialect, query.lastOrderTo))}`);
  if (query.province) and.push(`"provinceCode" = ${s.p(query.province)}`);
  if (query.channel) and.push(`"preferredChannel" = ${s.p(query.channel)}`);
  // Analysis classes (app/analytics): customers whose stored RFM / CPM class matches.
  if (query.rfm) and.push(`"shopifyId" IN (SELECT a."customerShopifyId" FROM "CustomerAnalysis" AS a WHERE a."shop" = ${s.p(shop)} AND a."rfmClass" = ${s.p(query.rfm)})`);
  if (query.cpm) and.push(`"shopifyId" IN (SELECT a."customerShopifyId" FROM "CustomerAnalysis" AS a WHERE a."shop" = ${s.p(shop)} AND a."cpmClass" = ${s.p(query.cpm)})`);
  if (segment) {
    if (!segment.rule) and.push("1 = 0");
    else and.push(compileRule(segment.rule, { shop, dialect: s.dialect, now: segment.now, utcOffsetMinutes: segment.utcOffsetMinutes, statement: s }).sql);
  }
  // Last: SQLite tests the terms in this order, and the cheap comparisons above spare LIKE most entries.
  if (query.q) and.push(searchCondition(s, query.q, orderCustomers));
  return and.join(" AND ");
}

/** ORDER BY with the customer id as tie-breaker, so pages never overlap. Customers without orders come last either way. */
function orderSql(dialect: Dialect, query: CustomerIndexQuery): string {
  const dir = query.dir === "asc" ? "ASC" : "DESC";
  switch (query.sort) {
    case "name":
      return `"lastName" ${dir}, "firstName" ${dir}, "shopifyId" ${dir}`;
    case "totalSpent":
      return `"totalSpent" ${dir}, "shopifyId" ${dir}`;
    case "ordersCount":
      return `"ordersCount" ${dir}, "shopifyId" ${dir}`;
    case "createdAt":
      return `"shopifyCreatedAt" ${dir}, "shopifyId" ${dir}`;
    case "lastOrderAt":
      if (dialect === "postgresql") return `"lastOrderAt" ${dir} NULLS LAST, "shopifyId" ${dir}`;
      // SQLite sorts NULL lowest: descending puts it last already (and can walk Customer_live_lastOrderAt_idx).
      return dir === "DESC" ? `"lastOrderAt" DESC, "shopifyId" DESC` : `"lastOrderAt" IS NULL, "lastOrderAt" ASC, "shopifyId" ASC`;
  }
}

let warnedMissingIndex = false;

/**
 * Runs a statement that names SEARCH_INDEX on SQLite. The hint keeps the planner off the narrower sort indexes (which
 * would read every table row to test the search text); if a later migration dropped the index (see the migration's
 * note), the page still answers, slowly, and the log says why.
 */
async function queryHinted<T>(dialect: Dialect, build: (from: string) => Statement & { sql: string }): Promise<T[]> {
  const hinted = build(dialect === "sqlite" ? `"Customer" INDEXED BY "${SEARCH_INDEX}"` : `"Customer"`);
  try {
    return await prisma.$queryRawUnsafe<T[]>(hinted.sql, ...hinted.params);
  } catch (error) {
    if (dialect !== "sqlite" || !String(error).includes("no such index")) throw error;
    if (!warnedMissingIndex) console.error(`[customers] index ${SEARCH_INDEX} is missing; the customers index scans the table`, error);
    warnedMissingIndex = true;
    const plain = build(`"Customer"`);
    return prisma.$queryRawUnsafe<T[]>(plain.sql, ...plain.params);
  }
}

/** The ids of the page's customers in order, and the exact number of customers the query matches. */
async function pageIds(dialect: Dialect, shop: string, query: CustomerIndexQuery, segment?: SegmentRule): Promise<{ ids: string[]; total: number }> {
  const offset = (query.page - 1) * PAGE_SIZE;
  const orderName = query.q ? orderNameOf(query.q) : null;
  const orderCustomers = orderName
    ? (
        await prisma.order.findMany({
          where: { shop, name: orderName, customerShopifyId: { not: null } },
          select: { customerShopifyId: true },
          take: 20,
        })
      ).map((o) => o.customerShopifyId!)
    : [];

  if (!isFiltered(query)) {
    // The default view: count and page both walk Customer_live_lastOrderAt_idx (or the sort's own index).
    const count = new Statement(dialect);
    const countSql = `SELECT COUNT(*) AS "total" FROM "Customer" WHERE ${whereSql(count, shop, query, [])}`;
    const page = new Statement(dialect);
    const pageSql =
      `SELECT "shopifyId" FROM "Customer" WHERE ${whereSql(page, shop, query, [])} ` +
      `ORDER BY ${orderSql(dialect, query)} LIMIT ${page.p(PAGE_SIZE)} OFFSET ${page.p(offset)}`;
    const [[counted], rows] = await Promise.all([
      prisma.$queryRawUnsafe<{ total: number | bigint }[]>(countSql, ...count.params),
      prisma.$queryRawUnsafe<{ shopifyId: string }[]>(pageSql, ...page.params),
    ]);
    return { ids: rows.map((r) => r.shopifyId), total: Number(counted?.total ?? 0) };
  }

  // One pass over the matches gives the page and the total (COUNT(*) OVER () is taken before LIMIT).
  const rows = await queryHinted<{ shopifyId: string; total: number | bigint }>(dialect, (from) => {
    const s = new Statement(dialect);
    const sql =
      `SELECT "shopifyId", COUNT(*) OVER () AS "total" FROM ${from} WHERE ${whereSql(s, shop, query, orderCustomers, segment)} ` +
      `ORDER BY ${orderSql(dialect, query)} LIMIT ${s.p(PAGE_SIZE)} OFFSET ${s.p(offset)}`;
    return Object.assign(s, { sql });
  });
  if (rows.length || offset === 0) return { ids: rows.map((r) => r.shopifyId), total: Number(rows[0]?.total ?? 0) };
  // A page past the end has no row to carry the total.
  const [counted] = await queryHinted<{ total: number | bigint }>(dialect, (from) => {
    const s = new Statement(dialect);
    return Object.assign(s, { sql: `SELECT COUNT(*) AS "total" FROM ${from} WHERE ${whereSql(s, shop, query, orderCustomers, segment)}` });
  });
  return { ids: [], total: Number(counted?.total ?? 0) };
}

/**
 * The shop's distinct tags in order (at most 200) for the tag filter. A loose index scan: each step seeks the next
 * tag in CustomerTag_shop_tag_idx, so five tags cost five seeks, where GROUP BY read all 50,000 tag rows of a large shop.
 */
async function shopTags(dialect: Dialect, shop: string): Promise<string[]> {
  const s = new Statement(dialect);
  const sql =
    `WITH RECURSIVE tags ("tag") AS (` +
    `SELECT MIN("tag") FROM "CustomerTag" WHERE "shop" = ${s.p(shop)} ` +
    `UNION ALL SELECT (SELECT MIN(c."tag") FROM "CustomerTag" AS c WHERE c."shop" = ${s.p(shop)} AND c."tag" > tags."tag") ` +
    `FROM tags WHERE tags."tag" IS NOT NULL` +
    `) SELECT "tag" FROM tags WHERE "tag" IS NOT NULL LIMIT ${s.p(200)}`;
  const rows = await prisma.$queryRawUnsafe<{ tag: string }[]>(sql, ...s.params);
  return rows.map((r) => r.tag);
}

/** The shop's distinct tags in order (at most 200), for tag pickers (the index's filter, the segment builder). */
export function listShopTags(shop: string): Promise<string[]> {
  return shopTags(isPostgresUrl(process.env.DATABASE_URL ?? "") ? "postgresql" : "sqlite", shop);
}

/**
 * One page of the shop's customers for the index (search, filters, sort), the exact number of matches and the shop's
 * tags for the tag filter. Deleted and redacted customers never appear.
 */
export async function searchCustomers(shop: string, query: CustomerIndexQuery): Promise<CustomerIndexPage> {
  // The provider of the client app/db.server.ts made from the same variable.
  const dialect: Dialect = isPostgresUrl(process.env.DATABASE_URL ?? "") ? "postgresql" : "sqlite";
  let segment: IndexSegment | null = null;
  let segmentRule: SegmentRule | undefined;
  if (query.segment) {
    const [found, { timeZone }] = await Promise.all([segmentFilter(shop, query.segment), shopCurrency(shop)]);
    const now = new Date();
    segment = { id: query.segment, name: found?.name ?? null };
    segmentRule = { rule: found?.rule ?? null, now, utcOffsetMinutes: utcOffsetMinutes(timeZone, now) };
  }
  const [{ ids, total }, tags] = await Promise.all([pageIds(dialect, shop, query, segmentRule), shopTags(dialect, shop)]);
  const customers = ids.length
    ? await prisma.customer.findMany({ where: { shop, shopifyId: { in: ids } }, include: { tagRows: { select: { tag: true } } } })
    : [];
  const byId = new Map(customers.map((c) => [c.shopifyId, c]));
  const rows = ids.flatMap((id) => {
    const c = byId.get(id);
    if (!c) return []; // deleted between the two reads
    return [
      {
        shopifyId: c.shopifyId,
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        phone: c.phone,
        tags: c.tagRows.map((t) => t.tag),
        marketingState: c.marketingState,
        provinceCode: c.provinceCode,
        ordersCount: c.ordersCount,
        totalSpent: c.totalSpent.toString(),
        lastOrderAt: c.lastOrderAt?.toISOString() ?? null,
        preferredChannel: c.preferredChannel,
      },
    ];
  });
  return { total, page: query.page, pageSize: PAGE_SIZE, tags, rows, segment };
}
