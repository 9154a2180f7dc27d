/**
 * `npm run bench [-- --size small|large] [--only seed,admin-api,bulk,webhooks,initial-sync,customers-index,webhook-intake,analytics,segments,segment-export,chat-latency,classifier,inbox-list]
 *   [--db path] [--pg] [--app-db path]`
 *
 * Throughput and scale figures for the local dev store, each printed with its workload size. Every workload runs in
 * its own child process (its peak RSS is its own); the seeded file is shared by the API and bulk workloads. Figures
 * go to stdout and to bench/results/<ISO timestamp>.json. Traffic stays on 127.0.0.1.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { runInChild } from "./lib/child";
import { mb, ms, num, rate, secs } from "./lib/stats";
import { BENCH_SHOP, PLANS, SEED_ANCHOR, SEED_CLI_HEAP_FLAGS, type SummaryRow, WORKLOADS, type WorkloadName, type WorkloadReport } from "./types";
import type { AdminApiInput, AdminApiResult } from "./workloads/admin-api";
import type { BulkInput, BulkResult } from "./workloads/bulk";
import type { SeedInput, SeedResult } from "./workloads/seed";
import type { WebhooksInput, WebhooksResult } from "./workloads/webhooks";
import { type AppDatabaseKind, appModuleEnv, createAppDatabase } from "./workloads/app-stack";
import type { CustomersIndexInput, CustomersIndexResult } from "./workloads/customers-index";
import type { InitialSyncInput, InitialSyncResult } from "./workloads/initial-sync";
import type { WebhookIntakeInput, WebhookIntakeResult } from "./workloads/webhook-intake";
import type { AnalyticsInput, AnalyticsResult } from "./workloads/analytics";
import type { SegmentExportInput, SegmentExportResult } from "./workloads/segment-export";
import type { SegmentsInput, SegmentsResult } from "./workloads/segments";
import type { InquiryIntakeInput, InquiryIntakeResult } from "./workloads/inquiry-intake";
import type { StorefrontLighthouseInput, StorefrontLighthouseResult } from "./workloads/storefront-lighthouse";
import type { ChatLatencyInput, ChatLatencyResult } from "./workloads/chat-latency";
import type { ClassifierInput, ClassifierResult } from "./workloads/classifier";
import type { InboxListInput, InboxListResult } from "./workloads/inbox-list";

const HERE = import.meta.dirname;
const workloadFile = (name: string) => path.join(HERE, "workloads", `${name}.ts`);

/** Issue 3's workloads: the app itself (production build) against the dev store. */
const APP_WORKLOADS = ["initial-sync", "customers-index", "webhook-intake", "analytics", "segments", "segment-export", "chat-latency", "inquiry-intake", "storefront-lighthouse", "classifier", "inbox-list"] as const;
type AppWorkloadName = (typeof APP_WORKLOADS)[number];
const ALL_WORKLOADS = [...WORKLOADS, ...APP_WORKLOADS] as const;
type AnyWorkloadName = WorkloadName | AppWorkloadName;
type Report = Omit<WorkloadReport, "name"> & { name: AnyWorkloadName };

/** Per-size knobs of the app workloads. */
const APP_PLANS = {
  small: { indexRuns: 50, intakeClients: 16, intakeSeconds: 5, syncTimeoutMs: 10 * 60_000 },
  large: { indexRuns: 60, intakeClients: 16, intakeSeconds: 20, syncTimeoutMs: 30 * 60_000 },
} as const;

/** The large seed kept on this machine; the app workloads copy it instead of seeding 100k customers again. */
const LARGE_SEED_FILE = path.resolve(HERE, "..", ".data", "bench-large.sqlite");

const Args = z.object({
  size: z.enum(["small", "large"]).default("large"),
  only: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return [...ALL_WORKLOADS];
      const names = value.split(",").map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(ALL_WORKLOADS as readonly string[]).includes(n));
      if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown workload ${unknown.join(", ")}; choose from ${ALL_WORKLOADS.join(", ")}` });
      return names as AnyWorkloadName[];
    }),
  db: z.string().optional(),
  /** Also run the app workloads on PostgreSQL (scripts/postgres.sh start). */
  pg: z.boolean().default(false),
  /**
   * customers-index on a copy of this already synced SQLite app database (migrated first) instead of after an
   * initial-sync run: seconds instead of minutes at 100k customers.
   */
  appDb: z.string().optional(),
});

const { values: rawValues } = parseArgs({
  options: { size: { type: "string" }, only: { type: "string" }, db: { type: "string" }, pg: { type: "boolean" }, "app-db": { type: "string" } },
});
const values = { ...rawValues, appDb: rawValues["app-db"] };
const parsed = Args.safeParse(values);
if (!parsed.success) {
  console.error(`bench: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  process.exit(2);
}
const args = parsed.data;
const plan = PLANS[args.size];
const appPlan = APP_PLANS[args.size];
const selected = new Set<AnyWorkloadName>(args.only);

const startedAt = new Date();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-"));
const dbPath = args.db ? path.resolve(args.db) : path.join(tmp, "devstore.sqlite");
const reports: Report[] = [];
const MINUTE = 60_000;

function say(line = "") {
  console.log(line);
}

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    loadAverageAtStart: os.loadavg(),
  };
}

async function seedWorkload(report: boolean): Promise<SeedResult> {
  const input: SeedInput = { dbPath, size: plan.size, anchor: SEED_ANCHOR };
  const { result, peakRssBytes } = await runInChild<SeedInput, SeedResult>(workloadFile("seed"), input, {
    nodeFlags: SEED_CLI_HEAP_FLAGS,
    timeoutMs: 15 * MINUTE,
  });
  const customers = result.shops.reduce((s, c) => s + c.customers, 0);
  const orders = result.shops.reduce((s, c) => s + c.orders, 0);
  const checkouts = result.shops.reduce((s, c) => s + c.checkouts, 0);
  const products = result.shops.reduce((s, c) => s + c.products, 0);
  const lineItems = result.orderLineItems + result.checkoutLineItems;
  const rows = products + customers + orders + checkouts + lineItems;
  const size = `${num(customers)} customers / ${num(orders)} orders`;
  const perShop = result.shops.map((c) => `${c.shop}: ${num(c.customers)} / ${num(c.orders)} / ${num(c.checkouts)}`).join("; ");
  const line =
    `seed ${plan.size}: ${size} / ${num(checkouts)} checkouts / ${num(lineItems)} line items (${perShop}) ` +
    `in ${secs(result.seconds)} = ${rate(rows, result.seconds)} rows/s (${num(rows)} rows incl. ${products} products and line items), ` +
    `peak RSS ${mb(result.seedPeakRssBytes)}, DB ${mb(result.dbBytes)}`;
  say(report ? line : `[setup, not a figure] ${line}`);
  if (report) {
    reports.push({
      name: "seed",
      lines: [line],
      summary: [
        {
          workload: "seed",
          size: `${size} (+${num(checkouts)} checkouts, ${num(lineItems)} line items)`,
          result: `${secs(result.seconds)}, ${rate(rows, result.seconds)} rows/s, DB ${mb(result.dbBytes)}`,
          peakRssBytes: result.seedPeakRssBytes,
        },
      ],
      figures: { ...result, rows, workloadPeakRssBytes: peakRssBytes, heapFlags: SEED_CLI_HEAP_FLAGS },
    });
  }
  return result;
}

async function adminApiWorkload(): Promise<void> {
  const input: AdminApiInput = {
    dbPath,
    shop: BENCH_SHOP,
    clients: plan.apiClients,
    secondsPerDocument: plan.apiSecondsPerDocument,
    throttledSeconds: plan.throttledSeconds,
  };
  const { result, peakRssBytes } = await runInChild<AdminApiInput, AdminApiResult>(workloadFile("admin-api"), input, {
    timeoutMs: 10 * MINUTE,
  });
  const shopSize = `${num(result.customersInShop)} customers / ${num(result.ordersInShop)} orders`;
  const lines: string[] = [];
  const summary: SummaryRow[] = [];
  for (const d of result.documents) {
    const l = d.latencyMs;
    const figure =
      d.requests === 0
        ? "FAILED: no successful answer"
        : `${rate(d.requests, d.seconds)} req/s, p50 ${ms(l.p50)} / p95 ${ms(l.p95)} / p99 ${ms(l.p99)}`;
    lines.push(
      `admin-api ${d.name} on ${shopSize}, ${d.clients} clients for ${secs(d.seconds)}: ${num(d.requests)} requests = ${figure}, ` +
        `${num(d.nodesPerRequest, 1)} nodes/answer, cost ${num(d.requestedCost)} requested / ${num(d.actualCost)} actual, ` +
        `${d.errors} errors${d.firstError ? ` (first: ${d.firstError})` : ""}`,
    );
    summary.push({
      workload: `admin-api ${d.name}`,
      size: `${shopSize}, ${d.clients} clients`,
      result: `${figure}${d.errors ? `, ${d.errors} errors` : ""}`,
      peakRssBytes,
    });
  }
  const t = result.throttled;
  const sustained = t.sustainedSeconds > 0 ? t.sustainedServed / t.sustainedSeconds : Number.NaN;
  const throttledLine =
    `admin-api throttled, one app, ${num(t.maximumAvailable)}/${num(t.restoreRate)} bucket, ${t.name} for ${secs(t.seconds)}: ` +
    `${num(t.served)} served (${num(t.burstServed)} from the full bucket in ${secs(t.burstSeconds)}, then ` +
    `${num(sustained, 2)} req/s sustained = ${num(sustained * t.actualCost)} points/s), ${num(t.throttled)} THROTTLED answers waited out, ` +
    `cost ${num(t.requestedCost)} requested / ${num(t.actualCost)} actual`;
  lines.push(throttledLine);
  summary.push({
    workload: `admin-api throttled ${t.name}`,
    size: `one app, ${num(t.maximumAvailable)}/${num(t.restoreRate)} bucket, ${secs(t.seconds)}`,
    result: `${num(sustained, 2)} req/s sustained after a burst of ${num(t.burstServed)}`,
    peakRssBytes,
  });
  lines.push(`admin-api dev store server peak RSS ${mb(peakRssBytes)} (API ${result.apiVersion}; clients ran in a separate process)`);
  lines.forEach((line) => say(line));
  reports.push({ name: "admin-api", lines, summary, figures: { ...result, peakRssBytes } });
}

const BULK_QUERIES = [
  {
    label: "customers",
    query: `{ customers { edges { node { id email firstName lastName tags numberOfOrders amountSpent { amount currencyCode } createdAt updatedAt } } } }`,
  },
  {
    label: "orders+lineItems",
    query: `{ orders { edges { node { id name processedAt displayFinancialStatus totalPriceSet { shopMoney { amount currencyCode } } customer { id } lineItems { edges { node { id title quantity sku } } } } } } }`,
  },
];

async function bulkWorkload(): Promise<void> {
  const lines: string[] = [];
  const summary: SummaryRow[] = [];
  const figures: Record<string, unknown> = {};
  for (const q of BULK_QUERIES) {
    const input: BulkInput = { dbPath, shop: BENCH_SHOP, label: q.label, query: q.query };
    const { result, peakRssBytes } = await runInChild<BulkInput, BulkResult>(workloadFile("bulk"), input, { timeoutMs: 15 * MINUTE });
    const size = q.label === "customers" ? `${num(result.rootObjects)} customers` : `${num(result.rootObjects)} orders + line items`;
    const figure = `${num(result.lines)} lines in ${secs(result.seconds)} = ${rate(result.lines, result.seconds)} lines/s`;
    const line = `bulk ${q.label}: ${size}: ${figure} (${rate(result.rootObjects, result.seconds)} root objects/s), JSONL ${mb(result.fileBytes)}, peak RSS ${mb(peakRssBytes)}`;
    say(line);
    lines.push(line);
    summary.push({ workload: `bulk ${q.label}`, size, result: `${figure}, ${mb(result.fileBytes)}`, peakRssBytes });
    figures[q.label] = { ...result, query: q.query, peakRssBytes };
  }
  reports.push({ name: "bulk", lines, summary, figures });
}

async function webhooksWorkload(): Promise<void> {
  const input: WebhooksInput = { shop: BENCH_SHOP, burst: plan.webhookBurst, paced: plan.webhookPaced, pacedPerSecond: plan.webhookPacedPerSecond };
  const { result, peakRssBytes } = await runInChild<WebhooksInput, WebhooksResult>(workloadFile("webhooks"), input, { timeoutMs: 10 * MINUTE });
  const lines: string[] = [];
  const summary: SummaryRow[] = [];
  for (const p of result.phases) {
    const l = p.emitToReceiptMs;
    const lost = p.missing + p.duplicates + p.badHmac + (p.emitted - p.deliveredInDb);
    const check =
      lost === 0 && result.strayReceipts === 0
        ? `all ${num(p.emitted)} ids received once with a valid HMAC, none lost`
        : `PROBLEM: ${p.missing} missing, ${p.duplicates} duplicates, ${p.badHmac} bad HMAC, ${p.emitted - p.deliveredInDb} not delivered in the DB, ${result.strayReceipts} stray`;
    const figure = `${rate(p.received, p.seconds)} deliveries/s, emit→receipt p50 ${ms(l.p50)} / p99 ${ms(l.p99)}`;
    const line = `webhooks ${p.name} (orders/create, ${num(result.payloadBytes)} B payloads, one shop, HMAC checked): ${num(p.received)} in ${secs(p.seconds)} = ${figure}; ${check}`;
    say(line);
    lines.push(line);
    summary.push({ workload: `webhooks ${p.name}`, size: `${num(p.emitted)} orders/create events`, result: `${figure}; ${lost === 0 ? "none lost" : "LOST/INVALID"}`, peakRssBytes });
  }
  reports.push({ name: "webhooks", lines, summary, figures: { ...result, peakRssBytes } });
}

const appDatabases = (): AppDatabaseKind[] => (args.pg ? ["sqlite", "postgresql"] : ["sqlite"]);

/** The seeded file the app's initial sync reads: --db, else the large seed kept in .data, else the run's own seed. */
function appSourceDb(): string {
  if (args.db) return dbPath;
  if (plan.size === "large" && !selected.has("seed") && fs.existsSync(LARGE_SEED_FILE)) return LARGE_SEED_FILE;
  return dbPath;
}

async function initialSyncWorkload(database: AppDatabaseKind, databaseUrl: string, report: boolean): Promise<InitialSyncResult> {
  const sourceDb = appSourceDb();
  const input: InitialSyncInput = { sourceDb, databaseUrl, database, shop: BENCH_SHOP, timeoutMs: appPlan.syncTimeoutMs };
  const { result } = await runInChild<InitialSyncInput, InitialSyncResult>(workloadFile("initial-sync"), input, {
    timeoutMs: appPlan.syncTimeoutMs + 5 * MINUTE,
  });
  const c = result.counts;
  const size = `${num(c.customers)} customers / ${num(c.orders)} orders / ${num(c.lineItems)} line items / ${num(c.checkouts)} checkouts`;
  const marks = Object.entries(result.phaseStartSeconds).sort((a, b) => a[1] - b[1]);
  const phases = marks
    .map(([phase, at], i) => `${phase} ${secs((marks[i + 1]?.[1] ?? result.seconds) - at)}`)
    .filter((_, i) => marks[i]![0] !== "completed")
    .join(", ");
  const figure = `${secs(result.seconds)} install→completed, ${rate(result.rows, result.seconds)} rows/s`;
  const line =
    `initial-sync (${database}) of ${BENCH_SHOP}: ${size} (${num(c.tags)} tag rows) from ${path.basename(sourceDb)}: ${figure} ` +
    `(phases: ${phases}), app peak RSS ${result.appPeakRssBytes === null ? "n/a" : mb(result.appPeakRssBytes)}`;
  say(report ? line : `[setup, not a figure] ${line}`);
  if (report) {
    reports.push({
      name: "initial-sync",
      lines: [line],
      summary: [{ workload: `initial-sync (${database})`, size, result: `${figure}; ${phases}`, peakRssBytes: result.appPeakRssBytes }],
      figures: { ...result, sourceDb },
    });
  }
  return result;
}

async function customersIndexWorkload(database: AppDatabaseKind, databaseUrl: string): Promise<void> {
  const input: CustomersIndexInput = { shop: BENCH_SHOP, runs: appPlan.indexRuns, database };
  const { result, peakRssBytes } = await runInChild<CustomersIndexInput, CustomersIndexResult>(workloadFile("customers-index"), input, {
    timeoutMs: 15 * MINUTE,
    env: appModuleEnv(databaseUrl),
  });
  const lines: string[] = [];
  const summary: SummaryRow[] = [];
  for (const c of result.cases) {
    const l = c.latencyMs;
    const figure = `p50 ${ms(l.p50)} / p95 ${ms(l.p95)} / p99 ${ms(l.p99)}`;
    lines.push(`customers-index (${database}) ${c.name} on ${num(result.customersInShop)} customers, ${c.runs} runs, ${num(c.total)} matches: ${figure}`);
    summary.push({
      workload: `customers-index (${database}) ${c.name}`,
      size: `${num(result.customersInShop)} customers, ${c.runs} runs, ${num(c.total)} matches`,
      result: figure,
      peakRssBytes,
    });
  }
  lines.unshift(`customers-index (${database}): ${num(result.customersWithReading)} of ${num(result.customersInShop)} customers given a reading (nameKana) before timing`);
  lines.forEach((line) => say(line));
  reports.push({ name: "customers-index", lines, summary, figures: { ...result, peakRssBytes } });
}

/** Issue 3's intake target: at least this many webhooks per second, p99 under 50 ms. The paced phase sends at it. */
const INTAKE_TARGET_PER_SECOND = 500;

async function webhookIntakeWorkload(database: AppDatabaseKind, databaseUrl: string): Promise<void> {
  const input: WebhookIntakeInput = {
    databaseUrl,
    database,
    shop: BENCH_SHOP,
    clients: appPlan.intakeClients,
    seconds: appPlan.intakeSeconds,
    pacedRate: INTAKE_TARGET_PER_SECOND,
  };
  const { result } = await runInChild<WebhookIntakeInput, WebhookIntakeResult>(workloadFile("webhook-intake"), input, { timeoutMs: 10 * MINUTE });
  const l = result.latencyMs;
  const figure = `${rate(result.accepted, result.seconds)} accepted/s, p50 ${ms(l.p50)} / p95 ${ms(l.p95)} / p99 ${ms(l.p99)}`;
  const check =
    result.lost === 0 && result.rejected === 0
      ? `all ${num(result.accepted)} recorded, none lost`
      : `PROBLEM: ${result.lost} lost, ${result.rejected} rejected${result.firstRejection ? ` (first: ${result.firstRejection})` : ""}`;
  const cpuMs = (value: number | null) => (value === null ? "n/a" : ms(value));
  const drain = result.drainSeconds === null ? "worker did not drain within 120 s" : `worker drained the backlog ${secs(result.drainSeconds)} after the last request`;
  const line =
    `webhook-intake (${database}) customers/update (${num(result.payloadBytes)} B, signed) to /webhooks/customers, ${result.clients} clients for ${secs(result.seconds)}: ` +
    `${num(result.accepted)} accepted = ${figure}; ${check}; ${drain}, ${result.failedEvents} failed events; ` +
    `app CPU per webhook ${cpuMs(result.appCpuMsPerWebhook.duringIntake)} while receiving, ${cpuMs(result.appCpuMsPerWebhook.untilDrained)} until drained; app peak RSS ${result.appPeakRssBytes === null ? "n/a" : mb(result.appPeakRssBytes)}`;
  const p = result.paced;
  const pacedFigure = p ? `p50 ${ms(p.latencyMs.p50)} / p95 ${ms(p.latencyMs.p95)} / p99 ${ms(p.latencyMs.p99)}` : null;
  const pacedLine = p
    ? `webhook-intake (${database}) paced at ${num(p.rate)}/s for ${secs(p.seconds)} (open loop, latency from the scheduled send): ` +
      `${num(p.accepted)} of ${num(p.sent)} accepted, ${pacedFigure}; ${p.lost === 0 && p.accepted === p.sent ? "none lost" : `PROBLEM: ${p.lost} lost, ${p.sent - p.accepted} refused`}`
    : null;
  say(line);
  if (pacedLine) say(pacedLine);
  reports.push({
    name: "webhook-intake",
    lines: pacedLine ? [line, pacedLine] : [line],
    summary: [
      {
        workload: `webhook-intake (${database})`,
        size: `${num(result.accepted)} customers/update webhooks, ${result.clients} clients, ${secs(result.seconds)}`,
        result: `${figure}; ${result.lost === 0 && result.rejected === 0 ? "none lost" : "LOST/REJECTED"}`,
        peakRssBytes: result.appPeakRssBytes,
      },
      ...(p && pacedFigure
        ? [
            {
              workload: `webhook-intake (${database}) paced`,
              size: `${num(p.sent)} webhooks at ${num(p.rate)}/s`,
              result: `${pacedFigure}; ${p.lost === 0 && p.accepted === p.sent ? "none lost" : "LOST/REFUSED"}`,
              peakRssBytes: null,
            },
          ]
        : []),
    ],
    figures: { ...result },
  });
}

/** Issue 4's budget: storefront inquiries through the app proxy at 300/s with p99 at most 100 ms (SQLite, loopback). */
const INQUIRY_TARGET_PER_SECOND = 300;

async function inquiryIntakeWorkload(database: AppDatabaseKind, databaseUrl: string): Promise<void> {
  const input: InquiryIntakeInput = { databaseUrl, database, shop: BENCH_SHOP, connections: appPlan.intakeClients, seconds: appPlan.intakeSeconds, pacedRate: INQUIRY_TARGET_PER_SECOND };
  const { result } = await runInChild<InquiryIntakeInput, InquiryIntakeResult>(workloadFile("inquiry-intake"), input, { timeoutMs: 10 * MINUTE });
  const lines: string[] = [];
  const summary: SummaryRow[] = [];
  for (const p of result.phases) {
    const l = p.latencyMs;
    const refused = Object.entries(p.refused).map(([status, count]) => `${num(count)}×${status}`).join(", ");
    const how =
      p.name === "paced"
        ? `paced at ${num(INQUIRY_TARGET_PER_SECOND)}/s (open loop, ${p.connections} connections)`
        : `${p.connections} connections, closed loop${p.name === "edge" ? ", honeypot filled: verified, limited and parsed, nothing stored" : ""}`;
    const figure = `${rate(p.created, p.seconds)} ${p.name === "edge" ? "answered 201" : "created"}/s, p50 ${ms(l.p50)} / p90 ${ms(l.p90)} / p99 ${ms(l.p99)} / max ${ms(l.max)}`;
    const line =
      `inquiry-intake (${database}) signed app-proxy POSTs (${num(result.bodyBytes)} B form bodies) straight to the app's /proxy/inquiries, ${how} for ${secs(p.seconds)}: ` +
      `${num(p.created)} of ${num(p.sent)} ${p.name === "edge" ? "answered 201" : "created"} = ${figure}${refused ? `; refused ${refused}` : ""}${p.errors ? `; ${p.errors} errors/timeouts` : ""}; ` +
      `app CPU ${p.appCpuMsPerInquiry === null ? "n/a" : ms(p.appCpuMsPerInquiry)} per inquiry`;
    say(line);
    lines.push(line);
    summary.push({ workload: `inquiry-intake (${database}) ${p.name}`, size: `${num(p.sent)} submissions, ${how}`, result: figure, peakRssBytes: result.appPeakRssBytes });
  }
  const check = `inquiry-intake (${database}): ${num(result.rows)} inquiry rows, ${result.missing === 0 ? "every 201 has its row" : `PROBLEM: ${result.missing} answered 201 without a row`}; app peak RSS ${result.appPeakRssBytes === null ? "n/a" : mb(result.appPeakRssBytes)}`;
  say(check);
  lines.push(check);
  reports.push({ name: "inquiry-intake", lines, summary, figures: { ...result } });
}

async function storefrontLighthouseWorkload(databaseUrl: string): Promise<void> {
  const input: StorefrontLighthouseInput = { databaseUrl, shop: BENCH_SHOP, runs: 5, chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium" };
  const { result } = await runInChild<StorefrontLighthouseInput, StorefrontLighthouseResult>(workloadFile("storefront-lighthouse"), input, { timeoutMs: 20 * MINUTE });
  const scores = (variant: "with" | "without") => result.runs.filter((r) => r.variant === variant).map((r) => r.score).join(", ");
  const delta = result.medians.with - result.medians.without;
  const cls = Math.max(...result.runs.filter((r) => r.variant === "with").map((r) => r.cls));
  const line =
    `storefront-lighthouse (Lighthouse ${result.lighthouseVersion}, headless Chromium, ${input.runs} runs each, alternating) ${result.url}: ` +
    `median performance with the embed + inquiry form ${result.medians.with} [${scores("with")}], without ${result.medians.without} [${scores("without")}], delta ${delta >= 0 ? "+" : ""}${delta} (budget: within 3); worst CLS with ${num(cls, 3)}`;
  const gz = result.assetGzipBytes;
  const sizes = Object.entries(gz).map(([file, bytes]) => `${file} ${num(bytes)} B`).join(", ");
  const everyPage = gz["tsunagu.js"] ?? Number.NaN;
  const sizeLine = `storefront scripts gzipped (level 9): ${sizes}; every-page tsunagu.js ${num(everyPage)} B of the 10,240 B budget`;
  say(line);
  say(sizeLine);
  reports.push({
    name: "storefront-lighthouse",
    lines: [line, sizeLine],
    summary: [
      { workload: "storefront-lighthouse", size: `contact page, ${input.runs} runs each`, result: `median ${result.medians.with} with / ${result.medians.without} without (delta ${delta})`, peakRssBytes: null },
      { workload: "storefront script size", size: "tsunagu.js gzipped", result: `${num(everyPage)} B (budget 10,240 B)`, peakRssBytes: null },
    ],
    figures: { ...result },
  });
}

/** customers-index on a migrated copy of --app-db (the copy, because the workload writes readings and migrations). */
async function customersIndexOnAppDb(source: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(tmp, "app-db-"));
  const file = path.join(dir, "app.sqlite");
  fs.copyFileSync(source, file);
  if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, `${file}-wal`);
  const { migrate } = await import("../tests/support/stack");
  await migrate(`file:${file}`);
  say(`[setup, not a figure] customers-index on a migrated copy of ${source}`);
  await customersIndexWorkload("sqlite", `file:${file}`);
}

/**
 * Issue 5's analytics: the full RFM + CPM recompute on a migrated app database filled by a generator (one child),
 * timed in a second child so its peak RSS is the recompute's own. SQLite, and PostgreSQL with --pg.
 */
async function analyticsWorkloads(): Promise<void> {
  const size = plan.size === "large" ? { customers: 100_000, orders: 1_000_000 } : { customers: 2_000, orders: 20_000 };
  const { migrate } = await import("../tests/support/stack");
  for (const database of (args.pg ? ["sqlite", "postgresql"] : ["sqlite"]) as AppDatabaseKind[]) {
    const db = await createAppDatabase(database);
    try {
      await migrate(db.url);
      const input: AnalyticsInput = { mode: "generate", database, shop: BENCH_SHOP, ...size, anchor: SEED_ANCHOR };
      const env = appModuleEnv(db.url);
      const generated = await runInChild<AnalyticsInput, AnalyticsResult>(workloadFile("analytics"), input, { timeoutMs: 20 * MINUTE, env });
      say(`[setup, not a figure] analytics (${database}): generated ${num(generated.result.customers)} customers / ${num(generated.result.orders)} orders in ${secs(generated.result.generateSeconds ?? 0)}`);
      const { result, peakRssBytes } = await runInChild<AnalyticsInput, AnalyticsResult>(workloadFile("analytics"), { ...input, mode: "recompute" }, { timeoutMs: 20 * MINUTE, env });
      const shopSize = `${num(result.customers)} customers / ${num(result.orders)} orders`;
      const line =
        `analytics (${database}) full RFM + CPM recompute on ${shopSize}: first run ${secs(result.firstRunSeconds ?? 0)} ` +
        `(with ${result.backfilledMonths?.length ?? 0} past month-end snapshots), daily run ${secs(result.dailyRunSeconds ?? 0)}, ` +
        `page data ${secs(result.overviewSeconds ?? 0)}; ${num(result.scored ?? 0)} customers scored; peak RSS ${mb(peakRssBytes)}` +
        (database === "postgresql" ? " (the Node process; the server's memory is not counted)" : "");
      say(line);
      const steps = (record: Record<string, number> | undefined) => Object.entries(record ?? {}).map(([k, v]) => `${k} ${secs(v)}`).join(", ");
      say(`  first run: ${steps(result.firstRunSteps)}`);
      say(`  daily run: ${steps(result.dailyRunSteps)}`);
      const cohorts = `analytics (${database}) F2 / cohort report on ${shopSize}: ${secs(result.cohortsSeconds ?? 0)} (the daily run's "cohorts" step)`;
      const d = result.dashboard;
      const dashboard = d
        ? `dashboard (${database}) loader data, default cards, last 30 days with the previous period, on ${shopSize}, ${d.runs} runs: ` +
          `p50 ${ms(d.latencyMs.p50)} / p95 ${ms(d.latencyMs.p95)}`
        : "";
      say(cohorts);
      if (dashboard) say(dashboard);
      reports.push({
        name: "analytics",
        lines: [line, cohorts, ...(dashboard ? [dashboard] : [])],
        summary: [
          { workload: `analytics (${database}) full recompute`, size: shopSize, result: `first ${secs(result.firstRunSeconds ?? 0)}, daily ${secs(result.dailyRunSeconds ?? 0)}`, peakRssBytes },
          { workload: `analytics (${database}) F2 / cohorts step`, size: shopSize, result: secs(result.cohortsSeconds ?? 0), peakRssBytes },
          ...(d
            ? [{ workload: `dashboard (${database}) 30 days + comparison`, size: shopSize, result: `p50 ${ms(d.latencyMs.p50)} / p95 ${ms(d.latencyMs.p95)}`, peakRssBytes }]
            : []),
        ],
        figures: { ...result, peakRssBytes },
      });
    } finally {
      await db.drop();
    }
  }
}

/**
 * Issue 5's segment builder: the live count of a three-condition rule on the analytics generator's database (tags,
 * orders) after its RFM + CPM recompute; both are setup here. SQLite, and PostgreSQL with --pg.
 */
async function segmentsWorkloads(): Promise<void> {
  await withGeneratedShop({ recompute: true }, async (database, env) => {
    const input: SegmentsInput = { database, shop: BENCH_SHOP, runs: 50, anchor: SEED_ANCHOR };
    const { result, peakRssBytes } = await runInChild<SegmentsInput, SegmentsResult>(workloadFile("segments"), input, { timeoutMs: 20 * MINUTE, env });
    say(`[setup, not a figure] segments (${database}): generated, scored, order facts in ${secs(result.factsSeconds)}`);
    const shopSize = `${num(result.customers)} customers / ${num(result.orders)} orders`;
    const l = result.liveCount;
    const figure = `p50 ${ms(l.latencyMs.p50)} / p95 ${ms(l.latencyMs.p95)} / p99 ${ms(l.latencyMs.p99)}`;
    const line = `segments (${database}) live count of "${l.rule}" (count + 10-member sample) on ${shopSize}, ${l.runs} runs: ${figure}; ${num(l.count)} members; peak RSS ${mb(peakRssBytes)}`;
    say(line);
    say(`  plan: ${l.plan.join(" | ")}`);
    const q = result.inquiryLiveCount;
    const qFigure = `p50 ${ms(q.latencyMs.p50)} / p95 ${ms(q.latencyMs.p95)} / p99 ${ms(q.latencyMs.p99)}`;
    const qSize = `${shopSize} / ${num(result.inquiries)} inquiries`;
    const qLine = `segments (${database}) live count of "${q.rule}" on ${qSize}, ${q.runs} runs: ${qFigure}; ${num(q.count)} members`;
    say(qLine);
    say(`  plan: ${q.plan.join(" | ")}`);
    reports.push({
      name: "segments",
      lines: [line, qLine],
      summary: [
        { workload: `segments (${database}) live count, 3 conditions`, size: shopSize, result: `${figure} (${num(l.count)} members)`, peakRssBytes },
        { workload: `segments (${database}) live count with inquiry facts`, size: qSize, result: `${qFigure} (${num(q.count)} members)`, peakRssBytes },
      ],
      figures: { ...result, peakRssBytes },
    });
  });
}

/**
 * Runs `work` once per database (SQLite, and PostgreSQL with --pg) on a fresh migrated app database holding the
 * analytics generator's shop (100k customers / 1M orders at large), after its RFM + CPM recompute when asked.
 */
async function withGeneratedShop(
  options: { recompute: boolean },
  work: (database: AppDatabaseKind, env: NodeJS.ProcessEnv) => Promise<void>,
): Promise<void> {
  const size = plan.size === "large" ? { customers: 100_000, orders: 1_000_000 } : { customers: 2_000, orders: 20_000 };
  const { migrate } = await import("../tests/support/stack");
  for (const database of (args.pg ? ["sqlite", "postgresql"] : ["sqlite"]) as AppDatabaseKind[]) {
    const db = await createAppDatabase(database);
    try {
      await migrate(db.url);
      const env = appModuleEnv(db.url);
      const generate: AnalyticsInput = { mode: "generate", database, shop: BENCH_SHOP, ...size, anchor: SEED_ANCHOR };
      await runInChild<AnalyticsInput, AnalyticsResult>(workloadFile("analytics"), generate, { timeoutMs: 20 * MINUTE, env });
      if (options.recompute) {
        await runInChild<AnalyticsInput, AnalyticsResult>(workloadFile("analytics"), { ...generate, mode: "recompute" }, { timeoutMs: 20 * MINUTE, env });
      }
      await work(database, env);
    } finally {
      await db.drop();
    }
  }
}

/**
 * Issue 5's segment CSV export: the analytics workload's generated shop (same generator, same size), customers given
 * Japanese names and addresses, then every member exported with every column in UTF-8 (BOM) and CP932 (one child).
 */
async function segmentExportWorkloads(): Promise<void> {
  await withGeneratedShop({ recompute: false }, async (database, env) => {
    const { result, peakRssBytes } = await runInChild<SegmentExportInput, SegmentExportResult>(
      workloadFile("segment-export"),
      { database, shop: BENCH_SHOP },
      { timeoutMs: 20 * MINUTE, env, nodeFlags: ["--expose-gc"] },
    );
    say(`[setup, not a figure] segment-export (${database}): ${num(result.customers)} customers given names and addresses in ${secs(result.prepareSeconds)}`);
    const lines = result.runs.map(
      (run) =>
        `segment-export (${database}) ${run.encoding}, all ${21} columns: ${num(run.rows)} members, ${mb(run.bytes)} in ${secs(run.seconds)} ` +
        `= ${(run.bytes / 1_048_576 / run.seconds).toFixed(1)} MB/s, ${num(Math.round(run.rows / run.seconds))} rows/s; ${num(run.replaced)} replaced; ` +
        `heap after GC: first page ${mb(run.heapFirst)}, max ${mb(run.heapMax)}, last ${mb(run.heapLast)}; RSS max ${mb(run.rssMax)}`,
    );
    lines.forEach((line) => say(line));
    reports.push({
      name: "segment-export",
      lines,
      summary: result.runs.map((run) => ({
        workload: `segment-export (${database}) ${run.encoding}`,
        size: `${num(run.rows)} members, ${mb(run.bytes)}`,
        result: `${secs(run.seconds)}, ${(run.bytes / 1_048_576 / run.seconds).toFixed(1)} MB/s, heap after GC ${mb(run.heapFirst)} → max ${mb(run.heapMax)}`,
        peakRssBytes,
      })),
      figures: { ...result, peakRssBytes },
    });
  });
}

/** Issue 4's chat budget: a staff reply visible in an open widget within 1 s at p95; and the loader's gzipped size. */
async function chatLatencyWorkload(database: AppDatabaseKind): Promise<void> {
  const db = await createAppDatabase(database);
  try {
    const input: ChatLatencyInput = { databaseUrl: db.url, database, shop: BENCH_SHOP, widgets: 10, samples: plan.size === "large" ? 300 : 100 };
    const { result } = await runInChild<ChatLatencyInput, ChatLatencyResult>(workloadFile("chat-latency"), input, { timeoutMs: 10 * MINUTE, env: appModuleEnv(db.url) });
    const l = result.latencyMs;
    const figure = `p50 ${ms(l.p50)} / p95 ${ms(l.p95)} / p99 ${ms(l.p99)} / max ${ms(l.max)}`;
    const s = result.scriptBytes;
    const lines = [
      `chat-latency (${database}) staff reply (replyAsAgent in another process) → open widget's long-poll, ${result.widgets} widgets, ${num(result.samples)} samples: ` +
        `${figure}; ${num(result.withinOneSecond)} of ${num(result.samples)} within 1 s; ${result.missed} missed`,
      `storefront script sizes (gzip -9): every-page loader tsunagu.js ${num(s.loaderGzip)} B (${num(s.loaderRaw)} B raw, budget 10,240 B); ` +
        `on interaction tsunagu-chat.js ${num(s.chatJsGzip)} B + tsunagu-chat.css ${num(s.chatCssGzip)} B`,
    ];
    lines.forEach((line) => say(line));
    reports.push({
      name: "chat-latency",
      lines,
      summary: [
        { workload: `chat-latency (${database})`, size: `${result.widgets} widgets, ${num(result.samples)} replies`, result: `${figure}; ${result.missed} missed`, peakRssBytes: null },
        { workload: "storefront loader size", size: "tsunagu.js, gzip -9", result: `${num(s.loaderGzip)} B of 10,240 B`, peakRssBytes: null },
      ],
      figures: { ...result },
    });
  } finally {
    await db.drop();
  }
}

/**
 * Issue 4's smart help: the classifier's cross-validated accuracy on the labelled set, its training and prediction
 * cost, triage latency, and similar-conversation search over a shop's resolved conversations (one child per database).
 */
async function classifierWorkloads(): Promise<void> {
  const { migrate } = await import("../tests/support/stack");
  const size = plan.size === "large" ? { inquiries: 20_000, trainingExamples: 5_000 } : { inquiries: 2_000, trainingExamples: 1_000 };
  for (const database of appDatabases()) {
    const db = await createAppDatabase(database);
    try {
      await migrate(db.url);
      const input: ClassifierInput = { database, shop: BENCH_SHOP, ...size, runs: 100 };
      const { result: r, peakRssBytes } = await runInChild<ClassifierInput, ClassifierResult>(workloadFile("classifier"), input, { timeoutMs: 20 * MINUTE, env: appModuleEnv(db.url) });
      const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(1)}%`);
      const cv = r.crossValidation;
      const l = (x: { p50: number; p95: number; p99: number }) => `p50 ${ms(x.p50)} / p95 ${ms(x.p95)} / p99 ${ms(x.p99)}`;
      const lines = [
        `classifier ${cv.folds}-fold cross-validation on ${num(r.labelled)} labelled inquiries (6 categories, ja + en): top-1 ${pct(cv.accuracy)} ` +
          `(ja ${pct(cv.ja)}, en ${pct(cv.en)}; folds ${cv.perFold.map(pct).join(", ")}); ${num(r.unseen.examples)} unseen phrasings ${pct(r.unseen.accuracy)}`,
        `classifier training: ${num(r.labelled)} examples in ${ms(r.trainLabelledMs)}, ${num(r.trainSynthetic.examples)} in ${ms(r.trainSynthetic.ms)} ` +
          `(model ${num(r.trainSynthetic.modelBytes / 1024)} KB of JSON); ${num(r.predictionsPerSecond)} predictions/s`,
        `classifier (${database}) trainClassifier on ${num(r.shopTraining.examples)} labelled inquiries of one shop (synthetic: pairs of labelled texts): ${ms(r.shopTraining.ms)}, held-out ${pct(r.shopTraining.heldOutAccuracy)}; ` +
          `triageInquiry ${r.similar.runs} runs: ${l(r.triageMs)}`,
        `similar (${database}) similarConversations over ${num(r.similar.inquiries)} resolved conversations (${num(r.similar.messages)} messages), ${r.similar.runs} runs: ` +
          `${l(r.similar.latencyMs)}, ${num(r.similar.meanResults, 1)} results on average; peak RSS ${mb(peakRssBytes)}`,
      ];
      say(`[setup, not a figure] classifier (${database}): ${num(r.similar.inquiries)} conversations written in ${secs(r.similar.insertSeconds)}`);
      lines.forEach((line) => say(line));
      reports.push({
        name: "classifier",
        lines,
        summary: [
          { workload: "classifier cross-validation", size: `${num(r.labelled)} labelled, ${cv.folds} folds`, result: `top-1 ${pct(cv.accuracy)}`, peakRssBytes: null },
          { workload: `triage (${database})`, size: `${num(r.shopTraining.examples)} labelled in the shop`, result: l(r.triageMs), peakRssBytes },
          { workload: `similar conversations (${database})`, size: `${num(r.similar.inquiries)} resolved conversations`, result: l(r.similar.latencyMs), peakRssBytes },
        ],
        figures: { ...r, peakRssBytes },
      });
    } finally {
      await db.drop();
    }
  }
}

/** Issue 4's inbox: the list loader (page, total, every view's count) and opening a conversation, per database. */
async function inboxListWorkloads(): Promise<void> {
  const { migrate } = await import("../tests/support/stack");
  const inquiries = plan.size === "large" ? 100_000 : 10_000;
  for (const database of appDatabases()) {
    const db = await createAppDatabase(database);
    try {
      await migrate(db.url);
      const input: InboxListInput = { database, shop: BENCH_SHOP, inquiries, runs: plan.size === "large" ? 30 : 50 };
      const { result: r, peakRssBytes } = await runInChild<InboxListInput, InboxListResult>(workloadFile("inbox-list"), input, { timeoutMs: 20 * MINUTE, env: appModuleEnv(db.url) });
      say(`[setup, not a figure] inbox-list (${database}): ${num(r.inquiries)} inquiries + ${num(r.messages)} messages written in ${secs(r.insertSeconds)}`);
      const size = `${num(r.inquiries)} inquiries / ${num(r.messages)} messages`;
      const l = (x: { p50: number; p95: number; p99: number }) => `p50 ${ms(x.p50)} / p95 ${ms(x.p95)} / p99 ${ms(x.p99)}`;
      const lines = r.cases.map((c) => `inbox-list (${database}) ${c.name} on ${size}, ${c.runs} runs, ${num(c.total)} matches: ${l(c.latencyMs)}`);
      lines.forEach((line) => say(line));
      reports.push({
        name: "inbox-list",
        lines,
        summary: r.cases.map((c) => ({ workload: `inbox-list (${database}) ${c.name}`, size, result: l(c.latencyMs), peakRssBytes })),
        figures: { ...r, peakRssBytes },
      });
    } finally {
      await db.drop();
    }
  }
}

async function appWorkloads(): Promise<void> {
  if (args.appDb && selected.has("customers-index")) {
    if (selected.has("initial-sync") || args.pg) throw new Error("--app-db replaces initial-sync for customers-index (SQLite only); leave out initial-sync and --pg");
    await customersIndexOnAppDb(path.resolve(args.appDb));
  }
  const indexAfterSync = selected.has("customers-index") && !args.appDb;
  for (const database of appDatabases()) {
    if (selected.has("initial-sync") || indexAfterSync) {
      const db = await createAppDatabase(database);
      try {
        // The index workload reads the database this sync filled.
        await initialSyncWorkload(database, db.url, selected.has("initial-sync"));
        if (indexAfterSync) await customersIndexWorkload(database, db.url);
      } finally {
        await db.drop();
      }
    }
    if (selected.has("webhook-intake")) {
      const db = await createAppDatabase(database);
      try {
        await webhookIntakeWorkload(database, db.url);
      } finally {
        await db.drop();
      }
    }
    if (selected.has("inquiry-intake")) {
      const db = await createAppDatabase(database);
      try {
        await inquiryIntakeWorkload(database, db.url);
      } finally {
        await db.drop();
      }
    }
  }
}

function printSummary(rows: SummaryRow[]) {
  const table = [["workload", "workload size", "result", "peak RSS"], ...rows.map((r) => [r.workload, r.size, r.result, r.peakRssBytes === null ? "" : mb(r.peakRssBytes)])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  say();
  say(fmt(table[0]!));
  say(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  table.slice(1).forEach((row) => say(fmt(row)));
}

async function main() {
  const info = machine();
  say(
    `bench --size ${plan.size} --only ${[...selected].join(",")}: Node ${info.node}, ${info.cores} × ${info.cpu}, ` +
      `load average ${info.loadAverageAtStart.map((x) => x.toFixed(2)).join(" ")}. Figures are noisy (shared machine); compare runs, not single numbers.`,
  );
  const appNeedsSeed = (selected.has("initial-sync") || (selected.has("customers-index") && !args.appDb)) && appSourceDb() === dbPath;
  const needsDb = selected.has("admin-api") || selected.has("bulk") || appNeedsSeed;
  if (selected.has("seed")) {
    if (args.db) throw new Error("--db names an existing file; run the seed workload without it");
    await seedWorkload(true);
  } else if (needsDb && !args.db) {
    await seedWorkload(false);
  }
  if (selected.has("admin-api")) await adminApiWorkload();
  if (selected.has("bulk")) await bulkWorkload();
  if (selected.has("webhooks")) await webhooksWorkload();
  await appWorkloads();
  if (selected.has("analytics")) await analyticsWorkloads();
  if (selected.has("segment-export")) await segmentExportWorkloads();
  if (selected.has("segments")) await segmentsWorkloads();
  if (selected.has("storefront-lighthouse")) {
    const db = await createAppDatabase("sqlite");
    try {
      await storefrontLighthouseWorkload(db.url);
    } finally {
      await db.drop();
    }
  }
  if (selected.has("chat-latency")) for (const database of appDatabases()) await chatLatencyWorkload(database);
  if (selected.has("classifier")) await classifierWorkloads();
  if (selected.has("inbox-list")) await inboxListWorkloads();

  const summary = reports.flatMap((r) => r.summary);
  printSummary(summary);
  const finishedAt = new Date();
  const resultsDir = path.join(HERE, "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${startedAt.toISOString().replace(/:/g, "-")}.json`);
  const json = {
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim().replace(/ --$/, ""),
    size: plan.size,
    plan,
    workloads: [...selected],
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    totalSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine: { ...info, loadAverageAtEnd: os.loadavg() },
    summary,
    reports,
  };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  say();
  say(`total ${secs(json.totalSeconds)}; results in ${path.relative(process.cwd(), file)}`);
}

try {
  await main();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
