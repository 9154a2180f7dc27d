/**
 * SLA targets and business hours of a shop (issue 4, deliverable 6): due times for a new inquiry, whether the desk is
 * open (the out-of-hours auto-reply and the chat widget), and business minutes for first-response / resolution
 * reports. The arithmetic is in business-hours.ts; this module loads the shop's calendar and targets.
 */
import { z } from "zod";
import prisma from "../db.server";
import {
  addBusinessMinutes,
  type BusinessCalendar,
  BusinessHoursSchema,
  businessMinutesBetweenIn,
  businessStatusAt,
  type BusinessStatus,
  ClosedDatesSchema,
  isValidTimeZone,
} from "./business-hours";
import type { Priority } from "./types";

export { isOverdue, nextDueAt, overdueWhere, slaState, type SlaFields, type SlaState } from "./business-hours";

export const DEFAULT_TIMEZONE = "Asia/Tokyo";

export type SlaTarget = { firstResponse: number; resolution: number };

/** Targets in business minutes per priority, used when neither the shop's settings nor the category set one. */
export const DEFAULT_SLA_TARGETS: Record<Priority, SlaTarget> = {
  urgent: { firstResponse: 60, resolution: 240 },
  high: { firstResponse: 120, resolution: 540 },
  normal: { firstResponse: 240, resolution: 1620 },
  low: { firstResponse: 540, resolution: 2700 },
};

/** Mon–Fri 9:00–18:00 (the defaults a new shop gets). */
export const DEFAULT_BUSINESS_HOURS: Record<string, Array<{ open: string; close: string }>> = Object.fromEntries(
  [1, 2, 3, 4, 5].map((d) => [String(d), [{ open: "09:00", close: "18:00" }]]),
);

const Minutes = z.number().int().positive().max(60 * 24 * 365);
export const SlaTargetsSchema = z.partialRecord(
  z.enum(["low", "normal", "high", "urgent"]),
  z.object({ firstResponse: Minutes.optional(), resolution: Minutes.optional() }),
);

function parseJson<T>(text: string | null | undefined, schema: z.ZodType<T>, fallback: T, what: string, shop: string): T {
  if (!text) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  console.error(`[sla] ignoring invalid ${what}`, { shop });
  return fallback;
}

type Targets = z.infer<typeof SlaTargetsSchema>;

/** The shop's calendar and SLA settings in one read of SupportSettings (and Shop for its zone). */
export type ShopSla = { calendar: BusinessCalendar; targets: Targets };

export async function loadShopSla(shop: string): Promise<ShopSla> {
  const [settings, shopRow] = await Promise.all([
    prisma.supportSettings.findUnique({
      where: { shop },
      select: { timezone: true, businessHours: true, observeJapaneseHolidays: true, closedDates: true, slaTargets: true },
    }),
    prisma.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } }),
  ]);
  const candidates = [settings?.timezone, shopRow?.ianaTimezone, DEFAULT_TIMEZONE];
  const timeZone = candidates.find((z): z is string => !!z && isValidTimeZone(z)) ?? DEFAULT_TIMEZONE;
  const hours = parseJson(settings?.businessHours, BusinessHoursSchema, {}, "businessHours", shop);
  return {
    calendar: {
      timeZone,
      hours: Object.fromEntries(Object.entries(hours).map(([k, v]) => [Number(k), v])),
      observeJapaneseHolidays: settings?.observeJapaneseHolidays ?? true,
      closedDates: parseJson(settings?.closedDates, ClosedDatesSchema, [], "closedDates", shop),
    },
    targets: parseJson(settings?.slaTargets, SlaTargetsSchema, {}, "slaTargets", shop),
  };
}

/** The shop's business calendar: SupportSettings.timezone ?? Shop.ianaTimezone ?? Asia/Tokyo. */
export async function loadBusinessCalendar(shop: string): Promise<BusinessCalendar> {
  return (await loadShopSla(shop)).calendar;
}

/** A priority's targets: the shop's settings over the defaults. */
function priorityTarget(targets: Targets, priority: Priority): SlaTarget {
  return { ...DEFAULT_SLA_TARGETS[priority], ...stripUndefined(targets[priority] ?? {}) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type DueTimes = {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  /** The targets used, in business minutes. */
  firstResponseMinutes: number;
  resolutionMinutes: number;
};

/**
 * Due times of an inquiry received at `from`, counted in business minutes: the category's targets when it has them,
 * else the priority's (SupportSettings.slaTargets over DEFAULT_SLA_TARGETS).
 */
export async function computeDueTimes(
  shop: string,
  input: { category?: string | null; priority: Priority; from: Date },
): Promise<DueTimes> {
  const [{ calendar, targets }, category] = await Promise.all([
    loadShopSla(shop),
    input.category
      ? prisma.inquiryCategory.findUnique({
          where: { shop_key: { shop, key: input.category } },
          select: { firstResponseMinutes: true, resolutionMinutes: true },
        })
      : null,
  ]);
  return dueTimesWith({ calendar, targets }, category, input);
}

/** computeDueTimes from the shop's SLA settings and the category's targets already at hand (no database read). */
export function dueTimesWith(
  { calendar, targets }: ShopSla,
  category: { firstResponseMinutes: number | null; resolutionMinutes: number | null } | null | undefined,
  input: { priority: Priority; from: Date },
): DueTimes {
  const byPriority = priorityTarget(targets, input.priority);
  const firstResponseMinutes = category?.firstResponseMinutes ?? byPriority.firstResponse;
  const resolutionMinutes = category?.resolutionMinutes ?? byPriority.resolution;
  return {
    firstResponseDueAt: addBusinessMinutes(calendar, input.from, firstResponseMinutes),
    resolutionDueAt: addBusinessMinutes(calendar, input.from, resolutionMinutes),
    firstResponseMinutes,
    resolutionMinutes,
  };
}

/** Whether the shop's desk is open at `at`, and when it opens next. */
export async function businessStatus(shop: string, at: Date = new Date()): Promise<BusinessStatus> {
  return businessStatusAt(await loadBusinessCalendar(shop), at);
}

/** Whole business minutes between two instants in the shop's calendar. */
export async function businessMinutesBetween(shop: string, from: Date, to: Date): Promise<number> {
  return businessMinutesBetweenIn(await loadBusinessCalendar(shop), from, to);
}

/**
 * The report fields for a first reply or a resolution at `at`: business minutes since the inquiry arrived, and
 * whether that missed the due time (null when there was none).
 */
export async function measureResponse(
  shop: string,
  input: { receivedAt: Date; dueAt: Date | null; at: Date },
): Promise<{ minutes: number; breached: boolean | null }> {
  const minutes = await businessMinutesBetween(shop, input.receivedAt, input.at);
  return { minutes, breached: input.dueAt ? input.at.getTime() > input.dueAt.getTime() : null };
}
