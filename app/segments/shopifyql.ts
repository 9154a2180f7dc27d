/**
 * A segment rule as a Shopify customer segment query (the segment query language, a WHERE-only subset of ShopifyQL:
 * https://shopify.dev/docs/api/shopifyql/segment-query-language-reference), for `segmentCreate`. Pure.
 *
 * Only what means the same in Shopify is translated; anything else makes the rule not expressible, with the reasons
 * (field and operator) the UI shows:
 * - tags → `customer_tags CONTAINS 'x'` / `NOT CONTAINS` / `IS NULL` / `IS NOT NULL`
 * - consent in → `email_subscription_status = 'SUBSCRIBED'` (notIn is not: ours also matches customers without a state)
 * - ordersCount, totalSpent → `number_of_orders`, `amount_spent` with >=, <=, BETWEEN
 * - createdAt, firstOrderAt, lastOrderAt → `customer_added_date`, `first_order_date`, `last_order_date`: before / after
 *   a day (both count calendar days in the shop's time zone), within / not within the last N days as the day offset
 *   `-Nd` (Shopify counts whole days; the app counts N×24 hours back from now, so the first day may differ by part of
 *   a day), IS NULL / IS NOT NULL.
 * Not expressible: prefecture and region (Shopify's customer_regions looks at every address, the app at the default
 * one), average order value, products, channels, discount codes, the app's RFM/CPM classes and scores (Shopify's
 * rfm_group is its own model), custom attributes (only the app has them), and inquiry facts (inquiry count, last
 * inquiry, category, open inquiry: the inquiry desk is the app's own), which get a reason of their own ("inquiry").
 */
import { FIELD_GROUPS, assertUnreachable, type BuiltinField, type FieldKey, type Operator, type SegmentCondition, type SegmentGroup } from "./rule";

export type NotExpressibleCode = "empty" | "field" | "inquiry" | "operator" | "tooLong";
export type NotExpressible = { code: NotExpressibleCode; field?: FieldKey; operator?: Operator };
export type ShopifyQlResult = { ok: true; query: string } | { ok: false; reasons: NotExpressible[] };

/** Shopify's longest segment query is far above this; a rule of 30 conditions with 50 values each stays below. */
export const MAX_QUERY_LENGTH = 5000;

/** A string literal: single quotes, with backslash and quote escaped by a backslash. */
export function shopifyQlString(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** A number as the segment language writes it: digits and a decimal point, no exponent, no separators. */
export function shopifyQlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error("not a finite number");
  if (Number.isInteger(value)) return value.toFixed(0);
  return value.toFixed(6).replace(/0+$/, "").replace(/\.$/, "");
}

const NUMBER_ATTRIBUTE: Partial<Record<FieldKey, string>> = { ordersCount: "number_of_orders", totalSpent: "amount_spent" };
const DATE_ATTRIBUTE: Partial<Record<FieldKey, string>> = {
  createdAt: "customer_added_date",
  firstOrderAt: "first_order_date",
  lastOrderAt: "last_order_date",
};

// A clause that is always true (an empty group): only meaningful combined with others.
const ALWAYS = Symbol("always");
type Clause = string | typeof ALWAYS;
type Translation = { clause: Clause; reasons: NotExpressible[] };

const joined = (parts: string[], op: "AND" | "OR") => (parts.length === 1 ? parts[0]! : `(${parts.join(` ${op} `)})`);

function condition(c: SegmentCondition): Translation {
  const notOperator = (): Translation => ({ clause: "", reasons: [{ code: "operator", field: c.field, operator: c.operator }] });
  const notField = (): Translation => ({
    clause: "",
    reasons: [{ code: FIELD_GROUPS[c.field as BuiltinField] === "inquiries" ? "inquiry" : "field", field: c.field }],
  });
  const ok = (clause: string): Translation => ({ clause, reasons: [] });

  if (c.field === "tags") {
    const tags = Array.isArray(c.value) ? (c.value as string[]) : [];
    switch (c.operator) {
      case "includesAny":
        return ok(joined(tags.map((t) => `customer_tags CONTAINS ${shopifyQlString(t)}`), "OR"));
      case "includesAll":
        return ok(joined(tags.map((t) => `customer_tags CONTAINS ${shopifyQlString(t)}`), "AND"));
      case "excludesAll":
        return ok(joined(tags.map((t) => `customer_tags NOT CONTAINS ${shopifyQlString(t)}`), "AND"));
      case "isSet":
        return ok("customer_tags IS NOT NULL");
      case "isNotSet":
        return ok("customer_tags IS NULL");
      default:
        return notOperator();
    }
  }
  if (c.field === "consent") {
    if (c.operator !== "in") return notOperator();
    return ok(joined((c.value as string[]).map((v) => `email_subscription_status = ${shopifyQlString(v)}`), "OR"));
  }
  const numberAttribute = NUMBER_ATTRIBUTE[c.field];
  if (numberAttribute) {
    switch (c.operator) {
      case "gte":
        return ok(`${numberAttribute} >= ${shopifyQlNumber(c.value as number)}`);
      case "lte":
        return ok(`${numberAttribute} <= ${shopifyQlNumber(c.value as number)}`);
      case "between": {
        const [min, max] = c.value as [number, number];
        return ok(`${numberAttribute} BETWEEN ${shopifyQlNumber(min)} AND ${shopifyQlNumber(max)}`);
      }
      default:
        return notOperator();
    }
  }
  const dateAttribute = DATE_ATTRIBUTE[c.field];
  if (dateAttribute) {
    switch (c.operator) {
      // Days were checked as YYYY-MM-DD by the rule parser; written bare, as Shopify's absolute dates are.
      case "before":
        return ok(`${dateAttribute} < ${c.value as string}`);
      case "after":
        return ok(`${dateAttribute} > ${c.value as string}`);
      case "withinLastDays":
        return ok(`${dateAttribute} >= -${Math.trunc(c.value as number)}d`);
      case "notWithinLastDays":
        return ok(`${dateAttribute} < -${Math.trunc(c.value as number)}d`);
      case "isSet":
        return ok(`${dateAttribute} IS NOT NULL`);
      case "isNotSet":
        return ok(`${dateAttribute} IS NULL`);
      default:
        return notOperator();
    }
  }
  return notField();
}

function group(g: SegmentGroup): Translation {
  const parts: string[] = [];
  const reasons: NotExpressible[] = [];
  let always = false;
  for (const child of g.children) {
    const t = child.type === "group" ? group(child) : condition(child);
    reasons.push(...t.reasons);
    if (t.clause === ALWAYS) always = true;
    else if (t.clause) parts.push(t.clause);
  }
  // An empty group matches everyone: neutral in AND, decisive in OR.
  if (g.children.length === 0 || (g.op === "or" && always)) return { clause: ALWAYS, reasons };
  if (parts.length === 0) return { clause: always ? ALWAYS : "", reasons };
  return { clause: joined(parts, g.op === "and" ? "AND" : "OR"), reasons };
}

/** The rule as a segment query, or why it cannot be one. */
export function toShopifyQl(rule: SegmentGroup): ShopifyQlResult {
  const { clause, reasons } = group(rule);
  if (reasons.length > 0) return { ok: false, reasons: dedupe(reasons) };
  // Shopify needs at least one condition; "everyone" is not a segment it accepts.
  if (clause === ALWAYS || clause === "") return { ok: false, reasons: [{ code: "empty" }] };
  const query = clause.startsWith("(") && clause.endsWith(")") && balancedOuter(clause) ? clause.slice(1, -1) : clause;
  if (query.length > MAX_QUERY_LENGTH) return { ok: false, reasons: [{ code: "tooLong" }] };
  return { ok: true, query };
}

function dedupe(reasons: NotExpressible[]): NotExpressible[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.field ?? ""}|${r.operator ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether the first "(" closes at the very end (so the outer parentheses can go), quotes skipped. */
function balancedOuter(clause: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < clause.length; i++) {
    const ch = clause[i];
    if (quoted) {
      if (ch === "\\") i++;
      else if (ch === "'") quoted = false;
      continue;
    }
    if (ch === "'") quoted = true;
    else if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0 && i < clause.length - 1) return false;
    }
  }
  return true;
}

/** Exhaustiveness guard for codes the UI maps to messages. */
export function notExpressibleKey(reason: NotExpressible): string {
  switch (reason.code) {
    case "empty":
      return "segmentUse.shopifySegment.notExpressible.empty";
    case "field":
      return "segmentUse.shopifySegment.notExpressible.field";
    case "inquiry":
      return "segments.notExpressible.inquiry";
    case "operator":
      return "segmentUse.shopifySegment.notExpressible.operator";
    case "tooLong":
      return "segmentUse.shopifySegment.notExpressible.tooLong";
    default:
      return assertUnreachable(reason.code);
  }
}
