import { describe, expect, it } from "vitest";
import type { SegmentCondition, SegmentGroup } from "./rule";
import { parseRule } from "./rule";
import { shopifyQlNumber, shopifyQlString, toShopifyQl } from "./shopifyql";

const and = (...children: SegmentGroup["children"]): SegmentGroup => ({ type: "group", op: "and", children });
const or = (...children: SegmentGroup["children"]): SegmentGroup => ({ type: "group", op: "or", children });
const c = (field: SegmentCondition["field"], operator: SegmentCondition["operator"], value: SegmentCondition["value"] = null): SegmentCondition => ({
  type: "condition",
  field,
  operator,
  value,
});
const query = (rule: SegmentGroup) => {
  const result = toShopifyQl(rule);
  if (!result.ok) throw new Error(`not expressible: ${JSON.stringify(result.reasons)}`);
  return result.query;
};

describe("toShopifyQl", () => {
  it("translates tags with each list operator", () => {
    expect(query(and(c("tags", "includesAny", ["vip"])))).toBe("customer_tags CONTAINS 'vip'");
    expect(query(and(c("tags", "includesAny", ["vip", "常連"])))).toBe("customer_tags CONTAINS 'vip' OR customer_tags CONTAINS '常連'");
    expect(query(and(c("tags", "includesAll", ["a", "b"])))).toBe("customer_tags CONTAINS 'a' AND customer_tags CONTAINS 'b'");
    expect(query(and(c("tags", "excludesAll", ["a", "b"])))).toBe("customer_tags NOT CONTAINS 'a' AND customer_tags NOT CONTAINS 'b'");
    expect(query(and(c("tags", "isSet")))).toBe("customer_tags IS NOT NULL");
    expect(query(and(c("tags", "isNotSet")))).toBe("customer_tags IS NULL");
  });

  it("translates consent `in` and refuses `notIn` (the app also matches customers without a state)", () => {
    expect(query(and(c("consent", "in", ["SUBSCRIBED"])))).toBe("email_subscription_status = 'SUBSCRIBED'");
    expect(toShopifyQl(and(c("consent", "notIn", ["SUBSCRIBED"])))).toEqual({
      ok: false,
      reasons: [{ code: "operator", field: "consent", operator: "notIn" }],
    });
  });

  it("translates orders count and amount spent with >=, <= and BETWEEN", () => {
    expect(query(and(c("ordersCount", "gte", 3)))).toBe("number_of_orders >= 3");
    expect(query(and(c("ordersCount", "lte", 1)))).toBe("number_of_orders <= 1");
    expect(query(and(c("totalSpent", "gte", 70000)))).toBe("amount_spent >= 70000");
    expect(query(and(c("totalSpent", "between", [1, 999.99])))).toBe("amount_spent BETWEEN 1 AND 999.99");
  });

  it("translates dates: absolute days, day offsets and presence", () => {
    expect(query(and(c("lastOrderAt", "withinLastDays", 90)))).toBe("last_order_date >= -90d");
    expect(query(and(c("lastOrderAt", "notWithinLastDays", 180)))).toBe("last_order_date < -180d");
    expect(query(and(c("firstOrderAt", "before", "2026-01-01")))).toBe("first_order_date < 2026-01-01");
    expect(query(and(c("createdAt", "after", "2025-12-31")))).toBe("customer_added_date > 2025-12-31");
    expect(query(and(c("lastOrderAt", "isNotSet")))).toBe("last_order_date IS NULL");
    expect(query(and(c("firstOrderAt", "isSet")))).toBe("first_order_date IS NOT NULL");
  });

  it("keeps AND / OR structure with parentheses around nested groups", () => {
    const rule = and(c("ordersCount", "gte", 2), or(c("tags", "includesAny", ["vip"]), c("totalSpent", "gte", 50000)));
    expect(query(rule)).toBe("number_of_orders >= 2 AND (customer_tags CONTAINS 'vip' OR amount_spent >= 50000)");
    expect(query(or(and(c("ordersCount", "gte", 2), c("ordersCount", "lte", 5)), c("tags", "isSet")))).toBe(
      "(number_of_orders >= 2 AND number_of_orders <= 5) OR customer_tags IS NOT NULL",
    );
  });

  it("treats an empty nested group as everyone: ignored in AND, but makes an OR match everyone", () => {
    expect(query(and(c("ordersCount", "gte", 2), and()))).toBe("number_of_orders >= 2");
    expect(toShopifyQl(and(or(c("ordersCount", "gte", 2), and())))).toEqual({ ok: false, reasons: [{ code: "empty" }] });
  });

  it("refuses the empty rule and fields only the app knows, listing every reason once", () => {
    expect(toShopifyQl(and())).toEqual({ ok: false, reasons: [{ code: "empty" }] });
    const result = toShopifyQl(
      and(c("rfmClass", "in", ["champions"]), c("prefecture", "in", ["JP-13"]), c("rfmClass", "in", ["loyal"]), c("attribute:abc", "isSet")),
    );
    expect(result).toEqual({
      ok: false,
      reasons: [
        { code: "field", field: "rfmClass" },
        { code: "field", field: "prefecture" },
        { code: "field", field: "attribute:abc" },
      ],
    });
    for (const field of ["averageOrderValue", "channel", "discountCode", "productBought", "cpmClass", "region", "rfmRecency"] as const) {
      expect(toShopifyQl(and(c(field, "in", ["x"]))).ok, field).toBe(false);
    }
  });

  it("refuses every inquiry fact with a reason per condition saying inquiries are only in the app", () => {
    const rule = and(
      c("tags", "includesAny", ["vip"]),
      or(c("inquiriesCount", "gte", 2), c("openInquiry", "isSet")),
      c("lastInquiryAt", "withinLastDays", 30),
      c("inquiryCategory", "in", ["shipping"]),
    );
    expect(toShopifyQl(rule)).toEqual({
      ok: false,
      reasons: [
        { code: "inquiry", field: "inquiriesCount" },
        { code: "inquiry", field: "openInquiry" },
        { code: "inquiry", field: "lastInquiryAt" },
        { code: "inquiry", field: "inquiryCategory" },
      ],
    });
  });

  it("escapes quotes and backslashes inside values so a tag cannot end the string", () => {
    expect(shopifyQlString("it's")).toBe("'it\\'s'");
    expect(shopifyQlString("a\\' OR customer_tags CONTAINS 'b")).toBe("'a\\\\\\' OR customer_tags CONTAINS \\'b'");
    expect(query(and(c("tags", "includesAny", ["O'Brien"])))).toBe("customer_tags CONTAINS 'O\\'Brien'");
  });

  it("writes numbers without exponents or separators", () => {
    expect(shopifyQlNumber(1e11)).toBe("100000000000");
    expect(shopifyQlNumber(0.0000001)).toBe("0");
    expect(shopifyQlNumber(12.5)).toBe("12.5");
  });

  it("translates a rule as stored (parsed from JSON)", () => {
    const parsed = parseRule(
      JSON.stringify({ type: "group", op: "and", children: [{ type: "condition", field: "totalSpent", operator: "gte", value: 70000 }] }),
    );
    if (!parsed.ok) throw new Error("rule did not parse");
    expect(query(parsed.rule)).toBe("amount_spent >= 70000");
  });
});
