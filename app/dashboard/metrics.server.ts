/**
 * The dashboard's data sources: SQL aggregates over one period, each a slice of the (shop, processedAt) orders index
 * plus index probes per buyer, never a pass over all orders. Orders and revenue count every order that is neither
 * cancelled nor deleted (guest orders too); customer figures count orders of live customers (the counted orders of
 * docs/decisions/008-rfm-and-cpm.md). Inquiry figures read the Inquiry table of the shop (every channel, guests too).
 */
import { Prisma } from "@tsunagu-generated/prisma-sqlite";
import prisma from "../db.server";
import { dayOf, literal, query, timestamp } from "../analytics/cohorts-sql.server";
import { INQUIRY_CHANNELS, type Figures, type InquiryChannel, type Series, type SourceKey } from "./cards";
import type { Period } from "./range";

export type SourceContext = { shop: string; offsetMinutes: number; nowDay: number; f2WindowDays: number; now: Date };
export type SourceResult = { figures: Figures; series?: Partial<Series> };

const num = (value: number | bigint | string | null | undefined) => Number(value ?? 0);
const cents = (value: number) => Math.round(value * 100) / 100;

function emptySeries(period: Period): number[] {
  return Array.from({ length: period.days }, () => 0);
}

/** Orders and revenue of the period, in total and per day. */
async function orders(ctx: SourceContext, period: Period): Promise<SourceResult> {
  const rows = await query<{ day: number | bigint; orders: number | bigint; revenue: number | string | null }>(
    prisma,
    Prisma.sql`SELECT ${dayOf(`o."processedAt"`, ctx.offsetMinutes)} AS day, COUNT(*) AS orders, SUM(o."totalPrice") AS revenue
      FROM "Order" o
      WHERE o."shop" = ${ctx.shop} AND o."processedAt" >= ${timestamp(period.from)} AND o."processedAt" < ${timestamp(period.to)}
        AND o."cancelledAt" IS NULL AND o."deletedAt" IS NULL
      GROUP BY ${dayOf(`o."processedAt"`, ctx.offsetMinutes)}`,
  );
  const perDayOrders = emptySeries(period);
  const perDayRevenue = emptySeries(period);
  let total = 0;
  let revenue = 0;
  for (const row of rows) {
    const i = num(row.day) - period.fromDay;
    if (i < 0 || i >= period.days) continue;
    perDayOrders[i] = num(row.orders);
    perDayRevenue[i] = cents(num(row.revenue));
    total += num(row.orders);
    revenue += num(row.revenue);
  }
  return { figures: { orders: total, revenue: cents(revenue) }, series: { orders: perDayOrders, revenue: perDayRevenue } };
}

/**
 * The period's buyers (live customers with a counted order in it): new when they had no counted order before it,
 * else returning; repeat buyers have two or more counted orders up to its end (returning ones always do); new buyers
 * convert (F2) when their second counted order comes at most `f2WindowDays` calendar days after the first.
 */
async function buyers(ctx: SourceContext, period: Period): Promise<SourceResult> {
  const w = literal(ctx.f2WindowDays);
  const today = literal(ctx.nowDay);
  const from = timestamp(period.from);
  const to = timestamp(period.to);
  const rows = await query<{
    day: number | bigint;
    ret: number | bigint;
    buyers: number | bigint;
    repeaters: number | bigint;
    converted: number | bigint;
    pending: number | bigint;
  }>(
    prisma,
    // MATERIALIZED steps so each probe runs once per buyer: inlined, a column used in several CASEs would repeat it.
    Prisma.sql`WITH a AS MATERIALIZED (
        SELECT o."customerShopifyId" AS cid, COUNT(*) AS n, MIN(o."processedAt") AS first_at
        FROM "Order" o
        WHERE o."shop" = ${ctx.shop} AND o."processedAt" >= ${from} AND o."processedAt" < ${to}
          AND o."cancelledAt" IS NULL AND o."deletedAt" IS NULL AND o."customerShopifyId" IS NOT NULL
        GROUP BY o."customerShopifyId"
      ),
      g AS MATERIALIZED (
        SELECT a.cid, a.n, a.first_at,
          CASE WHEN EXISTS (SELECT 1 FROM "Order" p WHERE p."shop" = ${ctx.shop} AND p."customerShopifyId" = a.cid
            AND p."processedAt" < ${from} AND p."cancelledAt" IS NULL AND p."deletedAt" IS NULL) THEN 1 ELSE 0 END AS ret
        FROM a
        -- Live customers only, checked once per buyer rather than once per order.
        WHERE EXISTS (SELECT 1 FROM "Customer" c WHERE c."shop" = ${ctx.shop} AND c."shopifyId" = a.cid AND c."deletedAt" IS NULL)
      ),
      b AS MATERIALIZED (
        SELECT g.n, ${dayOf("g.first_at", ctx.offsetMinutes)} AS first_day, g.ret,
          ${dayOf(
            Prisma.sql`CASE WHEN g.ret = 0 THEN (SELECT MIN(s."processedAt") FROM "Order" s
              WHERE s."shop" = ${ctx.shop} AND s."customerShopifyId" = g.cid AND s."processedAt" > g.first_at
                AND s."cancelledAt" IS NULL AND s."deletedAt" IS NULL) END`,
            ctx.offsetMinutes,
          )} AS second_day
        FROM g
      )
      SELECT b.first_day AS day, b.ret AS ret, COUNT(*) AS buyers,
        SUM(CASE WHEN b.ret = 1 OR b.n >= 2 THEN 1 ELSE 0 END) AS repeaters,
        SUM(CASE WHEN b.ret = 0 AND b.second_day IS NOT NULL AND b.second_day - b.first_day <= ${w} THEN 1 ELSE 0 END) AS converted,
        SUM(CASE WHEN b.ret = 0 AND (b.second_day IS NULL OR b.second_day - b.first_day > ${w})
          AND ${today} - b.first_day <= ${w} THEN 1 ELSE 0 END) AS pending
      FROM b
      GROUP BY b.first_day, b.ret`,
  );
  const newPerDay = emptySeries(period);
  const returningPerDay = emptySeries(period);
  const f: Required<Pick<Figures, "buyers" | "newCustomers" | "returningCustomers" | "repeatBuyers" | "f2Converted" | "f2Pending">> = {
    buyers: 0,
    newCustomers: 0,
    returningCustomers: 0,
    repeatBuyers: 0,
    f2Converted: 0,
    f2Pending: 0,
  };
  for (const row of rows) {
    const count = num(row.buyers);
    const returning = num(row.ret) === 1;
    const i = num(row.day) - period.fromDay;
    f.buyers += count;
    f.repeatBuyers += num(row.repeaters);
    f.f2Converted += num(row.converted);
    f.f2Pending += num(row.pending);
    if (returning) f.returningCustomers += count;
    else f.newCustomers += count;
    const perDay = returning ? returningPerDay : newPerDay;
    if (i >= 0 && i < period.days) perDay[i] = (perDay[i] ?? 0) + count;
  }
  return { figures: f, series: { newCustomers: newPerDay, returningCustomers: returningPerDay } };
}

/** Live customers created before the period's end. */
async function customers(ctx: SourceContext, period: Period): Promise<SourceResult> {
  const count = await prisma.customer.count({ where: { shop: ctx.shop, deletedAt: null, shopifyCreatedAt: { lt: period.to } } });
  return { figures: { customers: count } };
}

/**
 * Average lifetime revenue per buyer as of the period's end: today's lifetime totals on the customers (their facts,
 * app/customers/facts.server.ts) less the counted orders since the end, over the customers whose first order came
 * before it. Reads the customers once and the orders after the end only.
 */
async function ltv(ctx: SourceContext, period: Period): Promise<SourceResult> {
  const [totals] = await query<{ spent: number | string | null; buyers: number | bigint }>(
    prisma,
    Prisma.sql`SELECT SUM(c."totalSpent") AS spent,
        SUM(CASE WHEN c."firstOrderAt" < ${timestamp(period.to)} THEN 1 ELSE 0 END) AS buyers
      FROM "Customer" c WHERE c."shop" = ${ctx.shop} AND c."deletedAt" IS NULL AND c."ordersCount" > 0`,
  );
  const [later] = await query<{ revenue: number | string | null }>(
    prisma,
    Prisma.sql`SELECT SUM(o."totalPrice") AS revenue FROM "Order" o
      JOIN "Customer" c ON c."shop" = ${ctx.shop} AND c."shopifyId" = o."customerShopifyId" AND c."deletedAt" IS NULL
      WHERE o."shop" = ${ctx.shop} AND o."processedAt" >= ${timestamp(period.to)} AND o."cancelledAt" IS NULL AND o."deletedAt" IS NULL`,
  );
  const count = num(totals?.buyers);
  const spent = num(totals?.spent) - num(later?.revenue);
  return { figures: { ltv: count > 0 ? cents(spent / count) : null } };
}

/** Unresolved: the statuses still waiting on the shop (app/inquiries/types.ts InquiryStatus). */
const UNRESOLVED = Prisma.sql`i."status" IN ('new', 'open', 'pending')`;

/** Unresolved and past a due time now: no first reply by its due time, or past the resolution due time. */
function overdue(now: Date): Prisma.Sql {
  const at = timestamp(now);
  return Prisma.sql`(${UNRESOLVED} AND ((i."firstRespondedAt" IS NULL AND i."firstResponseDueAt" < ${at}) OR i."resolutionDueAt" < ${at}))`;
}

/** Open inquiries as of now, and how many of them are overdue (the (shop, status, lastMessageAt) index finds them). */
async function inquiriesNow(ctx: SourceContext): Promise<SourceResult> {
  const [row] = await query<{ open: number | bigint; overdue: number | bigint | null }>(
    prisma,
    Prisma.sql`SELECT COUNT(*) AS open, SUM(CASE WHEN ${overdue(ctx.now)} THEN 1 ELSE 0 END) AS overdue
      FROM "Inquiry" i WHERE i."shop" = ${ctx.shop} AND ${UNRESOLVED}`,
  );
  return { figures: { openInquiries: num(row?.open), overdueInquiries: num(row?.overdue) } };
}

/**
 * Inquiries of the period: received per day and channel; of those with a due time, how many missed one (a breach
 * recorded at the reply, or a due time passed with no reply yet); and the median first-response time (business
 * minutes, app/inquiries/sla.server.ts) of the inquiries first answered in the period, as the middle row(s) of a
 * window (SQLite has no percentile function).
 */
async function inquiries(ctx: SourceContext, period: Period): Promise<SourceResult> {
  const from = timestamp(period.from);
  const to = timestamp(period.to);
  const breached = Prisma.sql`(i."firstResponseBreached" IS TRUE OR i."resolutionBreached" IS TRUE OR ${overdue(ctx.now)})`;
  const hasDue = Prisma.sql`(i."firstResponseDueAt" IS NOT NULL OR i."resolutionDueAt" IS NOT NULL)`;
  const [rows, [median]] = await Promise.all([
    query<{ day: number | bigint; channel: string; received: number | bigint; measured: number | bigint | null; breached: number | bigint | null }>(
      prisma,
      Prisma.sql`SELECT ${dayOf(`i."createdAt"`, ctx.offsetMinutes)} AS day, i."channel" AS channel, COUNT(*) AS received,
          SUM(CASE WHEN ${hasDue} THEN 1 ELSE 0 END) AS measured,
          SUM(CASE WHEN ${hasDue} AND ${breached} THEN 1 ELSE 0 END) AS breached
        FROM "Inquiry" i
        WHERE i."shop" = ${ctx.shop} AND i."createdAt" >= ${from} AND i."createdAt" < ${to}
        GROUP BY ${dayOf(`i."createdAt"`, ctx.offsetMinutes)}, i."channel"`,
    ),
    query<{ median: number | string | null }>(
      prisma,
      Prisma.sql`SELECT AVG(t.m) AS median FROM (
          SELECT i."firstResponseMinutes" AS m, ROW_NUMBER() OVER (ORDER BY i."firstResponseMinutes") AS rn, COUNT(*) OVER () AS n
          FROM "Inquiry" i
          WHERE i."shop" = ${ctx.shop} AND i."firstRespondedAt" >= ${from} AND i."firstRespondedAt" < ${to}
            AND i."firstResponseMinutes" IS NOT NULL
        ) t
        WHERE t.rn IN ((t.n + 1) / 2, (t.n + 2) / 2)`,
    ),
  ]);
  const byChannel = Object.fromEntries(INQUIRY_CHANNELS.map((c) => [c, emptySeries(period)])) as Record<InquiryChannel, number[]>;
  const figures = { inquiriesReceived: 0, slaMeasured: 0, slaBreached: 0 };
  for (const row of rows) {
    figures.inquiriesReceived += num(row.received);
    figures.slaMeasured += num(row.measured);
    figures.slaBreached += num(row.breached);
    const series = byChannel[row.channel as InquiryChannel];
    const i = num(row.day) - period.fromDay;
    if (series && i >= 0 && i < period.days) series[i] = (series[i] ?? 0) + num(row.received);
  }
  const middle = median?.median;
  return {
    figures: { ...figures, firstResponseMedian: middle === null || middle === undefined ? null : Math.round(Number(middle)) },
    series: { inquiriesByChannel: byChannel },
  };
}

export const SOURCES: Record<SourceKey, (ctx: SourceContext, period: Period) => Promise<SourceResult>> = {
  customers,
  orders,
  buyers,
  ltv,
  inquiries,
  inquiriesNow,
};

/** The figures and series of the given sources for one period. */
export async function loadSources(ctx: SourceContext, period: Period, keys: Iterable<SourceKey>): Promise<SourceResult> {
  const results = await Promise.all([...keys].map((key) => SOURCES[key](ctx, period)));
  return results.reduce<SourceResult>(
    (all, r) => ({ figures: { ...all.figures, ...r.figures }, series: { ...all.series, ...r.series } }),
    { figures: {}, series: {} },
  );
}
