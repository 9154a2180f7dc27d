import { describe, expect, it } from "vitest";
import { Statement } from "../utils/sql-statement";
import { compileRule } from "./compile.server";
import type { SegmentGroup } from "./rule";

const now = new Date("2026-11-23T00:00:00.000Z");
const shop = "shape.myshopify.com";
const rule: SegmentGroup = {
  type: "group",
  op: "and",
  children: [
    { type: "condition", field: "channel", operator: "in", value: ["pos"] },
    { type: "condition", field: "tags", operator: "includesAny", value: ["VIP"] },
    { type: "condition", field: "ordersCount", operator: "gte", value: 2 },
    { type: "condition", field: "discountCode", operator: "in", value: ["WELCOME", "SPRING"] },
    { type: "condition", field: "attribute:def1", operator: "monthIs", value: [4] },
    { type: "condition", field: "attribute:def2", operator: "between", value: [1, 3] },
    {
      type: "group",
      op: "or",
      children: [
        { type: "condition", field: "rfmClass", operator: "in", value: ["champions"] },
        { type: "condition", field: "lastOrderAt", operator: "withinLastDays", value: 30 },
      ],
    },
  ],
};

describe("compileRule", () => {
  it("writes ? placeholders on SQLite and numbered ones on PostgreSQL, with the same parameters", () => {
    const sqlite = compileRule(rule, { shop, dialect: "sqlite", now });
    const postgres = compileRule(rule, { shop, dialect: "postgresql", now });
    const outsideLiterals = (sql: string) => sql.replace(/'[^']*'/g, "''");
    expect(sqlite.params).toHaveLength((outsideLiterals(sqlite.sql).match(/\?/g) ?? []).length);
    expect(outsideLiterals(postgres.sql)).not.toContain("?");
    expect(postgres.sql.match(/\$\d+/g)).toEqual(postgres.params.map((_, i) => `$${i + 1}`));
    // Dates as each database stores them.
    expect(sqlite.params).toContain("2026-10-24T00:00:00.000+00:00");
    expect(postgres.params).toContain("2026-10-24T00:00:00.000Z");
    expect(sqlite.params.filter((p) => p !== "2026-10-24T00:00:00.000+00:00")).toEqual(postgres.params.filter((p) => p !== "2026-10-24T00:00:00.000Z"));
  });

  it("restricts to the shop's live customers and names the shop in every subquery", () => {
    const { sql, params } = compileRule(rule, { shop, dialect: "sqlite", now });
    expect(sql.startsWith(`(("shop" = ? AND "deletedAt" IS NULL AND "redactedAt" IS NULL`.slice(1))).toBe(true);
    const subqueries = sql.match(/FROM "(CustomerTag|CustomerAnalysis|Order|CustomerAttributeValue)" AS \w+ WHERE \w+\."shop" = \?/g) ?? [];
    expect(subqueries).toHaveLength(6);
    expect(params.filter((p) => p === shop)).toHaveLength(7);
  });

  it("reads tags, classes and orders through indexed subqueries and tests the per-customer order probe last", () => {
    const { sql } = compileRule(rule, { shop, dialect: "postgresql", now });
    expect(sql).toContain(`"shopifyId" IN (SELECT t."customerShopifyId" FROM "CustomerTag" AS t WHERE t."shop" = $3 AND t."tag" IN ($4))`);
    expect(sql).toContain(`"shopifyId" IN (SELECT a."customerShopifyId" FROM "CustomerAnalysis" AS a WHERE a."shop" = `);
    expect(sql.indexOf(`"ordersCount" >=`)).toBeLessThan(sql.indexOf(`"CustomerTag"`));
    expect(sql.indexOf(`"CustomerTag"`)).toBeLessThan(sql.indexOf(`EXISTS (SELECT 1 FROM "Order"`));
    expect(sql).toContain(` OR `);
  });

  it("reads inquiry facts once per statement from the shop's linked inquiries, one parameter per placeholder on SQLite", () => {
    const inquiries: SegmentGroup = {
      type: "group",
      op: "or",
      children: [
        { type: "condition", field: "inquiriesCount", operator: "between", value: [2, 4] },
        { type: "condition", field: "lastInquiryAt", operator: "withinLastDays", value: 30 },
        { type: "condition", field: "inquiryCategory", operator: "notIn", value: ["returns"] },
        { type: "condition", field: "openInquiry", operator: "isSet", value: null },
      ],
    };
    const sqlite = compileRule(inquiries, { shop, dialect: "sqlite", now });
    expect(sqlite.params).toHaveLength((sqlite.sql.replace(/'[^']*'/g, "''").match(/\?/g) ?? []).length);
    expect(sqlite.params.filter((p) => p === shop)).toHaveLength(5);
    // Guests' inquiries (no customer id) are left out, which also keeps NULL out of NOT IN.
    const subqueries = sqlite.sql.match(/FROM "Inquiry" AS i WHERE i\."shop" = \? AND i\."customerShopifyId" IS NOT NULL/g) ?? [];
    expect(subqueries).toHaveLength(4);
    expect(sqlite.sql).not.toContain(`"Customer"."shopifyId"`);
    expect(sqlite.sql).toContain(`"shopifyId" NOT IN (SELECT i."customerShopifyId" FROM "Inquiry"`);
    expect(sqlite.sql).toContain(`HAVING COUNT(*) BETWEEN ? AND ?`);
    expect(sqlite.params).toEqual(expect.arrayContaining([2, 4, "returns", "new", "open", "pending"]));
  });

  it("turns inquiry counts that admit zero into NOT IN those with more", () => {
    const count = (operator: "gte" | "lte" | "between", value: number | [number, number]) =>
      compileRule({ type: "group", op: "and", children: [{ type: "condition", field: "inquiriesCount", operator, value }] }, { shop, dialect: "postgresql", now }).sql;
    expect(count("lte", 0)).toContain(`"shopifyId" NOT IN (SELECT i."customerShopifyId" FROM "Inquiry" AS i WHERE i."shop" = $2 AND i."customerShopifyId" IS NOT NULL GROUP BY i."customerShopifyId" HAVING COUNT(*) > $3)`);
    expect(count("between", [0, 2])).toContain(`HAVING COUNT(*) > $3)`);
    expect(count("gte", 0)).toContain(`(1 = 1)`);
    expect(count("gte", 1)).toContain(`"shopifyId" IN (SELECT i."customerShopifyId"`);
    expect(count("lte", -1)).toContain(`(1 = 0)`);
  });

  it("continues the numbering of a statement it is given", () => {
    const s = new Statement("postgresql");
    s.p("first");
    const { sql, params } = compileRule({ type: "group", op: "and", children: [] }, { shop, dialect: "postgresql", now, statement: s });
    expect(sql).toBe(`("shop" = $2 AND "deletedAt" IS NULL AND "redactedAt" IS NULL AND (1 = 1))`);
    expect(params).toEqual(["first", shop]);
  });

  it("takes calendar days in the shop's time zone", () => {
    const day: SegmentGroup = { type: "group", op: "and", children: [{ type: "condition", field: "createdAt", operator: "before", value: "2026-04-01" }] };
    const { params } = compileRule(day, { shop, dialect: "postgresql", now, utcOffsetMinutes: 540 });
    // 1 April 00:00 in Tokyo is 31 March 15:00 UTC.
    expect(params).toContain("2026-03-31T15:00:00.000Z");
  });
});
