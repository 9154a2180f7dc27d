/**
 * F2 conversion, cohort retention, repeat rate and LTV by acquisition month: the report's shape and the pure
 * arithmetic shared by the SQL (app/analytics/cohorts.server.ts), the cohorts page and the dashboard. No database;
 * "now" is always passed in. See docs/decisions/011-cohorts-and-dashboard.md.
 *
 * Counted orders are those of docs/decisions/008-rfm-and-cpm.md (not cancelled, not deleted, of a live customer).
 * Days and months are calendar days and months in the shop's time zone (a fixed offset taken when the run starts).
 */
import { z } from "zod";
import { dayNumber, monthStart } from "./classes";

export const COHORTS_REPORT_KIND = "cohorts";
export const DEFAULT_F2_WINDOW_DAYS = 90;

/** F2 figures of a group of first-time buyers (a first-order month, a channel, or all). */
export type F2Figures = {
  /** Customers whose first counted order falls in the group. */
  customers: number;
  /** Of those, with a second counted order at most `windowDays` calendar days after the first. */
  converted: number;
  /** Not converted yet and still inside their window (they may still convert). */
  pending: number;
  /** converted / (customers − pending): the share among those whose outcome is known; null when none is. */
  rate: number | null;
};

export type F2MonthRow = F2Figures & { month: string; complete: boolean };
export type F2ChannelRow = F2Figures & { channel: string };

export type CohortRow = {
  /** First-order month, "YYYY-MM". */
  month: string;
  customers: number;
  /** Per month since the first (index 0 = the first month): how many of the cohort ordered in that month. */
  active: number[];
  /** Per month since the first: share of the cohort that ordered in that month (active / customers). */
  retention: number[];
  /** Per month since the first: the cohort's revenue in that month. */
  revenue: number[];
  /** Per month since the first: average cumulative revenue per customer of the cohort (LTV by acquisition month). */
  ltv: number[];
};

export type CohortReport = {
  computedAt: string;
  windowDays: number;
  offsetMinutes: number;
  /** The shop's calendar day at the run (days since 1970-01-01). */
  nowDay: number;
  /** Customers with 2+ counted orders / customers with 1+. */
  repeat: { buyers: number; repeaters: number; rate: number | null };
  f2: { overall: F2Figures; byMonth: F2MonthRow[]; byChannel: F2ChannelRow[] };
  cohorts: CohortRow[];
};

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function f2Figures(customers: number, converted: number, pending: number): F2Figures {
  return { customers, converted, pending, rate: ratio(converted, customers - pending) };
}

/** Whether a first purchase on `firstDay` converts with a second one on `secondDay` (both calendar days). */
export function convertsWithin(firstDay: number, secondDay: number | null, windowDays: number): boolean {
  return secondDay !== null && secondDay - firstDay <= windowDays;
}

/** Last calendar day (day number) of a month at the offset. */
export function lastDayOfMonth(month: string, offsetMinutes: number): number {
  return dayNumber(new Date(monthStart(month, offsetMinutes, 1).getTime() - 1000), offsetMinutes);
}

/**
 * A first-order month's F2 figures are complete once every member's window has closed: the month's last day is more
 * than `windowDays` days before today. Younger cohorts are reported as "not yet complete".
 */
export function cohortComplete(month: string, windowDays: number, nowDay: number, offsetMinutes: number): boolean {
  return nowDay - lastDayOfMonth(month, offsetMinutes) > windowDays;
}

/** Whole months from `from` to `to` ("YYYY-MM"): 2026-01 → 2026-03 is 2. */
export function monthsBetween(from: string, to: string): number {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  return index(to) - index(from);
}

/**
 * One cohort row from its size and the per-month activity and revenue found by the SQL (keyed by months since the
 * first month), up to `monthsSoFar` (the months from the cohort's month to the current one).
 */
export function cohortRow(
  month: string,
  customers: number,
  byMonth: Map<number, { active: number; revenue: number }>,
  monthsSoFar: number,
): CohortRow {
  const active: number[] = [];
  const revenue: number[] = [];
  const ltv: number[] = [];
  let cumulative = 0;
  for (let k = 0; k <= Math.max(0, monthsSoFar); k++) {
    const cell = byMonth.get(k);
    active.push(cell?.active ?? 0);
    const amount = Math.round((cell?.revenue ?? 0) * 100) / 100;
    revenue.push(amount);
    cumulative += amount;
    ltv.push(customers > 0 ? Math.round((cumulative / customers) * 100) / 100 : 0);
  }
  return { month, customers, active, retention: active.map((n) => (customers > 0 ? n / customers : 0)), revenue, ltv };
}

const Figures = z.object({ customers: z.number(), converted: z.number(), pending: z.number(), rate: z.number().nullable() });
const Report = z.object({
  computedAt: z.string(),
  windowDays: z.number(),
  offsetMinutes: z.number(),
  nowDay: z.number(),
  repeat: z.object({ buyers: z.number(), repeaters: z.number(), rate: z.number().nullable() }),
  f2: z.object({
    overall: Figures,
    byMonth: z.array(Figures.extend({ month: z.string(), complete: z.boolean() })),
    byChannel: z.array(Figures.extend({ channel: z.string() })),
  }),
  cohorts: z.array(
    z.object({
      month: z.string(),
      customers: z.number(),
      active: z.array(z.number()),
      retention: z.array(z.number()),
      revenue: z.array(z.number()),
      ltv: z.array(z.number()),
    }),
  ),
});

/** The stored JSON → a report; null when absent or of an older shape (the next run rewrites it). */
export function parseCohortReport(json: string | null | undefined): CohortReport | null {
  if (!json) return null;
  try {
    const parsed = Report.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Shade (0–1) of a retention cell, month 0 (always 100 %) excluded from the scale so later months stay readable. */
export function heatLevel(value: number, max: number): number {
  if (max <= 0) return 0;
  return Math.min(1, Math.max(0, value / max));
}
