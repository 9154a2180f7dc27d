/**
 * Workload "segments": the segment builder's live count (app/segments/segments.server.ts `countSegment`: the COUNT and
 * the sample of ten members, as the count route answers) at 100k customers / 1M orders, on the app database the
 * analytics workload generated and scored (tags, orders, RFM classes). One function per measurement, so others can be
 * added beside `liveCount`.
 *
 * Setup, not timed: the customers' order facts (ordersCount, totalSpent…) are computed once with the app's set-based
 * recompute (app/customers/facts.server.ts), as the initial sync does after loading orders.
 */
import { recomputeAllCustomerFacts } from "../../app/customers/facts.server";
import prisma from "../../app/db.server";
import { compileRule } from "../../app/segments/compile.server";
import type { SegmentGroup } from "../../app/segments/rule";
import { countSegment } from "../../app/segments/segments.server";
import { childMain } from "../lib/child";
import { type Latency, latency } from "../lib/stats";

export type SegmentsInput = { database: "sqlite" | "postgresql"; shop: string; runs: number; anchor: string };

export type LiveCountResult = { rule: string; runs: number; count: number; latencyMs: Latency; plan: string[] };

export type SegmentsResult = {
  database: "sqlite" | "postgresql";
  customers: number;
  orders: number;
  factsSeconds: number;
  liveCount: LiveCountResult;
};

/** The rule: one order fact, one tag (on ~10% of customers), one RFM class. */
export const THREE_CONDITIONS: SegmentGroup = {
  type: "group",
  op: "and",
  children: [
    { type: "condition", field: "ordersCount", operator: "gte", value: 2 },
    { type: "condition", field: "tags", operator: "includesAny", value: ["VIP"] },
    { type: "condition", field: "rfmClass", operator: "in", value: ["champions"] },
  ],
};

/** The database's plan for the count statement (EXPLAIN QUERY PLAN / EXPLAIN), for the report. */
async function countPlan(input: SegmentsInput, rule: SegmentGroup, now: Date): Promise<string[]> {
  const where = compileRule(rule, { shop: input.shop, dialect: input.database, now });
  const sql = `SELECT COUNT(*) FROM "Customer" WHERE ${where.sql}`;
  if (input.database === "sqlite") {
    const rows = await prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, ...where.params);
    return rows.map((r) => r.detail);
  }
  const rows = await prisma.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ${sql}`, ...where.params);
  return rows.map((r) => r["QUERY PLAN"]);
}

/** The live count of the three-condition rule: 3 warm-up runs, then `runs` timed ones. */
export async function liveCount(input: SegmentsInput): Promise<LiveCountResult> {
  const now = new Date(input.anchor);
  let count = 0;
  for (let i = 0; i < 3; i++) count = (await countSegment(input.shop, THREE_CONDITIONS, { now })).count;
  const samples: number[] = [];
  for (let i = 0; i < input.runs; i++) {
    const started = performance.now();
    await countSegment(input.shop, THREE_CONDITIONS, { now });
    samples.push(performance.now() - started);
  }
  return {
    rule: "ordersCount ≥ 2 AND tag VIP AND rfmClass champions",
    runs: input.runs,
    count,
    latencyMs: latency(samples),
    plan: await countPlan(input, THREE_CONDITIONS, now),
  };
}

async function segments(input: SegmentsInput): Promise<SegmentsResult> {
  const started = performance.now();
  await recomputeAllCustomerFacts(input.shop);
  // Fresh planner statistics after the bulk writes, as autovacuum (PostgreSQL) or the app's ANALYZE would leave them.
  if (input.database === "postgresql") {
    for (const table of ["Customer", "CustomerTag", "CustomerAnalysis"]) await prisma.$executeRawUnsafe(`ANALYZE "${table}"`);
  } else {
    await prisma.$executeRawUnsafe(`ANALYZE`);
  }
  const factsSeconds = (performance.now() - started) / 1000;
  const [customers, orders] = await Promise.all([prisma.customer.count({ where: { shop: input.shop } }), prisma.order.count({ where: { shop: input.shop } })]);
  const result = { database: input.database, customers, orders, factsSeconds, liveCount: await liveCount(input) };
  await prisma.$disconnect();
  return result;
}

childMain(segments);
