/**
 * Workload "inbox-list": the inbox list loader's database work (listInbox: the page, its total and the count of every
 * view under the same filters) and opening a conversation (loadConversation), on a shop with many inquiries. Rows are
 * written with createMany first (setup, not a figure); each case runs after a warm-up and reports p50/p95/p99.
 */
import prisma from "../../app/db.server";
import { listInbox, loadConversation, parseInboxQuery } from "../../app/inquiries/inbox.server";
import { childMain } from "../lib/child";
import { type Latency, latency } from "../lib/stats";

export type InboxListInput = { shop: string; inquiries: number; runs: number; database: "sqlite" | "postgresql" };
export type InboxListCase = { name: string; runs: number; total: number; latencyMs: Latency };
export type InboxListResult = { database: "sqlite" | "postgresql"; inquiries: number; messages: number; insertSeconds: number; cases: InboxListCase[] };

const STATUSES = ["new", "open", "pending", "resolved", "resolved", "resolved"];
const CHANNELS = ["form", "chat", "email", "phone", "in_person"];
const CATEGORIES = ["shipping", "returns", "product", "payment", "other"];
const WORDS = ["配送", "返品", "サイズ交換", "支払い", "ギフト包装", "在庫", "クーポン", "領収書"];

const CASES: { name: string; params: Record<string, string> }[] = [
  { name: "default view (all, last message)", params: {} },
  { name: "open view", params: { view: "open" } },
  { name: "mine view", params: { view: "mine" } },
  { name: "overdue view, due time", params: { view: "overdue", sort: "due" } },
  { name: "channel chat + category returns", params: { channel: "chat", category: "returns" } },
  { name: 'search "サイズ交換" (in 3 of 8 inquiries: too common for the index, LIKE)', params: { q: "サイズ交換" } },
  { name: 'search "#5123" (one order number in the messages: the trigram index)', params: { q: "#5123" } },
  { name: "page 40", params: { page: "40" } },
];

async function inboxList(input: InboxListInput): Promise<InboxListResult> {
  const now = new Date("2026-11-20T03:00:00Z");
  const started = performance.now();
  const BATCH = 1_000;
  let messages = 0;
  for (let offset = 0; offset < input.inquiries; offset += BATCH) {
    const rows = [];
    const bodies = [];
    for (let n = offset; n < Math.min(input.inquiries, offset + BATCH); n++) {
      const id = `bench-inq-${n}`;
      const at = new Date(now.getTime() - n * 60_000);
      rows.push({
        id,
        shop: input.shop,
        number: 1001 + n,
        channel: CHANNELS[n % CHANNELS.length]!,
        status: STATUSES[n % STATUSES.length]!,
        category: CATEGORIES[n % CATEGORIES.length]!,
        subject: `${WORDS[n % WORDS.length]}について ${n}`,
        contactName: `顧客 ${n}`,
        contactEmail: `customer${n}@example.jp`,
        assigneeUserId: n % 4 === 0 ? null : String((n % 3) + 1),
        firstResponseDueAt: new Date(at.getTime() + 4 * 3_600_000),
        resolutionDueAt: new Date(at.getTime() + 48 * 3_600_000),
        lastMessageAt: at,
        createdAt: at,
      });
      for (let m = 0; m < 3; m++) {
        bodies.push({ shop: input.shop, inquiryId: id, author: m === 1 ? "agent" : "shopper", channel: "form", body: `${WORDS[(n + m) % WORDS.length]}の件でご相談です。注文番号 #${1001 + n}`, createdAt: new Date(at.getTime() + m * 1000) });
      }
    }
    await prisma.inquiry.createMany({ data: rows });
    await prisma.inquiryMessage.createMany({ data: bodies });
    messages += bodies.length;
  }
  const insertSeconds = (performance.now() - started) / 1000;

  const cases: InboxListCase[] = [];
  const time = async (name: string, run: () => Promise<number>) => {
    let total = 0;
    for (let i = 0; i < 3; i++) total = await run(); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < input.runs; i++) {
      const t = performance.now();
      await run();
      samples.push(performance.now() - t);
    }
    cases.push({ name, runs: input.runs, total, latencyMs: latency(samples) });
  };
  for (const c of CASES) await time(c.name, async () => (await listInbox(input.shop, "1", parseInboxQuery(new URLSearchParams(c.params)), now)).total);
  await time("open a conversation (loadConversation)", async () => ((await loadConversation(input.shop, `bench-inq-${Math.floor(input.inquiries / 2)}`, now)) ? 1 : 0));
  await prisma.$disconnect();
  return { database: input.database, inquiries: input.inquiries, messages, insertSeconds, cases };
}

childMain(inboxList);
