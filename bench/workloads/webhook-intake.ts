/**
 * Workload "webhook-intake": concurrent loopback clients POST signed customers/update webhooks (REST payloads of the
 * shop's real customers, fresh webhook ids, HMAC with the app secret) to the running app's /webhooks/customers for a
 * fixed time. Reports accepted/s and latency, then checks every accepted id has its WebhookEvent row (none lost)
 * and how long the in-process worker took to drain the backlog.
 *
 * Then, after the backlog drained, a paced phase: requests sent on a fixed schedule at `pacedRate` per second (open
 * loop, up to PACED_CONCURRENCY in flight), each latency counted from its scheduled send time, so a stall delays the
 * requests behind it in the figures too (no coordinated omission). The closed-loop phase says how much the app takes;
 * the paced phase says how fast it answers at the target rate.
 */
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDevstoreDb, records } from "../../devstore/store/db";
import type { CustomerRecord } from "../../devstore/types";
import { customerPayload } from "../../devstore/webhooks/payloads";
import { startStack } from "../../tests/support/stack";
import { childMain } from "../lib/child";
import { type Latency, latency } from "../lib/stats";
import { appClient, cpuSecondsOf, installApp, peakRssOf, waitForInitialSync } from "./app-stack";

export type WebhookIntakeInput = {
  databaseUrl: string;
  database: "sqlite" | "postgresql";
  shop: string;
  clients: number;
  seconds: number;
  /** Requests per second of the paced phase (0: none). */
  pacedRate: number;
};

export type PacedResult = { rate: number; seconds: number; sent: number; accepted: number; latencyMs: Latency; lost: number };

export type WebhookIntakeResult = {
  database: "sqlite" | "postgresql";
  clients: number;
  seconds: number;
  sent: number;
  accepted: number;
  rejected: number;
  firstRejection: string | null;
  payloadBytes: number;
  latencyMs: Latency;
  recorded: number;
  lost: number;
  /** Seconds after the last request until the worker had processed every recorded event (null: not within the limit). */
  drainSeconds: number | null;
  failedEvents: number;
  appPeakRssBytes: number | null;
  /**
   * The app process's CPU milliseconds per accepted webhook while the clients were sending (intake plus whatever the
   * in-process worker did meanwhile), and until the backlog was drained (intake plus processing). Less sensitive than
   * throughput to other load on the machine.
   */
  appCpuMsPerWebhook: { duringIntake: number | null; untilDrained: number | null };
  paced: PacedResult | null;
};

const PACED_CONCURRENCY = 64;

const IN_CHUNK = 500;
const DRAIN_LIMIT_MS = 120_000;

async function webhookIntake(input: WebhookIntakeInput): Promise<WebhookIntakeResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-intake-"));
  const stack = await startStack({ databaseUrl: input.databaseUrl, devstoreDb: path.join(dir, "devstore.sqlite"), seed: "tiny" });
  const db = appClient(input.databaseUrl);
  try {
    // Installed and synced first, so the worker applies each update to a customer the app knows.
    await installApp(stack, input.shop);
    const sync = await waitForInitialSync(db, input.shop, performance.now(), 120_000);
    if (sync.status !== "completed") throw new Error(`initial sync ${sync.status}: ${sync.error}`);

    const store = openDevstoreDb(path.join(dir, "devstore.sqlite"));
    const r = records(store);
    const shopRecord = r.getShop(input.shop)!;
    const rows = store.prepare("SELECT data FROM customers WHERE shop = ? ORDER BY id LIMIT 50").all(input.shop) as { data: string }[];
    const bodies = rows.map((row) => JSON.stringify(customerPayload(JSON.parse(row.data) as CustomerRecord, shopRecord)));
    store.close();
    if (bodies.length === 0) throw new Error(`no customers in ${input.shop}`);
    const signed = bodies.map((body) => ({ body, hmac: createHmac("sha256", stack.env.SHOPIFY_API_SECRET!).update(body, "utf8").digest("base64") }));
    const payloadBytes = bodies.reduce((s, b) => s + Buffer.byteLength(b), 0) / bodies.length;

    const url = `${stack.appUrl}/webhooks/customers`;
    const accepted: string[] = [];
    const samples: number[] = [];
    let sent = 0;
    let rejected = 0;
    let firstRejection: string | null = null;
    const cpuAtStart = cpuSecondsOf(stack.appPid);
    const started = performance.now();
    const stopAt = started + input.seconds * 1000;
    /** Sends one signed webhook; its id when accepted, else the reason. */
    const send = async (i: number): Promise<{ id: string } | { error: string }> => {
      const { body, hmac } = signed[i % signed.length]!;
      const webhookId = randomUUID();
      try {
        const response = await fetch(url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-shopify-topic": "customers/update",
              "x-shopify-hmac-sha256": hmac,
              "x-shopify-shop-domain": input.shop,
              "x-shopify-webhook-id": webhookId,
              "x-shopify-event-id": randomUUID(),
              "x-shopify-triggered-at": new Date().toISOString(),
              "x-shopify-api-version": "2026-10",
            },
          body,
        });
        await response.arrayBuffer();
        return response.status === 200 ? { id: webhookId } : { error: `HTTP ${response.status}` };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    };
    const client = async () => {
      while (performance.now() < stopAt) {
        const t0 = performance.now();
        const outcome = await send(sent++);
        samples.push(performance.now() - t0);
        if ("id" in outcome) accepted.push(outcome.id);
        else {
          rejected++;
          firstRejection ??= outcome.error;
        }
      }
    };
    await Promise.all(Array.from({ length: input.clients }, client));
    const seconds = (performance.now() - started) / 1000;
    const ended = performance.now();
    const cpuAtEnd = cpuSecondsOf(stack.appPid);

    let recorded = 0;
    for (let i = 0; i < accepted.length; i += IN_CHUNK) {
      recorded += await db.webhookEvent.count({ where: { shop: input.shop, webhookId: { in: accepted.slice(i, i + IN_CHUNK) } } });
    }
    let drainSeconds: number | null = null;
    while (performance.now() - ended < DRAIN_LIMIT_MS) {
      const open = await db.webhookEvent.count({ where: { shop: input.shop, status: { in: ["received", "processing"] } } });
      if (open === 0) {
        drainSeconds = (performance.now() - ended) / 1000;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const cpuAtDrain = cpuSecondsOf(stack.appPid);
    const perWebhook = (to: number | null) =>
      to === null || cpuAtStart === null || accepted.length === 0 ? null : ((to - cpuAtStart) * 1000) / accepted.length;
    const failedEvents = await db.webhookEvent.count({ where: { shop: input.shop, status: "failed" } });
    const appPeakRssBytes = peakRssOf(stack.appPid);

    let paced: PacedResult | null = null;
    if (input.pacedRate > 0 && drainSeconds !== null) {
      const total = Math.round(input.pacedRate * input.seconds);
      const pacedSamples: number[] = [];
      const pacedAccepted: string[] = [];
      const start = performance.now() + 100;
      let next = 0;
      const pacer = async () => {
        for (let i = next++; i < total; i = next++) {
          const due = start + (i * 1000) / input.pacedRate;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          const outcome = await send(i);
          pacedSamples.push(performance.now() - due);
          if ("id" in outcome) pacedAccepted.push(outcome.id);
          else firstRejection ??= outcome.error;
        }
      };
      await Promise.all(Array.from({ length: PACED_CONCURRENCY }, pacer));
      const pacedSeconds = (performance.now() - start) / 1000;
      let pacedRecorded = 0;
      for (let i = 0; i < pacedAccepted.length; i += IN_CHUNK) {
        pacedRecorded += await db.webhookEvent.count({ where: { shop: input.shop, webhookId: { in: pacedAccepted.slice(i, i + IN_CHUNK) } } });
      }
      paced = {
        rate: input.pacedRate,
        seconds: pacedSeconds,
        sent: total,
        accepted: pacedAccepted.length,
        latencyMs: latency(pacedSamples),
        lost: pacedAccepted.length - pacedRecorded,
      };
    }
    return {
      database: input.database,
      clients: input.clients,
      seconds,
      sent,
      accepted: accepted.length,
      rejected,
      firstRejection,
      payloadBytes,
      latencyMs: latency(samples),
      recorded,
      lost: accepted.length - recorded,
      drainSeconds,
      failedEvents,
      appPeakRssBytes,
      appCpuMsPerWebhook: { duringIntake: perWebhook(cpuAtEnd), untilDrained: drainSeconds === null ? null : perWebhook(cpuAtDrain) },
      paced,
    };
  } finally {
    await db.$disconnect();
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

childMain(webhookIntake);
