import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { customerRow, day, orderRow } from "../../tests/support/sync-rows";
import type { AddressRow, LineItemRow, OrderRow } from "../sync/types";
import type { SegmentCondition, SegmentGroup, SegmentNode } from "./rule";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { upsertCustomers, upsertOrders, markCustomerDeleted } = await import("../sync/records.server");
const segments = await import("./segments.server");
const { countSegment, segmentMemberIds, createSegment, updateSegment, deleteSegment, deleteSegments, listSegments, getSegment, boughtProducts } = segments;

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `seg-${randomUUID().slice(0, 8)}.myshopify.com`;
let nextId = 8_100_000;
const id = () => String(nextId++);

function address(provinceCode: string): AddressRow {
  return { firstName: null, lastName: null, company: null, address1: null, address2: null, city: null, province: null, provinceCode, country: "Japan", countryCode: "JP", zip: null, phone: null };
}

function line(productShopifyId: string, title: string): LineItemRow {
  return { shopifyId: id(), title, variantTitle: null, sku: null, quantity: 1, unitPrice: "1000", productShopifyId, variantShopifyId: null };
}

function order(customerShopifyId: string, processedDay: number, patch: Partial<OrderRow> = {}): OrderRow {
  return orderRow(id(), customerShopifyId, processedDay, patch);
}

const and = (...children: SegmentNode[]): SegmentGroup => ({ type: "group", op: "and", children });
const or = (...children: SegmentNode[]): SegmentGroup => ({ type: "group", op: "or", children });
const cond = (field: SegmentCondition["field"], operator: SegmentCondition["operator"], value: SegmentCondition["value"] = null): SegmentCondition => ({
  type: "condition",
  field,
  operator,
  value,
});

/**
 * A small shop (GIVEN for every test below), in Tokyo time (no Shop row: the default zone):
 * - aki: VIP and 会員, subscribed, Tokyo, created 1 Nov; three web orders (2, 10, 20 Nov), the second with code "Welcome"
 *   and product P1; champions / 流行・現役; birthday 15 Apr, gender female, hobbies cooking + golf, points 120.
 * - ben: 会員, unsubscribed, Osaka, created 5 Nov; one POS order (15 Nov) of product P2 and one cancelled web order;
 *   new / 初回・現役; birthday 2 Nov, hobbies golf, points 80.
 * - chie: nothing but an account created 10 Nov; no_purchase.
 * - dan: VIP, deleted. Another shop has a VIP customer with three orders.
 */
async function smallShop() {
  const shop = newShop();
  const other = newShop();
  const aki = customerRow(id(), { lastName: "秋山", firstName: "亜希", tags: ["VIP", "会員"], marketingState: "SUBSCRIBED", addresses: [address("JP-13")], shopifyCreatedAt: day(1) });
  const ben = customerRow(id(), { lastName: "Brown", firstName: "Ben", tags: ["会員"], marketingState: "UNSUBSCRIBED", addresses: [address("JP-27")], shopifyCreatedAt: day(5) });
  const chie = customerRow(id(), { shopifyCreatedAt: day(10) });
  const dan = customerRow(id(), { tags: ["VIP"] });
  const stranger = customerRow(id(), { tags: ["VIP"], marketingState: "SUBSCRIBED" });
  await upsertCustomers(shop, [aki, ben, chie, dan]);
  await upsertCustomers(other, [stranger]);
  await upsertOrders(shop, [
    order(aki.shopifyId, 2),
    order(aki.shopifyId, 10, { discountCodes: ["Welcome"], lineItems: [line("P1", "緑茶 100g")] }),
    order(aki.shopifyId, 20),
    order(ben.shopifyId, 15, { sourceName: "pos", totalPrice: "3000", lineItems: [line("P2", "Tea cup")] }),
    order(ben.shopifyId, 16, { cancelledAt: day(17), lineItems: [line("P1", "緑茶 100g")], discountCodes: ["SPRING"] }),
  ]);
  await upsertOrders(other, [1, 2, 3].map((d) => order(stranger.shopifyId, d, { lineItems: [line("P1", "緑茶 100g")], discountCodes: ["WELCOME"] })));
  await markCustomerDeleted(shop, dan.shopifyId, day(3));

  const analysis = (customerShopifyId: string, r: number, f: number, m: number, rfmClass: string, cpmClass: string | null) => ({
    shop,
    customerShopifyId,
    recencyScore: r,
    frequencyScore: f,
    monetaryScore: m,
    rfmClass,
    cpmClass,
    computedAt: day(21),
  });
  await prisma.customerAnalysis.createMany({
    data: [analysis(aki.shopifyId, 5, 5, 5, "champions", "cpm_ryuko_active"), analysis(ben.shopifyId, 5, 1, 3, "new", "cpm_shokai_active"), analysis(chie.shopifyId, 0, 0, 0, "no_purchase", null)],
  });
  await prisma.customerAnalysis.create({ data: { ...analysis(stranger.shopifyId, 5, 5, 5, "champions", "cpm_ryuko_active"), shop: other } });

  const definition = (key: string, type: string, choices: string[] = []) =>
    prisma.customAttributeDefinition.create({ data: { shop, key, label: key, type, choices: JSON.stringify(choices) } });
  const birthday = await definition("birthday", "date");
  const gender = await definition("gender", "choice", ["female", "male", "other"]);
  const hobbies = await definition("hobbies", "multi_choice", ["cooking", "golf", "tea"]);
  const points = await definition("points", "number");
  const value = (definitionId: string, customerShopifyId: string, v: string) => ({ shop, definitionId, customerShopifyId, value: v });
  await prisma.customerAttributeValue.createMany({
    data: [
      value(birthday.id, aki.shopifyId, "1990-04-15"),
      value(birthday.id, ben.shopifyId, "1985-11-02"),
      value(gender.id, aki.shopifyId, "female"),
      value(hobbies.id, aki.shopifyId, JSON.stringify(["cooking", "golf"])),
      value(hobbies.id, ben.shopifyId, JSON.stringify(["golf"])),
      value(points.id, aki.shopifyId, "120"),
      value(points.id, ben.shopifyId, "80"),
    ],
  });
  return {
    shop,
    other,
    aki: aki.shopifyId,
    ben: ben.shopifyId,
    chie: chie.shopifyId,
    stranger: stranger.shopifyId,
    attr: { birthday: `attribute:${birthday.id}`, gender: `attribute:${gender.id}`, hobbies: `attribute:${hobbies.id}`, points: `attribute:${points.id}` } as const,
  };
}

type Shop = Awaited<ReturnType<typeof smallShop>>;
const now = new Date(Date.UTC(2026, 10, 23, 3));

async function members(shop: string, rule: SegmentGroup, at = now): Promise<string[]> {
  return segmentMemberIds(shop, rule, { limit: 100, now: at });
}

describe("countSegment and segmentMemberIds: each field and operator", () => {
  let s: Shop;
  const cases: Array<[string, (s: Shop) => SegmentCondition, (s: Shop) => string[]]> = [
    ["tags includesAny", () => cond("tags", "includesAny", ["VIP", "nobody"]), (s) => [s.aki]],
    ["tags includesAll", () => cond("tags", "includesAll", ["VIP", "会員"]), (s) => [s.aki]],
    ["tags excludesAll", () => cond("tags", "excludesAll", ["VIP"]), (s) => [s.ben, s.chie]],
    ["tags isSet", () => cond("tags", "isSet"), (s) => [s.aki, s.ben]],
    ["tags isNotSet", () => cond("tags", "isNotSet"), (s) => [s.chie]],
    ["consent in", () => cond("consent", "in", ["SUBSCRIBED"]), (s) => [s.aki]],
    ["consent notIn (also without a state)", () => cond("consent", "notIn", ["SUBSCRIBED"]), (s) => [s.ben, s.chie]],
    ["prefecture in", () => cond("prefecture", "in", ["JP-27"]), (s) => [s.ben]],
    ["prefecture isNotSet", () => cond("prefecture", "isNotSet"), (s) => [s.chie]],
    ["region in", () => cond("region", "in", ["kanto", "hokkaido"]), (s) => [s.aki]],
    ["region notIn", () => cond("region", "notIn", ["kanto"]), (s) => [s.ben, s.chie]],
    ["createdAt before (the day itself excluded)", () => cond("createdAt", "before", "2026-11-05"), (s) => [s.aki]],
    ["createdAt after (the day itself excluded)", () => cond("createdAt", "after", "2026-11-05"), (s) => [s.chie]],
    ["createdAt withinLastDays", () => cond("createdAt", "withinLastDays", 14), (s) => [s.chie]],
    ["createdAt notWithinLastDays", () => cond("createdAt", "notWithinLastDays", 14), (s) => [s.aki, s.ben]],
    ["ordersCount gte (cancelled orders not counted)", () => cond("ordersCount", "gte", 2), (s) => [s.aki]],
    ["ordersCount lte", () => cond("ordersCount", "lte", 1), (s) => [s.ben, s.chie]],
    ["ordersCount between", () => cond("ordersCount", "between", [1, 1]), (s) => [s.ben]],
    ["totalSpent gte", () => cond("totalSpent", "gte", 3000), (s) => [s.aki, s.ben]],
    ["averageOrderValue gte", () => cond("averageOrderValue", "gte", 2000), (s) => [s.ben]],
    ["firstOrderAt before", () => cond("firstOrderAt", "before", "2026-11-10"), (s) => [s.aki]],
    ["lastOrderAt withinLastDays", () => cond("lastOrderAt", "withinLastDays", 5), (s) => [s.aki]],
    ["lastOrderAt notWithinLastDays (never-buyers excluded)", () => cond("lastOrderAt", "notWithinLastDays", 5), (s) => [s.ben]],
    ["lastOrderAt isNotSet", () => cond("lastOrderAt", "isNotSet"), (s) => [s.chie]],
    ["productBought includesAny (cancelled orders not counted)", () => cond("productBought", "includesAny", ["P1"]), (s) => [s.aki]],
    ["productBought includesAll", () => cond("productBought", "includesAll", ["P1", "P2"]), () => []],
    ["productBought excludesAll", () => cond("productBought", "excludesAll", ["P1"]), (s) => [s.ben, s.chie]],
    ["channel in", () => cond("channel", "in", ["pos"]), (s) => [s.ben]],
    ["channel notIn", () => cond("channel", "notIn", ["pos"]), (s) => [s.aki, s.chie]],
    ["discountCode in (case ignored)", () => cond("discountCode", "in", ["WELCOME"]), (s) => [s.aki]],
    ["discountCode in (cancelled order's code not counted)", () => cond("discountCode", "in", ["spring"]), () => []],
    ["discountCode isSet", () => cond("discountCode", "isSet"), (s) => [s.aki]],
    ["discountCode isNotSet", () => cond("discountCode", "isNotSet"), (s) => [s.ben, s.chie]],
    ["rfmClass in", () => cond("rfmClass", "in", ["champions", "new"]), (s) => [s.aki, s.ben]],
    ["rfmClass notIn", () => cond("rfmClass", "notIn", ["champions"]), (s) => [s.ben, s.chie]],
    ["rfmFrequency gte", () => cond("rfmFrequency", "gte", 2), (s) => [s.aki]],
    ["rfmMonetary between", () => cond("rfmMonetary", "between", [3, 4]), (s) => [s.ben]],
    ["rfmRecency lte", () => cond("rfmRecency", "lte", 0), (s) => [s.chie]],
    ["cpmClass in", () => cond("cpmClass", "in", ["cpm_shokai_active"]), (s) => [s.ben]],
    ["date attribute monthIs (birthday month)", (s) => cond(s.attr.birthday, "monthIs", [4, 5]), (s) => [s.aki]],
    ["date attribute before", (s) => cond(s.attr.birthday, "before", "1986-01-01"), (s) => [s.ben]],
    ["choice attribute in", (s) => cond(s.attr.gender, "in", ["female"]), (s) => [s.aki]],
    ["choice attribute notIn (also without a value)", (s) => cond(s.attr.gender, "notIn", ["female"]), (s) => [s.ben, s.chie]],
    ["multi_choice includesAny", (s) => cond(s.attr.hobbies, "includesAny", ["golf"]), (s) => [s.aki, s.ben]],
    ["multi_choice includesAll", (s) => cond(s.attr.hobbies, "includesAll", ["golf", "cooking"]), (s) => [s.aki]],
    ["multi_choice excludesAll", (s) => cond(s.attr.hobbies, "excludesAll", ["cooking"]), (s) => [s.ben, s.chie]],
    ["number attribute gte (as a number, not text)", (s) => cond(s.attr.points, "gte", 100), (s) => [s.aki]],
    ["attribute isNotSet", (s) => cond(s.attr.gender, "isNotSet"), (s) => [s.ben, s.chie]],
  ];

  it.each(cases)("%s", async (_name, rule, expected) => {
    s ??= await smallShop();
    const want = expected(s).sort();
    expect((await members(s.shop, and(rule(s)))).sort()).toEqual(want);
    expect((await countSegment(s.shop, and(rule(s)), { sample: 0, now })).count).toBe(want.length);
  });
});

describe("countSegment: groups, boundaries and the shop", () => {
  it("joins AND and OR groups as nested", async () => {
    const s = await smallShop();
    // (VIP or POS buyer) and (subscribed or in Kansai)
    const rule = and(or(cond("tags", "includesAny", ["VIP"]), cond("channel", "in", ["pos"])), or(cond("consent", "in", ["SUBSCRIBED"]), cond("region", "in", ["kinki"])));
    expect((await members(s.shop, rule)).sort()).toEqual([s.aki, s.ben].sort());
    const narrower = and(or(cond("tags", "includesAny", ["VIP"]), cond("channel", "in", ["pos"])), cond("consent", "in", ["UNSUBSCRIBED"]), or(and(cond("ordersCount", "gte", 1))));
    expect(await members(s.shop, narrower)).toEqual([s.ben]);
    expect(await members(s.shop, or())).toHaveLength(3);
  });

  it("counts every live customer of the shop for the empty rule, never deleted ones or another shop's", async () => {
    const s = await smallShop();
    const result = await countSegment(s.shop, and(), { now });
    expect(result.count).toBe(3);
    expect(result.sample.map((m) => m.shopifyId)).toEqual([s.aki, s.ben, s.chie].sort());
    // The other shop's VIP champion with three WELCOME orders of P1 never shows up here.
    for (const c of [cond("tags", "includesAny", ["VIP"]), cond("rfmClass", "in", ["champions"]), cond("discountCode", "in", ["WELCOME"]), cond("productBought", "includesAny", ["P1"])]) {
      expect(await members(s.shop, and(c))).toEqual([s.aki]);
    }
    expect(await members(s.other, and(cond("tags", "includesAny", ["VIP"])))).toEqual([s.stranger]);
  });

  it("includes a last order exactly N days ago in withinLastDays and excludes it a millisecond later", async () => {
    const s = await smallShop();
    const rule = and(cond("lastOrderAt", "withinLastDays", 3), cond("tags", "includesAny", ["VIP"]));
    const edge = new Date(day(20).getTime() + 3 * 86_400_000);
    expect(await members(s.shop, rule, edge)).toEqual([s.aki]);
    expect(await members(s.shop, rule, new Date(edge.getTime() + 1))).toEqual([]);
    const not = and(cond("lastOrderAt", "notWithinLastDays", 3), cond("tags", "includesAny", ["VIP"]));
    expect(await members(s.shop, not, edge)).toEqual([]);
    expect(await members(s.shop, not, new Date(edge.getTime() + 1))).toEqual([s.aki]);
  });

  it("reads calendar days in the shop's time zone", async () => {
    const s = await smallShop();
    // chie was created 10 Nov 03:00 UTC = 10 Nov 12:00 in Tokyo, and 9 Nov 22:00 in New York.
    const rule = and(cond("createdAt", "after", "2026-11-09"));
    expect(await members(s.shop, rule)).toEqual([s.chie]);
    await prisma.shop.create({ data: { domain: s.shop, ianaTimezone: "America/New_York" } });
    expect(await members(s.shop, rule)).toEqual([]);
  });

  it("gives a sample with names and figures, and pages member ids after a cursor", async () => {
    const s = await smallShop();
    const { count, sample } = await countSegment(s.shop, and(cond("ordersCount", "gte", 1)), { now });
    expect(count).toBe(2);
    expect(sample).toEqual([
      { shopifyId: s.aki, name: "秋山 亜希", email: `${s.aki}@example.com`, ordersCount: 3, totalSpent: "3000" },
      { shopifyId: s.ben, name: "Ben Brown", email: `${s.ben}@example.com`, ordersCount: 1, totalSpent: "3000" },
    ]);
    const first = await segmentMemberIds(s.shop, and(), { limit: 2, now });
    const rest = await segmentMemberIds(s.shop, and(), { limit: 2, after: first.at(-1), now });
    expect([...first, ...rest]).toEqual([s.aki, s.ben, s.chie].sort());
    expect(rest).toEqual([s.chie]);
  });

  it("lists products bought in the shop with their titles", async () => {
    const s = await smallShop();
    expect(await boughtProducts(s.shop, "")).toEqual([
      { id: "P1", title: "緑茶 100g" },
      { id: "P2", title: "Tea cup" },
    ]);
    expect(await boughtProducts(s.shop, "緑茶")).toEqual([{ id: "P1", title: "緑茶 100g" }]);
  });
});

describe("segment CRUD", () => {
  const rule = JSON.stringify(and(cond("tags", "includesAny", ["VIP"])));

  it("creates a segment with its member count, lists, updates and deletes it", async () => {
    const s = await smallShop();
    const created = await createSegment(s.shop, "staff-1", { name: " VIP 顧客 ", description: "上得意", rule }, now);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.segment).toMatchObject({ name: "VIP 顧客", description: "上得意", memberCount: 1 });
    expect((await listSegments(s.shop)).map((x) => x.name)).toEqual(["VIP 顧客"]);

    const updated = await updateSegment(s.shop, created.segment.id, { name: "会員", description: "", rule: JSON.stringify(and(cond("tags", "includesAny", ["会員"]))) }, now);
    expect(updated.ok && updated.segment).toMatchObject({ name: "会員", memberCount: 2 });
    expect((await getSegment(s.shop, created.segment.id))?.rule.children).toHaveLength(1);

    expect(await deleteSegment(s.shop, created.segment.id)).toEqual({ ok: true });
    expect(await listSegments(s.shop)).toEqual([]);
  });

  it("refuses a name taken in another case or width, and takes it in another shop", async () => {
    const s = await smallShop();
    expect((await createSegment(s.shop, null, { name: "VIP", rule })).ok).toBe(true);
    const taken = await createSegment(s.shop, null, { name: "ｖｉｐ", rule });
    expect(taken).toMatchObject({ ok: false, code: "nameTaken", errors: [{ field: "name", messageKey: "segments.errors.nameTaken" }] });
    expect(segments.segmentErrorStatus("nameTaken")).toBe(409);
    expect((await createSegment(s.other, null, { name: "vip", rule })).ok).toBe(true);
    expect(await prisma.segment.count({ where: { shop: s.shop } })).toBe(1);
  });

  it("reports every field's problem and writes nothing", async () => {
    const s = await smallShop();
    const result = await createSegment(s.shop, null, { name: "", description: "x".repeat(501), rule: JSON.stringify(and(cond("tags", "gte", 1))) });
    expect(result).toEqual({
      ok: false,
      code: "nameRequired",
      errors: [
        { field: "name", messageKey: "segments.errors.nameRequired" },
        { field: "description", messageKey: "segments.errors.descriptionTooLong" },
        { field: "rule", messageKey: "segments.rule.errors.operatorNotAllowed", path: "children.0" },
      ],
    });
    expect(await prisma.segment.count({ where: { shop: s.shop } })).toBe(0);
  });

  it("refuses an attribute of another shop and an operator the attribute's type does not take", async () => {
    const s = await smallShop();
    const t = await smallShop();
    const foreign = await createSegment(s.shop, null, { name: "a", rule: JSON.stringify(and(cond(t.attr.gender, "in", ["female"]))) });
    expect(foreign).toMatchObject({ ok: false, code: "ruleInvalid", errors: [{ field: "rule", messageKey: "segments.rule.errors.unknownField" }] });
    const wrongType = await createSegment(s.shop, null, { name: "b", rule: JSON.stringify(and(cond(s.attr.gender, "monthIs", [4]))) });
    expect(wrongType).toMatchObject({ ok: false, errors: [{ messageKey: "segments.rule.errors.operatorNotAllowed" }] });
  });

  it("never reads, changes or deletes another shop's segment", async () => {
    const s = await smallShop();
    const created = await createSegment(s.shop, null, { name: "VIP", rule });
    if (!created.ok) throw new Error("not created");
    expect(await getSegment(s.other, created.segment.id)).toBeNull();
    expect(await updateSegment(s.other, created.segment.id, { name: "x", rule })).toMatchObject({ ok: false, code: "notFound" });
    expect(await deleteSegments(s.other, [created.segment.id])).toBe(0);
    expect(await getSegment(s.shop, created.segment.id)).not.toBeNull();
  });
});
