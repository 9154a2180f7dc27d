/**
 * What the analysis page shows: the RFM grid (customers and revenue share per class), the CPM table, the
 * month-over-month CPM movement, when classes were last computed, and the shop's settings. Revenue is each customer's
 * lifetime spend on counted orders (Customer.totalSpent, app/customers/facts.server.ts).
 */
import { Prisma } from "@tsunagu-generated/prisma-sqlite";
import prisma from "../db.server";
import { shopCurrency } from "../customers/shop-settings.server";
import {
  AnalysisSettingsInput,
  CPM_CLASSES,
  type CpmThresholds,
  DEFAULT_RFM_WINDOW_DAYS,
  monthOf,
  monthStart,
  parseThresholds,
  RFM_CLASSES,
  utcOffsetMinutes,
} from "./classes";
import { DEFAULT_F2_WINDOW_DAYS } from "./cohorts";
import { isRunning, parseRunStats, query, requestAnalysisRecompute } from "./recompute.server";

export type ClassSummary = { code: string; customers: number; revenue: number; share: number; averageSpend: number };
export type Movement = { from: string; to: string; customers: number };

export type AnalysisOverview = {
  currencyCode: string;
  timeZone: string;
  hasOrders: boolean;
  lastComputedAt: string | null;
  running: boolean;
  requested: boolean;
  lastDurationMs: number | null;
  customersWithoutPurchase: number;
  rfm: ClassSummary[];
  cpm: ClassSummary[];
  movement: { from: string | null; to: string; rows: Movement[] };
  settings: { rfmWindowDays: number; f2WindowDays: number } & CpmThresholds;
};

type GroupRow = { code: string | null; customers: number; revenue: number };

async function summarise(shop: string, field: "rfmClass" | "cpmClass"): Promise<GroupRow[]> {
  const column = Prisma.raw(field === "rfmClass" ? `a."rfmClass"` : `a."cpmClass"`);
  const rows = await query<{ code: string | null; customers: number | bigint; revenue: number | string | null }>(
    prisma,
    Prisma.sql`SELECT ${column} AS code, COUNT(*) AS customers, SUM(c."totalSpent") AS revenue
      FROM "CustomerAnalysis" a JOIN "Customer" c ON c."shop" = a."shop" AND c."shopifyId" = a."customerShopifyId"
      WHERE a."shop" = ${shop} GROUP BY ${column}`,
  );
  return rows.map((r) => ({ code: r.code, customers: Number(r.customers), revenue: Number(r.revenue ?? 0) }));
}

function withShares(codes: readonly string[], rows: GroupRow[]): ClassSummary[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const total = codes.reduce((sum, code) => sum + (byCode.get(code)?.revenue ?? 0), 0);
  return codes.map((code) => {
    const row = byCode.get(code);
    const customers = row?.customers ?? 0;
    const revenue = row?.revenue ?? 0;
    return {
      code,
      customers,
      revenue,
      share: total > 0 ? revenue / total : 0,
      averageSpend: customers > 0 ? Math.round((revenue / customers) * 100) / 100 : 0,
    };
  });
}

/** Movement between the previous month's snapshot and this month's: customers per (from, to); "new" when absent. */
async function movement(shop: string, offsetMinutes: number, now: Date): Promise<AnalysisOverview["movement"]> {
  const to = monthOf(now, offsetMinutes);
  const from = monthOf(monthStart(to, offsetMinutes, -1), offsetMinutes);
  const [before, after] = await Promise.all([
    prisma.cpmSnapshot.findMany({ where: { shop, month: from }, select: { customerShopifyId: true, cpmClass: true } }),
    prisma.cpmSnapshot.findMany({ where: { shop, month: to }, select: { customerShopifyId: true, cpmClass: true } }),
  ]);
  if (before.length === 0 && after.length === 0) return { from: null, to, rows: [] };
  const previous = new Map(before.map((s) => [s.customerShopifyId, s.cpmClass]));
  const counts = new Map<string, number>();
  for (const s of after) {
    const key = `${previous.get(s.customerShopifyId) ?? "new"}>${s.cpmClass}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts.entries()].map(([key, customers]) => {
    const [fromClass, toClass] = key.split(">") as [string, string];
    return { from: fromClass, to: toClass, customers };
  });
  return { from: before.length > 0 ? from : null, to, rows };
}

export async function loadAnalysisOverview(shop: string, now = new Date()): Promise<AnalysisOverview> {
  const [{ currencyCode, timeZone }, settings, anyOrder] = await Promise.all([
    shopCurrency(shop),
    prisma.analysisSettings.findUnique({ where: { shop } }),
    prisma.order.findFirst({ where: { shop, deletedAt: null, cancelledAt: null }, select: { id: true } }),
  ]);
  const stats = parseRunStats(settings?.lastRunStats);
  const offsetMinutes = utcOffsetMinutes(timeZone, now);
  const [rfmRows, cpmRows, moves] = await Promise.all([
    summarise(shop, "rfmClass"),
    summarise(shop, "cpmClass"),
    movement(shop, offsetMinutes, now),
  ]);
  const requested =
    Boolean(stats.requestedAt) && (!settings?.lastComputedAt || new Date(stats.requestedAt!) > settings.lastComputedAt);
  return {
    currencyCode,
    timeZone,
    hasOrders: Boolean(anyOrder),
    lastComputedAt: settings?.lastComputedAt?.toISOString() ?? null,
    running: isRunning(stats, now),
    requested,
    lastDurationMs: stats.durationMs ?? null,
    customersWithoutPurchase: rfmRows.find((r) => r.code === "no_purchase")?.customers ?? 0,
    rfm: withShares(RFM_CLASSES, rfmRows),
    cpm: withShares(CPM_CLASSES, cpmRows),
    movement: moves,
    settings: {
      rfmWindowDays: settings?.rfmWindowDays ?? DEFAULT_RFM_WINDOW_DAYS,
      f2WindowDays: settings?.f2WindowDays ?? DEFAULT_F2_WINDOW_DAYS,
      ...parseThresholds(settings?.cpmThresholds),
    },
  };
}

export type SettingsResult = { ok: true } | { ok: false; errors: Record<string, string> };

/**
 * Saves the RFM window and CPM thresholds (amount in the shop's currency) and asks for a recompute so the classes
 * follow. Field errors are i18n keys (analytics.settings.errors.*).
 */
export async function saveAnalysisSettings(shop: string, form: Record<string, unknown>): Promise<SettingsResult> {
  const parsed = AnalysisSettingsInput.safeParse(form);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      const code = ["number", "integer", "min", "max", "afterYoung"].includes(issue.message) ? issue.message : "number";
      errors[field] ??= `analytics.settings.errors.${code}`;
    }
    return { ok: false, errors };
  }
  const { rfmWindowDays, f2WindowDays, ...thresholds } = parsed.data;
  await prisma.analysisSettings.upsert({
    where: { shop },
    create: { shop, rfmWindowDays, f2WindowDays, cpmThresholds: JSON.stringify(thresholds) },
    update: { rfmWindowDays, ...(f2WindowDays === undefined ? {} : { f2WindowDays }), cpmThresholds: JSON.stringify(thresholds) },
  });
  await requestAnalysisRecompute(shop);
  return { ok: true };
}
