/**
 * The mail module against a real migrated database and a real SMTP peer (the dev store's mail catcher, started here):
 * inbound threading and dedupe, outbound claims, retries and headers.
 */
import { randomUUID } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningMailCatcher, startMailCatcher } from "../../devstore/mail-catcher/mail-catcher";
import type { CaughtMessage } from "../../devstore/mail-catcher/message-store";
import { encodedWord, legacyTextMail, utf8TextMail } from "./fixtures.test-helpers";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { receiveMail } = await import("./inbound.server");
const { deliverQueuedMail } = await import("./delivery.server");
const { startInboundSmtp } = await import("./smtp-listener.server");
const { replyAsAgent } = await import("../inquiries/conversations.server");

let catcher: RunningMailCatcher;
let transport: Transporter;

beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  transport = nodemailer.createTransport({ host: "127.0.0.1", port: catcher.smtpPort, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  transport.close();
  await catcher.close();
  await prisma.$disconnect();
  await database.drop();
});

/** A fresh shop with a support address (stored in mixed case) and one customer. */
async function makeShop() {
  const id = randomUUID().slice(0, 8);
  const shop = `mail-${id}.myshopify.com`;
  const support = `Support@Mail-${id}.example`;
  const at = new Date("2026-01-01T00:00:00Z");
  await prisma.shop.create({ data: { domain: shop, name: "つなぐ商店" } });
  await prisma.supportSettings.create({ data: { shop, supportAddress: support, senderName: "つなぐ商店 サポート" } });
  await prisma.customer.create({
    data: { shop, shopifyId: `gid://shopify/Customer/${id}`, email: "hanako@example.jp", shopifyCreatedAt: at, shopifyUpdatedAt: at },
  });
  return { shop, support: support.toLowerCase(), customerId: `gid://shopify/Customer/${id}` };
}

const counts = async (shop: string) => ({
  inquiries: await prisma.inquiry.count({ where: { shop } }),
  messages: await prisma.inquiryMessage.count({ where: { shop } }),
});

async function caught(to: string): Promise<CaughtMessage[]> {
  const { messages } = (await (await fetch(`${catcher.httpUrl}/api/messages`)).json()) as { messages: CaughtMessage[] };
  return messages.filter((m) => m.to.some((a) => a.address === to));
}

describe("receiveMail", () => {
  it("opens an inquiry linked to the customer with the sender's address, and a redelivery changes nothing", async () => {
    // GIVEN a shop whose support address receives an ISO-2022-JP mail
    const { shop, support, customerId } = await makeShop();
    const raw = legacyTextMail("配送状況を教えてください。", "ISO-2022-JP", {
      to: support.toUpperCase(),
      subject: encodedWord("配送について", "ISO-2022-JP"),
      messageId: `<first-${shop}@example.jp>`,
    });

    // WHEN it arrives, and arrives again
    const first = await receiveMail(raw, { rcptTo: [support.toUpperCase()] });
    const before = await counts(shop);
    const again = await receiveMail(raw, { rcptTo: [support] });

    // THEN one email inquiry exists, linked to the customer, and the second delivery is a duplicate
    expect(first.status).toBe("created");
    expect(again).toEqual({ status: "duplicate", shop });
    expect(await counts(shop)).toEqual(before);
    const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop }, include: { messages: true } });
    expect(inquiry).toMatchObject({ channel: "email", subject: "配送について", customerShopifyId: customerId, contactEmail: "hanako@example.jp", locale: "ja" });
    expect(inquiry.messages.find((m) => m.author === "shopper")).toMatchObject({ body: "配送状況を教えてください。", messageId: `<first-${shop}@example.jp>` });
  });

  it("threads by In-Reply-To, by the [#number] tag from the same sender, and by the sender's open email inquiry", async () => {
    const { shop, support } = await makeShop();
    const opened = await receiveMail(utf8TextMail("最初の質問", { to: support, messageId: `<q1-${shop}@example.jp>`, subject: "質問" }), { rcptTo: [support] });
    if (opened.status !== "created") throw new Error(opened.status);

    // By headers, even from another address (a colleague answering in the same thread)
    const byHeader = await receiveMail(
      utf8TextMail("追記です\n\nOn Mon, Shop wrote:\n> 前のメール", {
        from: "other@example.jp",
        messageId: `<q2-${shop}@example.jp>`,
        inReplyTo: `<q1-${shop}@example.jp>`,
      }),
      { rcptTo: [support] },
    );
    expect(byHeader).toMatchObject({ status: "appended", inquiryId: opened.inquiryId });
    const appended = await prisma.inquiryMessage.findFirstOrThrow({ where: { shop, messageId: `<q2-${shop}@example.jp>` } });
    expect(appended.body).toBe("追記です");

    // By tag from the same sender; a stranger quoting the tag gets a new inquiry
    const tagged = await receiveMail(utf8TextMail("タグ付き", { messageId: `<q3-${shop}@example.jp>`, subject: `Re: 質問 [#${opened.number}]` }), { rcptTo: [support] });
    expect(tagged).toMatchObject({ status: "appended", inquiryId: opened.inquiryId });
    const stranger = await receiveMail(
      utf8TextMail("なりすまし", { from: "mallory@example.net", messageId: `<q4-${shop}@example.net>`, subject: `[#${opened.number}]` }),
      { rcptTo: [support] },
    );
    expect(stranger.status).toBe("created");

    // By the sender's newest unresolved email inquiry, until it is resolved
    const plain = await receiveMail(utf8TextMail("ヘッダーなし", { messageId: `<q5-${shop}@example.jp>`, subject: "別件" }), { rcptTo: [support] });
    expect(plain).toMatchObject({ status: "appended", inquiryId: opened.inquiryId });
    await prisma.inquiry.update({ where: { id: opened.inquiryId }, data: { status: "resolved" } });
    const fresh = await receiveMail(utf8TextMail("新しい話", { messageId: `<q6-${shop}@example.jp>`, subject: "新規" }), { rcptTo: [support] });
    expect(fresh.status).toBe("created");
  });

  it("drops auto-replies, bounces and mail for unknown addresses without writing anything", async () => {
    const { shop, support } = await makeShop();
    const outOfOffice = utf8TextMail("不在です", { messageId: `<ooo-${shop}@example.jp>`, headers: { "Auto-Submitted": "auto-replied" } });
    expect(await receiveMail(outOfOffice, { rcptTo: [support] })).toEqual({ status: "ignored", shop, reason: "auto_submitted" });
    expect(await receiveMail(utf8TextMail("bounce"), { rcptTo: [support], envelopeFrom: "" })).toEqual({ status: "ignored", shop, reason: "bounce" });
    expect(await receiveMail(utf8TextMail("誰？"), { rcptTo: ["nobody@nowhere.example"] })).toEqual({ status: "unknown_recipient" });
    expect(await counts(shop)).toEqual({ inquiries: 0, messages: 0 });
  });
});

describe("the inbound SMTP listener", () => {
  it("takes mail for a support address and refuses other recipients with 550", async () => {
    const { shop, support } = await makeShop();
    const listener = await startInboundSmtp({ port: 0, maxBytes: 64 * 1024 });
    const client = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
    try {
      await client.sendMail({ from: "Hanako <hanako@example.jp>", to: support, subject: "サイズ交換", text: "Mサイズに交換できますか？" });
      expect((await prisma.inquiry.findFirstOrThrow({ where: { shop } })).subject).toBe("サイズ交換");

      await expect(client.sendMail({ from: "hanako@example.jp", to: "someone-else@example.org", subject: "x", text: "x" })).rejects.toMatchObject({
        responseCode: 550,
      });
      await expect(client.sendMail({ from: "hanako@example.jp", to: support, subject: "big", text: "あ".repeat(40_000) })).rejects.toMatchObject({
        responseCode: 552,
      });
      expect(await counts(shop)).toMatchObject({ inquiries: 1 });
    } finally {
      client.close();
      await listener.close();
    }
  });
});

describe("deliverQueuedMail", () => {
  async function inquiryWithReply(body = "明日発送いたします。") {
    const { shop, support } = await makeShop();
    const opened = await receiveMail(
      utf8TextMail("いつ届きますか？", { to: support, messageId: `<ask-${shop}@example.jp>`, references: `<root-${shop}@example.jp>`, subject: "配送【至急】" }),
      { rcptTo: [support] },
    );
    if (opened.status !== "created") throw new Error(opened.status);
    const reply = await replyAsAgent({ shop, inquiryId: opened.inquiryId, userId: "1", userName: "佐藤", body });
    return { shop, support, inquiryId: opened.inquiryId, number: opened.number, replyId: reply.id };
  }

  it("sends a queued reply threaded under the shopper's mail, once, even with two workers at it", async () => {
    // GIVEN a staff reply queued for a mail inquiry
    const { shop, support, number, replyId } = await inquiryWithReply();

    // WHEN two delivery passes run at the same time
    const results = await Promise.all([deliverQueuedMail({ transport }), deliverQueuedMail({ transport })]);

    // THEN exactly one mail arrived, with the threading headers and a Japanese subject intact
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    const mails = await caught("hanako@example.jp").then((all) => all.filter((m) => m.subject.includes(`[#${number}]`)));
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    const row = await prisma.inquiryMessage.findUniqueOrThrow({ where: { id: replyId } });
    expect(row).toMatchObject({ deliveryState: "sent", deliveryAttempts: 1, deliveryError: null });
    expect(mail.messageId).toBe(row.messageId);
    expect(mail.subject).toBe(`Re: 配送【至急】 [#${number}]`);
    expect(mail.from).toEqual([{ name: "つなぐ商店 サポート", address: support }]);
    expect(mail.inReplyTo).toBe(`<ask-${shop}@example.jp>`);
    expect(mail.references).toEqual([`<root-${shop}@example.jp>`, `<ask-${shop}@example.jp>`]);
    expect(mail.text).toContain("明日発送いたします。");
    expect(mail.text).toContain("> いつ届きますか？");
    expect(mail.headers.find((h) => h.name === "auto-submitted")).toBeUndefined();

    // AND the shopper's answer to it threads back into the same inquiry
    const answer = await receiveMail(utf8TextMail("ありがとうございます", { to: support, messageId: `<thanks-${shop}@example.jp>`, inReplyTo: row.messageId! }), {
      rcptTo: [support],
    });
    expect(answer.status).toBe("appended");
  });

  it("retries a failed send after its backoff with the same Message-ID, and gives up on a permanent refusal", async () => {
    const { replyId, number } = await inquiryWithReply("再送テスト");
    const flaky = { sendMail: () => Promise.reject(Object.assign(new Error("Greylisted"), { responseCode: 451 })) };
    const t0 = new Date();

    const failed = await deliverQueuedMail({ transport: flaky as never, now: () => t0 });
    expect(failed).toMatchObject({ sent: 0, retrying: 1 });
    const afterFailure = await prisma.inquiryMessage.findUniqueOrThrow({ where: { id: replyId } });
    expect(afterFailure).toMatchObject({ deliveryState: "queued", deliveryAttempts: 1 });
    expect(afterFailure.deliveryError).toContain("451");
    expect(afterFailure.messageId).toMatch(/^<tsunagu\./);

    // Not due yet: nothing is sent during the backoff
    expect((await deliverQueuedMail({ transport, now: () => new Date(t0.getTime() + 10_000) })).sent).toBe(0);
    // Due after it: sent with the Message-ID written before the first attempt
    expect((await deliverQueuedMail({ transport, now: () => new Date(t0.getTime() + 61_000) })).sent).toBe(1);
    const mail = (await caught("hanako@example.jp")).find((m) => m.subject.includes(`[#${number}]`))!;
    expect(mail.messageId).toBe(afterFailure.messageId);

    const refused = await inquiryWithReply("宛先なし");
    const hard = { sendMail: () => Promise.reject(Object.assign(new Error("No such user"), { responseCode: 550 })) };
    expect(await deliverQueuedMail({ transport: hard as never })).toMatchObject({ failed: 1 });
    expect(await prisma.inquiryMessage.findUniqueOrThrow({ where: { id: refused.replyId } })).toMatchObject({ deliveryState: "failed" });
  });

  it("claims a send that crashed after its lease ran out", async () => {
    const { replyId } = await inquiryWithReply("クラッシュ");
    const crashedAt = new Date(Date.now() - 10 * 60_000);
    await prisma.inquiryMessage.update({ where: { id: replyId }, data: { deliveryState: "sending", deliveryAttempts: 1, sentAt: crashedAt } });
    expect((await deliverQueuedMail({ transport })).sent).toBe(1);
    expect(await prisma.inquiryMessage.findUniqueOrThrow({ where: { id: replyId } })).toMatchObject({ deliveryState: "sent", deliveryAttempts: 2 });
  });

  it("marks an auto-reply Auto-Submitted", async () => {
    const { shop, inquiryId } = await inquiryWithReply("通常の返信");
    await deliverQueuedMail({ transport });
    await replyAsAgent({ shop, inquiryId, userId: null, userName: null, body: "営業時間外のため、翌営業日にご返信します。", origin: "auto_reply" });
    expect((await deliverQueuedMail({ transport })).sent).toBe(1);
    const mail = (await caught("hanako@example.jp")).find((m) => m.text?.includes("営業時間外"))!;
    expect(mail.headers.find((h) => h.name === "auto-submitted")?.value).toBe("auto-replied");
  });
});
