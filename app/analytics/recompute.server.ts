/**
 * RFM and CPM classes, computed in the database. The full recompute is set-based: one aggregation of the shop's
 * counted orders (not cancelled, not deleted) into a temporary table with the quintile scores (RANK() window
 * functions), then one INSERT … SELECT … ON CONFLICT into CustomerAnalysis (changed rows only), one into CpmSnapshot
 * for the current month and, on the first run, one for the previous month end from the same pass. Plain SQL that
 * SQLite (3.35+: window functions, MATERIALIZED, upsert) and PostgreSQL both run; only the epoch-seconds expression,
 * the temporary table's lifetime and SQLite's table scan hint differ. The classes' rules are generated from
 * app/analytics/classes.ts, so the SQL and the one-customer path (recomputeCustomerClasses) cannot drift.
 * See docs/decisions/008-rfm-and-cpm.md.
 */
import { Prisma } from "@tsunagu-generated/prisma-sqlite";
import prisma from "../db.server";
import { isPostgresUrl } from "../env.server";
import {
  cpmClassOf,
  type CpmThresholds,
  dayNumber,
  DEFAULT_RFM_WINDOW_DAYS,
  monthOf,
  monthStart,
  NO_PURCHASE,
  parseThresholds,
  RFM_MAP,
  rfmClassOf,
  type ScoreBoundaries,
  scoreFromBoundaries,
  type StoredRfmClass,
  utcOffsetMinutes,
} from "./classes";
import { computeCohortReport } from "./cohorts.server";

/** How many past month ends the first run fills from order history, so month-over-month movement has data at once. */
export const BACKFILL_MONTHS = 1;
/** The worker recomputes a shop at most this often unless the merchant asks. */
export const RECOMPUTE_EVERY_MS = 24 * 60 * 60_000;
/** A run that has shown no end for this long is taken as dead (its process stopped); another may start. */
export const RUN_STALE_MS = 10 * 60_000;

export type RunStats = {
  startedAt?: string;
  runningSince?: string | null;
  requestedAt?: string | null;
  durationMs?: number;
  customers?: number;
  scored?: number;
  withPurchases?: number;
  nowDay?: number;
  offsetMinutes?: number;
  windowDays?: number;
  backfilledMonths?: string[];
  boundaries?: ScoreBoundaries;
};

export function parseRunStats(json: string | null | undefined): RunStats {
  try {
    const value: unknown = JSON.parse(json ?? "{}");
    return value && typeof value === "object" ? (value as RunStats) : {};
  } catch {
    return {};
  }
}

const postgres = () => isPostgresUrl(process.env.DATABASE_URL ?? "");

type Runner = Pick<typeof prisma, "$executeRawUnsafe" | "$queryRawUnsafe">;

/**
 * Runs a statement built with Prisma.sql. The fragments come from the SQLite client's Prisma namespace, which the
 * PostgreSQL client does not recognise as SQL inside its own tagged template, so the text and values go in plainly,
 * with each database's placeholders ($1 or ?).
 */
function exec(db: Runner, sql: Prisma.Sql): Promise<number> {
  return db.$executeRawUnsafe(postgres() ? sql.text : sql.sql, ...sql.values);
}

export function query<T>(db: Runner, sql: Prisma.Sql): Promise<T[]> {
  return db.$queryRawUnsafe<T[]>(postgres() ? sql.text : sql.sql, ...sql.values);
}

/** Whole seconds since 1970 of a DateTime column; SQLite stores Prisma's ISO text, PostgreSQL a timestamp(3). */
function epochOf(column: string): Prisma.Sql {
  return Prisma.raw(
    postgres() ? `CAST(FLOOR(EXTRACT(EPOCH FROM ${column})) AS BIGINT)` : `CAST(strftime('%s', ${column}) AS INTEGER)`,
  );
}

/** A DateTime value as the column stores it. */
function timestamp(at: Date): Prisma.Sql {
  const iso = at.toISOString();
  return postgres() ? Prisma.sql`CAST(${iso} AS TIMESTAMP(3))` : Prisma.sql`${iso.replace("Z", "+00:00")}`;
}

/** A number written into the SQL text (validated finite first: thresholds come from settings, never raw input). */
function literal(value: number): Prisma.Sql {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return Prisma.raw(String(value));
}

type Frame = {
  shop: string;
  /** Orders processed before this instant count. */
  cutoff: Date;
  offsetMinutes: number;
  nowDay: number;
  windowDays: number;
  /** Past month ends (exclusive instants) whose counts, spend and last purchase come out of the same pass. */
  monthEnds?: Date[];
};

/** The calendar day of a DateTime column (or expression) at the shop's offset. */
function dayOf(expression: string, offsetMinutes: number): Prisma.Sql {
  return Prisma.sql`((${epochOf(expression)} + ${literal(offsetMinutes * 60)}) / 86400)`;
}

/**
 * Per customer: counted orders before the cutoff, spend, first and last purchase day, and the orders and spend inside
 * the RFM window (fewer than windowDays days ago); with `monthEnds`, the count, spend and last purchase day before each.
 * Rows are compared on the stored DateTime (Prisma's ISO text sorts as time on SQLite), so no date function runs per
 * order; days are computed once per customer. Only customers present and not deleted.
 */
function aggregate(frame: Frame, customerShopifyId?: string, scanWholeTable = false): Prisma.Sql {
  const offsetSeconds = frame.offsetMinutes * 60;
  const windowStart = timestamp(new Date(((frame.nowDay - frame.windowDays + 1) * 86_400 - offsetSeconds) * 1000));
  const oneCustomer = customerShopifyId ? Prisma.sql`AND o."customerShopifyId" = ${customerShopifyId}` : Prisma.empty;
  const months = frame.monthEnds ?? [];
  const inner = months.map((end, i) => {
    const before = timestamp(end);
    return Prisma.sql`, SUM(CASE WHEN o."processedAt" < ${before} THEN 1 ELSE 0 END) AS ${Prisma.raw(`n${i}`)},
      ROUND(SUM(CASE WHEN o."processedAt" < ${before} THEN o."totalPrice" ELSE 0 END), 2) AS ${Prisma.raw(`s${i}`)},
      MAX(CASE WHEN o."processedAt" < ${before} THEN o."processedAt" END) AS ${Prisma.raw(`l${i}`)}`;
  });
  const outer = months.map(
    (_, i) => Prisma.sql`, g.${Prisma.raw(`n${i}`)}, g.${Prisma.raw(`s${i}`)}, ${dayOf(`g.l${i}`, frame.offsetMinutes)} AS ${Prisma.raw(`l${i}`)}`,
  );
  return Prisma.sql`
    SELECT g.cid, g.n, g.spent, ${dayOf("g.first_at", frame.offsetMinutes)} AS first_day,
      ${dayOf("g.last_at", frame.offsetMinutes)} AS last_day, g.wn, g.wm ${months.length ? Prisma.join(outer, " ") : Prisma.empty}
    FROM (
      SELECT o."customerShopifyId" AS cid, COUNT(*) AS n, ROUND(SUM(o."totalPrice"), 2) AS spent,
        MIN(o."processedAt") AS first_at, MAX(o."processedAt") AS last_at,
        SUM(CASE WHEN o."processedAt" >= ${windowStart} THEN 1 ELSE 0 END) AS wn,
        ROUND(SUM(CASE WHEN o."processedAt" >= ${windowStart} THEN o."totalPrice" ELSE 0 END), 2) AS wm
        ${months.length ? Prisma.join(inner, " ") : Prisma.empty}
      FROM "Order" o ${scanWholeTable ? Prisma.raw("NOT INDEXED") : Prisma.empty}
      WHERE o."shop" = ${frame.shop} AND o."customerShopifyId" IS NOT NULL ${oneCustomer}
        AND o."cancelledAt" IS NULL AND o."deletedAt" IS NULL AND o."processedAt" < ${timestamp(frame.cutoff)}
      GROUP BY o."customerShopifyId"
    ) g
    JOIN "Customer" c ON c."shop" = ${frame.shop} AND c."shopifyId" = g.cid AND c."deletedAt" IS NULL`;
}

type CpmColumns = { n: string; spent: string; first: string; last: string };
const CURRENT: CpmColumns = { n: "a.n", spent: "a.spent", first: "a.first_day", last: "a.last_day" };

/** The CPM class from aggregate columns (purchases, spend, first and last purchase day) on day `nowDay`. */
function cpmCase(t: CpmThresholds, nowDay: number, c: CpmColumns = CURRENT): Prisma.Sql {
  const [n, spent, first, last] = [c.n, c.spent, c.first, c.last].map((col) => Prisma.raw(col));
  return Prisma.sql`'cpm_' || CASE
      WHEN ${n} <= ${literal(t.firstPurchaseMaxOrders)} THEN 'shokai'
      WHEN ${last} - ${first} < ${literal(t.youngTenureDays)} THEN 'yochiyochi'
      WHEN ${spent} < ${literal(t.spendAmount)} THEN 'kotsukotsu'
      WHEN ${last} - ${first} < ${literal(t.trendTenureDays)} THEN 'ryuko'
      ELSE 'yuryo' END
    || CASE WHEN ${literal(nowDay)} - ${last} >= ${literal(t.lapseDays)} THEN '_lapsed' ELSE '_active' END`;
}

/** The RFM class of scores a.r, a.f, a.m from RFM_MAP (FM = (F + M + 1) div 2). */
function rfmCase(): Prisma.Sql {
  const whens = Object.entries(RFM_MAP).flatMap(([r, row]) =>
    row.map((cls, index) => `WHEN ${Number(r) * 10 + index + 1} THEN '${cls}'`),
  );
  return Prisma.raw(`CASE a.r * 10 + (a.f + a.m + 1) / 2 ${whens.join(" ")} END`);
}

export type RecomputeOptions = {
  now?: Date;
  backfillMonths?: number;
  /** Told how long each step took (the benchmark prints them). */
  onStep?: (step: string, ms: number) => void;
};
export type RecomputeResult = { customers: number; scored: number; durationMs: number; backfilledMonths: string[] };

async function shopFrame(shop: string, now: Date) {
  const [row, settings] = await Promise.all([
    prisma.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } }),
    prisma.analysisSettings.findUnique({ where: { shop } }),
  ]);
  const offsetMinutes = utcOffsetMinutes(row?.ianaTimezone ?? "Asia/Tokyo", now);
  return {
    offsetMinutes,
    nowDay: dayNumber(now, offsetMinutes),
    windowDays: settings?.rfmWindowDays ?? DEFAULT_RFM_WINDOW_DAYS,
    thresholds: parseThresholds(settings?.cpmThresholds),
    settings,
  };
}

/**
 * Recomputes every customer's RFM and CPM class in the shop, the current month's CPM snapshot (and, when the shop has
 * no earlier snapshot, the last BACKFILL_MONTHS month ends from order history), and records the run on
 * AnalysisSettings. Customers without a counted purchase get `no_purchase` and no CPM class; those whose purchases
 * all fall outside the RFM window get `lost` with scores 0.
 */
export async function recomputeShopAnalysis(shop: string, options: RecomputeOptions = {}): Promise<RecomputeResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const { offsetMinutes, nowDay, windowDays, thresholds } = await shopFrame(shop, now);
  const month = monthOf(now, offsetMinutes);
  const pg = postgres();
  // The first run also fills past month ends from order history (same pass over the orders, extra columns).
  const earlier = await prisma.cpmSnapshot.findFirst({ where: { shop, month: { lt: month } }, select: { month: true } });
  const past = earlier
    ? []
    : Array.from({ length: options.backfillMonths ?? BACKFILL_MONTHS }, (_, i) => {
        const end = monthStart(month, offsetMinutes, -i);
        return { month: monthOf(monthStart(month, offsetMinutes, -i - 1), offsetMinutes), end, day: dayNumber(new Date(end.getTime() - 1000), offsetMinutes) };
      });
  const frame: Frame = { shop, cutoff: new Date(now.getTime() + 1000), offsetMinutes, nowDay, windowDays, monthEnds: past.map((p) => p.end) };

  // SQLite walks the (shop, customer, processedAt) index to spare the GROUP BY a sort, then reads each order's row out
  // of table order: twice as slow as one scan of the table when the shop owns it (the embedded default, one shop).
  // Where several shops share the file, the index keeps the read to this shop's orders.
  const scanWholeTable = !pg && (await prisma.shop.count()) <= 1;
  let mark = performance.now();
  const step = (name: string) => {
    const at = performance.now();
    options.onStep?.(name, at - mark);
    mark = at;
  };
  const result = await prisma.$transaction(
    async (tx) => {
      // Room for the aggregation and the three rank sorts in memory rather than on disk.
      if (pg) await tx.$executeRawUnsafe(`SET LOCAL work_mem = '128MB'`);
      if (!pg) await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS temp.analysis_run`);
      // PostgreSQL takes no bind parameters in CREATE TABLE … AS: the table is made first, then filled.
      const pastColumns = past.flatMap((_, i) => [`n${i} BIGINT`, `s${i} NUMERIC`, `l${i} BIGINT`]);
      const columns = ["cid TEXT", "n BIGINT", "spent NUMERIC", "first_day BIGINT", "last_day BIGINT", "wn BIGINT", "wm NUMERIC"]
        .concat(pastColumns, ["r BIGINT", "f BIGINT", "m BIGINT"]);
      await tx.$executeRawUnsafe(`CREATE TEMP TABLE analysis_run (${columns.join(", ")})${pg ? " ON COMMIT DROP" : ""}`);
      const pastSelect = past.map((_, i) => `, agg.n${i}, agg.s${i}, agg.l${i}`).join("");
      // Scores: 1 + floor(5 × (RANK − 1) / N) over customers with a purchase in the window; ties share a score.
      await exec(tx, Prisma.sql`INSERT INTO analysis_run (${Prisma.raw(columns.map((c) => c.split(" ")[0]).join(", "))})
        WITH agg AS MATERIALIZED (${aggregate(frame, undefined, scanWholeTable)}),
        inwin AS (
          SELECT cid, last_day, wn, wm, COUNT(*) OVER () AS total,
            RANK() OVER (ORDER BY last_day) AS r_rank, RANK() OVER (ORDER BY wn) AS f_rank, RANK() OVER (ORDER BY wm) AS m_rank
          FROM agg WHERE wn > 0
        )
        SELECT agg.cid, agg.n, agg.spent, agg.first_day, agg.last_day, agg.wn, agg.wm ${Prisma.raw(pastSelect)},
          1 + (5 * (i.r_rank - 1)) / i.total AS r, 1 + (5 * (i.f_rank - 1)) / i.total AS f,
          1 + (5 * (i.m_rank - 1)) / i.total AS m
        FROM agg LEFT JOIN inwin i ON i.cid = agg.cid`);
      // PostgreSQL has no statistics on a fresh temporary table; without them it may join it row by row.
      if (pg) await tx.$executeRawUnsafe(`ANALYZE analysis_run`);
      step("aggregate and score");
      // Rows of customers gone since the last run go; the others are written only where a class or score changed
      // (most do not from one day to the next), so computedAt is when the row last changed.
      await exec(tx, Prisma.sql`
        DELETE FROM "CustomerAnalysis" WHERE "shop" = ${shop} AND "customerShopifyId" NOT IN (
          SELECT "shopifyId" FROM "Customer" WHERE "shop" = ${shop} AND "deletedAt" IS NULL)`);
      step("delete classes");
      await exec(tx, Prisma.sql`
        INSERT INTO "CustomerAnalysis"
          ("shop", "customerShopifyId", "recencyScore", "frequencyScore", "monetaryScore", "rfmClass", "cpmClass", "computedAt")
        SELECT c."shop", c."shopifyId", COALESCE(a.r, 0), COALESCE(a.f, 0), COALESCE(a.m, 0),
          CASE WHEN a.cid IS NULL THEN ${NO_PURCHASE} WHEN a.r IS NULL THEN 'lost' ELSE ${rfmCase()} END,
          CASE WHEN a.cid IS NULL THEN NULL ELSE ${cpmCase(thresholds, nowDay)} END,
          ${timestamp(now)}
        FROM "Customer" c
        LEFT JOIN analysis_run a ON a.cid = c."shopifyId"
        WHERE c."shop" = ${shop} AND c."deletedAt" IS NULL
        ON CONFLICT ("shop", "customerShopifyId") DO UPDATE SET
          "recencyScore" = excluded."recencyScore", "frequencyScore" = excluded."frequencyScore",
          "monetaryScore" = excluded."monetaryScore", "rfmClass" = excluded."rfmClass", "cpmClass" = excluded."cpmClass",
          "computedAt" = excluded."computedAt"
        WHERE "CustomerAnalysis"."rfmClass" <> excluded."rfmClass"
          OR COALESCE("CustomerAnalysis"."cpmClass", '') <> COALESCE(excluded."cpmClass", '')
          OR "CustomerAnalysis"."recencyScore" <> excluded."recencyScore"
          OR "CustomerAnalysis"."frequencyScore" <> excluded."frequencyScore"
          OR "CustomerAnalysis"."monetaryScore" <> excluded."monetaryScore"`);
      const customers = await tx.customerAnalysis.count({ where: { shop } });
      step("write classes");
      const bounds = await query<{ score: number | bigint; axis: string; lowest: number | string | null }>(tx, Prisma.sql`
        SELECT r AS score, 'recency' AS axis, MIN(last_day - ${literal(nowDay)}) AS lowest FROM analysis_run WHERE r IS NOT NULL GROUP BY r
        UNION ALL SELECT f, 'frequency', MIN(wn) FROM analysis_run WHERE f IS NOT NULL GROUP BY f
        UNION ALL SELECT m, 'monetary', MIN(wm) FROM analysis_run WHERE m IS NOT NULL GROUP BY m`);
      const [withPurchases] = await query<{ n: number | bigint }>(tx, Prisma.sql`SELECT COUNT(*) AS n FROM analysis_run`);

      await exec(tx, Prisma.sql`
        DELETE FROM "CpmSnapshot" WHERE "shop" = ${shop} AND "month" = ${month} AND "customerShopifyId" NOT IN (
          SELECT "customerShopifyId" FROM "CustomerAnalysis" WHERE "shop" = ${shop} AND "cpmClass" IS NOT NULL)`);
      await exec(tx, Prisma.sql`
        INSERT INTO "CpmSnapshot" ("shop", "month", "customerShopifyId", "cpmClass")
        SELECT "shop", ${month}, "customerShopifyId", "cpmClass" FROM "CustomerAnalysis"
        WHERE "shop" = ${shop} AND "cpmClass" IS NOT NULL
        ON CONFLICT ("shop", "month", "customerShopifyId") DO UPDATE SET "cpmClass" = excluded."cpmClass"
        WHERE "CpmSnapshot"."cpmClass" <> excluded."cpmClass"`);
      step("boundaries and this month's snapshot");
      for (const [i, p] of past.entries()) {
        const columnsAt: CpmColumns = { n: `a.n${i}`, spent: `a.s${i}`, first: "a.first_day", last: `a.l${i}` };
        await exec(tx, Prisma.sql`
          INSERT INTO "CpmSnapshot" ("shop", "month", "customerShopifyId", "cpmClass")
          SELECT ${shop}, ${p.month}, a.cid, ${cpmCase(thresholds, p.day, columnsAt)}
          FROM analysis_run a WHERE ${Prisma.raw(`a.n${i}`)} > 0`);
      }
      if (past.length) step("past month snapshots");
      if (!pg) await tx.$executeRawUnsafe(`DROP TABLE temp.analysis_run`);
      const backfilled = past.map((p) => p.month);

      const boundaries: ScoreBoundaries = { recency: [], frequency: [], monetary: [] };
      for (const axis of ["recency", "frequency", "monetary"] as const) boundaries[axis] = [null, null, null, null, null];
      for (const b of bounds) {
        const axis = b.axis as keyof ScoreBoundaries;
        const index = Number(b.score) - 1;
        if (boundaries[axis] && index >= 0 && index < 5 && b.lowest !== null) boundaries[axis][index] = Number(b.lowest);
      }
      return { customers, withPurchases: Number(withPurchases?.n ?? 0), boundaries, backfilled };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
  step("commit");
  // F2, cohort retention, repeat rate and LTV by acquisition month, stored for the cohorts page and the dashboard.
  await computeCohortReport(shop, { now });
  step("cohorts");

  const scored = await prisma.customerAnalysis.count({ where: { shop, recencyScore: { gt: 0 } } });
  const durationMs = Math.round(performance.now() - started);
  // A request made while this run was under way stays, so the worker runs once more with the newest settings.
  const current = await prisma.analysisSettings.findUnique({ where: { shop }, select: { lastRunStats: true } });
  const requestedAt = parseRunStats(current?.lastRunStats).requestedAt ?? null;
  const keepRequest = requestedAt && new Date(requestedAt).getTime() > now.getTime() ? requestedAt : null;
  const stats: RunStats = {
    startedAt: now.toISOString(),
    runningSince: null,
    requestedAt: keepRequest,
    durationMs,
    customers: result.customers,
    scored,
    withPurchases: result.withPurchases,
    nowDay,
    offsetMinutes,
    windowDays,
    backfilledMonths: result.backfilled,
    boundaries: result.boundaries,
  };
  await prisma.analysisSettings.upsert({
    where: { shop },
    create: { shop, lastComputedAt: now, lastRunStats: JSON.stringify(stats) },
    update: { lastComputedAt: now, lastRunStats: JSON.stringify(stats) },
  });
  return { customers: result.customers, scored, durationMs, backfilledMonths: result.backfilled };
}

type AggregateRow = {
  cid: string;
  n: number | bigint;
  spent: number | string | null;
  first_day: number | bigint;
  last_day: number | bigint;
  wn: number | bigint;
  wm: number | string | null;
};

/**
 * After an order webhook: recomputes the given customers' CPM class exactly and their RFM scores against the quintile
 * boundaries of the last full run (ranking the whole shop again per order would cost a full recompute), and updates
 * the current month's snapshot. Does nothing before the shop's first full run.
 */
export async function recomputeCustomerClasses(shop: string, customerShopifyIds: string[], options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const { offsetMinutes, nowDay, windowDays, thresholds, settings } = await shopFrame(shop, now);
  if (!settings?.lastComputedAt) return;
  const boundaries = parseRunStats(settings.lastRunStats).boundaries;
  const month = monthOf(now, offsetMinutes);
  const frame: Frame = { shop, cutoff: new Date(now.getTime() + 1000), offsetMinutes, nowDay, windowDays };
  for (const customerShopifyId of [...new Set(customerShopifyIds)]) {
    const exists = await prisma.customer.findFirst({ where: { shop, shopifyId: customerShopifyId, deletedAt: null }, select: { id: true } });
    if (!exists) continue;
    const [row] = await query<AggregateRow>(prisma, aggregate(frame, customerShopifyId));
    const classes = classesOf(row, nowDay, thresholds, boundaries);
    const key = { shop_customerShopifyId: { shop, customerShopifyId } };
    await prisma.$transaction([
      prisma.customerAnalysis.upsert({
        where: key,
        create: { shop, customerShopifyId, ...classes, computedAt: now },
        update: { ...classes, computedAt: now },
      }),
      classes.cpmClass
        ? prisma.cpmSnapshot.upsert({
            where: { shop_month_customerShopifyId: { shop, month, customerShopifyId } },
            create: { shop, month, customerShopifyId, cpmClass: classes.cpmClass },
            update: { cpmClass: classes.cpmClass },
          })
        : prisma.cpmSnapshot.deleteMany({ where: { shop, month, customerShopifyId } }),
    ]);
  }
}

/** The classes of one aggregate row (the JavaScript twin of the SQL, for one customer at a time). */
export function classesOf(
  row: AggregateRow | undefined,
  nowDay: number,
  thresholds: CpmThresholds,
  boundaries: ScoreBoundaries | undefined,
): { recencyScore: number; frequencyScore: number; monetaryScore: number; rfmClass: StoredRfmClass; cpmClass: string | null } {
  if (!row || Number(row.n) === 0) {
    return { recencyScore: 0, frequencyScore: 0, monetaryScore: 0, rfmClass: NO_PURCHASE, cpmClass: null };
  }
  const lastDay = Number(row.last_day);
  const cpmClass = cpmClassOf(
    { orders: Number(row.n), spent: Number(row.spent ?? 0), tenureDays: lastDay - Number(row.first_day), daysSinceLast: nowDay - lastDay },
    thresholds,
  );
  if (Number(row.wn) === 0 || !boundaries) {
    return { recencyScore: 0, frequencyScore: 0, monetaryScore: 0, rfmClass: "lost", cpmClass };
  }
  const r = scoreFromBoundaries(lastDay - nowDay, boundaries.recency);
  const f = scoreFromBoundaries(Number(row.wn), boundaries.frequency);
  const m = scoreFromBoundaries(Number(row.wm ?? 0), boundaries.monetary);
  return { recencyScore: r, frequencyScore: f, monetaryScore: m, rfmClass: rfmClassOf(r, f, m), cpmClass };
}

// -----------------------------------------------------------------------------------------------------------------
// Scheduling: the worker's daily run, the merchant's "Recompute now", and the run after the initial sync.

/** Asks for a recompute soon (the worker picks it up on its next poll). */
export async function requestAnalysisRecompute(shop: string, now = new Date()): Promise<void> {
  const current = await prisma.analysisSettings.findUnique({ where: { shop }, select: { lastRunStats: true } });
  const stats = { ...parseRunStats(current?.lastRunStats), requestedAt: now.toISOString() };
  await prisma.analysisSettings.upsert({
    where: { shop },
    create: { shop, lastRunStats: JSON.stringify(stats) },
    update: { lastRunStats: JSON.stringify(stats) },
  });
}

export function isRunning(stats: RunStats, now = new Date()): boolean {
  return Boolean(stats.runningSince && now.getTime() - new Date(stats.runningSince).getTime() < RUN_STALE_MS);
}

const CHECK_EVERY_MS = 3000;
let nextCheckAt = 0;

/** Recomputes the shops that asked, and those whose classes are a day old (once their initial sync completed). */
export async function runDueAnalyses(options: { now?: Date; log?: (msg: string, ctx?: object) => void } = {}) {
  // The worker calls this on every poll; looking at most every few seconds keeps an idle worker's queries few.
  if (!options.now) {
    if (Date.now() < nextCheckAt) return;
    nextCheckAt = Date.now() + CHECK_EVERY_MS;
  }
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});
  const shops = await prisma.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
  if (shops.length === 0) return;
  const domains = shops.map((s) => s.domain);
  const [settings, synced] = await Promise.all([
    prisma.analysisSettings.findMany({ where: { shop: { in: domains } } }),
    prisma.syncRun.findMany({ where: { shop: { in: domains }, kind: "initial", status: "completed" }, select: { shop: true }, distinct: ["shop"] }),
  ]);
  const byShop = new Map(settings.map((s) => [s.shop, s]));
  const syncedShops = new Set(synced.map((s) => s.shop));
  for (const shop of domains) {
    const row = byShop.get(shop);
    const stats = parseRunStats(row?.lastRunStats);
    if (isRunning(stats, now)) continue;
    const requested = Boolean(stats.requestedAt) && (!row?.lastComputedAt || new Date(stats.requestedAt!) > row.lastComputedAt);
    const stale = syncedShops.has(shop) && (!row?.lastComputedAt || now.getTime() - row.lastComputedAt.getTime() >= RECOMPUTE_EVERY_MS);
    if (!requested && !stale) continue;
    await markRunning(shop, stats, now);
    try {
      const result = await recomputeShopAnalysis(shop, { now });
      log("analysis recomputed", { shop, ...result });
    } catch (error) {
      await markRunning(shop, { ...stats, requestedAt: null }, null);
      log("analysis recompute failed", { shop, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

async function markRunning(shop: string, stats: RunStats, since: Date | null) {
  const next = JSON.stringify({ ...stats, runningSince: since ? since.toISOString() : null });
  await prisma.analysisSettings.upsert({ where: { shop }, create: { shop, lastRunStats: next }, update: { lastRunStats: next } });
}
