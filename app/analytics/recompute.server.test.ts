import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { recomputeShopAnalysis, recomputeCustomerClasses, runDueAnalyses, requestAnalysisRecompute, parseRunStats } = await import(
  "./recompute.server"
);

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

// "Now" is Monday 23 November 2026, 12:00 in Tokyo (03:00 UTC). The shops are in Asia/Tokyo (UTC+9, no DST), so a
// day is a Tokyo calendar day.
const NOW = new Date("2026-11-23T03:00:00Z");
const JST = 9 * 60 * 60_000;
/** `days` calendar days before today in Tokyo, at the Tokyo wall-clock time hh:mm. */
function ago(days: number, hh = 12, mm = 0): Date {
  const tokyoMidnightToday = Date.UTC(2026, 10, 23) - JST;
  return new Date(tokyoMidnightToday - days * 86_400_000 + (hh * 60 + mm) * 60_000);
}

type OrderSpec = { days: number; total: string; hh?: number; mm?: number; cancelled?: boolean };

async function makeShop(customers: Record<string, OrderSpec[]>): Promise<string> {
  const shop = `analysis-${randomUUID().slice(0, 8)}.myshopify.com`;
  await prisma.shop.create({ data: { domain: shop, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
  await prisma.customer.createMany({
    data: Object.keys(customers).map((id) => ({ shop, shopifyId: id, shopifyCreatedAt: ago(900), shopifyUpdatedAt: ago(900) })),
  });
  let n = 0;
  await prisma.order.createMany({
    data: Object.entries(customers).flatMap(([id, orders]) =>
      orders.map((o) => {
        const at = ago(o.days, o.hh, o.mm);
        n++;
        return {
          shop,
          shopifyId: `${id}-${n}`,
          customerShopifyId: id,
          name: `#${n}`,
          currencyCode: "JPY",
          totalPrice: o.total,
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

async function classes(shop: string) {
  const rows = await prisma.customerAnalysis.findMany({ where: { shop }, orderBy: { customerShopifyId: "asc" } });
  return Object.fromEntries(
    rows.map((r) => [r.customerShopifyId, { rfm: [r.recencyScore, r.frequencyScore, r.monetaryScore], rfmClass: r.rfmClass, cpm: r.cpmClass }]),
  );
}

describe("CPM classes (やずや 10 categories)", () => {
  it("follow the issue's thresholds exactly at 90, 210 and 240 days and at ¥70,000, counting only uncancelled orders", async () => {
    // GIVEN a shop whose customers sit on each boundary
    const shop = await makeShop({
      first: [{ days: 10, total: "5000" }], // one purchase, 10 days ago → 初回・現役
      firstLapsed: [{ days: 240, total: "5000" }], // one purchase exactly 240 days ago → 初回・離脱
      first239: [{ days: 239, total: "5000" }], // 239 days ago → still 現役
      young89: [{ days: 100, total: "50000" }, { days: 11, total: "50000" }], // tenure 89 (< 90) → よちよち
      tenure90Low: [{ days: 100, total: "69998.50" }, { days: 10, total: "0.50" }], // tenure 90, ¥69,999 → コツコツ
      // tenure 90, ¥33,333.33 + ¥33,333.33 + ¥3,333.34 = ¥70,000.00 exactly → 流行
      tenure90High: [{ days: 100, total: "33333.33" }, { days: 50, total: "33333.33" }, { days: 10, total: "3333.34" }],
      // first at 23:50, last at 00:10 Tokyo time: 208 days and 20 minutes elapsed, but 209 calendar days → 流行
      tenure209: [{ days: 214, total: "40000", hh: 23, mm: 50 }, { days: 5, total: "40000", hh: 0, mm: 10 }],
      // first at 00:10, last at 23:50: 210 calendar days → 優良
      tenure210: [{ days: 215, total: "35000", hh: 0, mm: 10 }, { days: 5, total: "35000", hh: 23, mm: 50 }],
      // tenure 260, ¥100,000, last purchase exactly 240 days ago → 優良・離脱
      loyalLapsed: [{ days: 500, total: "50000" }, { days: 240, total: "50000" }],
      // tenure 161, ¥1,000, last purchase 239 days ago → コツコツ・現役
      steady239: [{ days: 400, total: "500" }, { days: 239, total: "500" }],
      // the ¥100,000 order was cancelled: one counted purchase of ¥3,000 → 初回
      cancelled: [{ days: 50, total: "100000", cancelled: true }, { days: 20, total: "3000" }],
      onlyCancelled: [{ days: 50, total: "100000", cancelled: true }],
      none: [],
    });
    const other = await makeShop({ elsewhere: [{ days: 1, total: "100" }] });
    await recomputeShopAnalysis(other, { now: NOW });
    const otherBefore = await classes(other);

    // WHEN the shop is recomputed
    await recomputeShopAnalysis(shop, { now: NOW });

    // THEN each customer has the class worked out by hand above
    const got = await classes(shop);
    const cpm = Object.fromEntries(Object.entries(got).map(([id, c]) => [id, c.cpm]));
    expect(cpm).toEqual({
      first: "cpm_shokai_active",
      firstLapsed: "cpm_shokai_lapsed",
      first239: "cpm_shokai_active",
      young89: "cpm_yochiyochi_active",
      tenure90Low: "cpm_kotsukotsu_active",
      tenure90High: "cpm_ryuko_active",
      tenure209: "cpm_ryuko_active",
      tenure210: "cpm_yuryo_active",
      loyalLapsed: "cpm_yuryo_lapsed",
      steady239: "cpm_kotsukotsu_active",
      cancelled: "cpm_shokai_active",
      onlyCancelled: null,
      none: null,
    });
    expect(got.none!.rfmClass).toBe("no_purchase");
    expect(got.onlyCancelled!.rfm).toEqual([0, 0, 0]);
    // AND the other shop is untouched
    expect(await classes(other)).toEqual(otherBefore);
    expect(otherBefore.elsewhere!.cpm).toBe("cpm_shokai_active");
  });

  it("take the shop's own thresholds, with the amount in the shop's currency", async () => {
    const shop = await makeShop({ a: [{ days: 100, total: "600" }, { days: 10, total: "600" }] });
    await prisma.analysisSettings.create({
      data: { shop, cpmThresholds: JSON.stringify({ spendAmount: 1200, youngTenureDays: 30, trendTenureDays: 91, lapseDays: 60 }) },
    });
    await recomputeShopAnalysis(shop, { now: NOW });
    // tenure 90 ≥ 30, ¥1,200 ≥ 1,200, tenure 90 < 91 → 流行; 10 days < 60 → 現役
    expect((await classes(shop)).a!.cpm).toBe("cpm_ryuko_active");
  });

  it("fill past month ends from order history on the first run, for month-over-month movement", async () => {
    const shop = await makeShop({
      // One purchase on 22 April; the second came on 18 November → 初回 at the end of October, 優良 now.
      grew: [{ days: 215, total: "35000" }, { days: 5, total: "35000" }],
      // One purchase 240 days ago: 217 days before 31 October → 現役 then, 離脱 now.
      lapsed: [{ days: 240, total: "5000" }],
      // First purchase in November: no class at the end of October.
      fresh: [{ days: 3, total: "5000" }],
    });
    const result = await recomputeShopAnalysis(shop, { now: NOW });
    expect(result.backfilledMonths).toEqual(["2026-10"]);
    const snapshot = async (month: string) =>
      Object.fromEntries(
        (await prisma.cpmSnapshot.findMany({ where: { shop, month } })).map((s) => [s.customerShopifyId, s.cpmClass]),
      );
    expect(await snapshot("2026-11")).toEqual({ grew: "cpm_yuryo_active", lapsed: "cpm_shokai_lapsed", fresh: "cpm_shokai_active" });
    expect(await snapshot("2026-10")).toEqual({ grew: "cpm_shokai_active", lapsed: "cpm_shokai_active" });

    // A second run rewrites this month only.
    const again = await recomputeShopAnalysis(shop, { now: NOW });
    expect(again.backfilledMonths).toEqual([]);
    expect(await prisma.cpmSnapshot.count({ where: { shop } })).toBe(3 + 2);
  });
});

describe("RFM scores and classes", () => {
  // Five customers buy inside the 365-day window; their values, ranked ascending (ties share the lowest rank), give
  // score = 1 + floor(5 × (rank − 1) / 5) = 1 + (rank − 1) when ranks are 1 … 5:
  //   recency (last purchase, older first): E 364 d → 1, D 200 d → 2, C 60 d → 3, B 30 d → 4, A 1 d → 5
  //   frequency: C 1, E 1 (rank 1 → F1), B 3, D 3 (rank 3 → F3), A 5 (rank 5 → F5)
  //   monetary: E ¥1,000 → 1, C ¥5,000 → 2, B ¥30,000 → 3, D ¥60,000 → 4, A ¥100,000 → 5
  //   FM = (F + M + 1) div 2: A 5, B 3, C 2, D 4, E 1
  //   A R5 FM5 champions; B R4 FM3 potential loyalist; C R3 FM2 about to sleep; D R2 FM4 at risk; E R1 FM1 lost.
  const customers = {
    A: [1, 2, 3, 4, 5].map((days) => ({ days, total: "20000" })),
    B: [30, 40, 50].map((days) => ({ days, total: "10000" })),
    C: [{ days: 60, total: "5000" }],
    // the order 500 days ago is outside the window: not in F or M
    D: [...[200, 250, 300].map((days) => ({ days, total: "20000" })), { days: 500, total: "999999" }],
    // the cancelled order 2 days ago counts for nothing; 364 days ago is the window's oldest day
    E: [{ days: 364, total: "1000" }, { days: 2, total: "1000000", cancelled: true }],
    // 365 days ago is outside a 365-day window: lost, scores 0
    F: [{ days: 365, total: "1000" }],
  };

  it("score quintiles per shop with ties sharing a score, and map R and the F/M average to the class", async () => {
    const shop = await makeShop(customers);
    const result = await recomputeShopAnalysis(shop, { now: NOW });
    expect(result).toMatchObject({ customers: 6, scored: 5 });
    const got = await classes(shop);
    expect(Object.fromEntries(Object.entries(got).map(([id, c]) => [id, [...c.rfm, c.rfmClass]]))).toEqual({
      A: [5, 5, 5, "champions"],
      B: [4, 3, 3, "potential_loyalist"],
      C: [3, 1, 2, "about_to_sleep"],
      D: [2, 3, 4, "at_risk"],
      E: [1, 1, 1, "lost"],
      F: [0, 0, 0, "lost"],
    });
    const settings = await prisma.analysisSettings.findUniqueOrThrow({ where: { shop } });
    expect(settings.lastComputedAt?.toISOString()).toBe(NOW.toISOString());
    expect(parseRunStats(settings.lastRunStats).boundaries).toEqual({
      recency: [-364, -200, -60, -30, -1],
      frequency: [1, null, 3, null, 5],
      monetary: [1000, 5000, 30000, 60000, 100000],
    });
  });

  it("filter the customers index by RFM and CPM class", async () => {
    const { parseCustomerIndexQuery, searchCustomers } = await import("../customers/customer-index.server");
    const shop = await makeShop(customers);
    await recomputeShopAnalysis(shop, { now: NOW });
    const ids = async (params: string) =>
      (await searchCustomers(shop, parseCustomerIndexQuery(new URLSearchParams(params)))).rows.map((r) => r.shopifyId).sort();
    expect(await ids("rfm=lost")).toEqual(["E", "F"]);
    expect(await ids("rfm=champions")).toEqual(["A"]);
    // A: 5 purchases over 4 days → よちよち, B: 3 over 20 days → よちよち; C: one purchase 60 days ago → 初回・現役;
    // E and F: one purchase 364 and 365 days ago (≥ 240) → 初回・離脱
    expect(await ids("cpm=cpm_yochiyochi_active")).toEqual(["A", "B"]);
    expect(await ids("cpm=cpm_shokai_active")).toEqual(["C"]);
    expect(await ids("cpm=cpm_shokai_lapsed")).toEqual(["E", "F"]);
  });

  it("a later run rewrites only what changed and drops deleted customers", async () => {
    const shop = await makeShop(customers);
    await recomputeShopAnalysis(shop, { now: NOW });
    await prisma.customer.update({ where: { shop_shopifyId: { shop, shopifyId: "F" } }, data: { deletedAt: NOW } });
    // 100 days later: E's purchase (364 days ago) has left the window; A's classes stay as they were.
    const later = new Date(NOW.getTime() + 100 * 86_400_000);
    await recomputeShopAnalysis(shop, { now: later });
    const rows = await prisma.customerAnalysis.findMany({ where: { shop }, orderBy: { customerShopifyId: "asc" } });
    expect(rows.map((r) => r.customerShopifyId)).toEqual(["A", "B", "C", "D", "E"]);
    const e = rows.find((r) => r.customerShopifyId === "E")!;
    expect([e.recencyScore, e.rfmClass, e.computedAt.toISOString()]).toEqual([0, "lost", later.toISOString()]);
    // The window now holds D (last 300 days ago), C (160), B (130), A (101): R = 1 + floor(5 × (rank − 1) / 4)
    // → D 1, C 2, B 3, A 4; A's row changed from R5.
    const a = rows.find((r) => r.customerShopifyId === "A")!;
    expect([a.recencyScore, a.computedAt.toISOString()]).toEqual([4, later.toISOString()]);
  });

  it("a shorter window leaves out older purchases", async () => {
    const shop = await makeShop(customers);
    await prisma.analysisSettings.create({ data: { shop, rfmWindowDays: 100 } });
    await recomputeShopAnalysis(shop, { now: NOW });
    // In window (fewer than 100 days ago): A, B, C. Recency C1 B2 A3 → scores 1, 2, 4 (1 + floor(5·(rank−1)/3));
    // F: C 1 → 1, B 3 → 2, A 5 → 4; M: C 1, B 2, A 4. D, E and F are lost.
    const got = await classes(shop);
    expect(got.A!.rfm).toEqual([4, 4, 4]);
    expect(got.B!.rfm).toEqual([2, 2, 2]);
    expect(got.C!.rfm).toEqual([1, 1, 1]);
    expect([got.D!.rfmClass, got.E!.rfmClass, got.F!.rfmClass]).toEqual(["lost", "lost", "lost"]);
  });

  it("rescores one customer after an order against the last run's boundaries", async () => {
    const shop = await makeShop(customers);
    await recomputeShopAnalysis(shop, { now: NOW });
    await prisma.order.create({
      data: {
        shop,
        shopifyId: "C-new",
        customerShopifyId: "C",
        name: "#new",
        currencyCode: "JPY",
        totalPrice: "200000",
        processedAt: ago(0, 10),
        shopifyCreatedAt: ago(0, 10),
        shopifyUpdatedAt: ago(0, 10),
      },
    });
    await recomputeCustomerClasses(shop, ["C"], { now: NOW });
    // C: bought today (0 ≥ −1 → R5), 2 orders (≥ 1, < 3 → F1), ¥205,000 (≥ 100,000 → M5); FM (1+5+1) div 2 = 3
    // → R5 FM3 potential loyalist. CPM: 2 purchases, tenure 60 days → よちよち・現役.
    const got = await classes(shop);
    expect(got.C).toEqual({ rfm: [5, 1, 5], rfmClass: "potential_loyalist", cpm: "cpm_yochiyochi_active" });
    expect(got.A!.rfmClass).toBe("champions");
    const snap = await prisma.cpmSnapshot.findUniqueOrThrow({
      where: { shop_month_customerShopifyId: { shop, month: "2026-11", customerShopifyId: "C" } },
    });
    expect(snap.cpmClass).toBe("cpm_yochiyochi_active");
  });
});

describe("scheduling", () => {
  it("recomputes a shop once a day after its initial sync, and at once when the merchant asks", async () => {
    const shop = await makeShop({ a: [{ days: 1, total: "100" }] });
    await runDueAnalyses({ now: NOW });
    // No completed initial sync yet: nothing to do.
    expect(await prisma.customerAnalysis.count({ where: { shop } })).toBe(0);

    await prisma.syncRun.create({ data: { shop, kind: "initial", status: "completed" } });
    await runDueAnalyses({ now: NOW });
    expect(await prisma.customerAnalysis.count({ where: { shop } })).toBe(1);

    const later = new Date(NOW.getTime() + 60 * 60_000);
    await prisma.customer.create({ data: { shop, shopifyId: "b", shopifyCreatedAt: NOW, shopifyUpdatedAt: NOW } });
    await runDueAnalyses({ now: later });
    expect(await prisma.customerAnalysis.count({ where: { shop } })).toBe(1);

    await requestAnalysisRecompute(shop, later);
    await runDueAnalyses({ now: new Date(later.getTime() + 1000) });
    expect(await prisma.customerAnalysis.count({ where: { shop } })).toBe(2);
    const stats = parseRunStats((await prisma.analysisSettings.findUniqueOrThrow({ where: { shop } })).lastRunStats);
    expect(stats.requestedAt).toBeNull();
    expect(stats.runningSince).toBeNull();
  });
});
