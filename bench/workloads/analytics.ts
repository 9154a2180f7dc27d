/**
 * Workload "analytics": the full RFM + CPM recompute (app/analytics/recompute.server.ts) at 100k customers / 1M orders.
 *
 * Two modes, each run in its own child process so the recompute's peak RSS is its own:
 * - "generate" writes the shop straight into a migrated app database with one INSERT … SELECT per table over a
 *   generated series (no dev store, no sync: minutes saved, and the recompute only reads Customer and Order).
 *   Orders spread over three years before the anchor; buyers are skewed (a few heavy buyers, many one-time buyers,
 *   some customers with no order); 3% of orders are cancelled; amounts ¥1,000–¥21,000. Customers carry tags (in
 *   Customer.tags and CustomerTag, as the sync writes them) for the segments workload: "VIP" on 10%, "会員" on a third.
 * - "recompute" times the first run (which also fills the previous month-end CPM snapshot) and a second, daily run,
 *   then one load of the analysis page's data, then the dashboard's loader data (default cards, 30 days with
 *   comparison) DASHBOARD_RUNS times after one warm-up. The runs include the F2 / cohort report as their "cohorts" step.
 */
import prisma from "../../app/db.server";
import { loadAnalysisOverview } from "../../app/analytics/overview.server";
import { recomputeShopAnalysis } from "../../app/analytics/recompute.server";
import { loadDashboard } from "../../app/dashboard/dashboard.server";
import { latency, type Latency } from "../lib/stats";
import { childMain } from "../lib/child";

export type AnalyticsInput = {
  mode: "generate" | "recompute";
  database: "sqlite" | "postgresql";
  shop: string;
  customers: number;
  orders: number;
  anchor: string;
};

export type AnalyticsResult = {
  database: "sqlite" | "postgresql";
  customers: number;
  orders: number;
  generateSeconds?: number;
  firstRunSeconds?: number;
  dailyRunSeconds?: number;
  overviewSeconds?: number;
  backfilledMonths?: string[];
  scored?: number;
  /** Seconds per step of the first and the daily run. */
  firstRunSteps?: Record<string, number>;
  dailyRunSteps?: Record<string, number>;
  /** The F2 / cohort report's step of the daily run (also in the steps above as "cohorts"). */
  cohortsSeconds?: number;
  /** The dashboard's loader data (default cards, last 30 days with the previous period), repeated. */
  dashboard?: { runs: number; latencyMs: Latency };
};

const YEARS_SECONDS = 3 * 365 * 86_400;
const DASHBOARD_RUNS = 20;

/** Which generated customers (numbered n) carry each tag. */
const TAG_TESTS = { VIP: "n % 10 = 3", 会員: "n % 3 = 0" } as const;
const TAGS_SQL = `CASE WHEN n % 10 = 3 AND n % 3 = 0 THEN 'VIP, 会員' WHEN n % 10 = 3 THEN 'VIP' WHEN n % 3 = 0 THEN '会員' ELSE '' END`;

async function generate(input: AnalyticsInput): Promise<AnalyticsResult> {
  const started = performance.now();
  const pg = input.database === "postgresql";
  const anchor = Math.floor(new Date(input.anchor).getTime() / 1000);
  // A date column as the app stores it: PostgreSQL timestamp(3); SQLite Prisma's ISO text with +00:00.
  const at = (epoch: string) =>
    pg ? `(TIMESTAMP '1970-01-01' + (${epoch}) * INTERVAL '1 second')` : `strftime('%Y-%m-%dT%H:%M:%S.000+00:00', ${epoch}, 'unixepoch')`;
  const text = (expr: string) => (pg ? `CAST(${expr} AS TEXT)` : `CAST(${expr} AS TEXT)`);
  const series = (n: number) =>
    pg
      ? `SELECT CAST(g AS BIGINT) AS n FROM generate_series(1, ${n}) AS g`
      : `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${n}) SELECT n FROM seq`;
  const shop = input.shop.replace(/'/g, "");
  await prisma.$executeRawUnsafe(`DELETE FROM "CustomerTag" WHERE "shop" = '${shop}'`);
  await prisma.$executeRawUnsafe(`DELETE FROM "Order" WHERE "shop" = '${shop}'`);
  await prisma.$executeRawUnsafe(`DELETE FROM "Customer" WHERE "shop" = '${shop}'`);
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Customer" ("id", "shop", "shopifyId", "tags", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt")
     SELECT 'bc' || ${text("n")}, '${shop}', ${text("n")}, ${TAGS_SQL}, ${at(`${anchor - YEARS_SECONDS}`)}, ${at(`${anchor}`)}, ${at(`${anchor}`)}
     FROM (${series(input.customers)}) s`,
  );
  for (const [tag, test] of Object.entries(TAG_TESTS)) {
    await prisma.$executeRawUnsafe(
      `INSERT INTO "CustomerTag" ("shop", "customerShopifyId", "tag") SELECT '${shop}', ${text("n")}, '${tag}' FROM (${series(input.customers)}) s WHERE ${test}`,
    );
  }
  // Buyer: customer ⌊C · u²⌋ + 1 for a pseudo-random u (multiplicative hashing), so low ids buy often and high ids
  // rarely or never. Time: spread pseudo-randomly over the three years before the anchor.
  const u = `((n * 2654435761) % 1000003)`;
  const buyer = `(${input.customers} * ${u} / 1000003 * ${u} / 1000003 + 1)`;
  const offset = `(((n * 40503) % ${YEARS_SECONDS}))`;
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Order" ("id", "shop", "shopifyId", "customerShopifyId", "name", "currencyCode", "subtotalPrice", "totalPrice",
       "processedAt", "cancelledAt", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt")
     SELECT 'bo' || ${text("n")}, '${shop}', ${text("n")}, ${text(buyer)}, '#' || ${text("n")}, 'JPY',
       1000 + (n * 7919) % 20000, 1000 + (n * 7919) % 20000,
       ${at(`${anchor} - ${offset}`)}, CASE WHEN n % 33 = 0 THEN ${at(`${anchor} - ${offset} + 3600`)} ELSE NULL END,
       ${at(`${anchor} - ${offset}`)}, ${at(`${anchor} - ${offset}`)}, ${at(`${anchor}`)}
     FROM (${series(input.orders)}) s`,
  );
  if (pg) {
    await prisma.$executeRawUnsafe(`ANALYZE "Customer"`);
    await prisma.$executeRawUnsafe(`ANALYZE "Order"`);
    await prisma.$executeRawUnsafe(`ANALYZE "CustomerTag"`);
  } else {
    await prisma.$executeRawUnsafe(`ANALYZE`);
  }
  const [customers, orders] = await Promise.all([prisma.customer.count({ where: { shop } }), prisma.order.count({ where: { shop } })]);
  await prisma.$disconnect();
  return { database: input.database, customers, orders, generateSeconds: (performance.now() - started) / 1000 };
}

async function recompute(input: AnalyticsInput): Promise<AnalyticsResult> {
  const now = new Date(input.anchor);
  const [customers, orders] = await Promise.all([
    prisma.customer.count({ where: { shop: input.shop } }),
    prisma.order.count({ where: { shop: input.shop } }),
  ]);
  const firstRunSteps: Record<string, number> = {};
  const dailyRunSteps: Record<string, number> = {};
  let started = performance.now();
  const first = await recomputeShopAnalysis(input.shop, { now, onStep: (step, ms) => (firstRunSteps[step] = ms / 1000) });
  const firstRunSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  await recomputeShopAnalysis(input.shop, { now: new Date(now.getTime() + 86_400_000), onStep: (step, ms) => (dailyRunSteps[step] = ms / 1000) });
  const dailyRunSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  await loadAnalysisOverview(input.shop, new Date(now.getTime() + 86_400_000));
  const overviewSeconds = (performance.now() - started) / 1000;
  // The dashboard as a staff member without a saved layout sees it: every default card, 30 days, with comparison.
  const dashboardNow = new Date(now.getTime() + 86_400_000);
  await loadDashboard(input.shop, null, dashboardNow);
  const dashboardMs: number[] = [];
  for (let i = 0; i < DASHBOARD_RUNS; i++) {
    const at = performance.now();
    await loadDashboard(input.shop, null, dashboardNow);
    dashboardMs.push(performance.now() - at);
  }
  await prisma.$disconnect();
  return {
    database: input.database,
    customers,
    orders,
    firstRunSeconds,
    dailyRunSeconds,
    overviewSeconds,
    backfilledMonths: first.backfilledMonths,
    scored: first.scored,
    firstRunSteps,
    dailyRunSteps,
    cohortsSeconds: dailyRunSteps.cohorts,
    dashboard: { runs: DASHBOARD_RUNS, latencyMs: latency(dashboardMs) },
  };
}

childMain((input: AnalyticsInput) => (input.mode === "generate" ? generate(input) : recompute(input)));
