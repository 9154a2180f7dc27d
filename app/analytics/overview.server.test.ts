import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { recomputeShopAnalysis, parseRunStats } = await import("./recompute.server");
const { loadAnalysisOverview, saveAnalysisSettings } = await import("./overview.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const NOW = new Date("2026-11-23T03:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

async function shopWith(customers: Record<string, { days: number; total: string }[]>): Promise<string> {
  const shop = `overview-${randomUUID().slice(0, 8)}.myshopify.com`;
  await prisma.shop.create({ data: { domain: shop, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
  let n = 0;
  for (const [id, orders] of Object.entries(customers)) {
    const spent = orders.reduce((sum, o) => sum + Number(o.total), 0);
    await prisma.customer.create({
      data: { shop, shopifyId: id, shopifyCreatedAt: daysAgo(900), shopifyUpdatedAt: daysAgo(900), ordersCount: orders.length, totalSpent: String(spent) },
    });
    for (const o of orders) {
      n++;
      await prisma.order.create({
        data: { shop, shopifyId: `${id}-${n}`, customerShopifyId: id, name: `#${n}`, currencyCode: "JPY", totalPrice: o.total, processedAt: daysAgo(o.days), shopifyCreatedAt: daysAgo(o.days), shopifyUpdatedAt: daysAgo(o.days) },
      });
    }
  }
  return shop;
}

describe("the analysis overview", () => {
  it("shows an empty state before any order", async () => {
    const shop = await shopWith({ nobody: [] });
    const overview = await loadAnalysisOverview(shop, NOW);
    expect(overview.hasOrders).toBe(false);
    expect(overview.lastComputedAt).toBeNull();
    expect(overview.settings).toMatchObject({ rfmWindowDays: 365, spendAmount: 70000, lapseDays: 240 });
  });

  it("counts customers and revenue share per class, and the movement since last month", async () => {
    // "grew" bought once 215 days ago (初回 at the end of October) and again 5 days ago; "one" bought once 10 days ago.
    const shop = await shopWith({ grew: [{ days: 215, total: "35000" }, { days: 5, total: "35000" }], one: [{ days: 10, total: "30000" }], none: [] });
    await recomputeShopAnalysis(shop, { now: NOW });
    const overview = await loadAnalysisOverview(shop, NOW);
    expect(overview.hasOrders).toBe(true);
    expect(overview.lastComputedAt).toBe(NOW.toISOString());
    expect(overview.customersWithoutPurchase).toBe(1);
    const cpm = Object.fromEntries(overview.cpm.filter((c) => c.customers > 0).map((c) => [c.code, [c.customers, c.revenue, c.share]]));
    // ¥70,000 of ¥100,000 is 優良・現役; ¥30,000 is 初回・現役.
    expect(cpm).toEqual({ cpm_yuryo_active: [1, 70000, 0.7], cpm_shokai_active: [1, 30000, 0.3] });
    expect(overview.rfm.reduce((sum, c) => sum + c.customers, 0)).toBe(2);
    expect(overview.rfm).toHaveLength(11);
    expect(overview.movement.from).toBe("2026-10");
    expect(overview.movement.rows.sort((a, b) => a.from.localeCompare(b.from))).toEqual([
      { from: "cpm_shokai_active", to: "cpm_yuryo_active", customers: 1 },
      { from: "new", to: "cpm_shokai_active", customers: 1 },
    ]);
  });

  it("saves valid settings and asks for a recompute; rejects bad ones with field messages and saves nothing", async () => {
    const shop = await shopWith({});
    const bad = await saveAnalysisSettings(shop, { rfmWindowDays: "0", firstPurchaseMaxOrders: "1", youngTenureDays: "90", trendTenureDays: "210", spendAmount: "abc", lapseDays: "240" });
    expect(bad).toEqual({
      ok: false,
      errors: {
        rfmWindowDays: "analytics.settings.errors.min",
        spendAmount: "analytics.settings.errors.number",
      },
    });
    const order = await saveAnalysisSettings(shop, { rfmWindowDays: "365", firstPurchaseMaxOrders: "1", youngTenureDays: "90", trendTenureDays: "60", spendAmount: "70000", lapseDays: "240" });
    expect(order).toEqual({ ok: false, errors: { trendTenureDays: "analytics.settings.errors.afterYoung" } });
    expect(await prisma.analysisSettings.findUnique({ where: { shop } })).toBeNull();

    const good = await saveAnalysisSettings(shop, { rfmWindowDays: "180", firstPurchaseMaxOrders: "1", youngTenureDays: "60", trendTenureDays: "180", spendAmount: "500", lapseDays: "120" });
    expect(good).toEqual({ ok: true });
    const stored = await prisma.analysisSettings.findUniqueOrThrow({ where: { shop } });
    expect(stored.rfmWindowDays).toBe(180);
    expect(JSON.parse(stored.cpmThresholds)).toEqual({ firstPurchaseMaxOrders: 1, youngTenureDays: 60, trendTenureDays: 180, spendAmount: 500, lapseDays: 120 });
    expect(parseRunStats(stored.lastRunStats).requestedAt).toBeTruthy();
    expect((await loadAnalysisOverview(shop, NOW)).requested).toBe(true);
  });
});
