/**
 * Workload "webhooks": the dev store's webhook dispatcher delivers orders/create events (real order payloads from a
 * tiny seeded shop) to a sink process that verifies each HMAC. A burst of K events measures delivery throughput (one
 * shop and one URI are sent one at a time, as the dispatcher does); a paced run measures emit-to-receipt latency
 * without a backlog. Every webhook id handed out by emit() must arrive exactly once with a valid signature.
 */
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadDevstoreConfig } from "../../devstore/config";
import { loadAdminSchema } from "../../devstore/schema";
import { seedShop } from "../../devstore/seed";
import { openDevstoreDb, records } from "../../devstore/store/db";
import type { CustomerRecord, OrderRecord } from "../../devstore/types";
import { createWebhookDispatcher } from "../../devstore/webhooks/dispatcher";
import { orderPayload } from "../../devstore/webhooks/payloads";
import { childMain } from "../lib/child";
import { type Latency, latency } from "../lib/stats";
import type { SinkMessage, SinkReceipt } from "./webhook-sink";

export type WebhooksInput = { shop: string; burst: number; paced: number; pacedPerSecond: number };

export type WebhookPhase = {
  name: string;
  emitted: number;
  received: number;
  missing: number;
  duplicates: number;
  badHmac: number;
  deliveredInDb: number;
  /** First emit to last receipt. */
  seconds: number;
  emitToReceiptMs: Latency;
};

export type WebhooksResult = {
  payloadBytes: number;
  phases: WebhookPhase[];
  /** Receipts whose webhook id no emit() handed out. */
  strayReceipts: number;
};

const SINK_FILE = path.join(import.meta.dirname, "webhook-sink.ts");

function startSink(secret: string) {
  const child = fork(SINK_FILE, [], {
    execArgv: process.execArgv,
    env: { ...process.env, BENCH_WEBHOOK_SECRET: secret },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
  const next = () =>
    new Promise<SinkMessage>((resolve, reject) => {
      child.once("message", (m) => resolve(m as SinkMessage));
      child.once("exit", (code) => reject(new Error(`webhook sink exited (${code})`)));
    });
  return { child, next };
}

async function webhooks(input: WebhooksInput): Promise<WebhooksResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-webhooks-"));
  const dbPath = path.join(dir, "devstore.sqlite");
  const db = openDevstoreDb(dbPath);
  seedShop(db, { domain: input.shop, locale: "ja", size: "tiny" });
  const r = records(db);
  const shop = r.getShop(input.shop)!;
  const orders = (db.prepare("SELECT data FROM orders WHERE shop = ? ORDER BY id").all(input.shop) as { data: string }[]).map(
    (row) => JSON.parse(row.data) as OrderRecord,
  );
  const payloads = orders.map((o) => {
    const customer: CustomerRecord | null = o.customerId ? r.getCustomer(input.shop, o.customerId) : null;
    return orderPayload(o, shop, customer);
  });
  const payloadBytes = payloads.reduce((s, p) => s + Buffer.byteLength(JSON.stringify(p)), 0) / payloads.length;

  const base = loadDevstoreConfig({ ...process.env, DEVSTORE_PORT: "0" });
  const sink = startSink(base.apiSecret);
  const hello = await sink.next();
  if (hello.type !== "listening") throw new Error("webhook sink did not start");
  // The toml's subscriptions, resolved against the sink as if it were the app; no retries, so a failure shows.
  const config = { ...loadDevstoreConfig({ ...process.env, DEVSTORE_PORT: "0", SHOPIFY_APP_URL: hello.url }), dbPath, webhookRetryDelaysMs: [] };
  const dispatcher = createWebhookDispatcher({ config, db, schema: () => loadAdminSchema(config.schemaDir, config.apiVersion) });
  dispatcher.start();

  const emittedAt = new Map<string, bigint>();
  const phaseIds: { name: string; ids: string[]; startNs: bigint }[] = [];
  const emit = (i: number, ids: string[]) => {
    const t = process.hrtime.bigint();
    for (const id of dispatcher.emit({ shop: input.shop, topic: "orders/create", payload: payloads[i % payloads.length] })) {
      emittedAt.set(id, t);
      ids.push(id);
    }
  };

  try {
    // Burst: all K emitted at once, delivered one after another to the shop's one URI.
    const burst = { name: `burst of ${input.burst.toLocaleString("en-US")}`, ids: [] as string[], startNs: process.hrtime.bigint() };
    phaseIds.push(burst);
    for (let i = 0; i < input.burst; i++) emit(i, burst.ids);
    await dispatcher.idle();

    // Paced: a steady rate well below capacity, so the latency is the delivery path's own.
    const paced = {
      name: `${input.paced.toLocaleString("en-US")} at ${input.pacedPerSecond}/s`,
      ids: [] as string[],
      startNs: process.hrtime.bigint(),
    };
    phaseIds.push(paced);
    const t0 = performance.now();
    for (let i = 0; i < input.paced; i++) {
      const due = t0 + (i * 1000) / input.pacedPerSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      emit(i, paced.ids);
    }
    await dispatcher.idle();
  } finally {
    await dispatcher.stop();
  }

  sink.child.send("report");
  const report = await sink.next();
  if (report.type !== "receipts") throw new Error("webhook sink did not report");
  const byId = new Map<string, SinkReceipt[]>();
  for (const receipt of report.receipts) byId.set(receipt.webhookId, [...(byId.get(receipt.webhookId) ?? []), receipt]);
  const deliveredStmt = db.prepare("SELECT status FROM webhook_deliveries WHERE webhook_id = ?");

  const phases = phaseIds.map(({ name, ids, startNs }): WebhookPhase => {
    const latencies: number[] = [];
    let received = 0;
    let duplicates = 0;
    let badHmac = 0;
    let deliveredInDb = 0;
    let lastNs = startNs;
    for (const id of ids) {
      const got = byId.get(id) ?? [];
      if (got.length > 0) received++;
      duplicates += Math.max(0, got.length - 1);
      badHmac += got.filter((g) => !g.hmacOk).length;
      const first = got[0];
      if (first) {
        latencies.push(Number(first.receivedNs - emittedAt.get(id)!) / 1e6);
        if (first.receivedNs > lastNs) lastNs = first.receivedNs;
      }
      if ((deliveredStmt.get(id) as { status: string } | undefined)?.status === "delivered") deliveredInDb++;
    }
    return {
      name,
      emitted: ids.length,
      received,
      missing: ids.length - received,
      duplicates,
      badHmac,
      deliveredInDb,
      seconds: Number(lastNs - startNs) / 1e9,
      emitToReceiptMs: latency(latencies),
    };
  });
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const strayReceipts = report.receipts.filter((receipt) => !emittedAt.has(receipt.webhookId)).length;
  return { payloadBytes, phases, strayReceipts };
}

childMain(webhooks);
