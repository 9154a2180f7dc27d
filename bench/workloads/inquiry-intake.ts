/**
 * Workload "inquiry-intake": storefront inquiry submissions (POST /proxy/inquiries, the app proxy's target for
 * /apps/tsunagu/inquiries) straight to the running app (production build), with autocannon on loopback. Each request
 * is signed the moment it is sent exactly as Shopify's proxy signs it (devstore/storefront/app-proxy.ts: shop,
 * logged_in_customer_id, path_prefix, timestamp, HMAC) and carries the shopper address the proxy adds to
 * X-Forwarded-For, a different one per request as real shoppers have (the per-address limit is not what is measured;
 * the per-shop limit stays on).
 *
 * Three phases: closed loop (N connections as fast as the app answers: its capacity), paced at the budget's rate
 * (open loop, latency corrected for coordinated omission by autocannon), and the edge alone (honeypot submissions:
 * verified, limited, parsed, nothing stored). Then every stored 201 is checked against the rows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import { signAppProxyQuery } from "../../devstore/storefront/app-proxy";
import { startStack } from "../../tests/support/stack";
import { childMain } from "../lib/child";
import { appClient, cpuSecondsOf, installApp, peakRssOf, waitForInitialSync } from "./app-stack";

export type InquiryIntakeInput = {
  databaseUrl: string;
  database: "sqlite" | "postgresql";
  shop: string;
  connections: number;
  seconds: number;
  /** Requests per second of the paced phase. */
  pacedRate: number;
};

export type IntakePhase = {
  name: "closed" | "paced" | "edge";
  connections: number;
  seconds: number;
  sent: number;
  created: number;
  /** Answers other than 201, by status. */
  refused: Record<string, number>;
  errors: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  appCpuMsPerInquiry: number | null;
};

export type InquiryIntakeResult = {
  database: "sqlite" | "postgresql";
  bodyBytes: number;
  phases: IntakePhase[];
  /** 201 answers without their inquiry row (must be 0). */
  missing: number;
  rows: number;
  appPeakRssBytes: number | null;
};

const BODIES = [
  "注文した商品がまだ届きません。配送状況を確認していただけますか。",
  "サイズ交換をお願いしたいです。Mサイズを注文しましたがLサイズに変更できますか？",
  "I was charged twice for my last order. Could you check and refund one of the payments?",
  "ギフト包装はできますか？のし紙の指定も可能でしょうか。",
];

function formBody(i: number, honeypot = ""): string {
  return new URLSearchParams({
    name: i % 2 ? "山田 花子" : "Jane Smith",
    email: `shopper${i}@example.jp`,
    subject: i % 3 ? "配送について" : "",
    body: `${BODIES[i % BODIES.length]} (#${i})`,
    order_number: i % 2 ? `#${1001 + (i % 50)}` : "",
    page_url: "https://tsunagu-demo.myshopify.com/pages/contact",
    pages_viewed: JSON.stringify([
      { url: "/products/arita-mug", title: "有田焼マグカップ", at: "2026-11-23T10:00:00.000Z" },
      { url: "/pages/contact", title: "お問い合わせ", at: "2026-11-23T10:01:00.000Z" },
    ]),
    website: honeypot,
    locale: i % 2 ? "ja" : "en",
  }).toString();
}

/** 10.x.y.z from a counter: a different shopper address per request. */
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function inquiryIntake(input: InquiryIntakeInput): Promise<InquiryIntakeResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-inquiry-"));
  const stack = await startStack({ databaseUrl: input.databaseUrl, devstoreDb: path.join(dir, "devstore.sqlite"), seed: "tiny" });
  const db = appClient(input.databaseUrl);
  try {
    await installApp(stack, input.shop);
    const sync = await waitForInitialSync(db, input.shop, performance.now(), 120_000);
    if (sync.status !== "completed") throw new Error(`initial sync ${sync.status}: ${sync.error}`);

    const secret = stack.env.SHOPIFY_API_SECRET!;
    let counter = 0;
    const request = (honeypot = "") => ({
      method: "POST",
      path: "/proxy/inquiries",
      setupRequest: (req: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }) => {
        const i = counter++;
        const query = signAppProxyQuery({}, { shop: input.shop, customerId: null, pathPrefix: "/apps/tsunagu" }, secret);
        return {
          ...req,
          path: `/proxy/inquiries?${query}`,
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", "x-forwarded-for": addressOf(i) },
          body: formBody(i, honeypot),
        };
      },
    });

    const phase = async (name: IntakePhase["name"], options: { connections: number; overallRate?: number; honeypot?: string }): Promise<IntakePhase> => {
      const cpuBefore = cpuSecondsOf(stack.appPid);
      const result: Result = await autocannon({
        url: stack.appUrl,
        connections: options.connections,
        duration: input.seconds,
        overallRate: options.overallRate,
        timeout: 10,
        requests: [request(options.honeypot)],
      });
      const cpuAfter = cpuSecondsOf(stack.appPid);
      const created = result.statusCodeStats["201"]?.count ?? 0;
      const refused: Record<string, number> = {};
      for (const [status, stats] of Object.entries(result.statusCodeStats)) if (status !== "201") refused[status] = stats.count;
      return {
        name,
        connections: options.connections,
        seconds: result.duration,
        sent: result.requests.total,
        created,
        refused,
        errors: result.errors + result.timeouts,
        latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
        appCpuMsPerInquiry: cpuBefore === null || cpuAfter === null || created === 0 ? null : ((cpuAfter - cpuBefore) * 1000) / created,
      };
    };

    // A short warm-up so the first phase does not pay for the app's lazy route loading.
    const warm = await autocannon({ url: stack.appUrl, connections: 2, amount: 50, requests: [request()] });
    const warmup = warm.statusCodeStats["201"]?.count ?? 0;
    const closed = await phase("closed", { connections: input.connections });
    // Let the shop's bucket refill between the phases (2,000 tokens at 500/s).
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    const paced = await phase("paced", { connections: Math.max(32, input.connections), overallRate: input.pacedRate });

    await new Promise((resolve) => setTimeout(resolve, 4_500));
    // The edge alone: signature, limits, body and field checks, answered like a success but nothing stored (a filled
    // honeypot), so the difference to "closed" is what opening the inquiry costs.
    const edge = await phase("edge", { connections: input.connections, honeypot: "http://spam.example" });

    const rows = await db.inquiry.count({ where: { shop: input.shop } });
    const created = warmup + closed.created + paced.created;
    return {
      database: input.database,
      bodyBytes: Buffer.byteLength(formBody(1)),
      phases: [closed, paced, edge],
      missing: Math.max(0, created - rows),
      rows,
      appPeakRssBytes: peakRssOf(stack.appPid),
    };
  } finally {
    await db.$disconnect();
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

childMain(inquiryIntake);
