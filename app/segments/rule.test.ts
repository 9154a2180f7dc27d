import { describe, expect, it } from "vitest";
import { CPM_CLASSES, NO_PURCHASE, RFM_CLASSES } from "../analytics/classes";
import { PREFECTURE_CODES } from "../customers/prefectures";
import {
  CPM_CLASS_VALUES,
  MAX_CONDITIONS,
  REGIONS,
  RFM_CLASS_VALUES,
  SegmentRuleSchema,
  conditionsOf,
  parseRule,
  validateRule,
  type SegmentCondition,
  type SegmentGroup,
} from "./rule";

const cond = (field: string, operator: string, value?: unknown) => ({ type: "condition", field, operator, value });
const and = (...children: unknown[]) => ({ type: "group", op: "and", children });
const or = (...children: unknown[]) => ({ type: "group", op: "or", children });

describe("parseRule", () => {
  it("accepts a nested rule with every field and returns it normalized", () => {
    const rule = and(
      cond("tags", "includesAny", [" VIP ", "VIP", "会員"]),
      cond("consent", "in", ["SUBSCRIBED"]),
      or(cond("prefecture", "in", ["JP-13"]), cond("region", "in", ["kinki"])),
      cond("createdAt", "before", "2026-01-01"),
      cond("ordersCount", "between", [2, 5]),
      cond("totalSpent", "gte", 10000),
      cond("averageOrderValue", "lte", 5000.5),
      cond("firstOrderAt", "isSet"),
      cond("lastOrderAt", "withinLastDays", 90),
      cond("productBought", "includesAll", ["111", "222"]),
      cond("collectionBought", "includesAny", ["301"]),
      cond("channel", "in", ["pos"]),
      cond("discountCode", "isNotSet", null),
      cond("rfmClass", "notIn", ["lost", "no_purchase"]),
      cond("rfmRecency", "gte", 4),
      cond("cpmClass", "in", ["cpm_yuryo_active"]),
      cond("attribute:clx123", "monthIs", [4, 3, 4]),
    );
    const result = parseRule(JSON.stringify(rule));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const conditions = conditionsOf(result.rule);
    expect(conditions).toHaveLength(18);
    expect(conditions[0]!.value).toEqual(["VIP", "会員"]);
    expect(conditions.find((c) => c.field === "discountCode")!.value).toBeNull();
    expect(conditions.find((c) => c.operator === "monthIs")!.value).toEqual([3, 4]);
  });

  it("accepts inquiry facts with their operators and refuses others", () => {
    const rule = and(
      cond("inquiriesCount", "between", [1, 3]),
      cond("lastInquiryAt", "withinLastDays", 30),
      cond("lastInquiryAt", "isNotSet", null),
      cond("inquiryCategory", "notIn", [" shipping ", "returns"]),
      cond("openInquiry", "isSet"),
    );
    const result = parseRule(JSON.stringify(rule));
    expect(result.ok).toBe(true);
    if (result.ok) expect(conditionsOf(result.rule).find((c) => c.field === "inquiryCategory")!.value).toEqual(["shipping", "returns"]);
    expect(validateRule(and(cond("openInquiry", "in", ["true"])))).toEqual({ ok: false, error: { code: "operatorNotAllowed", path: "children.0" } });
    expect(validateRule(and(cond("inquiriesCount", "gte", "many")))).toEqual({ ok: false, error: { code: "valueInvalid", path: "children.0" } });
    expect(validateRule(and(cond("inquiryCategory", "in", [])))).toEqual({ ok: false, error: { code: "valueRequired", path: "children.0" } });
    expect(validateRule(and(cond("lastInquiryAt", "monthIs", [4])))).toEqual({ ok: false, error: { code: "operatorNotAllowed", path: "children.0" } });
  });

  it("accepts the empty group (every customer)", () => {
    expect(parseRule(JSON.stringify(and()))).toEqual({ ok: true, rule: { type: "group", op: "and", children: [] } });
  });

  it.each([
    ["not JSON", "{", "invalidJson"],
    ["a condition at the root", JSON.stringify(cond("tags", "includesAny", ["a"])), "invalidShape"],
    ["an unknown field", JSON.stringify(and(cond("birthday", "in", ["x"]))), "unknownField"],
    ["an attribute field with a bad id", JSON.stringify(and(cond("attribute:a b", "isSet"))), "unknownField"],
    ["an operator the field does not take", JSON.stringify(and(cond("ordersCount", "includesAny", ["1"]))), "operatorNotAllowed"],
    ["monthIs on a built-in date", JSON.stringify(and(cond("createdAt", "monthIs", [4]))), "operatorNotAllowed"],
    ["an empty list", JSON.stringify(and(cond("tags", "includesAny", []))), "valueRequired"],
    ["a blank tag", JSON.stringify(and(cond("tags", "includesAny", ["  "]))), "valueRequired"],
    ["a missing number", JSON.stringify(and(cond("ordersCount", "gte"))), "valueRequired"],
    ["a reversed range", JSON.stringify(and(cond("totalSpent", "between", [10, 1]))), "valueInvalid"],
    ["a non-day", JSON.stringify(and(cond("createdAt", "before", "2026-02-30"))), "valueInvalid"],
    ["a fractional day count", JSON.stringify(and(cond("lastOrderAt", "withinLastDays", 1.5))), "valueInvalid"],
    ["zero days", JSON.stringify(and(cond("lastOrderAt", "withinLastDays", 0))), "valueInvalid"],
    ["month 13", JSON.stringify(and(cond("attribute:x", "monthIs", [13]))), "valueInvalid"],
    ["an unknown RFM class", JSON.stringify(and(cond("rfmClass", "in", ["kings"]))), "valueInvalid"],
    ["an unknown region", JSON.stringify(and(cond("region", "in", ["atlantis"]))), "valueInvalid"],
    ["a value on isSet", JSON.stringify(and(cond("tags", "isSet", ["x"]))), "valueInvalid"],
    ["a too long tag", JSON.stringify(and(cond("tags", "includesAny", ["x".repeat(256)]))), "valueTooLong"],
    ["too many tags", JSON.stringify(and(cond("tags", "includesAny", Array.from({ length: 51 }, (_, i) => `t${i}`)))), "tooManyValues"],
    ["a bad group op", JSON.stringify({ type: "group", op: "xor", children: [] }), "invalidShape"],
  ])("refuses %s", (_name, json, code) => {
    const result = parseRule(json);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it("says where the problem is", () => {
    const result = parseRule(JSON.stringify(and(cond("tags", "isSet"), or(cond("ordersCount", "gte", 1), cond("ordersCount", "gte", "x")))));
    expect(result).toEqual({ ok: false, error: { code: "valueInvalid", path: "children.1.children.1" } });
  });

  it("allows three levels of groups and refuses a fourth", () => {
    const three = and(or(and(cond("tags", "isSet"))));
    expect(validateRule(three).ok).toBe(true);
    const four = and(or(and(or(cond("tags", "isSet")))));
    expect(validateRule(four)).toEqual({ ok: false, error: { code: "tooDeep", path: "children.0.children.0.children.0" } });
  });

  it(`allows ${MAX_CONDITIONS} conditions and refuses one more`, () => {
    const many = (n: number) => and(...Array.from({ length: n }, () => cond("ordersCount", "gte", 1)));
    expect(validateRule(many(MAX_CONDITIONS)).ok).toBe(true);
    const result = validateRule(many(MAX_CONDITIONS + 1));
    expect(!result.ok && result.error.code).toBe("tooManyConditions");
  });

  it("refuses a rule longer than the JSON limit", () => {
    const result = parseRule(" ".repeat(60_000));
    expect(!result.ok && result.error.code).toBe("tooLong");
  });

  it("works as a zod schema", () => {
    expect(SegmentRuleSchema.safeParse(and(cond("tags", "isSet"))).success).toBe(true);
    const failed = SegmentRuleSchema.safeParse(and(cond("tags", "gte", 1)));
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]?.message).toBe("operatorNotAllowed");
  });

  it("types conditions and groups", () => {
    const rule: SegmentGroup = { type: "group", op: "or", children: [{ type: "condition", field: "attribute:abc", operator: "isSet", value: null } satisfies SegmentCondition] };
    expect(validateRule(rule).ok).toBe(true);
  });
});

describe("class and prefecture lists", () => {
  it("agree with the analysis classes", () => {
    expect([...RFM_CLASS_VALUES]).toEqual([...RFM_CLASSES, NO_PURCHASE]);
    expect(CPM_CLASS_VALUES).toEqual([...CPM_CLASSES]);
  });

  it("put every prefecture in exactly one region", () => {
    expect(Object.values(REGIONS).flat().sort()).toEqual([...PREFECTURE_CODES].sort());
  });
});
