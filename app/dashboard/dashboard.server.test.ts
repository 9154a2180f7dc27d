import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { loadDashboard, saveLayout, saveSettings } = await import("./dashboard.server");
const { DEFAULT_LAYOUT } = await import("./cards");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

// "Now" is Monday 23 November 2026, 12:00 in Tokyo. With the last 7 days, the range is 17–23 November and the
// previous period 10–16 November (Tokyo days).
const NOW = new Date("2026-11-23T03:00:00Z");
const tokyo = (day: string, time = "12:00") => new Date(`2026-11-${day}T${time}:00+09:00`);
const OLD = new Date("2025-01-01T00:00:00Z");

type Spec = { day: string; total: number; cancelled?: boolean };

async function makeShop(): Promise<string> {
  const shop = `dashboard-${randomUUID().slice(0, 8)}.myshopify.com`;
  await prisma.shop.create({ data: { domain: shop, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
  // Facts as app/customers/facts.server.ts keeps them (cancelled orders excluded).
  const customers: Array<{ id: string; created?: Date; deleted?: boolean; spent: number; first?: string; count: number; orders: Spec[] }> = [
    { id: "a", spent: 3000, first: "01", count: 2, orders: [{ day: "01", total: 1000 }, { day: "18", total: 2000 }] },
    { id: "b", spent: 7000, first: "12", count: 2, orders: [{ day: "12", total: 3000 }, { day: "20", total: 4000 }] },
    { id: "c", spent: 2000, first: "19", count: 2, orders: [{ day: "19", total: 500 }, { day: "21", total: 1500 }] },
    { id: "d", spent: 5000, first: "22", count: 1, orders: [{ day: "22", total: 5000 }] },
    { id: "e", spent: 2000, first: "14", count: 1, orders: [{ day: "14", total: 2000 }, { day: "17", total: 1000, cancelled: true }] },
    { id: "f", created: tokyo("20"), spent: 0, count: 0, orders: [] },
    { id: "z", deleted: true, spent: 10000, first: "20", count: 1, orders: [{ day: "20", total: 10000 }] },
  ];
  await prisma.customer.createMany({
    data: customers.map((c) => ({
      shop,
      shopifyId: c.id,
      shopifyCreatedAt: c.created ?? OLD,
      shopifyUpdatedAt: OLD,
      deletedAt: c.deleted ? OLD : null,
      totalSpent: c.spent,
      ordersCount: c.count,
      firstOrderAt: c.first ? tokyo(c.first) : null,
    })),
  });
  let n = 0;
  const order = (customer: string | null, o: Spec) => {
    n++;
    return {
      shop,
      shopifyId: `o${n}`,
      customerShopifyId: customer,
      name: `#${n}`,
      currencyCode: "JPY",
      totalPrice: o.total,
      processedAt: tokyo(o.day),
      cancelledAt: o.cancelled ? tokyo(o.day) : null,
      shopifyCreatedAt: tokyo(o.day),
      shopifyUpdatedAt: tokyo(o.day),
    };
  };
  await prisma.order.createMany({
    data: [...customers.flatMap((c) => c.orders.map((o) => order(c.id, o))), order(null, { day: "20", total: 700 })],
  });
  return shop;
}

describe("dashboard KPIs", () => {
  it("match the hand-computed values for the range and the previous period", async () => {
    // GIVEN the small shop and a staff member looking at the last 7 days with comparison
    const shop = await makeShop();
    expect(await saveSettings(shop, "staff-1", { range: "7d", compare: "true" })).toEqual({ ok: true });
    // WHEN the dashboard loads
    const data = await loadDashboard(shop, "staff-1", NOW);
    // THEN
    expect([data.current.from, data.current.to, data.previous?.from, data.previous?.to]).toEqual([
      "2026-11-17",
      "2026-11-23",
      "2026-11-10",
      "2026-11-16",
    ]);
    expect(data.values).toEqual({
      // a–f exist by 23 Nov (z is deleted); f was created on 20 Nov.
      customers: { current: 6, previous: 5 },
      // Current buyers: a and b ordered before (returning), c and d are new. Previous: b and e, both new.
      newCustomers: { current: 2, previous: 2 },
      returningCustomers: { current: 2, previous: 0 },
      // Every uncancelled order, guest and deleted customer's included: 2000+4000+500+1500+5000+700+10000.
      orders: { current: 7, previous: 2 },
      revenue: { current: 23700, previous: 5000 },
      aov: { current: 3385.71, previous: 2500 },
      // a, b (returning) and c (two orders) of four buyers; previously b and e had one order each.
      repeatRate: { current: 0.75, previous: 0 },
      // c converted, d still pending: 1 / (2 − 1). Previously b converted (on 20 Nov), e pending.
      f2: { current: 1, previous: 1 },
      // 19,000 over a–e; by 16 Nov only a (1,000), b (3,000) and e (2,000) had bought: 6,000 / 3.
      ltv: { current: 3800, previous: 2000 },
      // No inquiries yet: nothing open, none received, no median and no rate (the cards show their empty states).
      openInquiries: { current: 0, previous: null },
      inquiriesReceived: { current: 0, previous: 0 },
      firstResponseTime: { current: null, previous: null },
      slaBreachRate: { current: null, previous: null },
    });
    expect(data.current.series.orders).toEqual([0, 1, 1, 3, 1, 1, 0]);
    expect(data.current.series.revenue).toEqual([0, 2000, 500, 14700, 1500, 5000, 0]);
    expect(data.current.series.newCustomers).toEqual([0, 0, 1, 0, 0, 1, 0]);
    expect(data.current.series.returningCustomers).toEqual([0, 1, 0, 1, 0, 0, 0]);
    expect(data.previous?.series.orders).toEqual([0, 0, 1, 0, 1, 0, 0]);
  });

  it("skip the previous period when not comparing", async () => {
    const shop = await makeShop();
    await saveSettings(shop, "staff-1", { range: "custom", from: "2026-11-20", to: "2026-11-20" });
    const data = await loadDashboard(shop, "staff-1", NOW);
    expect(data.previous).toBeNull();
    expect(data.values.orders).toEqual({ current: 3, previous: null });
    expect(data.values.revenue).toEqual({ current: 14700, previous: null });
  });
});

type InquirySpec = {
  channel: string;
  created: Date;
  status: string;
  customer?: string | null;
  firstResponseDueAt?: Date;
  resolutionDueAt?: Date;
  firstRespondedAt?: Date;
  firstResponseMinutes?: number;
  firstResponseBreached?: boolean;
  resolvedAt?: Date;
  resolutionBreached?: boolean;
};

async function addInquiries(shop: string, specs: InquirySpec[]) {
  await prisma.inquiry.createMany({
    data: specs.map(({ created, customer, ...spec }, i) => ({ shop, number: 1001 + i, customerShopifyId: customer ?? null, createdAt: created, lastMessageAt: created, ...spec })),
  });
}

/**
 * GIVEN the small shop's inquiries ("now" 23 Nov 12:00 Tokyo; range 17–23 Nov, previous 10–16 Nov):
 * 1 form 18 Nov, answered in 60 min, resolved on time;  2 chat 18 Nov, answered late (200 min), still open;
 * 3 mail 20 Nov, unanswered past its first-response due time (overdue);  4 phone 22 Nov, answered (30 min), pending
 * past its resolution due time (overdue);  5 in person 23 Nov, resolved, no targets;  7 a guest's chat at 00:30 on
 * 17 Nov (the range's first Tokyo day), due later;  6 form 12 Nov, answered in 90 min;  10 mail 15 Nov, answered
 * late on 17 Nov (1,000 min). Another shop has open, overdue and answered inquiries too.
 */
async function makeShopWithInquiries(): Promise<string> {
  const shop = await makeShop();
  await addInquiries(shop, [
    { channel: "form", customer: "a", created: tokyo("18", "10:00"), status: "resolved", firstResponseDueAt: tokyo("18", "14:00"), firstRespondedAt: tokyo("18", "11:00"), firstResponseMinutes: 60, firstResponseBreached: false, resolutionDueAt: tokyo("20"), resolvedAt: tokyo("19"), resolutionBreached: false },
    { channel: "chat", customer: "b", created: tokyo("18"), status: "open", firstResponseDueAt: tokyo("18", "16:00"), firstRespondedAt: tokyo("19", "09:00"), firstResponseMinutes: 200, firstResponseBreached: true, resolutionDueAt: tokyo("25") },
    { channel: "email", customer: "c", created: tokyo("20"), status: "new", firstResponseDueAt: tokyo("21"), resolutionDueAt: tokyo("27") },
    { channel: "phone", customer: "d", created: tokyo("22", "10:00"), status: "pending", firstResponseDueAt: tokyo("22", "18:00"), firstRespondedAt: tokyo("22", "10:30"), firstResponseMinutes: 30, firstResponseBreached: false, resolutionDueAt: tokyo("22", "20:00") },
    { channel: "in_person", customer: "a", created: tokyo("23", "09:00"), status: "resolved", resolvedAt: tokyo("23", "09:10") },
    { channel: "form", customer: "e", created: tokyo("12"), status: "resolved", firstResponseDueAt: tokyo("12", "18:00"), firstRespondedAt: tokyo("12", "13:30"), firstResponseMinutes: 90, firstResponseBreached: false, resolvedAt: tokyo("12", "13:30") },
    { channel: "chat", customer: null, created: tokyo("17", "00:30"), status: "new", firstResponseDueAt: tokyo("30") },
    { channel: "email", customer: "b", created: tokyo("15"), status: "resolved", firstResponseDueAt: tokyo("16"), firstRespondedAt: tokyo("17", "10:00"), firstResponseMinutes: 1000, firstResponseBreached: true, resolvedAt: tokyo("17", "10:00") },
  ]);
  const other = `dashboard-${randomUUID().slice(0, 8)}.myshopify.com`;
  await addInquiries(other, [
    { channel: "form", created: tokyo("20"), status: "new", firstResponseDueAt: tokyo("20", "13:00") },
    { channel: "chat", created: tokyo("19"), status: "open", firstResponseDueAt: tokyo("19", "13:00"), firstRespondedAt: tokyo("19", "12:05"), firstResponseMinutes: 5, firstResponseBreached: true },
  ]);
  return shop;
}

describe("dashboard inquiry cards", () => {
  it("count open and overdue inquiries now, received ones per channel, the median first response and the breach rate", async () => {
    const shop = await makeShopWithInquiries();
    await saveSettings(shop, "staff-1", { range: "7d", compare: "true" });
    const data = await loadDashboard(shop, "staff-1", NOW);
    expect(data.values).toMatchObject({
      // 2, 3, 4 and the guest's 7 are unresolved; the open-now card has nothing to compare with.
      openInquiries: { current: 4, previous: null },
      // 1, 2, 3, 4, 5 and 7; previously 6 and 10.
      inquiriesReceived: { current: 6, previous: 2 },
      // First answered in the range: 1 (60), 2 (200), 4 (30) and 10 (1,000): (60 + 200) / 2. Previously 6 (90).
      firstResponseTime: { current: 130, previous: 90 },
      // Of 1, 2, 3, 4, 7 (5 has no target): 2 answered late, 3 unanswered past due, 4 unresolved past due. Previously 10 of 6 and 10.
      slaBreachRate: { current: 0.6, previous: 0.5 },
    });
    expect(data.current.figures).toMatchObject({ overdueInquiries: 2, slaMeasured: 5, slaBreached: 3 });
    expect(data.current.series.inquiriesByChannel).toEqual({
      form: [0, 1, 0, 0, 0, 0, 0],
      chat: [1, 1, 0, 0, 0, 0, 0],
      email: [0, 0, 0, 1, 0, 0, 0],
      phone: [0, 0, 0, 0, 0, 1, 0],
      in_person: [0, 0, 0, 0, 0, 0, 1],
    });
    expect(data.previous?.series.inquiriesByChannel?.email).toEqual([0, 0, 0, 0, 0, 1, 0]);
  });

  it("take the median of an odd count as its middle value, and compute only the cards on the board", async () => {
    const shop = await makeShopWithInquiries();
    await saveLayout(shop, "staff-1", JSON.stringify(["firstResponseTime", "openInquiries"]));
    await saveSettings(shop, "staff-1", { range: "custom", from: "2026-11-18", to: "2026-11-22", compare: "false" });
    const data = await loadDashboard(shop, "staff-1", NOW);
    // Answered 18–22 Nov: 1 (60), 2 (200), 4 (30) → 60.
    expect(data.values).toEqual({ firstResponseTime: { current: 60, previous: null }, openInquiries: { current: 4, previous: null } });
    expect(data.current.figures.inquiriesReceived).toBe(4);
  });
});

describe("dashboard layout", () => {
  it("is saved per staff member; others keep the default", async () => {
    const shop = await makeShop();
    const mine = ["revenue", "orders", "f2"];
    expect(await saveLayout(shop, "staff-1", JSON.stringify(mine))).toEqual({ ok: true });
    const first = await loadDashboard(shop, "staff-1", NOW);
    expect(first.layout).toEqual(mine);
    expect(first.hidden).toEqual(DEFAULT_LAYOUT.filter((k) => !mine.includes(k)));
    // Only the visible cards are computed.
    expect(Object.keys(first.values).sort()).toEqual(["f2", "orders", "revenue"]);
    expect((await loadDashboard(shop, "staff-2", NOW)).layout).toEqual(DEFAULT_LAYOUT);
  });

  it("refuses unknown cards, duplicates and malformed lists, writing nothing", async () => {
    const shop = await makeShop();
    expect(await saveLayout(shop, "staff-1", JSON.stringify(["orders", "inbox"]))).toEqual({
      ok: false,
      errors: { cards: "dashboard.layout.errors.unknown" },
    });
    expect(await saveLayout(shop, "staff-1", JSON.stringify(["orders", "orders"]))).toEqual({
      ok: false,
      errors: { cards: "dashboard.layout.errors.duplicate" },
    });
    expect(await saveLayout(shop, "staff-1", "{not json")).toEqual({ ok: false, errors: { cards: "dashboard.layout.errors.invalid" } });
    expect(await saveLayout(shop, "staff-1", JSON.stringify({ cards: [] }))).toMatchObject({ ok: false });
    expect(await prisma.dashboardLayout.count({ where: { shop } })).toBe(0);
  });

  it("refuses a custom range that ends before it starts or is longer than a year", async () => {
    const shop = await makeShop();
    expect(await saveSettings(shop, "staff-1", { range: "custom", from: "2026-11-20", to: "2026-11-10" })).toEqual({
      ok: false,
      errors: { to: "dashboard.range.errors.order" },
    });
    expect(await saveSettings(shop, "staff-1", { range: "custom", from: "2024-01-01", to: "2026-11-10" })).toEqual({
      ok: false,
      errors: { to: "dashboard.range.errors.tooLong" },
    });
    expect(await saveSettings(shop, "staff-1", { range: "custom", from: "", to: "" })).toEqual({
      ok: false,
      errors: { from: "dashboard.range.errors.required", to: "dashboard.range.errors.required" },
    });
    expect(await saveSettings(shop, "staff-1", { range: "forever" })).toEqual({ ok: false, errors: { range: "dashboard.range.errors.range" } });
    expect(await prisma.dashboardLayout.count({ where: { shop } })).toBe(0);
  });
});
