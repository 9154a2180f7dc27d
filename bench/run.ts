/**
 * `npm run bench [-- --size small|large] [--only seed,admin-api,bulk,webhooks] [--db path]`
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

const HERE = import.meta.dirname;
const workloadFile = (name: string) => path.join(HERE, "workloads", `${name}.ts`);

const Args = z.object({
  size: z.enum(["small", "large"]).default("large"),
  only: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return [...WORKLOADS];
      const names = value.split(",").map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(WORKLOADS as readonly string[]).includes(n));
      if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown workload ${unknown.join(", ")}; choose from ${WORKLOADS.join(", ")}` });
      return names as WorkloadName[];
    }),
  db: z.string().optional(),
});

const { values } = parseArgs({ options: { size: { type: "string" }, only: { type: "string" }, db: { type: "string" } } });
const parsed = Args.safeParse(values);
if (!parsed.success) {
  console.error(`bench: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  process.exit(2);
}
const args = parsed.data;
const plan = PLANS[args.size];
const selected = new Set(args.only);

const startedAt = new Date();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-"));
const dbPath = args.db ? path.resolve(args.db) : path.join(tmp, "devstore.sqlite");
const reports: WorkloadReport[] = [];
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
  const needsDb = selected.has("admin-api") || selected.has("bulk");
  if (selected.has("seed")) {
    if (args.db) throw new Error("--db names an existing file; run the seed workload without it");
    await seedWorkload(true);
  } else if (needsDb && !args.db) {
    await seedWorkload(false);
  }
  if (selected.has("admin-api")) await adminApiWorkload();
  if (selected.has("bulk")) await bulkWorkload();
  if (selected.has("webhooks")) await webhooksWorkload();

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
