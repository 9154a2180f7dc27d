/**
 * The segment rule: a tree of AND / OR groups over conditions on customer, order and analysis facts, stored as JSON in
 * Segment.rule and compiled to one SQL condition per database (app/segments/compile.server.ts). Pure (no server
 * imports): the builder UI, the routes and the compiler share it. See docs/decisions/010-segments.md.
 *
 * Fields and their operators (`value` shape in brackets):
 *
 * | field                                  | kind      | operators                                                           |
 * | -------------------------------------- | --------- | ------------------------------------------------------------------- |
 * | tags                                   | list      | includesAny, includesAll, excludesAll [string[]]; isSet, isNotSet   |
 * | consent (marketingState)               | enum      | in, notIn [string[]]                                                |
 * | prefecture (provinceCode, "JP-13")     | enum      | in, notIn [string[]]; isSet, isNotSet                               |
 * | region (group of prefectures)          | enum      | in, notIn [string[]] (REGIONS below)                                |
 * | createdAt, firstOrderAt, lastOrderAt   | date      | before, after ["YYYY-MM-DD"]; withinLastDays, notWithinLastDays      |
 * |                                        |           | [number of days]; isSet, isNotSet (first/last order only)           |
 * | ordersCount, totalSpent,               | number    | gte, lte [number]; between [[min, max]]                             |
 * | averageOrderValue, rfmRecency,         |           |                                                                     |
 * | rfmFrequency, rfmMonetary              |           |                                                                     |
 * | productBought (product ids)            | list      | includesAny, includesAll, excludesAll [string[]]                    |
 * | collectionBought (collection ids)      | list      | includesAny, includesAll, excludesAll [string[]] (ADR 018)          |
 * | channel (any order's source name)      | enum      | in, notIn [string[]] ("web", "pos", …)                              |
 * | discountCode (any order's codes)       | enum      | in, notIn [string[]]; isSet (used any code), isNotSet (never)       |
 * | rfmClass, cpmClass                     | enum      | in, notIn [string[]]                                                |
 * | inquiriesCount (all of the customer's) | number    | gte, lte [number]; between [[min, max]]                             |
 * | lastInquiryAt (latest inquiry opened)  | date      | before, after, withinLastDays, notWithinLastDays; isSet, isNotSet   |
 * | inquiryCategory (InquiryCategory.key)  | enum      | in (any inquiry has one), notIn (none has any) [string[]]           |
 * | openInquiry (new, open or pending)     | presence  | isSet (has an unresolved inquiry), isNotSet (has none)              |
 * | attribute:<definitionId>               | by type   | text, choice, boolean: in, notIn; number: gte, lte, between;        |
 * |                                        |           | date: before, after, withinLastDays, notWithinLastDays, monthIs     |
 * |                                        |           | [month numbers 1–12, the birthday month]; multi_choice: includesAny,|
 * |                                        |           | includesAll, excludesAll; every type: isSet, isNotSet               |
 *
 * Meaning worth knowing:
 * - Days (before / after / monthIs) are calendar days in the shop's time zone. "before D" is earlier than day D;
 *   "after D" is later than day D (D itself is in neither). withinLastDays N is at or after now − N×24 h;
 *   notWithinLastDays N is earlier than that. A missing date (no order yet) matches neither: use isNotSet.
 * - Order facts (productBought, collectionBought, channel, discountCode) look at the customer's counted orders (not cancelled, not
 *   deleted), as the stored facts (ordersCount, totalSpent…) do. notIn / excludesAll match customers with no such
 *   order at all, including those without orders.
 * - notIn on a customer field matches customers whose value is missing too (no consent state, no prefecture).
 * - An empty group matches every customer; a group's children are joined by its op.
 * - Inquiry facts (inquiriesCount, lastInquiryAt, inquiryCategory, openInquiry) look at the inquiries linked to the
 *   customer (Inquiry.customerShopifyId); a guest's inquiry not linked yet counts for nobody. Category keys are the
 *   shop's own, so any key is accepted (a key since deleted simply matches no inquiry).
 */
import { z } from "zod";

export const MAX_DEPTH = 3;
export const MAX_CONDITIONS = 30;
export const MAX_LIST_VALUES = 50;
export const MAX_VALUE_LENGTH = 255;
export const MAX_DAYS = 36_500;
export const MAX_NUMBER = 1e12;
export const MAX_RULE_JSON_LENGTH = 50_000;

export const FIELD_KEYS = [
  "tags",
  "consent",
  "prefecture",
  "region",
  "createdAt",
  "ordersCount",
  "totalSpent",
  "averageOrderValue",
  "firstOrderAt",
  "lastOrderAt",
  "productBought",
  "collectionBought",
  "channel",
  "discountCode",
  "rfmClass",
  "rfmRecency",
  "rfmFrequency",
  "rfmMonetary",
  "cpmClass",
  "inquiriesCount",
  "lastInquiryAt",
  "inquiryCategory",
  "openInquiry",
] as const;
export type BuiltinField = (typeof FIELD_KEYS)[number];
export type AttributeField = `attribute:${string}`;
export type FieldKey = BuiltinField | AttributeField;

export const OPERATORS = [
  "includesAny",
  "includesAll",
  "excludesAll",
  "in",
  "notIn",
  "gte",
  "lte",
  "between",
  "before",
  "after",
  "withinLastDays",
  "notWithinLastDays",
  "monthIs",
  "isSet",
  "isNotSet",
] as const;
export type Operator = (typeof OPERATORS)[number];

/** The value each operator takes. */
export type ValueKind = "strings" | "months" | "number" | "range" | "day" | "days" | "none";
export function valueKindOf(operator: Operator): ValueKind {
  switch (operator) {
    case "includesAny":
    case "includesAll":
    case "excludesAll":
    case "in":
    case "notIn":
      return "strings";
    case "monthIs":
      return "months";
    case "gte":
    case "lte":
      return "number";
    case "between":
      return "range";
    case "before":
    case "after":
      return "day";
    case "withinLastDays":
    case "notWithinLastDays":
      return "days";
    case "isSet":
    case "isNotSet":
      return "none";
    default:
      return assertUnreachable(operator);
  }
}

export type ConditionValue = string[] | number[] | number | [number, number] | string | null;

export type SegmentCondition = { type: "condition"; field: FieldKey; operator: Operator; value: ConditionValue };
export type SegmentGroup = { type: "group"; op: "and" | "or"; children: Array<SegmentGroup | SegmentCondition> };
export type SegmentNode = SegmentGroup | SegmentCondition;

/** Japan's regions (地方) as the eight-region division, by prefecture code (app/customers/prefectures.ts). */
export const REGIONS = {
  hokkaido: ["JP-01"],
  tohoku: ["JP-02", "JP-03", "JP-04", "JP-05", "JP-06", "JP-07"],
  kanto: ["JP-08", "JP-09", "JP-10", "JP-11", "JP-12", "JP-13", "JP-14"],
  chubu: ["JP-15", "JP-16", "JP-17", "JP-18", "JP-19", "JP-20", "JP-21", "JP-22", "JP-23"],
  kinki: ["JP-24", "JP-25", "JP-26", "JP-27", "JP-28", "JP-29", "JP-30"],
  chugoku: ["JP-31", "JP-32", "JP-33", "JP-34", "JP-35"],
  shikoku: ["JP-36", "JP-37", "JP-38", "JP-39"],
  kyushu: ["JP-40", "JP-41", "JP-42", "JP-43", "JP-44", "JP-45", "JP-46", "JP-47"],
} as const satisfies Record<string, readonly string[]>;
export type Region = keyof typeof REGIONS;
export const REGION_KEYS = Object.keys(REGIONS) as Region[];

/** Shopify's email marketing states (Customer.marketingState). */
export const CONSENT_VALUES = ["SUBSCRIBED", "NOT_SUBSCRIBED", "UNSUBSCRIBED", "PENDING"] as const;
/** The order sources offered in the builder; other source names may be typed. */
export const CHANNEL_VALUES = ["web", "pos", "shopify_draft_order"] as const;

/** Where a field sits in the field picker. */
export type FieldGroup = "customer" | "orders" | "analysis" | "inquiries" | "attributes";
export const FIELD_GROUPS: Record<BuiltinField, FieldGroup> = {
  tags: "customer",
  consent: "customer",
  prefecture: "customer",
  region: "customer",
  createdAt: "customer",
  ordersCount: "orders",
  totalSpent: "orders",
  averageOrderValue: "orders",
  firstOrderAt: "orders",
  lastOrderAt: "orders",
  productBought: "orders",
  collectionBought: "orders",
  channel: "orders",
  discountCode: "orders",
  rfmClass: "analysis",
  rfmRecency: "analysis",
  rfmFrequency: "analysis",
  rfmMonetary: "analysis",
  cpmClass: "analysis",
  inquiriesCount: "inquiries",
  lastInquiryAt: "inquiries",
  inquiryCategory: "inquiries",
  openInquiry: "inquiries",
};

const LIST: Operator[] = ["includesAny", "includesAll", "excludesAll"];
const NUMBER: Operator[] = ["gte", "lte", "between"];
const DATE: Operator[] = ["before", "after", "withinLastDays", "notWithinLastDays"];
const ENUM: Operator[] = ["in", "notIn"];

/** The operators each built-in field takes, the first being the builder's default. */
export const FIELD_OPERATORS: Record<BuiltinField, readonly Operator[]> = {
  tags: [...LIST, "isSet", "isNotSet"],
  consent: ENUM,
  prefecture: [...ENUM, "isSet", "isNotSet"],
  region: ENUM,
  createdAt: DATE,
  ordersCount: NUMBER,
  totalSpent: NUMBER,
  averageOrderValue: NUMBER,
  firstOrderAt: [...DATE, "isSet", "isNotSet"],
  lastOrderAt: [...DATE, "isSet", "isNotSet"],
  productBought: LIST,
  collectionBought: LIST,
  channel: ENUM,
  discountCode: [...ENUM, "isSet", "isNotSet"],
  rfmClass: ENUM,
  rfmRecency: NUMBER,
  rfmFrequency: NUMBER,
  rfmMonetary: NUMBER,
  cpmClass: ENUM,
  inquiriesCount: NUMBER,
  lastInquiryAt: [...DATE, "isSet", "isNotSet"],
  inquiryCategory: ENUM,
  openInquiry: ["isSet", "isNotSet"],
};

/** The statuses of an inquiry still waiting on the shop (app/inquiries/types.ts, InquiryStatus without "resolved"). */
export const UNRESOLVED_INQUIRY_STATUSES = ["new", "open", "pending"] as const;

/** Custom attribute types (app/customers/custom-attributes.ts) and their operators. */
export const ATTRIBUTE_OPERATORS = {
  text: ["in", "notIn", "isSet", "isNotSet"],
  number: [...NUMBER, "isSet", "isNotSet"],
  date: ["monthIs", ...DATE, "isSet", "isNotSet"],
  boolean: ["in", "isSet", "isNotSet"],
  choice: ["in", "notIn", "isSet", "isNotSet"],
  multi_choice: [...LIST, "isSet", "isNotSet"],
} as const satisfies Record<string, readonly Operator[]>;
const ANY_ATTRIBUTE_OPERATOR = new Set<Operator>(Object.values(ATTRIBUTE_OPERATORS).flat());

export const ATTRIBUTE_PREFIX = "attribute:";
export const isAttributeField = (field: string): field is AttributeField => field.startsWith(ATTRIBUTE_PREFIX);
export const attributeIdOf = (field: AttributeField): string => field.slice(ATTRIBUTE_PREFIX.length);
const isBuiltinField = (field: string): field is BuiltinField => (FIELD_KEYS as readonly string[]).includes(field);

/** The operators a field takes (for an attribute, those of any attribute type; the server narrows it by the type). */
export function operatorsFor(field: FieldKey): readonly Operator[] {
  return isAttributeField(field) ? [...ANY_ATTRIBUTE_OPERATOR] : FIELD_OPERATORS[field];
}

/** Codes of rule problems; the UI shows `segments.rule.errors.<code>`. */
export type RuleErrorCode =
  | "invalidJson"
  | "tooLong"
  | "invalidShape"
  | "tooDeep"
  | "tooManyConditions"
  | "unknownField"
  | "operatorNotAllowed"
  | "valueRequired"
  | "valueInvalid"
  | "valueTooLong"
  | "tooManyValues";

export type RuleError = { code: RuleErrorCode; path: string };
export type RuleResult = { ok: true; rule: SegmentGroup } | { ok: false; error: RuleError };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether "YYYY-MM-DD" names a real calendar day. */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const finite = z.number().refine(Number.isFinite);

/** The value check for one operator: the code of the first problem, or null. */
function valueProblem(operator: Operator, value: unknown): RuleErrorCode | null {
  switch (valueKindOf(operator)) {
    case "strings": {
      if (!Array.isArray(value) || value.length === 0) return "valueRequired";
      if (value.length > MAX_LIST_VALUES) return "tooManyValues";
      if (!value.every((v) => typeof v === "string" && v.trim() !== "")) return "valueRequired";
      if (value.some((v: string) => v.length > MAX_VALUE_LENGTH)) return "valueTooLong";
      return null;
    }
    case "months": {
      if (!Array.isArray(value) || value.length === 0) return "valueRequired";
      return value.every((v) => Number.isInteger(v) && v >= 1 && v <= 12) && value.length <= 12 ? null : "valueInvalid";
    }
    case "number":
      if (value === null || value === undefined || value === "") return "valueRequired";
      return finite.safeParse(value).success && Math.abs(value as number) <= MAX_NUMBER ? null : "valueInvalid";
    case "range": {
      if (!Array.isArray(value) || value.length !== 2) return "valueRequired";
      const [min, max] = value as unknown[];
      if (!finite.safeParse(min).success || !finite.safeParse(max).success) return "valueRequired";
      if (Math.abs(min as number) > MAX_NUMBER || Math.abs(max as number) > MAX_NUMBER || (min as number) > (max as number)) return "valueInvalid";
      return null;
    }
    case "day":
      if (typeof value !== "string" || value === "") return "valueRequired";
      return isDay(value) ? null : "valueInvalid";
    case "days":
      if (value === null || value === undefined || value === "") return "valueRequired";
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_DAYS ? null : "valueInvalid";
    case "none":
      return value === null || value === undefined ? null : "valueInvalid";
  }
}

const ConditionShape = z.object({
  type: z.literal("condition"),
  field: z.string().max(100),
  operator: z.enum(OPERATORS),
  value: z.unknown().optional(),
});

type GroupShapeType = { type: "group"; op: "and" | "or"; children: unknown[] };
const GroupShape: z.ZodType<GroupShapeType> = z.object({
  type: z.literal("group"),
  op: z.enum(["and", "or"]),
  children: z.array(z.unknown()).max(MAX_CONDITIONS + 10),
});

/** The zod schema of a whole rule: shape, depth, size, fields, operators and values. */
export const SegmentRuleSchema: z.ZodType<SegmentGroup> = z.unknown().transform((input, ctx) => {
  const result = checkRule(input);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: result.error.code, path: result.error.path ? result.error.path.split(".") : [] });
    return z.NEVER;
  }
  return result.rule;
});

function checkRule(input: unknown): RuleResult {
  let conditions = 0;
  const fail = (code: RuleErrorCode, path: string): RuleResult => ({ ok: false, error: { code, path } });

  function node(value: unknown, depth: number, path: string): { ok: true; node: SegmentNode } | { ok: false; error: RuleError } {
    if (value && typeof value === "object" && (value as { type?: unknown }).type === "group") {
      if (depth > MAX_DEPTH) return { ok: false, error: { code: "tooDeep", path } };
      const group = GroupShape.safeParse(value);
      if (!group.success) return { ok: false, error: { code: "invalidShape", path } };
      const children: SegmentNode[] = [];
      for (const [index, child] of group.data.children.entries()) {
        const checked = node(child, depth + 1, path ? `${path}.children.${index}` : `children.${index}`);
        if (!checked.ok) return checked;
        children.push(checked.node);
      }
      return { ok: true, node: { type: "group", op: group.data.op, children } };
    }
    const condition = ConditionShape.safeParse(value);
    if (!condition.success) return { ok: false, error: { code: "invalidShape", path } };
    conditions += 1;
    if (conditions > MAX_CONDITIONS) return { ok: false, error: { code: "tooManyConditions", path } };
    const { field, operator } = condition.data;
    if (!isBuiltinField(field) && !(isAttributeField(field) && /^attribute:[A-Za-z0-9_-]{1,64}$/.test(field))) {
      return { ok: false, error: { code: "unknownField", path } };
    }
    if (!operatorsFor(field).includes(operator)) return { ok: false, error: { code: "operatorNotAllowed", path } };
    const raw = condition.data.value ?? null;
    const problem = valueProblem(operator, raw) ?? enumProblem(field, operator, raw);
    if (problem) return { ok: false, error: { code: problem, path } };
    return { ok: true, node: { type: "condition", field, operator, value: normalizeValue(operator, raw) } };
  }

  if (!input || typeof input !== "object" || (input as { type?: unknown }).type !== "group") return fail("invalidShape", "");
  const root = node(input, 1, "");
  if (!root.ok) return root;
  return { ok: true, rule: root.node as SegmentGroup };
}

/** Values of closed lists must be among their choices (so a bad link cannot count nonsense as zero silently). */
function enumProblem(field: FieldKey, operator: Operator, value: unknown): RuleErrorCode | null {
  if (valueKindOf(operator) !== "strings" || !Array.isArray(value)) return null;
  const allowed: readonly string[] | null =
    field === "consent"
      ? CONSENT_VALUES
      : field === "region"
        ? REGION_KEYS
        : field === "prefecture"
          ? Object.values(REGIONS).flat()
          : field === "rfmClass"
            ? RFM_CLASS_VALUES
            : field === "cpmClass"
              ? CPM_CLASS_VALUES
              : null;
  if (!allowed) return null;
  return value.every((v) => allowed.includes(v as string)) ? null : "valueInvalid";
}

function normalizeValue(operator: Operator, value: unknown): ConditionValue {
  switch (valueKindOf(operator)) {
    case "strings":
      return [...new Set((value as string[]).map((v) => v.trim()))];
    case "months":
      return [...new Set(value as number[])].sort((a, b) => a - b);
    case "none":
      return null;
    default:
      return value as ConditionValue;
  }
}

// The stored class codes (app/analytics/classes.ts), repeated here so this file stays free of analytics imports;
// rule.test.ts checks that they agree.
export const RFM_CLASS_VALUES = [
  "champions",
  "loyal",
  "potential_loyalist",
  "new",
  "promising",
  "needs_attention",
  "about_to_sleep",
  "at_risk",
  "cant_lose_them",
  "hibernating",
  "lost",
  "no_purchase",
] as const;
export const CPM_CLASS_VALUES = ["shokai", "yochiyochi", "kotsukotsu", "ryuko", "yuryo"].flatMap((s) => [`cpm_${s}_active`, `cpm_${s}_lapsed`]);

/** Checks a rule already decoded from JSON. */
export function validateRule(input: unknown): RuleResult {
  return checkRule(input);
}

/** Parses a rule from its JSON text (as stored or posted): the rule, or the first problem and where it is. */
export function parseRule(json: string): RuleResult {
  if (json.length > MAX_RULE_JSON_LENGTH) return { ok: false, error: { code: "tooLong", path: "" } };
  let decoded: unknown;
  try {
    decoded = JSON.parse(json);
  } catch {
    return { ok: false, error: { code: "invalidJson", path: "" } };
  }
  return checkRule(decoded);
}

/** The rule that matches every customer. */
export const EMPTY_RULE: SegmentGroup = { type: "group", op: "and", children: [] };

/** Every condition in the rule, depth first. */
export function conditionsOf(rule: SegmentGroup): SegmentCondition[] {
  return rule.children.flatMap((child) => (child.type === "group" ? conditionsOf(child) : [child]));
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
