import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { listInbox, loadConversation, parseInboxQuery } = await import("./inbox.server");
const { bulkAction, conversationAction, logCall } = await import("./inbox-actions.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `inbox-${randomUUID().slice(0, 8)}.myshopify.com`;
const now = new Date("2026-11-20T03:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
let numbers = 2000;

type Fields = Partial<{
  status: string;
  channel: string;
  subject: string;
  category: string | null;
  priority: string;
  assigneeUserId: string | null;
  contactName: string;
  contactEmail: string;
  customerShopifyId: string;
  firstResponseDueAt: Date;
  firstRespondedAt: Date;
  resolutionDueAt: Date;
  lastMessageAt: Date;
  body: string;
  staffUnread: boolean;
}>;

async function inquiry(shop: string, f: Fields = {}) {
  const { body, ...fields } = f;
  const row = await prisma.inquiry.create({
    data: { shop, number: ++numbers, channel: "form", lastMessageAt: now, createdAt: minutes(-60), ...fields },
  });
  await prisma.inquiryMessage.create({ data: { shop, inquiryId: row.id, author: "shopper", channel: row.channel, body: body ?? "質問があります", createdAt: minutes(-60) } });
  return row;
}

const query = (params: Record<string, string> = {}) => parseInboxQuery(new URLSearchParams(params));

describe("the inbox list", () => {
  it("counts every view and lists the chosen one", async () => {
    const shop = newShop();
    await inquiry(shop, { status: "new" });
    await inquiry(shop, { status: "open", assigneeUserId: "1" });
    await inquiry(shop, { status: "pending", assigneeUserId: "2" });
    await inquiry(shop, { status: "resolved", assigneeUserId: "1" });
    await inquiry(shop, { status: "open", firstResponseDueAt: minutes(-5) });

    const page = await listInbox(shop, "1", query({ view: "open" }), now);
    expect(page.counts).toEqual({ all: 5, new: 1, open: 2, pending: 1, resolved: 1, mine: 1, unassigned: 2, overdue: 1 });
    expect(page.rows.map((r) => r.status)).toEqual(["open", "open"]);
  });

  it("marks an unanswered inquiry overdue once its first-response time has passed, and not after the reply", async () => {
    const shop = newShop();
    const late = await inquiry(shop, { status: "open", firstResponseDueAt: minutes(-1), resolutionDueAt: minutes(600) });
    const answered = await inquiry(shop, { status: "pending", firstResponseDueAt: minutes(-1), firstRespondedAt: minutes(-30), resolutionDueAt: minutes(600) });
    await inquiry(shop, { status: "resolved", firstResponseDueAt: minutes(-100) });

    const page = await listInbox(shop, null, query({ view: "overdue" }), now);
    expect(page.rows.map((r) => r.id)).toEqual([late.id]);
    expect(page.rows[0]).toMatchObject({ overdue: true, dueAt: minutes(-1).toISOString() });
    const all = await listInbox(shop, null, query(), now);
    expect(all.rows.find((r) => r.id === answered.id)).toMatchObject({ overdue: false, dueAt: minutes(600).toISOString() });
  });

  it("filters by channel, category, assignee and priority", async () => {
    const shop = newShop();
    const target = await inquiry(shop, { channel: "chat", category: "returns", assigneeUserId: "7", priority: "urgent" });
    await inquiry(shop, { channel: "chat", category: "returns", assigneeUserId: "7", priority: "normal" });
    await inquiry(shop, { channel: "email", category: "returns", assigneeUserId: "7", priority: "urgent" });
    await inquiry(shop, { channel: "chat", category: "shipping", assigneeUserId: null, priority: "urgent" });

    const page = await listInbox(shop, null, query({ channel: "chat", category: "returns", assignee: "7", priority: "urgent" }), now);
    expect(page.rows.map((r) => r.id)).toEqual([target.id]);
    expect((await listInbox(shop, null, query({ assignee: "none" }), now)).total).toBe(1);
  });

  it("finds inquiries by a word of the subject, the contact or a message, in Japanese", async () => {
    const shop = newShop();
    const bySubject = await inquiry(shop, { subject: "返品について", body: "よろしくお願いします" });
    const byBody = await inquiry(shop, { subject: "ご相談", body: "サイズ交換はできますか" });
    const byContact = await inquiry(shop, { contactName: "山田 花子", contactEmail: "hanako@example.jp" });

    expect((await listInbox(shop, null, query({ q: "返品" }), now)).rows.map((r) => r.id)).toEqual([bySubject.id]);
    expect((await listInbox(shop, null, query({ q: "交換" }), now)).rows.map((r) => r.id)).toEqual([byBody.id]);
    expect((await listInbox(shop, null, query({ q: "HANAKO@example.jp" }), now)).rows.map((r) => r.id)).toEqual([byContact.id]);
    expect((await listInbox(shop, null, query({ q: `#${byBody.number}` }), now)).rows.map((r) => r.id)).toEqual([byBody.id]);
    // Three characters and more go through the message index: a phrase inside Japanese text, Latin in any case.
    expect((await listInbox(shop, null, query({ q: "サイズ交換" }), now)).rows.map((r) => r.id)).toEqual([byBody.id]);
    const gift = await inquiry(shop, { body: "Can you add Gift wrapping?" });
    expect((await listInbox(shop, null, query({ q: "gift WRAP" }), now)).rows.map((r) => r.id)).toEqual([gift.id]);
    expect((await listInbox(shop, null, query({ q: '"交換" OR' }), now)).total).toBe(0);
  });

  it("sorts by the last message or by the nearest due time", async () => {
    const shop = newShop();
    const a = await inquiry(shop, { lastMessageAt: minutes(-10), firstResponseDueAt: minutes(30) });
    const b = await inquiry(shop, { lastMessageAt: minutes(-5), firstResponseDueAt: minutes(90) });
    const c = await inquiry(shop, { lastMessageAt: minutes(-1) });

    expect((await listInbox(shop, null, query(), now)).rows.map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect((await listInbox(shop, null, query({ sort: "due" }), now)).rows.map((r) => r.id)).toEqual([a.id, b.id, c.id]);
  });

  it("pages through 25 at a time and never shows another shop's inquiries", async () => {
    const shop = newShop();
    const other = newShop();
    for (let n = 0; n < 27; n++) await inquiry(shop);
    await inquiry(other, { subject: "他店の問い合わせ" });

    const second = await listInbox(shop, null, query({ page: "2" }), now);
    expect(second.total).toBe(27);
    expect(second.rows).toHaveLength(2);
    expect((await listInbox(shop, null, query({ q: "他店" }), now)).total).toBe(0);
  });
});

describe("a conversation", () => {
  it("shows the thread in order and the same customer's other inquiries", async () => {
    const shop = newShop();
    const first = await inquiry(shop, { contactEmail: "taro@example.jp", subject: "前回の件" });
    const current = await inquiry(shop, { contactEmail: "taro@example.jp", subject: "今回の件", body: "<script>alert(1)</script>" });
    await prisma.inquiryMessage.create({ data: { shop, inquiryId: current.id, author: "note", channel: "inbox", body: "社内メモ", createdAt: minutes(-10) } });

    const conversation = await loadConversation(shop, current.id, now);
    expect(conversation?.messages.map((m) => [m.author, m.body])).toEqual([
      ["shopper", "<script>alert(1)</script>"],
      ["note", "社内メモ"],
    ]);
    expect(conversation?.previous.map((p) => p.id)).toEqual([first.id]);
  });

  it("is not found for another shop", async () => {
    const shop = newShop();
    const row = await inquiry(shop);
    expect(await loadConversation(newShop(), row.id, now)).toBeNull();
  });
});

describe("inbox changes", () => {
  it("refuses a bulk action without a selection or with an unknown assignee, and changes nothing", async () => {
    const shop = newShop();
    const row = await inquiry(shop);
    const who = { shop, userId: "1", userName: null };

    expect(await bulkAction(who, { intent: "status", ids: "", status: "resolved" })).toMatchObject({ ok: false, status: 400, errors: { ids: "inbox.errors.noneSelected" } });
    expect(await bulkAction(who, { intent: "assign", ids: row.id, assignee: "999" })).toMatchObject({ ok: false, errors: { assignee: "inbox.errors.assignee" } });
    expect(await prisma.inquiry.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "new", assigneeUserId: null });
  });

  it("resolves selected inquiries of the shop only", async () => {
    const shop = newShop();
    const mine = await inquiry(shop);
    const theirs = await inquiry(newShop());
    const result = await bulkAction({ shop, userId: "1", userName: null }, { intent: "status", ids: `${mine.id},${theirs.id}`, status: "resolved" });
    expect(result).toMatchObject({ ok: true, changed: 1 });
    expect((await prisma.inquiry.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("new");
  });

  it("refuses an empty reply with a field message", async () => {
    const shop = newShop();
    const row = await inquiry(shop);
    expect(await conversationAction({ shop, userId: "1", userName: null }, row.id, { intent: "reply", body: "  ", status: "pending" })).toMatchObject({
      ok: false,
      status: 400,
      errors: { body: "inbox.errors.bodyEmpty" },
    });
    expect(await prisma.inquiryMessage.count({ where: { inquiryId: row.id, author: "agent" } })).toBe(0);
  });

  it("logs a phone call for a customer as a phone inquiry created by the staff member", async () => {
    const shop = newShop();
    const at = new Date("2026-01-01T00:00:00Z");
    await prisma.customer.create({ data: { shop, shopifyId: "501", firstName: "花子", lastName: "山田", email: "hanako@example.jp", phone: "090-1234-5678", shopifyCreatedAt: at, shopifyUpdatedAt: at } });

    const result = await logCall({ shop, userId: "2", userName: "佐藤 健" }, { channel: "phone", customerId: "501", body: "注文の配送日を知りたい", locale: "ja" });
    expect(result.ok).toBe(true);
    const row = await prisma.inquiry.findFirstOrThrow({ where: { shop } });
    expect(row).toMatchObject({ channel: "phone", customerShopifyId: "501", createdByUserId: "2", contactEmail: "hanako@example.jp", contactPhone: "090-1234-5678" });
  });

  it("refuses a call without any contact and without a body, writing nothing", async () => {
    const shop = newShop();
    const result = await logCall({ shop, userId: "2", userName: null }, { channel: "in_person", body: "" });
    expect(result).toMatchObject({ ok: false, status: 400, errors: { body: "inbox.errors.bodyEmpty" } });
    const noContact = await logCall({ shop, userId: "2", userName: null }, { channel: "in_person", body: "来店での相談" });
    expect(noContact).toMatchObject({ ok: false, errors: { name: "inbox.errors.contactMissing" } });
    expect(await prisma.inquiry.count({ where: { shop } })).toBe(0);
  });
});
