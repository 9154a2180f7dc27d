/**
 * Japanese public holidays (国民の祝日), computed rather than listed so every year works without an update:
 * fixed days, Happy Monday days, the equinoxes by the usual astronomical approximation (valid 1980–2099),
 * 振替休日 (a holiday on a Sunday moves to the next day that is not a holiday) and 国民の休日 (a weekday squeezed
 * between two holidays). The law as it stands since 2020, plus the one-off days of 2019–2021. Pure.
 *
 * Dates are "YYYY-MM-DD" strings of the Japanese calendar day: the caller decides which day "now" is in which zone.
 */

export type HolidayName =
  | "元日"
  | "成人の日"
  | "建国記念の日"
  | "天皇誕生日"
  | "春分の日"
  | "昭和の日"
  | "憲法記念日"
  | "みどりの日"
  | "こどもの日"
  | "海の日"
  | "山の日"
  | "敬老の日"
  | "秋分の日"
  | "スポーツの日"
  | "文化の日"
  | "勤労感謝の日"
  | "即位の日"
  | "即位礼正殿の儀"
  | "振替休日"
  | "国民の休日";

const pad = (n: number) => String(n).padStart(2, "0");
export const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** 0 = Sunday. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The day of the month of the n-th Monday (n from 1). */
function nthMonday(year: number, month: number, n: number): number {
  const first = weekdayOf(year, month, 1);
  const firstMonday = 1 + ((8 - first) % 7);
  return firstMonday + (n - 1) * 7;
}

/** 春分日 / 秋分日 in March / September (the formula the National Astronomical Observatory's tables agree with, 1980–2099). */
export function vernalEquinoxDay(year: number): number {
  return Math.floor(20.8431 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}
export function autumnalEquinoxDay(year: number): number {
  return Math.floor(23.2488 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4));
}

/** The holidays fixed by the calendar (before substitute and in-between days). */
function baseHolidays(year: number): Map<string, HolidayName> {
  const days = new Map<string, HolidayName>();
  const add = (month: number, day: number, name: HolidayName) => days.set(isoDate(year, month, day), name);
  add(1, 1, "元日");
  add(1, nthMonday(year, 1, 2), "成人の日");
  add(2, 11, "建国記念の日");
  if (year >= 2020) add(2, 23, "天皇誕生日");
  else if (year >= 1989 && year <= 2018) add(12, 23, "天皇誕生日");
  add(3, vernalEquinoxDay(year), "春分の日");
  add(4, 29, year >= 2007 ? "昭和の日" : "みどりの日");
  add(5, 3, "憲法記念日");
  if (year >= 2007) add(5, 4, "みどりの日");
  add(5, 5, "こどもの日");
  // 2020 and 2021 moved 海の日, スポーツの日 and 山の日 around the Tokyo Olympics.
  if (year === 2020) {
    add(7, 23, "海の日");
    add(7, 24, "スポーツの日");
    add(8, 10, "山の日");
  } else if (year === 2021) {
    add(7, 22, "海の日");
    add(7, 23, "スポーツの日");
    add(8, 8, "山の日");
  } else {
    add(7, year >= 2003 ? nthMonday(year, 7, 3) : 20, "海の日");
    if (year >= 2016) add(8, 11, "山の日");
    add(10, year >= 2000 ? nthMonday(year, 10, 2) : 10, "スポーツの日");
  }
  add(9, year >= 2003 ? nthMonday(year, 9, 3) : 15, "敬老の日");
  add(9, autumnalEquinoxDay(year), "秋分の日");
  add(11, 3, "文化の日");
  add(11, 23, "勤労感謝の日");
  if (year === 2019) {
    add(5, 1, "即位の日");
    add(10, 22, "即位礼正殿の儀");
  }
  return days;
}

const cache = new Map<number, Map<string, HolidayName>>();

/** Every public holiday of `year`, by ISO date, in date order. */
export function japaneseHolidays(year: number): Map<string, HolidayName> {
  const cached = cache.get(year);
  if (cached) return cached;
  const base = baseHolidays(year);
  const all = new Map(base);
  // 振替休日: a holiday on a Sunday makes the next day that is not itself a holiday a holiday (since 1973, and since
  // 2007 "the next non-holiday", which matters in Golden Week).
  for (const date of base.keys()) {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    if (weekdayOf(y, m, d) !== 0) continue;
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    while (base.has(isoDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()))) next.setUTCDate(next.getUTCDate() + 1);
    if (next.getUTCFullYear() === year) all.set(isoDate(year, next.getUTCMonth() + 1, next.getUTCDate()), "振替休日");
  }
  // 国民の休日: a day that is not a Sunday or a holiday, with a holiday on both sides (e.g. 2026-09-22).
  for (const date of base.keys()) {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const between = new Date(Date.UTC(y, m - 1, d + 1));
    const after = new Date(Date.UTC(y, m - 1, d + 2));
    const betweenIso = isoDate(between.getUTCFullYear(), between.getUTCMonth() + 1, between.getUTCDate());
    const afterIso = isoDate(after.getUTCFullYear(), after.getUTCMonth() + 1, after.getUTCDate());
    if (base.has(afterIso) && !all.has(betweenIso) && between.getUTCDay() !== 0 && between.getUTCFullYear() === year) {
      all.set(betweenIso, "国民の休日");
    }
  }
  const sorted = new Map([...all.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  cache.set(year, sorted);
  return sorted;
}

/** The holiday's name when `date` (YYYY-MM-DD) is a Japanese public holiday, else null. */
export function japaneseHoliday(date: string): HolidayName | null {
  const year = Number(date.slice(0, 4));
  if (!Number.isInteger(year)) return null;
  return japaneseHolidays(year).get(date) ?? null;
}
