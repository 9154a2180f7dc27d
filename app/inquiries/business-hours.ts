/**
 * Business hours arithmetic in the shop's time zone: whether the desk is open, when it opens next, a point in time
 * N business minutes later (SLA due times) and the business minutes between two instants (first-response and
 * resolution times for reports). Pure: the calendar comes in as data (sla.server.ts loads it from SupportSettings).
 *
 * Hours never set (no weekday in the record) count as always open: a shop that has not set its hours is not
 * "closed forever". Once set, a weekday missing or empty is closed (settings screen semantics).
 * Periods are "HH:MM"–"HH:MM" local time, close after open ("24:00" closes at midnight); holidays and closed dates
 * close the whole local day.
 */
import { z } from "zod";
import { isoDate, japaneseHoliday } from "./jp-holidays";

export type Period = { open: string; close: string };

export type BusinessCalendar = {
  timeZone: string;
  /** Weekday (0 = Sunday … 6 = Saturday) -> open periods. */
  hours: Partial<Record<number, Period[]>>;
  observeJapaneseHolidays: boolean;
  /** Extra closed days, YYYY-MM-DD in the shop's zone. */
  closedDates: string[];
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const PeriodSchema = z.object({ open: z.string().regex(TIME), close: z.string().regex(TIME) });
/** SupportSettings.businessHours: {"1": [{open: "09:00", close: "18:00"}], …}. */
export const BusinessHoursSchema = z.record(z.string().regex(/^[0-6]$/), z.array(PeriodSchema));
export const ClosedDatesSchema = z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/));

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far ahead we look for the next open minute before giving up (a calendar closed for a year is a mistake). */
const HORIZON_DAYS = 400;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

export function localParts(at: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The zone's offset from UTC at `at`, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const p = localParts(new Date(at), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant of a local wall-clock time (minutes after local midnight) on a local date. */
export function zonedTime(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day) + minutes * MINUTE;
  const first = guess - offsetAt(guess, timeZone);
  // Across a DST change the offset at the result differs from the guess's: one more step settles it.
  const second = guess - offsetAt(first, timeZone);
  return second;
}

/** YYYY-MM-DD of the local day `offsetDays` after the given local date. */
function addDays(year: number, month: number, day: number, offsetDays: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day) + offsetDays * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Hours never set (no weekday at all) count as always open; a weekday present with no periods is closed. */
function alwaysOpen(calendar: BusinessCalendar): boolean {
  return Object.keys(calendar.hours).length === 0;
}

/** True when the whole local day is closed (holiday, closed date), whatever its weekday's hours. */
export function isClosedDay(calendar: BusinessCalendar, date: string): boolean {
  if (calendar.closedDates.includes(date)) return true;
  return calendar.observeJapaneseHolidays && japaneseHoliday(date) !== null;
}

/**
 * Days already worked out, per calendar object (a calendar is data that is not changed once built; the storefront's
 * settings snapshot keeps one per shop for a second, so a burst of inquiries pays the zone arithmetic once per day).
 */
const dayMemo = new WeakMap<BusinessCalendar, Map<number, ReadonlyArray<readonly [number, number]>>>();

/** The open intervals [start, end) in epoch ms of one local day (copies: callers may extend them). */
function intervalsOfDay(calendar: BusinessCalendar, year: number, month: number, day: number): Array<[number, number]> {
  let days = dayMemo.get(calendar);
  if (!days) {
    days = new Map();
    dayMemo.set(calendar, days);
  }
  const key = (year * 100 + month) * 100 + day;
  let memo = days.get(key);
  if (!memo) {
    memo = computeIntervalsOfDay(calendar, year, month, day);
    // Bounded: a long horizon walk adds at most HORIZON_DAYS + 1 days.
    if (days.size > 2 * HORIZON_DAYS) days.clear();
    days.set(key, memo);
  }
  return memo.map(([start, end]) => [start, end]);
}

function computeIntervalsOfDay(calendar: BusinessCalendar, year: number, month: number, day: number): Array<[number, number]> {
  const date = isoDate(year, month, day);
  if (isClosedDay(calendar, date)) return [];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const periods = [...(calendar.hours[weekday] ?? [])].sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
  const out: Array<[number, number]> = [];
  for (const p of periods) {
    const open = minutesOf(p.open);
    const close = minutesOf(p.close);
    if (close <= open) continue;
    const start = zonedTime(year, month, day, open, calendar.timeZone);
    const end = zonedTime(year, month, day, close, calendar.timeZone);
    const last = out.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** Open intervals from the local day of `from` on, one day at a time, for at most `days` days. */
function* intervalsFrom(calendar: BusinessCalendar, from: number, days = HORIZON_DAYS): Generator<[number, number]> {
  const p = localParts(new Date(from), calendar.timeZone);
  // Start one day early: with a period that runs to 24:00 in a zone behind, yesterday's interval may still be open.
  for (let i = -1; i < days; i++) {
    const d = addDays(p.year, p.month, p.day, i);
    for (const interval of intervalsOfDay(calendar, d.year, d.month, d.day)) {
      if (interval[1] > from) yield interval;
    }
  }
}

export type BusinessStatus = { open: boolean; nextOpenAt: Date | null };

/** Whether the desk is open at `at`, and when it next opens (`at` itself when open; null if closed for the horizon). */
export function businessStatusAt(calendar: BusinessCalendar, at: Date): BusinessStatus {
  if (alwaysOpen(calendar) && calendar.closedDates.length === 0 && !calendar.observeJapaneseHolidays) return { open: true, nextOpenAt: at };
  const t = at.getTime();
  if (alwaysOpen(calendar)) {
    // Open all week except whole closed days.
    for (let i = 0; i < HORIZON_DAYS; i++) {
      const p = localParts(new Date(t), calendar.timeZone);
      const d = addDays(p.year, p.month, p.day, i);
      if (!isClosedDay(calendar, isoDate(d.year, d.month, d.day))) {
        const start = i === 0 ? t : zonedTime(d.year, d.month, d.day, 0, calendar.timeZone);
        return { open: i === 0, nextOpenAt: new Date(start) };
      }
    }
    return { open: false, nextOpenAt: null };
  }
  for (const [start] of intervalsFrom(calendar, t)) {
    if (start <= t) return { open: true, nextOpenAt: at };
    return { open: false, nextOpenAt: new Date(start) };
  }
  return { open: false, nextOpenAt: null };
}

/** Intervals for the always-open calendar: each non-closed local day whole. */
function* wholeDaysFrom(calendar: BusinessCalendar, from: number, days = HORIZON_DAYS): Generator<[number, number]> {
  const p = localParts(new Date(from), calendar.timeZone);
  for (let i = -1; i < days; i++) {
    const d = addDays(p.year, p.month, p.day, i);
    if (isClosedDay(calendar, isoDate(d.year, d.month, d.day))) continue;
    const n = addDays(d.year, d.month, d.day, 1);
    const interval: [number, number] = [zonedTime(d.year, d.month, d.day, 0, calendar.timeZone), zonedTime(n.year, n.month, n.day, 0, calendar.timeZone)];
    if (interval[1] > from) yield interval;
  }
}

function openIntervals(calendar: BusinessCalendar, from: number, days?: number) {
  return alwaysOpen(calendar) ? wholeDaysFrom(calendar, from, days) : intervalsFrom(calendar, from, days);
}

/** The instant `minutes` business minutes after `from` (null when the calendar never opens within the horizon). */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date | null {
  let left = Math.max(0, minutes) * MINUTE;
  const t = from.getTime();
  if (alwaysOpen(calendar) && calendar.closedDates.length === 0 && !calendar.observeJapaneseHolidays) return new Date(t + left);
  for (const [start, end] of openIntervals(calendar, t)) {
    const s = Math.max(start, t);
    if (left === 0) return new Date(s);
    if (end - s >= left) return new Date(s + left);
    left -= end - s;
  }
  return null;
}

/** Whole business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetweenIn(calendar: BusinessCalendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (alwaysOpen(calendar) && calendar.closedDates.length === 0 && !calendar.observeJapaneseHolidays) return Math.floor((b - a) / MINUTE);
  const days = Math.ceil((b - a) / DAY) + 2;
  let total = 0;
  for (const [start, end] of openIntervals(calendar, a, days)) {
    if (start >= b) break;
    total += Math.min(end, b) - Math.max(start, a);
  }
  return Math.floor(total / MINUTE);
}

/** The fields of an inquiry the overdue helpers read. */
export type SlaFields = {
  status: string;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
};

export type SlaState = "none" | "on_track" | "due_soon" | "overdue";

/** True when an open inquiry has passed its first-response due time without a reply, or its resolution due time. */
export function isOverdue(inquiry: SlaFields, now: Date): boolean {
  if (inquiry.status === "resolved") return false;
  const t = now.getTime();
  if (!inquiry.firstRespondedAt && inquiry.firstResponseDueAt && inquiry.firstResponseDueAt.getTime() <= t) return true;
  return !!inquiry.resolutionDueAt && inquiry.resolutionDueAt.getTime() <= t;
}

/** The due time that matters next: the first response until someone replied, then the resolution. */
export function nextDueAt(inquiry: SlaFields): Date | null {
  if (inquiry.status === "resolved") return null;
  if (!inquiry.firstRespondedAt && inquiry.firstResponseDueAt) return inquiry.firstResponseDueAt;
  return inquiry.resolutionDueAt;
}

/** For list badges: overdue, due within `soonMinutes` (wall-clock), on track, or no target. */
export function slaState(inquiry: SlaFields, now: Date, soonMinutes = 60): SlaState {
  if (isOverdue(inquiry, now)) return "overdue";
  const due = nextDueAt(inquiry);
  if (!due) return "none";
  return due.getTime() - now.getTime() <= soonMinutes * MINUTE ? "due_soon" : "on_track";
}

/**
 * A Prisma `where` fragment for the inbox's "overdue" view (AND it with the shop): not resolved, and either no
 * reply past the first-response due time or past the resolution due time.
 */
export function overdueWhere(now: Date) {
  return {
    status: { not: "resolved" },
    OR: [{ firstRespondedAt: null, firstResponseDueAt: { lte: now } }, { resolutionDueAt: { lte: now } }],
  };
}
