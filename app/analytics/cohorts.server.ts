/**
 * F2 conversion, cohort retention, repeat rate and LTV by acquisition month, computed in the database during the full
 * recompute (app/analytics/recompute.server.ts) and stored as one AnalyticsReport (kind "cohorts") so the cohorts page
 * and the dashboard read it without scanning orders. One pass over the shop's counted orders groups them by customer
 * and month (shop time zone) into a temporary table; each live customer's first purchase comes from that table, their
 * second order and first channel from index probes, and retention and revenue from a GROUP BY over the table. Plain
 * SQL that SQLite and PostgreSQL both run; only the date expressions differ. See docs/decisions/011-cohorts-and-dashboard.md.
 */
import { Prisma } from "@tsunagu-generated/prisma-sqlite";
import prisma from "../db.server";
import { dayNumber, monthOf, utcOffsetMinutes } from "./classes";
import { dayOf, exec, literal, monthExpr, postgres, query, timestamp } from "./cohorts-sql.server";
import {
  COHORTS_REPORT_KIND,
  type CohortReport,
  cohortComplete,
  cohortRow,
  DEFAULT_F2_WINDOW_DAYS,
  f2Figures,
  type F2ChannelRow,
  type F2MonthRow,
  monthsBetween,
  parseCohortReport,
  ratio,
} from "./cohorts";

const n = (value: number | bigint | string | null | undefined) => Number(value ?? 0);

export type CohortRunOptions = { now?: Date; onStep?: (step: string, ms: number) => void };

/**
 * Computes the shop's cohort report from its counted orders processed up to `now` and stores it. Customers' first
 * purchase is their first counted order; they convert (F2) when their second counted order
 * comes at most `f2WindowDays` calendar days after the first.
 */
export async function computeCohortReport(shop: string, options: CohortRunOptions = {}): Promise<CohortReport> {
  const now = options.now ?? new Date();
  const [shopRow, settings] = await Promise.all([
    prisma.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } }),
    prisma.analysisSettings.findUnique({ where: { shop }, select: { f2WindowDays: true } }),
  ]);
  const offsetMinutes = utcOffsetMinutes(shopRow?.ianaTimezone ?? "Asia/Tokyo", now);
  const nowDay = dayNumber(now, offsetMinutes);
  const currentMonth = monthOf(now, offsetMinutes);
  const windowDays = settings?.f2WindowDays ?? DEFAULT_F2_WINDOW_DAYS;
  const pg = postgres();
  const cutoff = timestamp(new Date(now.getTime() + 1000));
  let mark = performance.now();
  const step = (name: string) => {
    const at = performance.now();
    options.onStep?.(name, at - mark);
    mark = at;
  };

  // SQLite reads a single-shop file faster by scanning the table than through the shop's index (as recompute.server.ts).
  const scan = !pg && (await prisma.shop.count()) <= 1 ? Prisma.raw("NOT INDEXED") : Prisma.empty;
  const counted = (alias: string) =>
    Prisma.sql`${Prisma.raw(alias)}."shop" = ${shop} AND ${Prisma.raw(alias)}."customerShopifyId" IS NOT NULL
      AND ${Prisma.raw(alias)}."cancelledAt" IS NULL AND ${Prisma.raw(alias)}."deletedAt" IS NULL AND ${Prisma.raw(alias)}."processedAt" < ${cutoff}`;
  /**
   * The n-th (0-based) counted order of customer f.cid by time: one probe of the (shop, customer, processedAt) index
   * that stops after n + 1 rows (ordering by the index alone; a tie-break column would make it read and sort all of a
   * heavy buyer's orders).
   */
  const nth = (column: string, offset: number) =>
    Prisma.sql`(SELECT ${Prisma.raw(`x."${column}"`)} FROM "Order" x WHERE ${counted("x")} AND x."customerShopifyId" = f.cid
      ORDER BY x."processedAt" LIMIT 1 OFFSET ${literal(offset)})`;

  // The month of each order: PostgreSQL groups on date_trunc (to_char per order costs seconds at 1M) and formats the
  // groups; SQLite's strftime gives the text at once.
  const monthKey = pg
    ? Prisma.raw(`date_trunc('month', o."processedAt" + INTERVAL '${offsetMinutes} minutes')`)
    : monthExpr(`o."processedAt"`, offsetMinutes);

  const result = await prisma.$transaction(
    async (tx) => {
      if (pg) await tx.$executeRawUnsafe(`SET LOCAL work_mem = '128MB'`);
      for (const table of ["cohort_months", "cohort_first"]) {
        if (!pg) await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS temp.${table}`);
      }
      const onCommit = pg ? " ON COMMIT DROP" : "";
      await tx.$executeRawUnsafe(`CREATE TEMP TABLE cohort_months (cid TEXT, m TEXT, n BIGINT, revenue NUMERIC, first_at ${pg ? "TIMESTAMP(3)" : "TEXT"})${onCommit}`);
      await tx.$executeRawUnsafe(`CREATE TEMP TABLE cohort_first (cid TEXT PRIMARY KEY, first_month TEXT, n BIGINT, first_at ${pg ? "TIMESTAMP(3)" : "TEXT"})${onCommit}`);
      // The one pass over the orders: per customer and month (in the shop's time zone), revenue and first order.
      await exec(tx, Prisma.sql`INSERT INTO cohort_months (cid, m, n, revenue, first_at)
        SELECT o."customerShopifyId", ${pg ? Prisma.sql`to_char(${monthKey}, 'YYYY-MM')` : monthKey}, COUNT(*), SUM(o."totalPrice"), MIN(o."processedAt")
        FROM "Order" o ${scan} WHERE ${counted("o")}
        GROUP BY o."customerShopifyId", ${monthKey}`);
      step("orders by customer and month");
      // Live customers' first purchase (month and instant).
      await exec(tx, Prisma.sql`INSERT INTO cohort_first (cid, first_month, n, first_at)
        SELECT cm.cid, MIN(cm.m), SUM(cm.n), MIN(cm.first_at) FROM cohort_months cm
        JOIN "Customer" c ON c."shop" = ${shop} AND c."shopifyId" = cm.cid AND c."deletedAt" IS NULL
        GROUP BY cm.cid`);
      if (pg) await tx.$executeRawUnsafe(`ANALYZE cohort_first`);
      if (pg) await tx.$executeRawUnsafe(`ANALYZE cohort_months`);
      step("first purchases");

      const w = literal(windowDays);
      const today = literal(nowDay);
      // The second order (of customers with two or more) and the first order's channel come from index probes per
      // customer, not from another pass over the orders.
      const f2Rows = await query<{ month: string; channel: string; customers: bigint | number; converted: bigint | number; pending: bigint | number; repeaters: bigint | number }>(
        tx,
        // MATERIALIZED so each probe runs once per customer (inlined, second_day would be probed once per use).
        Prisma.sql`WITH p AS MATERIALIZED (
            SELECT f.first_month, ${dayOf("f.first_at", offsetMinutes)} AS first_day,
              CASE WHEN f.n >= 2 THEN ${dayOf(nth("processedAt", 1), offsetMinutes)} END AS second_day,
              COALESCE(${nth("sourceName", 0)}, '') AS channel
            FROM cohort_first f
          )
          SELECT first_month AS month, channel, COUNT(*) AS customers,
            SUM(CASE WHEN second_day IS NOT NULL AND second_day - first_day <= ${w} THEN 1 ELSE 0 END) AS converted,
            SUM(CASE WHEN (second_day IS NULL OR second_day - first_day > ${w}) AND ${today} - first_day <= ${w} THEN 1 ELSE 0 END) AS pending,
            SUM(CASE WHEN second_day IS NOT NULL THEN 1 ELSE 0 END) AS repeaters
          FROM p
          GROUP BY first_month, channel`,
      );
      step("f2 conversion");

      // Customers active per (first-order month, order month), with the revenue of those months.
      const activity = await query<{ cohort: string; month: string; active: bigint | number; revenue: number | string | null }>(
        tx,
        Prisma.sql`SELECT f.first_month AS cohort, cm.m AS month, COUNT(*) AS active, SUM(cm.revenue) AS revenue
          FROM cohort_months cm JOIN cohort_first f ON f.cid = cm.cid
          GROUP BY f.first_month, cm.m`,
      );
      for (const table of ["cohort_months", "cohort_first"]) {
        if (!pg) await tx.$executeRawUnsafe(`DROP TABLE temp.${table}`);
      }
      step("retention and revenue");
      return { f2Rows, activity };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );

  const months = new Map<string, { customers: number; converted: number; pending: number }>();
  const channels = new Map<string, { customers: number; converted: number; pending: number }>();
  let buyers = 0;
  let repeaters = 0;
  for (const row of result.f2Rows) {
    const add = (map: typeof months, key: string) => {
      const entry = map.get(key) ?? { customers: 0, converted: 0, pending: 0 };
      entry.customers += n(row.customers);
      entry.converted += n(row.converted);
      entry.pending += n(row.pending);
      map.set(key, entry);
    };
    add(months, row.month);
    add(channels, row.channel);
    buyers += n(row.customers);
    repeaters += n(row.repeaters);
  }
  const byMonth: F2MonthRow[] = [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, v]) => ({ month, complete: cohortComplete(month, windowDays, nowDay, offsetMinutes), ...f2Figures(v.customers, v.converted, v.pending) }));
  const byChannel: F2ChannelRow[] = [...channels.entries()]
    .sort(([a, x], [b, y]) => y.customers - x.customers || a.localeCompare(b))
    .map(([channel, v]) => ({ channel, ...f2Figures(v.customers, v.converted, v.pending) }));
  const total = byMonth.reduce((s, m) => ({ c: s.c + m.customers, v: s.v + m.converted, p: s.p + m.pending }), { c: 0, v: 0, p: 0 });

  const cells = new Map<string, Map<number, { active: number; revenue: number }>>();
  for (const row of result.activity) {
    const byOffset = cells.get(row.cohort) ?? new Map<number, { active: number; revenue: number }>();
    byOffset.set(monthsBetween(row.cohort, row.month), { active: n(row.active), revenue: Number(row.revenue ?? 0) });
    cells.set(row.cohort, byOffset);
  }
  const cohorts = byMonth.map((m) => cohortRow(m.month, m.customers, cells.get(m.month) ?? new Map(), monthsBetween(m.month, currentMonth)));

  const report: CohortReport = {
    computedAt: now.toISOString(),
    windowDays,
    offsetMinutes,
    nowDay,
    repeat: { buyers, repeaters, rate: ratio(repeaters, buyers) },
    f2: { overall: f2Figures(total.c, total.v, total.p), byMonth, byChannel },
    cohorts,
  };
  const data = JSON.stringify(report);
  await prisma.analyticsReport.upsert({
    where: { shop_kind: { shop, kind: COHORTS_REPORT_KIND } },
    create: { shop, kind: COHORTS_REPORT_KIND, data, computedAt: now },
    update: { data, computedAt: now },
  });
  step("store report");
  return report;
}

/** The stored cohort report of the shop, or null before the first run. */
export async function loadCohortReport(shop: string): Promise<CohortReport | null> {
  const row = await prisma.analyticsReport.findUnique({ where: { shop_kind: { shop, kind: COHORTS_REPORT_KIND } } });
  return parseCohortReport(row?.data);
}

export type CohortsPage = {
  report: CohortReport | null;
  hasOrders: boolean;
  currencyCode: string;
  timeZone: string;
  f2WindowDays: number;
};

/** What the cohorts page shows: the stored report, whether the shop has orders at all, and how to format. */
export async function loadCohortsPage(shop: string): Promise<CohortsPage> {
  const [report, anyOrder, row, settings] = await Promise.all([
    loadCohortReport(shop),
    prisma.order.findFirst({ where: { shop, deletedAt: null, cancelledAt: null }, select: { id: true } }),
    prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true, ianaTimezone: true } }),
    prisma.analysisSettings.findUnique({ where: { shop }, select: { f2WindowDays: true } }),
  ]);
  return {
    report,
    hasOrders: Boolean(anyOrder),
    currencyCode: row?.currencyCode ?? "JPY",
    timeZone: row?.ianaTimezone ?? "Asia/Tokyo",
    f2WindowDays: report?.windowDays ?? settings?.f2WindowDays ?? DEFAULT_F2_WINDOW_DAYS,
  };
}
