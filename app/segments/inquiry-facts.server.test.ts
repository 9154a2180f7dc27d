/**
 * Segment conditions over inquiry facts, compiled and run in the real database (SQLite, or PostgreSQL with
 * TEST_DATABASE=postgresql): each test makes its own shop, guests and other shops' inquiries never count.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { customerRow, day } from "../../tests/support/sync-rows";
import type { SegmentCondition, SegmentGroup, SegmentNode } from "./rule";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { upsertCustomers, markCustomerDeleted } = await import("../sync/records.server");
const { countSegment, segmentMemberIds } = await import("./segments.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `seginq-${randomUUID().slice(0, 8)}.myshopify.com`;
let nextId = 8_600_000;
const id = () => String(nextId++);

const and = (...children: SegmentNode[]): SegmentGroup => ({ type: "group", op: "and", children });
const or = (...children: SegmentNode[]): SegmentGroup => ({ type: "group", op: "or", children });
const cond = (field: SegmentCondition["field"], operator: SegmentCondition["operator"], value: SegmentCondition["value"] = null): SegmentCondition => ({
  type: "condition",
  field,
  operator,
  value,
});

type InquirySpec = { customer: string | null; day: number; status?: string; category?: string | null; email?: string };

async function inquiries(shop: string, specs: InquirySpec[]) {
  const counter = await prisma.inquiry.count({ where: { shop } });
  await prisma.inquiry.createMany({
    data: specs.map((spec, i) => ({
      shop,
      number: 1001 + counter + i,
      channel: "form",
      status: spec.status ?? "resolved",
      category: spec.category ?? null,
      customerShopifyId: spec.customer,
      customerLink: spec.customer ? "linked" : "pending",
      contactEmail: spec.email ?? null,
      createdAt: day(spec.day),
      lastMessageAt: day(spec.day),
    })),
  });
}

/**
 * GIVEN a shop (Tokyo time, "now" 23 Nov 12:00) where
 * - aki asked three times: 2 Nov (shipping, resolved), 10 Nov (returns, still open), 20 Nov (shipping, resolved);
 * - ben asked once, 5 Nov, uncategorized and resolved;
 * - chie never asked, but a guest wrote with her email on 22 Nov (not linked yet: a new, shipping inquiry);
 * - dan (deleted) has an open inquiry;
 * - in another shop, a customer with chie's very Shopify id has five open "returns" inquiries.
 */
async function shopWithInquiries() {
  const shop = newShop();
  const other = newShop();
  const [aki, ben, chie, dan] = [customerRow(id()), customerRow(id()), customerRow(id()), customerRow(id())];
  await upsertCustomers(shop, [aki, ben, chie, dan]);
  await upsertCustomers(other, [customerRow(chie.shopifyId)]);
  await markCustomerDeleted(shop, dan.shopifyId, day(3));
  await inquiries(shop, [
    { customer: aki.shopifyId, day: 2, category: "shipping" },
    { customer: aki.shopifyId, day: 10, category: "returns", status: "open" },
    { customer: aki.shopifyId, day: 20, category: "shipping" },
    { customer: ben.shopifyId, day: 5 },
    { customer: null, day: 22, category: "shipping", status: "new", email: chie.email ?? undefined },
    { customer: dan.shopifyId, day: 21, category: "returns", status: "new" },
  ]);
  await inquiries(other, [1, 2, 3, 4, 21].map((d) => ({ customer: chie.shopifyId, day: d, category: "returns", status: "pending" })));
  return { shop, aki: aki.shopifyId, ben: ben.shopifyId, chie: chie.shopifyId };
}

type Shop = Awaited<ReturnType<typeof shopWithInquiries>>;
const now = new Date(Date.UTC(2026, 10, 23, 3));

describe("segment conditions over inquiry facts", () => {
  let s: Shop;
  const cases: Array<[string, () => SegmentGroup, (s: Shop) => string[]]> = [
    ["inquiriesCount gte (linked inquiries of any status)", () => and(cond("inquiriesCount", "gte", 1)), (s) => [s.aki, s.ben]],
    ["inquiriesCount lte 0 (a guest's inquiry and another shop's do not count)", () => and(cond("inquiriesCount", "lte", 0)), (s) => [s.chie]],
    ["inquiriesCount between", () => and(cond("inquiriesCount", "between", [1, 2])), (s) => [s.ben]],
    ["inquiriesCount between, exact", () => and(cond("inquiriesCount", "between", [3, 3])), (s) => [s.aki]],
    ["inquiriesCount between from zero (never asked included)", () => and(cond("inquiriesCount", "between", [0, 1])), (s) => [s.ben, s.chie]],
    ["inquiriesCount gte 0 (everyone)", () => and(cond("inquiriesCount", "gte", 0)), (s) => [s.aki, s.ben, s.chie]],
    ["lastInquiryAt withinLastDays", () => and(cond("lastInquiryAt", "withinLastDays", 7)), (s) => [s.aki]],
    ["lastInquiryAt notWithinLastDays (never asked: no match)", () => and(cond("lastInquiryAt", "notWithinLastDays", 7)), (s) => [s.ben]],
    ["lastInquiryAt before (the latest one counts)", () => and(cond("lastInquiryAt", "before", "2026-11-10")), (s) => [s.ben]],
    ["lastInquiryAt after", () => and(cond("lastInquiryAt", "after", "2026-11-19")), (s) => [s.aki]],
    ["lastInquiryAt isSet", () => and(cond("lastInquiryAt", "isSet")), (s) => [s.aki, s.ben]],
    ["lastInquiryAt isNotSet", () => and(cond("lastInquiryAt", "isNotSet")), (s) => [s.chie]],
    ["inquiryCategory in (any of the inquiries)", () => and(cond("inquiryCategory", "in", ["returns"])), (s) => [s.aki]],
    ["inquiryCategory in, several keys", () => and(cond("inquiryCategory", "in", ["shipping", "nothing"])), (s) => [s.aki]],
    ["inquiryCategory notIn (none has it; never asked too)", () => and(cond("inquiryCategory", "notIn", ["returns"])), (s) => [s.ben, s.chie]],
    ["openInquiry isSet (new, open or pending)", () => and(cond("openInquiry", "isSet")), (s) => [s.aki]],
    ["openInquiry isNotSet", () => and(cond("openInquiry", "isNotSet")), (s) => [s.ben, s.chie]],
    [
      "inquiry facts mixed with other fields in AND / OR",
      () => and(or(cond("openInquiry", "isSet"), cond("inquiriesCount", "between", [1, 1])), cond("lastInquiryAt", "before", "2026-11-21"), cond("ordersCount", "lte", 0)),
      (s) => [s.aki, s.ben],
    ],
  ];

  it.each(cases)("%s", async (_name, rule, expected) => {
    s ??= await shopWithInquiries();
    const want = expected(s).sort();
    expect((await segmentMemberIds(s.shop, rule(), { limit: 100, now })).sort()).toEqual(want);
    expect((await countSegment(s.shop, rule(), { sample: 0, now })).count).toBe(want.length);
  });

  it("counts a guest's inquiry once the worker links it to the customer", async () => {
    const shop = await shopWithInquiries();
    const open = and(cond("openInquiry", "isSet"));
    expect(await segmentMemberIds(shop.shop, open, { limit: 10, now })).toEqual([shop.aki]);
    await prisma.inquiry.updateMany({ where: { shop: shop.shop, customerShopifyId: null }, data: { customerShopifyId: shop.chie, customerLink: "linked" } });
    expect((await segmentMemberIds(shop.shop, open, { limit: 10, now })).sort()).toEqual([shop.aki, shop.chie].sort());
  });
});
