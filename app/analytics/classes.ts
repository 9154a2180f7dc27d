/**
 * RFM and CPM definitions, shared by the set-based SQL recompute (app/analytics/recompute.server.ts), the one-customer
 * incremental recompute and the screens. Pure: no database, "now" always passed in. See docs/decisions/008-rfm-and-cpm.md.
 *
 * Days are calendar days in the shop's time zone (a fixed UTC offset taken at the time of the run): a purchase on
 * 1 January and one on 1 April are 90 days apart whatever the hour. Tenure = last purchase day − first purchase day;
 * days since the last purchase = today − last purchase day.
 */
import { z } from "zod";

// ---------------------------------------------------------------------------------------------------------------
// RFM

/** The eleven RFM classes, best first; the codes are stored in CustomerAnalysis.rfmClass and used in URLs. */
export const RFM_CLASSES = [
  "champions",
  "loyal",
  "potential_loyalist",
  "new",
  "promising",
  "needs_attention",
  "about_to_sleep",
  "at_risk",
  "cant_lose_them",
  "hibernating",
  "lost",
] as const;
export type RfmClass = (typeof RFM_CLASSES)[number];

/** A customer with no counted purchase at all: scores 0, no CPM class, not shown in the grid. */
export const NO_PURCHASE = "no_purchase" as const;
export type StoredRfmClass = RfmClass | typeof NO_PURCHASE;

/**
 * The widely used segment map on R and FM, where FM = the F and M average rounded half up ((F + M + 1) div 2).
 * Rows are R = 5 … 1, columns FM = 1 … 5. It is the common regex map ("5[4-5]" champions, "[3-4][4-5]" loyal,
 * "[4-5][2-3]" potential loyalists, "51" new, "41" promising, "33" needs attention, "3[1-2]" about to sleep,
 * "[1-2][3-4]" at risk, "[1-2]5" can't lose them, "[1-2][1-2]" hibernating) with R = 1, FM ≤ 2 split off as lost.
 */
export const RFM_MAP: Record<1 | 2 | 3 | 4 | 5, readonly [RfmClass, RfmClass, RfmClass, RfmClass, RfmClass]> = {
  5: ["new", "potential_loyalist", "potential_loyalist", "champions", "champions"],
  4: ["promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal"],
  3: ["about_to_sleep", "about_to_sleep", "needs_attention", "loyal", "loyal"],
  2: ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
  1: ["lost", "lost", "at_risk", "at_risk", "cant_lose_them"],
};

const score = (value: number): 1 | 2 | 3 | 4 | 5 => Math.min(5, Math.max(1, Math.trunc(value))) as 1 | 2 | 3 | 4 | 5;

/** FM: the F and M average, rounded half up. */
export function fmScore(f: number, m: number): 1 | 2 | 3 | 4 | 5 {
  return score(Math.trunc((f + m + 1) / 2));
}

/** The class of scored (R, F, M); each score 1–5. */
export function rfmClassOf(r: number, f: number, m: number): RfmClass {
  return RFM_MAP[score(r)][fmScore(f, m) - 1]!;
}

/**
 * A quintile score from a rank among `n` customers (ascending value, equal values share the lowest rank, as SQL's
 * RANK()): 1 + floor(5 × (rank − 1) / n). Ties always get the same score, so a shop where most customers bought
 * once gives them all F = 1 rather than splitting them arbitrarily (which NTILE would do).
 */
export function quintileFromRank(rank: number, n: number): number {
  return 1 + Math.floor((5 * (rank - 1)) / n);
}

/**
 * Boundaries kept from the last full run, so one customer can be scored after an order without ranking the shop again:
 * for each score 1–5, the lowest value that got it (null when no customer got that score). Recency is ranked on the
 * last purchase day relative to the run (−days since last purchase), so newer is higher.
 */
export type ScoreBoundaries = { recency: (number | null)[]; frequency: (number | null)[]; monetary: (number | null)[] };

/** The highest score whose boundary the value reaches; 1 when none. */
export function scoreFromBoundaries(value: number, boundaries: (number | null)[]): number {
  let best = 1;
  boundaries.forEach((lowest, index) => {
    if (lowest !== null && value >= lowest) best = Math.max(best, index + 1);
  });
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// CPM (やずや式 10 categories)

export const CPM_STAGES = ["shokai", "yochiyochi", "kotsukotsu", "ryuko", "yuryo"] as const;
export type CpmStage = (typeof CPM_STAGES)[number];
export const CPM_CLASSES = CPM_STAGES.flatMap((stage) => [`cpm_${stage}_active`, `cpm_${stage}_lapsed`] as const);
export type CpmClass = `cpm_${CpmStage}_${"active" | "lapsed"}`;

/**
 * Editable per shop (AnalysisSettings.cpmThresholds). spendAmount is in the shop's currency (¥70,000 for a yen shop).
 * Each comparison follows the words: "under 90 days" is < 90, "90+ days" is ≥ 90, "240+ days" is ≥ 240,
 * "¥70,000+" is ≥ 70,000.
 */
export type CpmThresholds = {
  /** Customers with at most this many purchases are 初回 (one purchase). */
  firstPurchaseMaxOrders: number;
  youngTenureDays: number;
  trendTenureDays: number;
  spendAmount: number;
  lapseDays: number;
};

export const DEFAULT_CPM_THRESHOLDS: CpmThresholds = {
  firstPurchaseMaxOrders: 1,
  youngTenureDays: 90,
  trendTenureDays: 210,
  spendAmount: 70_000,
  lapseDays: 240,
};

export const DEFAULT_RFM_WINDOW_DAYS = 365;

const wholeDays = z.coerce.number({ error: "number" }).int("integer").min(1, "min").max(3650, "max");

/** Settings as the form sends them; messages are i18n keys under analytics.settings.errors. */
export const AnalysisSettingsInput = z
  .object({
    rfmWindowDays: wholeDays,
    firstPurchaseMaxOrders: z.coerce.number({ error: "number" }).int("integer").min(1, "min").max(100, "max"),
    youngTenureDays: wholeDays,
    trendTenureDays: wholeDays,
    spendAmount: z.coerce.number({ error: "number" }).min(0, "min").max(1e12, "max"),
    lapseDays: wholeDays,
    // Optional so a form without it (older clients) keeps the stored window.
    f2WindowDays: wholeDays.optional(),
  })
  .refine((s) => s.trendTenureDays > s.youngTenureDays, { path: ["trendTenureDays"], message: "afterYoung" });
export type AnalysisSettingsValues = z.infer<typeof AnalysisSettingsInput>;

/** Stored JSON → thresholds; missing or bad keys take the defaults. */
export function parseThresholds(json: string | null | undefined): CpmThresholds {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json ?? "{}");
  } catch {
    raw = {};
  }
  const value = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const pick = (key: keyof CpmThresholds) => {
    const v = value[key];
    return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : DEFAULT_CPM_THRESHOLDS[key];
  };
  return {
    firstPurchaseMaxOrders: Math.trunc(pick("firstPurchaseMaxOrders")),
    youngTenureDays: Math.trunc(pick("youngTenureDays")),
    trendTenureDays: Math.trunc(pick("trendTenureDays")),
    spendAmount: pick("spendAmount"),
    lapseDays: Math.trunc(pick("lapseDays")),
  };
}

/** What the CPM class needs to know of a customer (counted orders only). */
export type CpmFacts = { orders: number; spent: number; tenureDays: number; daysSinceLast: number };

/** The stage: 初回 → よちよち → コツコツ → 流行 → 優良, in that order of tests. */
export function cpmStageOf(f: CpmFacts, t: CpmThresholds): CpmStage {
  if (f.orders <= t.firstPurchaseMaxOrders) return "shokai";
  if (f.tenureDays < t.youngTenureDays) return "yochiyochi";
  if (f.spent < t.spendAmount) return "kotsukotsu";
  if (f.tenureDays < t.trendTenureDays) return "ryuko";
  return "yuryo";
}

/** The class; null without a purchase. 離脱 (lapsed) when the last purchase is lapseDays or more days ago. */
export function cpmClassOf(f: CpmFacts, t: CpmThresholds): CpmClass | null {
  if (f.orders <= 0) return null;
  return `cpm_${cpmStageOf(f, t)}_${f.daysSinceLast >= t.lapseDays ? "lapsed" : "active"}`;
}

export function isRfmClass(value: string): value is RfmClass {
  return (RFM_CLASSES as readonly string[]).includes(value);
}

export function isCpmClass(value: string): value is CpmClass {
  return (CPM_CLASSES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Days and months in the shop's time zone

/** The zone's offset from UTC in minutes at `at` (Asia/Tokyo → 540). Unknown zones count as UTC. */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    }).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"));
    const utc = Math.floor(at.getTime() / 60_000) * 60_000;
    return Math.round((local - utc) / 60_000);
  } catch {
    return 0;
  }
}

/** The calendar day number (days since 1970-01-01) of an instant at a fixed offset; the SQL computes the same. */
export function dayNumber(at: Date, offsetMinutes: number): number {
  return Math.floor((Math.floor(at.getTime() / 1000) + offsetMinutes * 60) / 86_400);
}

/** "YYYY-MM" of the instant at the offset. */
export function monthOf(at: Date, offsetMinutes: number): string {
  return new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 7);
}

/** The instant a month ("YYYY-MM") starts at the offset, shifted by `add` months. */
export function monthStart(month: string, offsetMinutes: number, add = 0): Date {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + add, 1) - offsetMinutes * 60_000);
}
