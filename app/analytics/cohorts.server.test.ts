import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { computeCohortReport, loadCohortReport } = await import("./cohorts.server");
const { recomputeShopAnalysis } = await import("./recompute.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

// "Now" is Monday 23 November 2026, 12:00 in Tokyo. The shop is in Asia/Tokyo (UTC+9): days and months are Tokyo's.
const NOW = new Date("2026-11-23T03:00:00Z");

type OrderSpec = { at: string; total: number; channel?: string; cancelled?: boolean };

/** A fresh shop; `at` is Tokyo wall-clock time ("2026-05-10T12:00"). */
async function makeShop(customers: Record<string, OrderSpec[]>, deleted: string[] = []): Promise<string> {
  const shop = `cohorts-${randomUUID().slice(0, 8)}.myshopify.com`;
  await prisma.shop.create({ data: { domain: shop, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
  const created = new Date("2025-01-01T00:00:00Z");
  await prisma.customer.createMany({
    data: Object.keys(customers).map((id) => ({
      shop,
      shopifyId: id,
      shopifyCreatedAt: created,
      shopifyUpdatedAt: created,
      deletedAt: deleted.includes(id) ? created : null,
    })),
  });
  let count = 0;
  await prisma.order.createMany({
    data: Object.entries(customers).flatMap(([id, orders]) =>
      orders.map((o) => {
        const at = new Date(`${o.at}:00+09:00`);
        count++;
        return {
          shop,
          shopifyId: `${id}-${count}`,
          customerShopifyId: id,
          name: `#${count}`,
          currencyCode: "JPY",
          totalPrice: o.total,
          sourceName: o.channel ?? "web",
          processedAt: at,
          cancelledAt: o.cancelled ? at : null,
          shopifyCreatedAt: at,
          shopifyUpdatedAt: at,
        };
      }),
    ),
  });
  return shop;
}

// The small shop, computed by hand below (default F2 window: 90 days).
const SHOP = {
  // 10 May → 8 Aug is exactly 90 calendar days (21 + 30 + 31 + 8): converts.
  a: [{ at: "2026-05-10T12:00", total: 1000 }, { at: "2026-08-08T23:59", total: 2000 }],
  // 20 May → 19 Aug is 91 days: does not convert (but is a repeat customer).
  b: [{ at: "2026-05-20T09:00", total: 3000, channel: "pos" }, { at: "2026-08-19T09:00", total: 4000, channel: "pos" }],
  // 1 June 00:30 in Tokyo is still 31 May in UTC: a June customer. The cancelled order never counts.
  c: [{ at: "2026-06-01T00:30", total: 1500 }, { at: "2026-06-05T12:00", total: 9999, cancelled: true }],
  // The cancelled May order is ignored, so d's first purchase is 10 June; 10 July is 30 days later: converts.
  d: [
    { at: "2026-05-15T12:00", total: 5000, cancelled: true },
    { at: "2026-06-10T12:00", total: 2000 },
    { at: "2026-07-10T12:00", total: 2500 },
  ],
  // October and November cohorts are younger than the window: not yet complete.
  f: [{ at: "2026-10-01T12:00", total: 1000 }, { at: "2026-10-05T12:00", total: 1000 }],
  // First purchase 22 days ago, no second yet: still pending.
  e: [{ at: "2026-11-01T12:00", total: 800 }],
  // A deleted customer's orders never count.
  h: [{ at: "2026-05-02T12:00", total: 7000 }, { at: "2026-05-03T12:00", total: 7000 }],
  g: [],
} satisfies Record<string, OrderSpec[]>;

describe("F2 conversion", () => {
  it("converts a second order exactly N days after the first and not one N + 1 days after, ignoring cancelled orders", async () => {
    // GIVEN the small shop
    const shop = await makeShop(SHOP, ["h"]);
    // WHEN the report is computed
    const report = await computeCohortReport(shop, { now: NOW });
    // THEN by first-order month (Tokyo months), with the young cohorts flagged
    expect(report.windowDays).toBe(90);
    expect(report.f2.byMonth).toEqual([
      { month: "2026-05", complete: true, customers: 2, converted: 1, pending: 0, rate: 0.5 },
      { month: "2026-06", complete: true, customers: 2, converted: 1, pending: 0, rate: 0.5 },
      { month: "2026-10", complete: false, customers: 1, converted: 1, pending: 0, rate: 1 },
      { month: "2026-11", complete: false, customers: 1, converted: 0, pending: 1, rate: null },
    ]);
    // Six first-time buyers, three converted, one still pending: 3 / (6 − 1).
    expect(report.f2.overall).toEqual({ customers: 6, converted: 3, pending: 1, rate: 0.6 });
    // By the channel of the first order: web a, c, d, e, f (a, d, f converted; e pending) and pos b.
    expect(report.f2.byChannel).toEqual([
      { channel: "web", customers: 5, converted: 3, pending: 1, rate: 0.75 },
      { channel: "pos", customers: 1, converted: 0, pending: 0, rate: 0 },
    ]);
  });

  it("follows the shop's F2 window", async () => {
    const shop = await makeShop(SHOP, ["h"]);
    await prisma.analysisSettings.create({ data: { shop, f2WindowDays: 91 } });
    const report = await computeCohortReport(shop, { now: NOW });
    // b's 91 days now convert.
    expect(report.f2.byMonth[0]).toMatchObject({ month: "2026-05", customers: 2, converted: 2 });
  });
});

describe("cohorts", () => {
  it("give retention by months since the first order, LTV by acquisition month and the repeat rate", async () => {
    const shop = await makeShop(SHOP, ["h"]);
    const report = await computeCohortReport(shop, { now: NOW });
    const may = report.cohorts.find((c) => c.month === "2026-05")!;
    // May → November is months 0 to 6; a and b ordered in May (0) and August (3).
    expect(may.customers).toBe(2);
    expect(may.active).toEqual([2, 0, 0, 2, 0, 0, 0]);
    expect(may.retention).toEqual([1, 0, 0, 1, 0, 0, 0]);
    expect(may.revenue).toEqual([4000, 0, 0, 6000, 0, 0, 0]);
    // (1000 + 3000) / 2, then + (2000 + 4000) / 2.
    expect(may.ltv).toEqual([2000, 2000, 2000, 5000, 5000, 5000, 5000]);
    const june = report.cohorts.find((c) => c.month === "2026-06")!;
    expect(june.active).toEqual([2, 1, 0, 0, 0, 0]);
    expect(june.retention).toEqual([1, 0.5, 0, 0, 0, 0]);
    expect(june.ltv).toEqual([1750, 3000, 3000, 3000, 3000, 3000]);
    expect(report.cohorts.map((c) => c.month)).toEqual(["2026-05", "2026-06", "2026-10", "2026-11"]);
    // Customers with 2+ counted orders (a, b, d, f) over customers with 1+ (a, b, c, d, e, f).
    expect(report.repeat).toEqual({ buyers: 6, repeaters: 4, rate: 4 / 6 });
  });

  it("are stored by the full recompute and read back for the page", async () => {
    const shop = await makeShop(SHOP, ["h"]);
    const steps: string[] = [];
    await recomputeShopAnalysis(shop, { now: NOW, onStep: (step) => steps.push(step) });
    expect(steps).toContain("cohorts");
    const stored = await loadCohortReport(shop);
    expect(stored?.f2.overall).toEqual({ customers: 6, converted: 3, pending: 1, rate: 0.6 });
    expect(stored?.computedAt).toBe(NOW.toISOString());
    // Another shop has no report.
    expect(await loadCohortReport(`none-${randomUUID()}.myshopify.com`)).toBeNull();
  });

  it("report an empty shop as empty", async () => {
    const shop = await makeShop({ g: [] });
    const report = await computeCohortReport(shop, { now: NOW });
    expect(report.cohorts).toEqual([]);
    expect(report.f2.overall).toEqual({ customers: 0, converted: 0, pending: 0, rate: null });
    expect(report.repeat.rate).toBeNull();
  });
});
