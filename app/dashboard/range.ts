/**
 * The dashboard's date range: a preset or custom calendar days in the shop's time zone, and the previous period of the
 * same length just before it. Pure (now and the offset passed in).
 */
import { z } from "zod";
import { dayNumber, monthOf, monthStart } from "../analytics/classes";

export const RANGE_PRESETS = ["7d", "30d", "90d", "thisMonth", "lastMonth", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** The longest custom range, so a range query stays a small slice of the orders index. */
export const MAX_RANGE_DAYS = 366;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date").refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "date");

/** Stored per staff member (DashboardLayout.settings); messages are i18n keys under dashboard.range.errors. */
export const DashboardSettings = z
  .object({
    range: z.enum(RANGE_PRESETS, { error: "range" }).default("30d"),
    compare: z.boolean().default(true),
    from: isoDay.optional(),
    to: isoDay.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.range !== "custom") return;
    if (!s.from) ctx.addIssue({ code: "custom", path: ["from"], message: "required" });
    if (!s.to) ctx.addIssue({ code: "custom", path: ["to"], message: "required" });
    if (!s.from || !s.to) return;
    const span = dayOfIso(s.to) - dayOfIso(s.from) + 1;
    if (span < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "order" });
    else if (span > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: "tooLong" });
  });
export type DashboardSettingsValues = z.infer<typeof DashboardSettings>;
export const DEFAULT_SETTINGS: DashboardSettingsValues = { range: "30d", compare: true };

/** Stored JSON → settings; anything unreadable gives the defaults. */
export function parseSettings(json: string | null | undefined): DashboardSettingsValues {
  try {
    const parsed = DashboardSettings.safeParse(JSON.parse(json ?? "{}"));
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function dayOfIso(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

export function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Inclusive calendar days (day numbers at the shop's offset) and the instants [from, to) that bound them. */
export type Period = { fromDay: number; toDay: number; from: Date; to: Date; days: number };

export function periodOf(fromDay: number, toDay: number, offsetMinutes: number): Period {
  const instant = (day: number) => new Date((day * 86_400 - offsetMinutes * 60) * 1000);
  return { fromDay, toDay, from: instant(fromDay), to: instant(toDay + 1), days: toDay - fromDay + 1 };
}

/** The range the settings name on `now`, and the period of the same length just before it. */
export function resolveRange(settings: DashboardSettingsValues, now: Date, offsetMinutes: number): { current: Period; previous: Period } {
  const today = dayNumber(now, offsetMinutes);
  const month = monthOf(now, offsetMinutes);
  const firstDayOf = (add: number) => dayNumber(monthStart(month, offsetMinutes, add), offsetMinutes);
  let fromDay: number;
  let toDay = today;
  switch (settings.range) {
    case "7d":
      fromDay = today - 6;
      break;
    case "30d":
      fromDay = today - 29;
      break;
    case "90d":
      fromDay = today - 89;
      break;
    case "thisMonth":
      fromDay = firstDayOf(0);
      break;
    case "lastMonth":
      fromDay = firstDayOf(-1);
      toDay = firstDayOf(0) - 1;
      break;
    case "custom":
      fromDay = settings.from ? dayOfIso(settings.from) : today - 29;
      toDay = settings.to ? dayOfIso(settings.to) : today;
      break;
    default:
      return assertUnreachable(settings.range);
  }
  const days = toDay - fromDay + 1;
  return { current: periodOf(fromDay, toDay, offsetMinutes), previous: periodOf(fromDay - days, fromDay - 1, offsetMinutes) };
}

function assertUnreachable(value: never): never {
  throw new Error(`unexpected range ${String(value)}`);
}
