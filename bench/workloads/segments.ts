/**
 * Workload "segments": the segment builder's live count (app/segments/segments.server.ts `countSegment`: the COUNT and
 * the sample of ten members, as the count route answers) at 100k customers / 1M orders, on the app database the
 * analytics workload generated and scored (tags, orders, RFM classes). One function per measurement, so others can be
 * added beside `liveCount`.
 *
 * Setup, not timed: the customers' order facts (ordersCount, totalSpent…) are computed once with the app's set-based
 * recompute (app/customers/facts.server.ts), as the initial sync does after loading orders; then inquiries are written
 * for one customer in five (1–3 each, a tenth still unresolved, plus guests' unlinked ones) for `inquiryLiveCount`.
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
  inquiries: number;
  inquiryLiveCount: LiveCountResult;
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

/**
 * A rule with inquiry facts (issue 4): a per-customer COUNT probe and NOT EXISTS probe on Inquiry's
 * (shop, customerShopifyId, createdAt) index for every customer with two or more orders.
 */
export const WITH_INQUIRIES: SegmentGroup = {
  type: "group",
  op: "and",
  children: [
    { type: "condition", field: "ordersCount", operator: "gte", value: 2 },
    { type: "condition", field: "inquiriesCount", operator: "gte", value: 1 },
    { type: "condition", field: "openInquiry", operator: "isNotSet", value: null },
  ],
};

const CHANNELS = ["form", "chat", "email", "phone", "in_person"];
const CATEGORIES = ["shipping", "returns", "product", "order_change", "payment", "other"];

/** Inquiries for one customer in five (by position), deterministic: 1–3 each, one in ten unresolved, and guests'. */
async function seedInquiries(input: SegmentsInput): Promise<number> {
  const customers = await prisma.customer.findMany({ where: { shop: input.shop }, select: { shopifyId: true }, orderBy: { shopifyId: "asc" } });
  const anchor = new Date(input.anchor).getTime();
  const rows: Array<{ shop: string; number: number; channel: string; status: string; category: string; customerShopifyId: string | null; customerLink: string; createdAt: Date; lastMessageAt: Date }> = [];
  let number = 1001;
  const add = (customerShopifyId: string | null, i: number) => {
    const createdAt = new Date(anchor - ((i * 7919) % 365) * 86_400_000);
    rows.push({
      shop: input.shop,
      number: number++,
      channel: CHANNELS[i % CHANNELS.length]!,
      status: i % 10 === 0 ? "open" : "resolved",
      category: CATEGORIES[i % CATEGORIES.length]!,
      customerShopifyId,
      customerLink: customerShopifyId ? "linked" : "pending",
      createdAt,
      lastMessageAt: createdAt,
    });
  };
  customers.forEach((c, i) => {
    if (i % 5 !== 0) return;
    for (let k = 0; k <= i % 3; k++) add(c.shopifyId, i + k);
    if (i % 25 === 0) add(null, i);
  });
  for (let i = 0; i < rows.length; i += 5000) await prisma.inquiry.createMany({ data: rows.slice(i, i + 5000) });
  return rows.length;
}

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

/** The live count of `rule`: 3 warm-up runs, then `runs` timed ones. */
async function timedCount(input: SegmentsInput, rule: SegmentGroup, label: string): Promise<LiveCountResult> {
  const now = new Date(input.anchor);
  let count = 0;
  for (let i = 0; i < 3; i++) count = (await countSegment(input.shop, rule, { now })).count;
  const samples: number[] = [];
  for (let i = 0; i < input.runs; i++) {
    const started = performance.now();
    await countSegment(input.shop, rule, { now });
    samples.push(performance.now() - started);
  }
  return { rule: label, runs: input.runs, count, latencyMs: latency(samples), plan: await countPlan(input, rule, now) };
}

/** The live count of the three-condition rule. */
export function liveCount(input: SegmentsInput): Promise<LiveCountResult> {
  return timedCount(input, THREE_CONDITIONS, "ordersCount ≥ 2 AND tag VIP AND rfmClass champions");
}

/** The live count of the rule over inquiry facts. */
export function inquiryLiveCount(input: SegmentsInput): Promise<LiveCountResult> {
  return timedCount(input, WITH_INQUIRIES, "ordersCount ≥ 2 AND inquiriesCount ≥ 1 AND no open inquiry");
}

async function segments(input: SegmentsInput): Promise<SegmentsResult> {
  const started = performance.now();
  await recomputeAllCustomerFacts(input.shop);
  const inquiries = await seedInquiries(input);
  // Fresh planner statistics after the bulk writes, as autovacuum (PostgreSQL) or the app's ANALYZE would leave them.
  if (input.database === "postgresql") {
    for (const table of ["Customer", "CustomerTag", "CustomerAnalysis", "Inquiry"]) await prisma.$executeRawUnsafe(`ANALYZE "${table}"`);
  } else {
    await prisma.$executeRawUnsafe(`ANALYZE`);
  }
  const factsSeconds = (performance.now() - started) / 1000;
  const [customers, orders] = await Promise.all([prisma.customer.count({ where: { shop: input.shop } }), prisma.order.count({ where: { shop: input.shop } })]);
  const result = {
    database: input.database,
    customers,
    orders,
    factsSeconds,
    liveCount: await liveCount(input),
    inquiries,
    inquiryLiveCount: await inquiryLiveCount(input),
  };
  await prisma.$disconnect();
  return result;
}

childMain(segments);
