import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const conversations = await import("./conversations.server");
const { ensureSupportDefaults } = await import("./defaults.server");
const { openInquiry, appendShopperMessage, replyAsAgent, addNote, setStatus, assign, setCategory, findInquiryByChatToken, inquiryEvents, InquiryError } =
  conversations;

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `desk-${randomUUID().slice(0, 8)}.myshopify.com`;

async function customer(shop: string, shopifyId: string, email: string) {
  const at = new Date("2026-01-01T00:00:00Z");
  await prisma.customer.create({ data: { shop, shopifyId, email, firstName: "花子", lastName: "山田", shopifyCreatedAt: at, shopifyUpdatedAt: at } });
}

const form = (shop: string, extra: Partial<Parameters<typeof openInquiry>[0]> = {}) =>
  openInquiry({ shop, channel: "form", locale: "ja", contact: { name: "山田 花子", email: "Hanako@Example.com" }, body: "商品がまだ届きません", ...extra });

describe("opening an inquiry", () => {
  it("numbers inquiries per shop from 1001, without gaps or duplicates when they arrive together", async () => {
    const shop = newShop();
    const other = newShop();
    const opened = await Promise.all(Array.from({ length: 8 }, () => form(shop)));
    await form(other);
    expect(opened.map((o) => o.number).sort()).toEqual([1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008]);
    expect((await prisma.inquiry.findMany({ where: { shop: other } })).map((i) => i.number)).toEqual([1001]);
  });

  it("links the shop's customer with that email, ignoring case, and never another shop's", async () => {
    const shop = newShop();
    const other = newShop();
    await customer(other, "900", "hanako@example.com");
    const first = await form(shop);
    expect(await prisma.inquiry.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ customerShopifyId: null, customerLink: "pending", contactEmail: "hanako@example.com" });
    await customer(shop, "101", "hanako@example.com");
    const second = await form(shop);
    expect(await prisma.inquiry.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ customerShopifyId: "101", customerLink: "linked" });
  });

  it("trusts the logged-in customer over the email typed in the form", async () => {
    const shop = newShop();
    await customer(shop, "101", "hanako@example.com");
    const opened = await form(shop, { customerShopifyId: "202" });
    expect(await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id } })).toMatchObject({ customerShopifyId: "202", customerLink: "linked" });
  });

  it("keeps the shopper's text, pages viewed and page verbatim, and stores only the chat token's hash", async () => {
    const shop = newShop();
    const attack = `<img src=x onerror=alert(1)>'); DROP TABLE "Inquiry";--`;
    const opened = await openInquiry({
      shop,
      channel: "chat",
      chat: true,
      locale: "en",
      contact: {},
      body: attack,
      pageUrl: "https://shop.example/products/tea",
      pagesViewed: [{ url: "https://shop.example/", title: "Home" }],
    });
    expect(opened.chatToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const row = await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id }, include: { messages: true } });
    expect(row.messages[0]!.body).toBe(attack);
    expect(JSON.parse(row.pagesViewed)).toEqual([{ url: "https://shop.example/", title: "Home" }]);
    expect(row.chatTokenHash).not.toContain(opened.chatToken!);
    expect((await findInquiryByChatToken(shop, opened.chatToken!))?.id).toBe(opened.id);
    expect(await findInquiryByChatToken(newShop(), opened.chatToken!)).toBeNull();
    expect(row.customerLink).toBe("none");
  });

  it("opens one inquiry for a mail delivered twice", async () => {
    const shop = newShop();
    const mail = { messageId: "<abc@mail.example>", references: [] };
    const a = await openInquiry({ shop, channel: "email", locale: "ja", contact: { email: "a@example.com" }, subject: "件名", body: "本文", mail });
    const b = await openInquiry({ shop, channel: "email", locale: "ja", contact: { email: "a@example.com" }, subject: "件名", body: "本文", mail });
    expect(b).toMatchObject({ id: a.id, duplicate: true });
    expect(await prisma.inquiry.count({ where: { shop } })).toBe(1);
  });
});

describe("the conversation", () => {
  it("queues a staff reply to a form inquiry for mail, records the first response and waits for the shopper", async () => {
    const shop = newShop();
    const opened = await form(shop);
    await replyAsAgent({ shop, inquiryId: opened.id, userId: "u1", userName: "佐藤 健", body: "お問い合わせありがとうございます。" });
    const row = await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id }, include: { messages: { orderBy: { createdAt: "asc" } } } });
    expect(row.status).toBe("pending");
    expect(row.firstRespondedAt).not.toBeNull();
    expect(row.messages.find((m) => m.author === "agent")).toMatchObject({ deliveryState: "queued", authorName: "佐藤 健" });
  });

  it("shows a chat reply in the widget as unread instead of mailing it", async () => {
    const shop = newShop();
    const opened = await openInquiry({ shop, channel: "chat", chat: true, locale: "ja", contact: {}, body: "こんにちは" });
    const seen: string[] = [];
    const listener = (e: { inquiryId: string; author: string }) => e.inquiryId === opened.id && seen.push(e.author);
    inquiryEvents.on("message", listener);
    await replyAsAgent({ shop, inquiryId: opened.id, userId: "u1", userName: "佐藤", body: "はい、どうぞ" });
    inquiryEvents.off("message", listener);
    const row = await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id }, include: { messages: true } });
    expect(row.shopperUnread).toBe(1);
    expect(row.messages.find((m) => m.author === "agent")?.deliveryState).toBeNull();
    expect(seen).toEqual(["agent"]);
  });

  it("reopens a resolved conversation when the shopper writes again", async () => {
    const shop = newShop();
    const opened = await form(shop);
    await setStatus({ shop, inquiryIds: [opened.id], status: "resolved", userId: "u1" });
    expect((await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id } })).resolvedAt).not.toBeNull();
    await appendShopperMessage({ shop, inquiryId: opened.id, body: "まだです", channel: "email", mail: { messageId: "<re1@x>" } });
    await appendShopperMessage({ shop, inquiryId: opened.id, body: "まだです", channel: "email", mail: { messageId: "<re1@x>" } });
    const row = await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id }, include: { messages: true } });
    expect(row).toMatchObject({ status: "open", resolvedAt: null, staffUnread: true });
    expect(row.messages.filter((m) => m.author === "shopper")).toHaveLength(2);
  });

  it("records notes with the staff they mention and never queues them for mail", async () => {
    const shop = newShop();
    await prisma.staffMember.create({ data: { shop, userId: "77", name: "佐藤 健", email: "ken@example.com" } });
    await prisma.staffMember.create({ data: { shop, userId: "78", name: "鈴木 美咲" } });
    const opened = await form(shop);
    const note = await addNote({ shop, inquiryId: opened.id, userId: "1", userName: "山田", body: "@佐藤健 確認お願いします" });
    expect(note.mentions).toEqual(["77"]);
    const row = await prisma.inquiryMessage.findUniqueOrThrow({ where: { id: note.id } });
    expect(row).toMatchObject({ author: "note", deliveryState: null });
  });

  it("assigns and changes status only within the shop, with an event for each change", async () => {
    const shop = newShop();
    const other = newShop();
    const mine = await form(shop);
    const theirs = await form(other);
    expect(await assign({ shop, inquiryIds: [mine.id, theirs.id], assigneeUserId: "77", userId: "1" })).toBe(1);
    expect(await prisma.inquiry.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ assigneeUserId: "77", status: "open" });
    expect((await prisma.inquiry.findUniqueOrThrow({ where: { id: theirs.id } })).assigneeUserId).toBeNull();
    const events = await prisma.inquiryMessage.findMany({ where: { shop, inquiryId: mine.id, author: "system" } });
    expect(events.map((e) => JSON.parse(e.body))).toEqual([{ event: "assigned", to: "77", by: "1" }]);
  });

  it("refuses a category the shop does not have, and a reply to another shop's inquiry", async () => {
    const shop = newShop();
    const opened = await form(shop);
    await expect(setCategory({ shop, inquiryId: opened.id, category: "nope", userId: "1" })).rejects.toBeInstanceOf(InquiryError);
    await expect(replyAsAgent({ shop: newShop(), inquiryId: opened.id, userId: "1", userName: null, body: "x" })).rejects.toMatchObject({ code: "not_found" });
    await prisma.inquiryCategory.create({ data: { shop, key: "shipping", nameJa: "配送", nameEn: "Shipping" } });
    await setCategory({ shop, inquiryId: opened.id, category: "shipping", userId: "1" });
    expect(await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id } })).toMatchObject({ category: "shipping", categorySource: "agent" });
  });
});

describe("the steps around a new inquiry", () => {
  // Asia/Tokyo: Monday 2026-11-30 10:00 is business time; Sunday 2026-11-29 10:00 is not.
  const MONDAY_10 = new Date("2026-11-30T01:00:00Z");
  const SUNDAY_10 = new Date("2026-11-29T01:00:00Z");

  it("triages an undeclared inquiry, sets due times in business hours and assigns it by the category's round robin", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    await prisma.supportSettings.update({ where: { shop }, data: { triageRules: JSON.stringify([{ contains: ["届かない"], category: "shipping", priority: "high" }]) } });
    await prisma.inquiryCategory.update({ where: { shop_key: { shop, key: "shipping" } }, data: { assignment: "round_robin", teamUserIds: '["a","b"]' } });
    const first = await form(shop, { body: "注文した商品が届かないです", receivedAt: MONDAY_10 });
    const second = await form(shop, { body: "まだ届かない", receivedAt: MONDAY_10 });
    const rows = await prisma.inquiry.findMany({ where: { shop, id: { in: [first.id, second.id] } }, orderBy: { number: "asc" } });
    expect(rows.map((r) => [r.category, r.categorySource, r.priority])).toEqual([
      ["shipping", "rule", "high"],
      ["shipping", "rule", "high"],
    ]);
    expect(rows.map((r) => r.assigneeUserId).sort()).toEqual(["a", "b"]);
    expect(rows[0]!.firstResponseDueAt!.getTime()).toBeGreaterThan(MONDAY_10.getTime());
    expect(rows[0]!.resolutionDueAt!.getTime()).toBeGreaterThan(rows[0]!.firstResponseDueAt!.getTime());
  });

  it("keeps the category the shopper chose", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    const opened = await form(shop, { body: "商品が届かない", category: "payment", receivedAt: MONDAY_10 });
    expect(await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id } })).toMatchObject({ category: "payment", categorySource: "shopper" });
  });

  it("answers a form inquiry automatically when the desk is closed, in the shopper's language, without counting it as the first response", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    const closed = await form(shop, { receivedAt: SUNDAY_10 });
    const open = await form(shop, { receivedAt: MONDAY_10 });
    const english = await form(shop, { locale: "en", receivedAt: SUNDAY_10 });
    const replies = async (id: string) => prisma.inquiryMessage.findMany({ where: { shop, inquiryId: id, author: "agent" } });
    const [auto] = await replies(closed.id);
    expect(auto).toMatchObject({ origin: "auto_reply", deliveryState: "queued" });
    expect(auto!.body).toContain("営業時間外");
    expect((await replies(english.id))[0]!.body).toMatch(/business hours/);
    expect(await replies(open.id)).toEqual([]);
    expect(await prisma.inquiry.findUniqueOrThrow({ where: { id: closed.id } })).toMatchObject({ status: "new", firstRespondedAt: null, staffUnread: true });
  });

  it("records the first response and resolution in business minutes against the due times", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    const opened = await form(shop, { receivedAt: new Date(Date.now() - 60_000) });
    await replyAsAgent({ shop, inquiryId: opened.id, userId: "u1", userName: "佐藤", body: "確認します", status: "resolved" });
    const row = await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id } });
    expect(row.firstResponseMinutes).toBeGreaterThanOrEqual(0);
    expect(row.resolutionMinutes).toBe(row.firstResponseMinutes);
    expect(row.firstResponseBreached).toBe(false);
    expect(row.status).toBe("resolved");
  });
});
