/**
 * Keyset pages of a segment's members for the long readers (CSV export, tag pushes): the rule compiled once per page
 * (app/segments/compile.server.ts) and paged by Shopify id in the database's own collation, so the (shop, shopifyId)
 * unique index gives the order. segmentMemberIds (segments.server.ts) orders by `COLLATE "C"` so pages agree across
 * databases; on a PostgreSQL database created with another collation (C.UTF-8 here) that cannot use the index and sorts
 * every customer of the shop for each page (about 100 ms per page at 100k customers). A reader that pages, and keeps
 * its cursor, in one database needs only one consistent order: this one.
 */
import { utcOffsetMinutes } from "../analytics/classes";
import { shopCurrency } from "../customers/shop-settings.server";
import prisma from "../db.server";
import { isPostgresUrl } from "../env.server";
import { type Dialect, Statement } from "../utils/sql-statement";
import { compileRule } from "./compile.server";
import type { SegmentGroup } from "./rule";

export type MemberQuery = { shop: string; rule: SegmentGroup; dialect: Dialect; now: Date; offsetMinutes: number; timeZone: string };

/** What every page needs once: the dialect and the shop's time zone at `now` (relative dates are judged at `now`). */
export async function memberQuery(shop: string, rule: SegmentGroup, now = new Date()): Promise<MemberQuery> {
  const { timeZone } = await shopCurrency(shop);
  const dialect: Dialect = isPostgresUrl(process.env.DATABASE_URL ?? "") ? "postgresql" : "sqlite";
  return { shop, rule, dialect, now, offsetMinutes: utcOffsetMinutes(timeZone, now), timeZone };
}

/** The subquery of the next `limit` member ids after `after`, in id order, appended to statement `s`. */
function idsAfter(q: MemberQuery, s: Statement, after: string | undefined, limit: number): string {
  const where = compileRule(q.rule, { shop: q.shop, dialect: q.dialect, now: q.now, utcOffsetMinutes: q.offsetMinutes, statement: s });
  const afterSql = after !== undefined ? ` AND "shopifyId" > ${s.p(after)}` : "";
  return `SELECT "shopifyId" FROM "Customer" WHERE ${where.sql}${afterSql} ORDER BY "shopifyId" LIMIT ${s.p(Math.max(1, Math.trunc(limit)))}`;
}

/** The next member ids after `after` (ascending), at most `limit`. */
export async function memberIdPage(q: MemberQuery, after: string | undefined, limit: number): Promise<string[]> {
  const s = new Statement(q.dialect);
  const rows = await prisma.$queryRawUnsafe<{ shopifyId: string }[]>(idsAfter(q, s, after, limit), ...s.params);
  return rows.map((r) => r.shopifyId);
}

/**
 * The next members after `after` with the given columns of Customer (c) and CustomerAnalysis (a), in id order: the
 * page of ids and their columns in one statement.
 */
export async function memberRowPage<T extends { shopifyId: string }>(q: MemberQuery, columns: string, after: string | undefined, limit: number): Promise<T[]> {
  const s = new Statement(q.dialect);
  // Parameters in text order: SQLite's "?" placeholders are positional.
  const shop = s.p(q.shop);
  const ids = idsAfter(q, s, after, limit);
  const sql =
    `SELECT ${columns} FROM "Customer" c LEFT JOIN "CustomerAnalysis" a ON a."shop" = c."shop" AND a."customerShopifyId" = c."shopifyId" ` +
    `WHERE c."shop" = ${shop} AND c."shopifyId" IN (${ids}) ORDER BY c."shopifyId"`;
  return prisma.$queryRawUnsafe<T[]>(sql, ...s.params);
}
