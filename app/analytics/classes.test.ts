import { describe, expect, it } from "vitest";
import {
  AnalysisSettingsInput,
  CPM_CLASSES,
  cpmClassOf,
  DEFAULT_CPM_THRESHOLDS,
  dayNumber,
  fmScore,
  monthOf,
  monthStart,
  parseThresholds,
  quintileFromRank,
  RFM_CLASSES,
  rfmClassOf,
  scoreFromBoundaries,
  utcOffsetMinutes,
} from "./classes";

const T = DEFAULT_CPM_THRESHOLDS;
const facts = (orders: number, spent: number, tenureDays: number, daysSinceLast: number) => ({ orders, spent, tenureDays, daysSinceLast });

describe("CPM class", () => {
  it("applies 'under' as < and '+' as ≥ at 90, 210, 240 days and ¥70,000", () => {
    expect(cpmClassOf(facts(0, 0, 0, 0), T)).toBeNull();
    expect(cpmClassOf(facts(1, 100_000, 0, 239), T)).toBe("cpm_shokai_active");
    expect(cpmClassOf(facts(1, 100_000, 0, 240), T)).toBe("cpm_shokai_lapsed");
    expect(cpmClassOf(facts(2, 100_000, 89, 0), T)).toBe("cpm_yochiyochi_active");
    expect(cpmClassOf(facts(2, 69_999, 90, 0), T)).toBe("cpm_kotsukotsu_active");
    expect(cpmClassOf(facts(2, 70_000, 90, 0), T)).toBe("cpm_ryuko_active");
    expect(cpmClassOf(facts(2, 70_000, 209, 0), T)).toBe("cpm_ryuko_active");
    expect(cpmClassOf(facts(2, 70_000, 210, 0), T)).toBe("cpm_yuryo_active");
    expect(cpmClassOf(facts(2, 70_000, 210, 240), T)).toBe("cpm_yuryo_lapsed");
    expect(cpmClassOf(facts(5, 1_000, 400, 300), T)).toBe("cpm_kotsukotsu_lapsed");
  });

  it("has ten classes", () => {
    expect(CPM_CLASSES).toHaveLength(10);
    expect(new Set(CPM_CLASSES).size).toBe(10);
  });
});

describe("RFM", () => {
  it("maps R and the F/M average (rounded half up) with the common segment map", () => {
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(3, 4)).toBe(4);
    expect(fmScore(1, 2)).toBe(2);
    expect(rfmClassOf(5, 5, 4)).toBe("champions");
    expect(rfmClassOf(4, 5, 5)).toBe("loyal");
    expect(rfmClassOf(3, 4, 4)).toBe("loyal");
    expect(rfmClassOf(5, 2, 3)).toBe("potential_loyalist");
    expect(rfmClassOf(5, 1, 1)).toBe("new");
    expect(rfmClassOf(4, 1, 1)).toBe("promising");
    expect(rfmClassOf(3, 3, 3)).toBe("needs_attention");
    expect(rfmClassOf(3, 1, 2)).toBe("about_to_sleep");
    expect(rfmClassOf(2, 3, 4)).toBe("at_risk");
    expect(rfmClassOf(1, 5, 5)).toBe("cant_lose_them");
    expect(rfmClassOf(2, 1, 1)).toBe("hibernating");
    expect(rfmClassOf(1, 2, 2)).toBe("lost");
  });

  it("reaches all eleven classes over the 5×5×5 scores", () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) seen.add(rfmClassOf(r, f, m));
    expect([...seen].sort()).toEqual([...RFM_CLASSES].sort());
  });

  it("scores quintiles from ranks, ties sharing the lowest rank", () => {
    expect([1, 2, 3, 4, 5].map((rank) => quintileFromRank(rank, 5))).toEqual([1, 2, 3, 4, 5]);
    expect([1, 3, 5, 7, 9].map((rank) => quintileFromRank(rank, 10))).toEqual([1, 2, 3, 4, 5]);
    expect([1, 2, 3].map((rank) => quintileFromRank(rank, 3))).toEqual([1, 2, 4]);
  });

  it("scores one customer from the last run's lowest value per score", () => {
    const bounds = [1, null, 3, null, 5];
    expect(scoreFromBoundaries(0, bounds)).toBe(1);
    expect(scoreFromBoundaries(2, bounds)).toBe(1);
    expect(scoreFromBoundaries(3, bounds)).toBe(3);
    expect(scoreFromBoundaries(9, bounds)).toBe(5);
  });
});

describe("days, months and settings", () => {
  it("counts calendar days in the shop's time zone", () => {
    expect(utcOffsetMinutes("Asia/Tokyo", new Date("2026-11-23T00:00:00Z"))).toBe(540);
    expect(utcOffsetMinutes("America/New_York", new Date("2026-07-01T12:00:00Z"))).toBe(-240);
    expect(utcOffsetMinutes("Not/AZone", new Date())).toBe(0);
    // 23:50 and 00:10 Tokyo time on consecutive days are one day apart although 20 minutes apart.
    const late = new Date("2026-11-22T14:50:00Z");
    const early = new Date("2026-11-22T15:10:00Z");
    expect(dayNumber(early, 540) - dayNumber(late, 540)).toBe(1);
    expect(monthOf(new Date("2026-10-31T15:30:00Z"), 540)).toBe("2026-11");
    expect(monthStart("2026-11", 540, -1).toISOString()).toBe("2026-09-30T15:00:00.000Z");
  });

  it("reads stored thresholds, with defaults for missing or bad keys", () => {
    expect(parseThresholds(null)).toEqual(T);
    expect(parseThresholds("not json")).toEqual(T);
    expect(parseThresholds(JSON.stringify({ spendAmount: 500, lapseDays: "x" }))).toEqual({ ...T, spendAmount: 500 });
  });

  it("rejects bad settings with a code per field", () => {
    const ok = { rfmWindowDays: "365", firstPurchaseMaxOrders: "1", youngTenureDays: "90", trendTenureDays: "210", spendAmount: "70000", lapseDays: "240" };
    expect(AnalysisSettingsInput.safeParse(ok).success).toBe(true);
    const bad = AnalysisSettingsInput.safeParse({ ...ok, rfmWindowDays: "abc", lapseDays: "1.5", trendTenureDays: "60", spendAmount: "-1" });
    expect(bad.success).toBe(false);
    const byField = Object.fromEntries((bad.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(byField).toMatchObject({ rfmWindowDays: "number", lapseDays: "integer", spendAmount: "min" });
  });

  it("requires the trend tenure to be longer than the toddler tenure", () => {
    const ok = { rfmWindowDays: "365", firstPurchaseMaxOrders: "1", youngTenureDays: "90", trendTenureDays: "90", spendAmount: "70000", lapseDays: "240" };
    const bad = AnalysisSettingsInput.safeParse(ok);
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([["trendTenureDays", "afterYoung"]]);
  });
});
