import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => {
  // chat.server verifies app-proxy requests with the configured app (never reached by these tests).
  Object.assign(process.env, { SHOPIFY_API_KEY: "test-key", SHOPIFY_API_SECRET: "test-secret", SHOPIFY_APP_URL: "http://localhost", SCOPES: "read_customers" });
  return (await import("../../tests/support/unit-database")).freshDatabase();
});
const { default: prisma } = await import("../db.server");
const { replyAsAgent, setStatus } = await import("./conversations.server");
const chat = await import("./chat.server");
const { ChatError, pollConversation, sendChatMessage, unreadCount, chatStatus, LONG_POLL_MAX_MS } = chat;

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `chat-${randomUUID().slice(0, 8)}.myshopify.com`;

/** GIVEN a shop whose desk is open around the clock (or closed today and the days either side). */
async function shopWithHours(open: boolean) {
  const shop = newShop();
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await prisma.supportSettings.create({
    data: {
      shop,
      observeJapaneseHolidays: false,
      businessHours: "{}",
      closedDates: JSON.stringify(open ? [] : [day(-1), day(0), day(1)]),
      autoReplyOutsideHours: false,
    },
  });
  return { shop, customerShopifyId: null, locale: "ja" as const, client: "203.0.113.9" };
}

describe("a chat conversation", () => {
  it("opens an inquiry on the first message and hands the widget a token whose hash alone is stored", async () => {
    const ctx = await shopWithHours(true);
    const sent = await sendChatMessage(ctx, { body: "在庫はありますか？", pageUrl: "/products/tea", pagesViewed: [{ url: "/", title: "Home" }] });

    expect(sent.created).toBe(true);
    expect(sent.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop: ctx.shop }, include: { messages: true } });
    expect(inquiry.channel).toBe("chat");
    expect(inquiry.pageUrl).toBe("/products/tea");
    expect(JSON.parse(inquiry.pagesViewed)).toEqual([{ url: "/", title: "Home" }]);
    expect(inquiry.chatTokenHash).not.toBeNull();
    expect(inquiry.chatTokenHash).not.toContain(sent.token!);
    expect(inquiry.messages.map((m) => m.body)).toEqual(["在庫はありますか？"]);
  });

  it("adds later messages to the same inquiry and shows the widget shopper and staff messages, never notes", async () => {
    const ctx = await shopWithHours(true);
    const { token } = await sendChatMessage(ctx, { body: "サイズを教えてください" });
    await sendChatMessage(ctx, { token: token!, body: "Mサイズです" });
    const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop: ctx.shop } });
    await prisma.inquiryMessage.create({ data: { shop: ctx.shop, inquiryId: inquiry.id, author: "note", channel: "inbox", body: "社内メモ" } });
    await replyAsAgent({ shop: ctx.shop, inquiryId: inquiry.id, userId: "u1", userName: "佐藤 花子", body: "着丈は70cmです" });

    const view = await pollConversation(ctx, { token: token!, since: 0, wait: false, read: false });

    expect(await prisma.inquiry.count({ where: { shop: ctx.shop } })).toBe(1);
    expect(view.messages.map((m) => [m.author, m.body])).toEqual([
      ["shopper", "サイズを教えてください"],
      ["shopper", "Mサイズです"],
      ["agent", "着丈は70cmです"],
    ]);
    expect(view.messages[2]!.name).toBe("佐藤");
    expect(view.total).toBe(3);
    expect(view.unread).toBe(1);
  });

  it("returns only what the widget has not seen, and clears the unread badge once the widget shows everything", async () => {
    const ctx = await shopWithHours(true);
    const { token } = await sendChatMessage(ctx, { body: "こんにちは、配送について" });
    const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop: ctx.shop } });
    await replyAsAgent({ shop: ctx.shop, inquiryId: inquiry.id, userId: "u1", userName: "Staff", body: "はい、どうぞ" });
    expect(await unreadCount(ctx, token!)).toEqual({ unread: 1, known: true });

    const view = await pollConversation(ctx, { token: token!, since: 1, wait: false, read: true });
    expect(view.messages.map((m) => m.body)).toEqual(["はい、どうぞ"]);
    // Handed out, not yet shown: a widget closed meanwhile would never see it.
    expect(await unreadCount(ctx, token!)).toEqual({ unread: 1, known: true });

    const next = await pollConversation(ctx, { token: token!, since: view.total, wait: false, read: true });
    expect(next.messages).toEqual([]);
    expect(next.unread).toBe(0);
    expect(await unreadCount(ctx, token!)).toEqual({ unread: 0, known: true });
  });

  it("wakes a waiting poll as soon as staff reply", async () => {
    const ctx = await shopWithHours(true);
    const { token } = await sendChatMessage(ctx, { body: "返品できますか" });
    const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop: ctx.shop } });

    const waiting = pollConversation(ctx, { token: token!, since: 1, wait: true, read: true });
    await new Promise((r) => setTimeout(r, 100));
    await replyAsAgent({ shop: ctx.shop, inquiryId: inquiry.id, userId: "u1", userName: "Staff", body: "はい、7日以内なら" });
    const view = await waiting;

    expect(view.messages.map((m) => m.body)).toEqual(["はい、7日以内なら"]);
  });

  it("finds a reply written by another process (no in-process wake) with its database check", async () => {
    const ctx = await shopWithHours(true);
    const { token } = await sendChatMessage(ctx, { body: "届きません" });
    const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop: ctx.shop } });

    const waiting = pollConversation(ctx, { token: token!, since: 1, wait: true, read: false });
    await new Promise((r) => setTimeout(r, 100));
    // Written directly, as another app process would: no event reaches this process.
    await prisma.inquiryMessage.create({ data: { shop: ctx.shop, inquiryId: inquiry.id, author: "agent", channel: "chat", body: "確認します" } });
    const view = await waiting;

    expect(view.messages.map((m) => m.body)).toEqual(["確認します"]);
  });

  it("gives up waiting after the long-poll limit with nothing new", async () => {
    const ctx = await shopWithHours(true);
    const { token } = await sendChatMessage(ctx, { body: "質問です" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const view = await pollConversation(ctx, { token: token!, since: 1, wait: true, read: false }, controller.signal);
    expect(view.messages).toEqual([]);
    expect(view.total).toBe(1);
    expect(LONG_POLL_MAX_MS).toBeLessThanOrEqual(9_000);
  });

  it("keeps the conversation after it was resolved, and the shopper's next message reopens it", async () => {
    const ctx = await shopWithHours(true);
    const { token } = await sendChatMessage(ctx, { body: "ありがとう" });
    const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop: ctx.shop } });
    await setStatus({ shop: ctx.shop, inquiryIds: [inquiry.id], status: "resolved", userId: "u1" });
    await sendChatMessage(ctx, { token: token!, body: "もう一つ質問が" });
    expect((await prisma.inquiry.findFirstOrThrow({ where: { id: inquiry.id } })).status).toBe("open");
  });

  it("does not let a token from one shop read another shop's conversation", async () => {
    const a = await shopWithHours(true);
    const b = await shopWithHours(true);
    const { token } = await sendChatMessage(a, { body: "秘密の質問" });
    expect(await pollConversation(b, { token: token!, since: 0, wait: false, read: true })).toMatchObject({ known: false, messages: [] });
    expect(await unreadCount(b, token!)).toEqual({ unread: 0, known: false });
  });
});

describe("outside business hours", () => {
  it("says the desk is closed and when it opens", async () => {
    const ctx = await shopWithHours(false);
    const status = await chatStatus(ctx);
    expect(status.open).toBe(false);
    expect(status.nextOpenAt === null || Date.parse(status.nextOpenAt) > Date.now()).toBe(true);
    // The widget writes the opening time on the desk's clock (a shop without its own zone: Asia/Tokyo).
    expect(status.timeZone).toBe("Asia/Tokyo");
  });

  it("asks a guest for an email for the answer, writing nothing without one", async () => {
    const ctx = await shopWithHours(false);
    const attempt = sendChatMessage(ctx, { body: "営業時間外の質問" });
    await expect(attempt).rejects.toBeInstanceOf(ChatError);
    await expect(attempt).rejects.toMatchObject({ code: "invalid", errors: [{ field: "email", message: expect.stringContaining("営業時間外") }] });
    expect(await prisma.inquiry.count({ where: { shop: ctx.shop } })).toBe(0);

    const sent = await sendChatMessage(ctx, { body: "営業時間外の質問", email: "Hanako@Example.jp" });
    expect(sent.created).toBe(true);
    const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop: ctx.shop } });
    expect(inquiry.contactEmail).toBe("hanako@example.jp");
  });

  it("does not ask a logged-in customer for an email", async () => {
    const ctx = { ...(await shopWithHours(false)), customerShopifyId: "7000000000001" };
    const sent = await sendChatMessage(ctx, { body: "注文について" });
    expect(sent.created).toBe(true);
    const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop: ctx.shop } });
    expect(inquiry.customerShopifyId).toBe("7000000000001");
  });
});
