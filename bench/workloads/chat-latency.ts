/**
 * Workload "chat-latency" (issue 4's chat budget: an agent's reply visible in the open widget within 1 s at p95).
 *
 * The app (production build) runs as in the demo. `widgets` open chat widgets each start a conversation through the
 * app-proxy endpoint and keep a long-poll waiting, as tsunagu-chat.js does. Then, one at a time and at random moments
 * of the polls' waits, an agent replies with the lead's replyAsAgent, called in THIS process: the app process gets no
 * in-process wake-up and must find the reply with its database check, the several-app-processes case (the slower
 * path). Each sample is the time from calling replyAsAgent to the waiting poll's answer holding the reply.
 *
 * Requests go straight to the app with a signed app-proxy query (signAppProxyQuery) and one X-Forwarded-For per
 * widget, as Shopify's proxy sends them, so each widget has its own rate-limit bucket as real shoppers do.
 * It also reports the storefront script sizes (gzip -9): the every-page loader and the chat UI loaded on interaction.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { signAppProxyQuery } from "../../devstore/storefront/app-proxy";
import { startStack } from "../../tests/support/stack";
import { childMain } from "../lib/child";
import { type Latency, latency } from "../lib/stats";
import { appClient, installApp } from "./app-stack";

export type ChatLatencyInput = { databaseUrl: string; database: "sqlite" | "postgresql"; shop: string; widgets: number; samples: number };

export type ChatLatencyResult = {
  database: "sqlite" | "postgresql";
  widgets: number;
  samples: number;
  /** Replies that did not reach their widget within 5 s (counted, not in the latency figures). */
  missed: number;
  latencyMs: Latency;
  withinOneSecond: number;
  scriptBytes: { loaderGzip: number; loaderRaw: number; chatJsGzip: number; chatCssGzip: number };
};

const ASSETS = path.resolve(import.meta.dirname, "..", "..", "extensions", "tsunagu-theme", "assets");
const MISS_AFTER_MS = 5_000;

function scriptSizes() {
  const gz = (file: string) => gzipSync(fs.readFileSync(path.join(ASSETS, file)), { level: 9 }).length;
  return {
    loaderGzip: gz("tsunagu.js"),
    loaderRaw: fs.statSync(path.join(ASSETS, "tsunagu.js")).size,
    chatJsGzip: gz("tsunagu-chat.js"),
    chatCssGzip: gz("tsunagu-chat.css"),
  };
}

type Poll = { since: number; answer: Promise<{ at: number; bodies: string[]; total: number }> };

async function chatLatency(input: ChatLatencyInput): Promise<ChatLatencyResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-chat-"));
  const stack = await startStack({ databaseUrl: input.databaseUrl, devstoreDb: path.join(dir, "devstore.sqlite"), seed: "tiny" });
  const db = appClient(input.databaseUrl);
  // Imported after DATABASE_URL is set for this child (appModuleEnv): the lead's reply path, writing to the same database.
  const { replyAsAgent } = await import("../../app/inquiries/conversations.server");
  try {
    await installApp(stack, input.shop);
    await db.supportSettings.upsert({
      where: { shop: input.shop },
      create: { shop: input.shop, observeJapaneseHolidays: false, businessHours: "{}", closedDates: "[]", autoReplyOutsideHours: false },
      update: { observeJapaneseHolidays: false, businessHours: "{}", closedDates: "[]", autoReplyOutsideHours: false },
    });
    const secret = stack.env.SHOPIFY_API_SECRET!;
    const call = async (widget: number, route: string, body: unknown): Promise<Record<string, unknown>> => {
      const query = signAppProxyQuery({ locale: "ja" }, { shop: input.shop, customerId: null, pathPrefix: "/apps/tsunagu" }, secret);
      const response = await fetch(`${stack.appUrl}/proxy/${route}?${query}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${widget + 1}` },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`${route} answered ${response.status}: ${JSON.stringify(json)}`);
      return json;
    };

    const widgets: Array<{ token: string; inquiryId: string; poll: Poll | null }> = [];
    for (let w = 0; w < input.widgets; w += 1) {
      const { token } = (await call(w, "chat", { body: `ベンチ用の質問 ${w}`, pageUrl: "/" })) as { token: string };
      widgets.push({ token, inquiryId: "", poll: null });
    }
    const rows = await db.inquiry.findMany({ where: { shop: input.shop, channel: "chat" }, orderBy: { number: "asc" }, select: { id: true, messages: { select: { body: true } } } });
    for (const row of rows) {
      const w = Number(/ベンチ用の質問 (\d+)/.exec(row.messages[0]?.body ?? "")?.[1]);
      if (widgets[w]) widgets[w].inquiryId = row.id;
    }

    const startPoll = (w: number, since: number): Poll => {
      const answer = (async () => {
        // A long-poll returns empty after its hold; the widget asks again at once, as tsunagu-chat.js does.
        for (;;) {
          const r = (await call(w, "chat/messages", { token: widgets[w]!.token, since, wait: true, read: true })) as { messages: Array<{ body: string }>; total: number };
          if (r.messages.length) return { at: performance.now(), bodies: r.messages.map((m) => m.body), total: r.total };
        }
      })();
      // Polls still waiting when the stack stops fail; that is the end of the run, not an error.
      answer.catch(() => {});
      return { since, answer };
    };
    widgets.forEach((widget, w) => (widget.poll = startPoll(w, 1)));
    await new Promise((r) => setTimeout(r, 500));

    const samples: number[] = [];
    let missed = 0;
    for (let i = 0; i < input.samples; i += 1) {
      const w = i % widgets.length;
      const widget = widgets[w]!;
      // A random moment within the polls' waits, so replies do not line up with the database check.
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 300));
      const body = `返信 ${i}`;
      const t0 = performance.now();
      await replyAsAgent({ shop: input.shop, inquiryId: widget.inquiryId, userId: "bench-agent", userName: "ベンチ 担当", body });
      const outcome = await Promise.race([widget.poll!.answer, new Promise<null>((r) => setTimeout(() => r(null), MISS_AFTER_MS))]);
      if (!outcome || !outcome.bodies.includes(body)) {
        missed += 1;
        const total = await db.inquiryMessage.count({ where: { shop: input.shop, inquiryId: widget.inquiryId, author: { in: ["shopper", "agent"] } } });
        widget.poll = startPoll(w, total);
        continue;
      }
      samples.push(outcome.at - t0);
      widget.poll = startPoll(w, outcome.total);
    }
    return {
      database: input.database,
      widgets: input.widgets,
      samples: samples.length,
      missed,
      latencyMs: latency(samples),
      withinOneSecond: samples.filter((s) => s <= 1_000).length,
      scriptBytes: scriptSizes(),
    };
  } finally {
    await db.$disconnect();
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

childMain(chatLatency);
