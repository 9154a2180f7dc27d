/** How dashboard and cohort figures read: counts, money in the shop's currency, rates as percentages. */
import type { Locale } from "../i18n/i18n";
import { formatMoney, formatNumber } from "../utils/format";
import type { CardFormat } from "./cards";

const INTL_LOCALE: Record<Locale, string> = { en: "en-US", ja: "ja-JP" };

export function formatPercent(value: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function formatValue(value: number | null, format: CardFormat, locale: Locale, currencyCode: string): string {
  if (value === null) return "—";
  switch (format) {
    case "number":
      return formatNumber(value, locale);
    case "money":
      return formatMoney(value, currencyCode, locale);
    case "percent":
      return formatPercent(value, locale);
    case "duration":
      return formatMinutes(value, locale);
  }
}

/** Minutes as hours and minutes in the staff member's language ("2 hr 5 min", "2 時間 5 分"), through Intl's units. */
export function formatMinutes(minutes: number, locale: Locale): string {
  const total = Math.max(0, Math.round(minutes));
  const unit = (value: number, u: "hour" | "minute") => new Intl.NumberFormat(INTL_LOCALE[locale], { style: "unit", unit: u, unitDisplay: "short" }).format(value);
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return unit(rest, "minute");
  return rest === 0 ? unit(hours, "hour") : `${unit(hours, "hour")} ${unit(rest, "minute")}`;
}

/** The size of a change, without its sign (the ▲/▼ carries it): "12.5%" relative, "3.2" points for rates. */
export function formatDeltaSize(delta: number, format: CardFormat, locale: Locale): string {
  const size = Math.abs(delta);
  if (format === "percent") {
    return new Intl.NumberFormat(INTL_LOCALE[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(size * 100);
  }
  return formatPercent(size, locale);
}

/** "2026-11-23" as a short date in the staff member's language (the day is already the shop's calendar day). */
export function formatDay(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

/** "2026-05" as a month in the staff member's language. */
export function formatMonth(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { year: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
}

/** The ISO days of a period starting at `from`, `days` long. */
export function daysOf(from: string, days: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}
