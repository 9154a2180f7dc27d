/**
 * Compiles a segment rule (app/segments/rule.ts) to one SQL boolean condition over the Customer table, for SQLite and
 * PostgreSQL, so counting and listing members is one statement in the database (docs/decisions/010-segments.md).
 *
 * The condition reads the Customer table's columns unqualified ("shopifyId", "ordersCount"…) and may refer to it as
 * "Customer" in correlated subqueries, so it is used as `FROM "Customer" WHERE <sql>` (an INDEXED BY hint keeps the
 * name). It already restricts to the shop's live customers (not deleted, not redacted). Facts in other tables are read
 * through IN subqueries on their (shop, …) indexes: CustomerTag (shop, tag), CustomerAnalysis (shop, rfmClass / cpmClass),
 * OrderLineItem (shop, productShopifyId), CustomerAttributeValue (shop, definitionId, value); order sources and discount
 * codes through EXISTS on Order (shop, customerShopifyId, processedAt), tested last in an AND. Inquiry facts are IN /
 * NOT IN subqueries over the shop's linked inquiries grouped by customer (COUNT, MAX("createdAt"), category, status),
 * run once per statement: a guest's inquiry (no customer id) never matches anyone.
 */
import { collectionBoughtCondition } from "./collections-sql";
import { type Dialect, Statement, dateParam } from "../utils/sql-statement";
import {
  REGIONS,
  UNRESOLVED_INQUIRY_STATUSES,
  assertUnreachable,
  attributeIdOf,
  isAttributeField,
  type AttributeField,
  type BuiltinField,
  type SegmentCondition,
  type SegmentGroup,
  type SegmentNode,
} from "./rule";

export type CompileOptions = {
  shop: string;
  dialect: Dialect;
  now: Date;
  /** The shop's offset from UTC in minutes for calendar days (Asia/Tokyo: 540); 0 when unknown. */
  utcOffsetMinutes?: number;
  /** Append the parameters to this statement (placeholders continue its numbering) instead of a new one. */
  statement?: Statement;
};

export type CompiledRule = { sql: string; params: unknown[] };

const DAY_MS = 86_400_000;

/** Orders that count as purchases, as the stored facts count them (app/customers/facts.server.ts). */
const COUNTED = (alias: string) => `${alias}."cancelledAt" IS NULL AND ${alias}."deletedAt" IS NULL`;

type Context = { s: Statement; shop: string; now: Date; offset: number };

/**
 * The rule as a SQL condition on the shop's live customers, with its parameters. An empty group matches every live
 * customer of the shop.
 */
export function compileRule(rule: SegmentGroup, options: CompileOptions): CompiledRule {
  const s = options.statement ?? new Statement(options.dialect);
  const ctx: Context = { s, shop: options.shop, now: options.now, offset: options.utcOffsetMinutes ?? 0 };
  const live = `"shop" = ${s.p(options.shop)} AND "deletedAt" IS NULL AND "redactedAt" IS NULL`;
  const sql = `(${live} AND ${group(ctx, rule)})`;
  return { sql, params: s.params };
}

/** How costly a node is per customer row: cheap column tests first, then one-off subqueries, then per-row probes. */
function cost(node: SegmentNode): number {
  if (node.type === "group") return Math.max(0, ...node.children.map(cost));
  if (node.field === "channel" || node.field === "discountCode") return 2;
  if (COLUMN_FIELDS.has(node.field)) return 0;
  return 1;
}

const COLUMN_FIELDS = new Set<string>(["consent", "prefecture", "region", "createdAt", "ordersCount", "totalSpent", "averageOrderValue", "firstOrderAt", "lastOrderAt"]);

function group(ctx: Context, node: SegmentGroup): string {
  if (node.children.length === 0) return "(1 = 1)";
  // Both databases may test the terms of an AND in the order written: cheap ones first spare the costly probes.
  const children = node.op === "and" ? [...node.children].sort((a, b) => cost(a) - cost(b)) : node.children;
  const parts = children.map((child) => (child.type === "group" ? group(ctx, child) : condition(ctx, child)));
  return `(${parts.join(node.op === "and" ? " AND " : " OR ")})`;
}

const list = (ctx: Context, values: readonly unknown[]) => values.map((v) => ctx.s.p(v)).join(", ");

function strings(c: SegmentCondition): string[] {
  return Array.isArray(c.value) ? (c.value as unknown[]).map(String) : [];
}

function numberValue(c: SegmentCondition): number {
  return Number(c.value);
}

/** `column op value` for number operators. */
function numberTest(ctx: Context, column: string, c: SegmentCondition): string {
  switch (c.operator) {
    case "gte":
      return `${column} >= ${ctx.s.p(numberValue(c))}`;
    case "lte":
      return `${column} <= ${ctx.s.p(numberValue(c))}`;
    case "between": {
      const [min, max] = c.value as [number, number];
      return `(${column} >= ${ctx.s.p(min)} AND ${column} <= ${ctx.s.p(max)})`;
    }
    default:
      throw new Error(`operator ${c.operator} on a number`);
  }
}

/** The instant a calendar day ("YYYY-MM-DD") starts in the shop's time zone, shifted by `addDays`. */
function dayStart(day: string, offsetMinutes: number, addDays = 0): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + addDays) - offsetMinutes * 60_000);
}

/** `column` (a DateTime column) against a date operator; NULL never matches. */
function instantTest(ctx: Context, column: string, c: SegmentCondition): string {
  const at = (date: Date) => ctx.s.p(dateParam(ctx.s.dialect, date));
  switch (c.operator) {
    case "before":
      return `${column} < ${at(dayStart(String(c.value), ctx.offset))}`;
    case "after":
      return `${column} >= ${at(dayStart(String(c.value), ctx.offset, 1))}`;
    case "withinLastDays":
      return `${column} >= ${at(new Date(ctx.now.getTime() - numberValue(c) * DAY_MS))}`;
    case "notWithinLastDays":
      return `${column} < ${at(new Date(ctx.now.getTime() - numberValue(c) * DAY_MS))}`;
    case "isSet":
      return `${column} IS NOT NULL`;
    case "isNotSet":
      return `${column} IS NULL`;
    default:
      throw new Error(`operator ${c.operator} on a date`);
  }
}

/** A customer column against in / notIn (notIn also matches a missing value). */
function columnIn(ctx: Context, column: string, c: SegmentCondition, values = strings(c)): string {
  if (c.operator === "in") return `${column} IN (${list(ctx, values)})`;
  if (c.operator === "notIn") return `(${column} IS NULL OR ${column} NOT IN (${list(ctx, values)}))`;
  if (c.operator === "isSet") return `(${column} IS NOT NULL AND ${column} <> '')`;
  if (c.operator === "isNotSet") return `(${column} IS NULL OR ${column} = '')`;
  throw new Error(`operator ${c.operator} on ${c.field}`);
}

/** "shopifyId" IN / NOT IN a subquery selecting customer ids. */
const member = (subquery: string, negate = false) => `"shopifyId" ${negate ? "NOT IN" : "IN"} (${subquery})`;

function tagsCondition(ctx: Context, c: SegmentCondition): string {
  const { s } = ctx;
  const tags = strings(c);
  const tagged = () => `SELECT t."customerShopifyId" FROM "CustomerTag" AS t WHERE t."shop" = ${s.p(ctx.shop)} AND t."tag" IN (${list(ctx, tags)})`;
  switch (c.operator) {
    case "includesAny":
      return member(tagged());
    case "includesAll":
      return member(`${tagged()} GROUP BY t."customerShopifyId" HAVING COUNT(DISTINCT t."tag") = ${s.p(tags.length)}`);
    case "excludesAll":
      return member(tagged(), true);
    case "isSet":
      return `"tags" <> ''`;
    case "isNotSet":
      return `"tags" = ''`;
    default:
      throw new Error(`operator ${c.operator} on tags`);
  }
}

function productCondition(ctx: Context, c: SegmentCondition): string {
  const { s } = ctx;
  const products = strings(c);
  const bought =
    `SELECT o."customerShopifyId" FROM "OrderLineItem" AS li JOIN "Order" AS o ON o."id" = li."orderId" ` +
    `WHERE li."shop" = ${s.p(ctx.shop)} AND li."productShopifyId" IN (${list(ctx, products)}) ` +
    `AND o."shop" = ${s.p(ctx.shop)} AND o."customerShopifyId" IS NOT NULL AND ${COUNTED("o")}`;
  switch (c.operator) {
    case "includesAny":
      return member(bought);
    case "includesAll":
      return member(`${bought} GROUP BY o."customerShopifyId" HAVING COUNT(DISTINCT li."productShopifyId") = ${s.p(products.length)}`);
    case "excludesAll":
      return member(bought, true);
    default:
      throw new Error(`operator ${c.operator} on productBought`);
  }
}

/**
 * Bought from any / each / none of the collections, as the app last synced their products (app/sync/collections.server.ts).
 * "Each" is one condition per collection, joined by AND.
 */
function collectionCondition(ctx: Context, c: SegmentCondition): string {
  const ids = strings(c);
  const one = (collectionIds: string[], negate = false) =>
    collectionBoughtCondition(ctx.s, { shop: ctx.shop, collectionIds, customer: `"Customer"`, negate });
  switch (c.operator) {
    case "includesAny":
      return one(ids);
    case "includesAll":
      return `(${ids.map((id) => one([id])).join(" AND ")})`;
    case "excludesAll":
      return one(ids, true);
    default:
      throw new Error(`operator ${c.operator} on collectionBought`);
  }
}

/** EXISTS over the customer's counted orders (the Order (shop, customerShopifyId, processedAt) index finds them). */
function anyOrder(ctx: Context, test: () => string, negate = false): string {
  // Placeholders are written in the order of the text (SQLite's ? are positional): the shop first, then the test.
  const head = `${negate ? "NOT " : ""}EXISTS (SELECT 1 FROM "Order" AS o WHERE o."shop" = ${ctx.s.p(ctx.shop)} `;
  return `${head}AND o."customerShopifyId" = "Customer"."shopifyId" AND ${COUNTED("o")} AND ${test()})`;
}

function channelCondition(ctx: Context, c: SegmentCondition): string {
  const test = () => `o."sourceName" IN (${list(ctx, strings(c))})`;
  if (c.operator === "in") return anyOrder(ctx, test);
  if (c.operator === "notIn") return anyOrder(ctx, test, true);
  throw new Error(`operator ${c.operator} on channel`);
}

function discountCondition(ctx: Context, c: SegmentCondition): string {
  const { s } = ctx;
  // Order.discountCodes holds the codes as a JSON array; a code matches as its quoted JSON text, ignoring case as
  // Shopify does for codes.
  const find = (code: string) => {
    const needle = s.p(JSON.stringify(code).toLowerCase());
    return s.dialect === "sqlite" ? `instr(lower(o."discountCodes"), ${needle}) > 0` : `strpos(lower(o."discountCodes"), ${needle}) > 0`;
  };
  switch (c.operator) {
    case "in":
      return anyOrder(ctx, () => `(${strings(c).map(find).join(" OR ")})`);
    case "notIn":
      return anyOrder(ctx, () => `(${strings(c).map(find).join(" OR ")})`, true);
    case "isSet":
      return anyOrder(ctx, () => `o."discountCodes" <> '[]'`);
    case "isNotSet":
      return anyOrder(ctx, () => `o."discountCodes" <> '[]'`, true);
    default:
      throw new Error(`operator ${c.operator} on discountCode`);
  }
}

/**
 * The ids of customers with inquiries of the shop, read once per statement (not per customer row): a slice of the
 * Inquiry (shop, …) indexes, grouped by customer. Guests' inquiries (no customer id yet) are left out, which also keeps
 * NULL out of NOT IN. `test` filters the inquiries, `having` the groups.
 */
function askers(ctx: Context, test?: () => string, having?: () => string): string {
  // Placeholders in the order of the text (SQLite's ? are positional): the shop first, then the test's, then HAVING's.
  const head = `SELECT i."customerShopifyId" FROM "Inquiry" AS i WHERE i."shop" = ${ctx.s.p(ctx.shop)} AND i."customerShopifyId" IS NOT NULL`;
  const filtered = test ? `${head} AND ${test()}` : head;
  return having ? `${filtered} GROUP BY i."customerShopifyId" HAVING ${having()}` : filtered;
}

function inquiryCondition(ctx: Context, c: SegmentCondition, field: "inquiriesCount" | "lastInquiryAt" | "inquiryCategory" | "openInquiry"): string {
  const { s } = ctx;
  switch (field) {
    case "inquiriesCount": {
      // Counts of at least 1 are "among the askers with that many"; a bound that admits 0 (customers who never asked)
      // is "not among those with more".
      const [min, max] =
        c.operator === "gte" ? [numberValue(c), Infinity] : c.operator === "lte" ? [-Infinity, numberValue(c)] : (c.value as [number, number]);
      if (min <= 0) {
        if (max < 0) return "(1 = 0)";
        if (max === Infinity) return "(1 = 1)";
        return member(askers(ctx, undefined, () => `COUNT(*) > ${s.p(Math.floor(max))}`), true);
      }
      const low = Math.ceil(min);
      if (max === Infinity) return member(askers(ctx, undefined, () => `COUNT(*) >= ${s.p(low)}`));
      if (low > Math.floor(max)) return "(1 = 0)";
      return member(askers(ctx, undefined, () => `COUNT(*) BETWEEN ${s.p(low)} AND ${s.p(Math.floor(max))}`));
    }
    case "lastInquiryAt": {
      const at = (date: Date) => s.p(dateParam(s.dialect, date));
      const latest = (test: () => string) => member(askers(ctx, undefined, () => `MAX(i."createdAt") ${test()}`));
      switch (c.operator) {
        case "before":
          return latest(() => `< ${at(dayStart(String(c.value), ctx.offset))}`);
        case "after":
          return latest(() => `>= ${at(dayStart(String(c.value), ctx.offset, 1))}`);
        case "withinLastDays":
          return latest(() => `>= ${at(new Date(ctx.now.getTime() - numberValue(c) * DAY_MS))}`);
        case "notWithinLastDays":
          return latest(() => `< ${at(new Date(ctx.now.getTime() - numberValue(c) * DAY_MS))}`);
        case "isSet":
          return member(askers(ctx));
        case "isNotSet":
          return member(askers(ctx), true);
        default:
          throw new Error(`operator ${c.operator} on lastInquiryAt`);
      }
    }
    case "inquiryCategory": {
      const any = () => askers(ctx, () => `i."category" IN (${list(ctx, strings(c))})`);
      if (c.operator === "in") return member(any());
      if (c.operator === "notIn") return member(any(), true);
      throw new Error(`operator ${c.operator} on inquiryCategory`);
    }
    case "openInquiry": {
      // The (shop, status, lastMessageAt) index holds the unresolved ones.
      const open = () => askers(ctx, () => `i."status" IN (${list(ctx, UNRESOLVED_INQUIRY_STATUSES)})`);
      if (c.operator === "isSet") return member(open());
      if (c.operator === "isNotSet") return member(open(), true);
      throw new Error(`operator ${c.operator} on openInquiry`);
    }
    default:
      return assertUnreachable(field);
  }
}

function analysisCondition(ctx: Context, c: SegmentCondition, column: string): string {
  const { s } = ctx;
  const from = `SELECT a."customerShopifyId" FROM "CustomerAnalysis" AS a WHERE a."shop" = ${s.p(ctx.shop)} AND `;
  switch (c.operator) {
    case "in":
      return member(`${from}a."${column}" IN (${list(ctx, strings(c))})`);
    case "notIn":
      return member(`${from}a."${column}" IN (${list(ctx, strings(c))})`, true);
    case "gte":
    case "lte":
    case "between":
      return member(from + numberTest(ctx, `a."${column}"`, c));
    default:
      throw new Error(`operator ${c.operator} on ${c.field}`);
  }
}

/** The calendar day ("YYYY-MM-DD") of an instant in the shop's time zone. */
function localDay(at: Date, offsetMinutes: number): string {
  return new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/**
 * Custom attributes: the value is canonical text (app/customers/custom-attributes.ts), so each operator reads it in
 * the form its type stores: ISO days compare as text, numbers are cast, multi_choice holds a JSON array.
 */
function attributeCondition(ctx: Context, c: SegmentCondition & { field: AttributeField }): string {
  const { s } = ctx;
  const from = () =>
    `SELECT v."customerShopifyId" FROM "CustomerAttributeValue" AS v WHERE v."shop" = ${s.p(ctx.shop)} AND v."definitionId" = ${s.p(attributeIdOf(c.field))}`;
  // The test is a thunk so its placeholders come after the subquery's own (SQLite's ? are positional).
  const where = (test: () => string, negate = false) => {
    const head = from();
    return member(`${head} AND ${test()}`, negate);
  };
  const num =
    s.dialect === "sqlite"
      ? `CAST(v."value" AS REAL)`
      : // A value that is no number (the definition changed type) is skipped rather than failing the statement.
        `(CASE WHEN v."value" ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN CAST(v."value" AS numeric) END)`;
  const contains = (choice: string) => {
    const needle = s.p(JSON.stringify(choice));
    return s.dialect === "sqlite" ? `instr(v."value", ${needle}) > 0` : `strpos(v."value", ${needle}) > 0`;
  };
  switch (c.operator) {
    case "in":
      return where(() => `v."value" IN (${list(ctx, strings(c))})`);
    case "notIn":
      return where(() => `v."value" IN (${list(ctx, strings(c))})`, true);
    case "gte":
    case "lte":
    case "between":
      return where(() => numberTest(ctx, num, c));
    case "before":
      return where(() => `v."value" < ${s.p(String(c.value))}`);
    case "after":
      return where(() => `v."value" > ${s.p(String(c.value))}`);
    case "withinLastDays": {
      const cutoff = localDay(new Date(ctx.now.getTime() - numberValue(c) * DAY_MS), ctx.offset);
      return where(() => `v."value" >= ${s.p(cutoff)} AND v."value" <= ${s.p(localDay(ctx.now, ctx.offset))}`);
    }
    case "notWithinLastDays":
      return where(() => `v."value" < ${s.p(localDay(new Date(ctx.now.getTime() - numberValue(c) * DAY_MS), ctx.offset))}`);
    case "monthIs":
      return where(() => `substr(v."value", 6, 2) IN (${list(ctx, (c.value as number[]).map((m) => String(m).padStart(2, "0")))})`);
    case "includesAny":
      return where(() => `(${strings(c).map(contains).join(" OR ")})`);
    case "includesAll":
      return where(() => `(${strings(c).map(contains).join(" AND ")})`);
    case "excludesAll":
      return where(() => `(${strings(c).map(contains).join(" OR ")})`, true);
    case "isSet":
      return member(from());
    case "isNotSet":
      return member(from(), true);
    default:
      return assertUnreachable(c.operator);
  }
}

function condition(ctx: Context, c: SegmentCondition): string {
  if (isAttributeField(c.field)) return attributeCondition(ctx, c as SegmentCondition & { field: AttributeField });
  const field = c.field as BuiltinField;
  switch (field) {
    case "tags":
      return tagsCondition(ctx, c);
    case "consent":
      return columnIn(ctx, `"marketingState"`, c);
    case "prefecture":
      return columnIn(ctx, `"provinceCode"`, c);
    case "region": {
      const codes = strings(c).flatMap((region) => REGIONS[region as keyof typeof REGIONS] ?? []);
      return columnIn(ctx, `"provinceCode"`, c, codes.length ? codes : ["-"]);
    }
    case "createdAt":
      return instantTest(ctx, `"shopifyCreatedAt"`, c);
    case "firstOrderAt":
    case "lastOrderAt":
      return instantTest(ctx, `"${field}"`, c);
    case "ordersCount":
    case "totalSpent":
    case "averageOrderValue":
      return numberTest(ctx, `"${field}"`, c);
    case "productBought":
      return productCondition(ctx, c);
    case "collectionBought":
      return collectionCondition(ctx, c);
    case "channel":
      return channelCondition(ctx, c);
    case "discountCode":
      return discountCondition(ctx, c);
    case "rfmClass":
      return analysisCondition(ctx, c, "rfmClass");
    case "cpmClass":
      return analysisCondition(ctx, c, "cpmClass");
    case "rfmRecency":
      return analysisCondition(ctx, c, "recencyScore");
    case "rfmFrequency":
      return analysisCondition(ctx, c, "frequencyScore");
    case "rfmMonetary":
      return analysisCondition(ctx, c, "monetaryScore");
    case "inquiriesCount":
    case "lastInquiryAt":
    case "inquiryCategory":
    case "openInquiry":
      return inquiryCondition(ctx, c, field);
    default:
      return assertUnreachable(field);
  }
}
