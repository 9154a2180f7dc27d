/**
 * Segments: saved rules over customer, order and analysis facts (app/segments/rule.ts), counted and listed in the
 * database (app/segments/compile.server.ts). Every read and write names the shop; members are the shop's live customers
 * (not deleted, not redacted). Names are unique per shop ignoring case and full-width / half-width forms.
 */
import { z } from "zod";
import { utcOffsetMinutes } from "../analytics/classes";
import { personName } from "../customers/address";
import { shopCurrency } from "../customers/shop-settings.server";
import prisma from "../db.server";
import { isPostgresUrl } from "../env.server";
import { type Dialect, Statement } from "../utils/sql-statement";
import { compileRule } from "./compile.server";
import {
  ATTRIBUTE_OPERATORS,
  attributeIdOf,
  isAttributeField,
  parseRule,
  validateRule,
  type RuleError,
  type SegmentGroup,
  type SegmentNode,
} from "./rule";

export const MAX_SEGMENTS_PER_SHOP = 200;
export const MAX_NAME_LENGTH = 80;
export const MAX_DESCRIPTION_LENGTH = 500;
export const SAMPLE_SIZE = 10;
export const MAX_MEMBER_PAGE = 5_000;

export type SegmentSummary = {
  id: string;
  name: string;
  description: string;
  memberCount: number | null;
  countedAt: string | null;
  updatedAt: string;
};
export type SegmentDetail = SegmentSummary & { rule: SegmentGroup };

export type SegmentMember = { shopifyId: string; name: string; email: string | null; ordersCount: number; totalSpent: string };
export type SegmentCount = { count: number; sample: SegmentMember[] };

export type SegmentErrorCode =
  | "nameRequired"
  | "nameTooLong"
  | "nameInvalid"
  | "nameTaken"
  | "descriptionTooLong"
  | "ruleInvalid"
  | "tooManySegments"
  | "notFound";
export type SegmentField = "name" | "description" | "rule" | "id";
/** A field's problem: its message key under segments (errors.*, rule.errors.*) and where in the rule it is. */
export type SegmentFieldError = { field: SegmentField; messageKey: string; path?: string };
export type SegmentFailure = { ok: false; code: SegmentErrorCode; errors: SegmentFieldError[] };
export type SegmentResult = { ok: true; segment: SegmentDetail } | SegmentFailure;

/** The HTTP status of each error. */
export function segmentErrorStatus(code: SegmentErrorCode): 400 | 404 | 409 | 422 {
  switch (code) {
    case "nameRequired":
    case "nameTooLong":
    case "nameInvalid":
    case "descriptionTooLong":
    case "ruleInvalid":
      return 400;
    case "nameTaken":
      return 409;
    case "tooManySegments":
      return 422;
    case "notFound":
      return 404;
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled segment error: ${String(value)}`);
}

const fail = (code: SegmentErrorCode, field: SegmentField, messageKey = `segments.errors.${code}`, path?: string): SegmentFailure => ({
  ok: false,
  code,
  errors: [{ field, messageKey, ...(path !== undefined ? { path } : {}) }],
});

/** A rule problem as a failure of the `rule` field. */
export const ruleFailure = (error: RuleError): SegmentFailure => fail("ruleInvalid", "rule", `segments.rule.errors.${error.code}`, error.path);

function dialect(): Dialect {
  // The provider of the client app/db.server.ts made from the same variable.
  return isPostgresUrl(process.env.DATABASE_URL ?? "") ? "postgresql" : "sqlite";
}

/** Rule conditions on custom attributes must name one of the shop's definitions and an operator of its type. */
async function checkAttributes(shop: string, rule: SegmentGroup): Promise<RuleError | null> {
  const found: Array<{ path: string; id: string; operator: string }> = [];
  const walk = (node: SegmentNode, path: string) => {
    if (node.type === "group") node.children.forEach((child, i) => walk(child, path ? `${path}.children.${i}` : `children.${i}`));
    else if (isAttributeField(node.field)) found.push({ path, id: attributeIdOf(node.field), operator: node.operator });
  };
  walk(rule, "");
  if (!found.length) return null;
  const definitions = await prisma.customAttributeDefinition.findMany({
    where: { shop, id: { in: [...new Set(found.map((f) => f.id))] } },
    select: { id: true, type: true },
  });
  const types = new Map(definitions.map((d) => [d.id, d.type]));
  for (const condition of found) {
    const type = types.get(condition.id) as keyof typeof ATTRIBUTE_OPERATORS | undefined;
    if (!type || !ATTRIBUTE_OPERATORS[type]) return { code: "unknownField", path: condition.path };
    if (!(ATTRIBUTE_OPERATORS[type] as readonly string[]).includes(condition.operator)) return { code: "operatorNotAllowed", path: condition.path };
  }
  return null;
}

/** A rule from a form or a request (JSON text or an object), checked against the shop's attribute definitions. */
export async function readRule(shop: string, input: unknown): Promise<{ ok: true; rule: SegmentGroup } | { ok: false; error: RuleError }> {
  const parsed = typeof input === "string" ? parseRule(input) : validateRule(input);
  if (!parsed.ok) return parsed;
  const problem = await checkAttributes(shop, parsed.rule);
  return problem ? { ok: false, error: problem } : parsed;
}

async function compileFor(shop: string, rule: SegmentGroup, statement: Statement, now = new Date()) {
  const { timeZone } = await shopCurrency(shop);
  return compileRule(rule, { shop, dialect: statement.dialect, now, utcOffsetMinutes: utcOffsetMinutes(timeZone, now), statement });
}

// Family name first for Japanese names, as the customers index shows them.
const displayName = (c: { firstName: string | null; lastName: string | null; email: string | null }) => personName(c.firstName, c.lastName) || c.email || "";

/** ORDER BY the Shopify id as text, bytewise in both databases (COLLATE "C" on PostgreSQL), so pages agree everywhere. */
const idOrder = (s: Statement) => (s.dialect === "postgresql" ? `"shopifyId" COLLATE "C"` : `"shopifyId"`);

/**
 * How many of the shop's live customers the rule matches, and the first `sample` of them by Shopify id. One statement
 * in the database gives both (COUNT(*) OVER () is taken before LIMIT), so the matches are found once.
 */
export async function countSegment(shop: string, rule: SegmentGroup, options: { sample?: number; now?: Date } = {}): Promise<SegmentCount> {
  const sampleSize = Math.max(0, Math.min(options.sample ?? SAMPLE_SIZE, 50));
  const s = new Statement(dialect());
  const where = await compileFor(shop, rule, s, options.now);
  if (!sampleSize) {
    const [counted] = await prisma.$queryRawUnsafe<{ total: number | bigint }[]>(`SELECT COUNT(*) AS "total" FROM "Customer" WHERE ${where.sql}`, ...s.params);
    return { count: Number(counted?.total ?? 0), sample: [] };
  }
  const sql = `SELECT "shopifyId", COUNT(*) OVER () AS "total" FROM "Customer" WHERE ${where.sql} ORDER BY ${idOrder(s)} LIMIT ${s.p(sampleSize)}`;
  const rows = await prisma.$queryRawUnsafe<{ shopifyId: string; total: number | bigint }[]>(sql, ...s.params);
  const ids = rows.map((r) => r.shopifyId);
  const customers = ids.length
    ? await prisma.customer.findMany({
        where: { shop, shopifyId: { in: ids } },
        select: { shopifyId: true, firstName: true, lastName: true, email: true, ordersCount: true, totalSpent: true },
      })
    : [];
  const byId = new Map(customers.map((c) => [c.shopifyId, c]));
  const sample = ids.flatMap((id) => {
    const c = byId.get(id);
    return c ? [{ shopifyId: c.shopifyId, name: displayName(c), email: c.email, ordersCount: c.ordersCount, totalSpent: c.totalSpent.toString() }] : [];
  });
  // No row means no match: the window count rides on the rows.
  return { count: Number(rows[0]?.total ?? 0), sample };
}

/**
 * The Shopify ids of the rule's members in ascending id order after `after` (keyset pages, for exports and tag
 * pushes): at most `limit` (≤ 5,000) per call.
 */
export async function segmentMemberIds(shop: string, rule: SegmentGroup, options: { after?: string; limit: number; now?: Date }): Promise<string[]> {
  const s = new Statement(dialect());
  const where = await compileFor(shop, rule, s, options.now);
  const after = options.after !== undefined ? ` AND ${idOrder(s)} > ${s.p(options.after)}` : "";
  const limit = Math.max(1, Math.min(Math.trunc(options.limit), MAX_MEMBER_PAGE));
  const sql = `SELECT "shopifyId" FROM "Customer" WHERE ${where.sql}${after} ORDER BY ${idOrder(s)} LIMIT ${s.p(limit)}`;
  const rows = await prisma.$queryRawUnsafe<{ shopifyId: string }[]>(sql, ...s.params);
  return rows.map((r) => r.shopifyId);
}

/** The compiled rule of a saved segment for the customers index (`segment=<id>`), or null when it does not exist. */
export async function segmentFilter(shop: string, id: string): Promise<{ id: string; name: string; rule: SegmentGroup } | null> {
  const row = await prisma.segment.findFirst({ where: { shop, id }, select: { id: true, name: true, rule: true } });
  if (!row) return null;
  const parsed = parseRule(row.rule);
  return parsed.ok ? { id: row.id, name: row.name, rule: parsed.rule } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// CRUD

// Control characters would break the list and have no business in a name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const Name = z
  .string({ error: "nameRequired" })
  .trim()
  .min(1, "nameRequired")
  .max(MAX_NAME_LENGTH, "nameTooLong")
  .refine((name) => !CONTROL.test(name), "nameInvalid");
const Description = z.preprocess((v) => v ?? "", z.string({ error: "descriptionTooLong" }).trim().max(MAX_DESCRIPTION_LENGTH, "descriptionTooLong"));

export const SegmentInput = z.object({ name: Name, description: Description, rule: z.unknown() });
export type SegmentInput = { name?: unknown; description?: unknown; rule?: unknown };

/** The names "ＶＩＰ 顧客" and "vip 顧客" collide: compare after NFKC and case folding. */
function nameKey(name: string): string {
  return name.normalize("NFKC").trim().toLowerCase();
}

async function nameTaken(shop: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await prisma.segment.findMany({ where: { shop }, select: { id: true, name: true } });
  const key = nameKey(name);
  return rows.some((row) => row.id !== exceptId && nameKey(row.name) === key);
}

function isUniqueConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

type Row = { id: string; name: string; description: string; rule: string; memberCount: number | null; countedAt: Date | null; updatedAt: Date };
const SELECT = { id: true, name: true, description: true, rule: true, memberCount: true, countedAt: true, updatedAt: true } as const;

function toSummary(row: Omit<Row, "rule">): SegmentSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    memberCount: row.memberCount,
    countedAt: row.countedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toDetail(row: Row): SegmentDetail {
  const parsed = parseRule(row.rule);
  // A rule stored by an older version that no longer parses opens as an empty rule rather than failing the page.
  return { ...toSummary(row), rule: parsed.ok ? parsed.rule : { type: "group", op: "and", children: [] } };
}

/** The shop's segments, most recently updated first. */
export async function listSegments(shop: string): Promise<SegmentSummary[]> {
  const rows = await prisma.segment.findMany({
    where: { shop },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    select: { id: true, name: true, description: true, memberCount: true, countedAt: true, updatedAt: true },
  });
  return rows.map(toSummary);
}

export async function getSegment(shop: string, id: string): Promise<SegmentDetail | null> {
  const row = await prisma.segment.findFirst({ where: { shop, id }, select: SELECT });
  return row ? toDetail(row) : null;
}

/** Validates the form: every field's first problem (name, description, rule) and nothing written when there is one. */
async function readInput(shop: string, input: SegmentInput): Promise<{ ok: true; name: string; description: string; rule: SegmentGroup } | SegmentFailure> {
  const parsed = SegmentInput.safeParse(input);
  const errors: SegmentFieldError[] = [];
  let code: SegmentErrorCode | null = null;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === "description" ? "description" : "name";
      if (errors.some((e) => e.field === field)) continue;
      const known = ["nameRequired", "nameTooLong", "nameInvalid", "descriptionTooLong"];
      const issueCode = (known.includes(issue.message) ? issue.message : field === "name" ? "nameRequired" : "descriptionTooLong") as SegmentErrorCode;
      code ??= issueCode;
      errors.push({ field, messageKey: `segments.errors.${issueCode}` });
    }
  }
  const rule = await readRule(shop, input.rule ?? "");
  if (!rule.ok) {
    code ??= "ruleInvalid";
    errors.push({ field: "rule", messageKey: `segments.rule.errors.${rule.error.code}`, path: rule.error.path });
  }
  if (!parsed.success || !rule.ok) return { ok: false, code: code ?? "ruleInvalid", errors };
  return { ok: true, name: parsed.data.name, description: parsed.data.description, rule: rule.rule };
}

/** Creates a segment and records its member count at the time. */
export async function createSegment(shop: string, userId: string | null, input: SegmentInput, now = new Date()): Promise<SegmentResult> {
  const read = await readInput(shop, input);
  if (!read.ok) return read;
  if (await nameTaken(shop, read.name)) return fail("nameTaken", "name");
  const { count } = await countSegment(shop, read.rule, { sample: 0, now });
  try {
    const row = await prisma.$transaction(async (tx) => {
      const existing = await tx.segment.count({ where: { shop } });
      if (existing >= MAX_SEGMENTS_PER_SHOP) return null;
      return tx.segment.create({
        data: { shop, name: read.name, description: read.description, rule: JSON.stringify(read.rule), memberCount: count, countedAt: now, createdByUserId: userId },
        select: SELECT,
      });
    });
    return row ? { ok: true, segment: toDetail(row) } : fail("tooManySegments", "name");
  } catch (error) {
    // Two staff members saving the same name at once: the unique index (shop, name) decides.
    if (isUniqueConflict(error)) return fail("nameTaken", "name");
    throw error;
  }
}

/** Replaces a segment's name, description and rule, and records its member count. */
export async function updateSegment(shop: string, id: string, input: SegmentInput, now = new Date()): Promise<SegmentResult> {
  const existing = await prisma.segment.findFirst({ where: { shop, id }, select: { id: true } });
  if (!existing) return fail("notFound", "id");
  const read = await readInput(shop, input);
  if (!read.ok) return read;
  if (await nameTaken(shop, read.name, id)) return fail("nameTaken", "name");
  const { count } = await countSegment(shop, read.rule, { sample: 0, now });
  try {
    const { count: updated } = await prisma.segment.updateMany({
      where: { shop, id },
      data: { name: read.name, description: read.description, rule: JSON.stringify(read.rule), memberCount: count, countedAt: now },
    });
    if (!updated) return fail("notFound", "id");
  } catch (error) {
    if (isUniqueConflict(error)) return fail("nameTaken", "name");
    throw error;
  }
  const segment = await getSegment(shop, id);
  return segment ? { ok: true, segment } : fail("notFound", "id");
}

/** Deletes segments of the shop by id (their pushes go with them); returns how many were deleted. */
export async function deleteSegments(shop: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const { count } = await prisma.segment.deleteMany({ where: { shop, id: { in: ids.slice(0, MAX_SEGMENTS_PER_SHOP) } } });
  return count;
}

export async function deleteSegment(shop: string, id: string): Promise<{ ok: true } | SegmentFailure> {
  return (await deleteSegments(shop, [id])) ? { ok: true } : fail("notFound", "id");
}

/** Recounts a saved segment's members and stores the count (the segment page does it when opened). */
export async function refreshSegmentCount(shop: string, id: string, now = new Date()): Promise<SegmentCount | null> {
  const segment = await getSegment(shop, id);
  if (!segment) return null;
  const result = await countSegment(shop, segment.rule, { now });
  await prisma.segment.updateMany({ where: { shop, id }, data: { memberCount: result.count, countedAt: now } });
  return result;
}

const MAX_PRODUCTS = 500;

/**
 * The shop's products seen on line items (at most 500), each with a title from one of its line items. A loose index
 * scan over OrderLineItem (shop, productShopifyId): one seek per product, where GROUP BY would read every line item.
 */
async function shopProducts(shop: string): Promise<Array<{ id: string; title: string }>> {
  const s = new Statement(dialect());
  const sql =
    `WITH RECURSIVE p ("id") AS (` +
    `SELECT MIN("productShopifyId") FROM "OrderLineItem" WHERE "shop" = ${s.p(shop)} AND "productShopifyId" IS NOT NULL ` +
    `UNION ALL SELECT (SELECT MIN(l."productShopifyId") FROM "OrderLineItem" AS l WHERE l."shop" = ${s.p(shop)} AND l."productShopifyId" > p."id") ` +
    `FROM p WHERE p."id" IS NOT NULL` +
    `) SELECT p."id", (SELECT l."title" FROM "OrderLineItem" AS l WHERE l."shop" = ${s.p(shop)} AND l."productShopifyId" = p."id" LIMIT 1) AS "title" ` +
    `FROM p WHERE p."id" IS NOT NULL LIMIT ${s.p(MAX_PRODUCTS)}`;
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string; title: string | null }>>(sql, ...s.params);
  return rows.map((r) => ({ id: r.id, title: r.title ?? r.id }));
}

/** Products bought in the shop whose title contains `query` (ignoring case and width), at most `limit`, for the product picker. */
export async function boughtProducts(shop: string, query: string, limit = 20): Promise<Array<{ id: string; title: string }>> {
  const needle = query.normalize("NFKC").trim().toLowerCase();
  const products = await shopProducts(shop);
  const matching = needle ? products.filter((p) => p.title.normalize("NFKC").toLowerCase().includes(needle)) : products;
  return matching.slice(0, Math.min(limit, 50));
}

/** Titles of the given products (from one of their line items), for showing a saved rule. */
export async function productTitles(shop: string, ids: string[]): Promise<Record<string, string>> {
  const wanted = [...new Set(ids)].slice(0, 100);
  if (!wanted.length) return {};
  const rows = await Promise.all(
    wanted.map((id) => prisma.orderLineItem.findFirst({ where: { shop, productShopifyId: id }, select: { title: true } }).then((row) => [id, row?.title ?? id] as const)),
  );
  return Object.fromEntries(rows);
}
