/**
 * Mail for the inquiry desk against the running stack: a shopper's mail goes through the app's inbound SMTP listener
 * (and its HTTP inbound-parse endpoint) into an inquiry linked to the customer; a staff reply leaves over SMTP and
 * arrives at the mail catcher threaded under the shopper's mail; a redelivered mail changes nothing.
 */
import { randomUUID } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaughtMessage } from "../../devstore/mail-catcher/message-store";
import { encodedWord, utf8TextMail } from "../../app/mail/fixtures.test-helpers";
import { appDb, eventually, stack, syncedShop } from "../support/clients";

type Conversations = typeof import("../../app/inquiries/conversations.server");
type Delivery = typeof import("../../app/mail/delivery.server");

let conversations: Conversations;
let delivery: Delivery;
let toListener: Transporter;
let toCatcher: Transporter;

beforeAll(async () => {
  // The staff reply is written and sent from this process, on the app's database, to the stack's mail catcher.
  process.env.DATABASE_URL = stack().databaseUrl;
  conversations = await import("../../app/inquiries/conversations.server");
  delivery = await import("../../app/mail/delivery.server");
  toListener = nodemailer.createTransport({ host: "127.0.0.1", port: stack().inboundSmtpPort, secure: false, ignoreTLS: true });
  toCatcher = nodemailer.createTransport({ host: "127.0.0.1", port: stack().smtpPort, secure: false, ignoreTLS: true });
});
afterAll(() => {
  toListener.close();
  toCatcher.close();
});

/** A synced dev store shop with a support address and one of its customers who has an email. */
async function shopWithSupportAddress() {
  const shop = await syncedShop("ja", "tiny");
  const customer = await appDb().customer.findFirstOrThrow({
    where: { shop: shop.domain, email: { not: null }, deletedAt: null },
    select: { shopifyId: true, email: true },
  });
  const support = `support-${randomUUID().slice(0, 8)}@${shop.handle}.example`;
  await appDb().supportSettings.upsert({
    where: { shop: shop.domain },
    create: { shop: shop.domain, supportAddress: support, senderName: "つなぐ商店 サポート" },
    update: { supportAddress: support, senderName: "つなぐ商店 サポート" },
  });
  return { shop, support, customer: { shopifyId: customer.shopifyId, email: customer.email!.toLowerCase() } };
}

const countsOf = async (shop: string) => ({
  inquiries: await appDb().inquiry.count({ where: { shop } }),
  messages: await appDb().inquiryMessage.count({ where: { shop } }),
});

async function caughtMessages(): Promise<CaughtMessage[]> {
  return ((await (await fetch(`${stack().mailUrl}/api/messages`)).json()) as { messages: CaughtMessage[] }).messages;
}

describe("inquiry mail", () => {
  it("turns a mail to the support address into an inquiry of that customer, and threads the reply at the SMTP peer", async () => {
    // GIVEN a shop with a support address and a customer who writes to it in Japanese
    const { shop, support, customer } = await shopWithSupportAddress();
    const messageId = `<${randomUUID()}@mail.example.jp>`;
    const raw = utf8TextMail("注文した商品がまだ届きません。確認をお願いします。", {
      from: `${encodedWord("山田 花子", "UTF-8")} <${customer.email}>`,
      to: support,
      subject: encodedWord("商品が届きません【至急】", "UTF-8"),
      messageId,
    });

    // WHEN it is delivered to the app's inbound SMTP listener
    await toListener.sendMail({ envelope: { from: customer.email, to: [support] }, raw });

    // THEN an email inquiry exists, linked to the customer with that address
    const inquiry = await eventually(
      () => appDb().inquiry.findFirst({ where: { shop: shop.domain, channel: "email" } }),
      (found) => found !== null,
    );
    expect(inquiry).toMatchObject({ subject: "商品が届きません【至急】", customerShopifyId: customer.shopifyId, contactEmail: customer.email });

    // WHEN the same mail is delivered again
    const before = await countsOf(shop.domain);
    await toListener.sendMail({ envelope: { from: customer.email, to: [support] }, raw });
    // THEN nothing changes
    expect(await countsOf(shop.domain)).toEqual(before);

    // WHEN staff reply and the queued mail is delivered (here or by the app's worker: the claim sends it once)
    const reply = await conversations.replyAsAgent({
      shop: shop.domain,
      inquiryId: inquiry!.id,
      userId: "1",
      userName: "佐藤",
      body: "山田 花子 様\n本日発送いたしました。",
    });
    await delivery.deliverQueuedMail({ transport: toCatcher });

    // THEN it arrives at the mail catcher, threaded under the shopper's mail, with the Japanese subject intact
    const row = await eventually(
      () => appDb().inquiryMessage.findUniqueOrThrow({ where: { id: reply.id } }),
      (r) => r.deliveryState === "sent",
    );
    const caught = await eventually(caughtMessages, (all) => all.some((m) => m.messageId === row.messageId));
    const mails = caught.filter((m) => m.messageId === row.messageId);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to.map((a) => a.address)).toEqual([customer.email]);
    expect(mail.subject).toBe(`Re: 商品が届きません【至急】 [#${inquiry!.number}]`);
    expect(mail.from).toEqual([{ name: "つなぐ商店 サポート", address: support }]);
    expect(mail.inReplyTo).toBe(messageId);
    // References: the shopper's mail first, then whatever else of ours the thread already holds (an out-of-hours
    // auto-reply, when the shop was closed at test time).
    const earlier = await appDb().inquiryMessage.findMany({
      where: { shop: shop.domain, inquiryId: inquiry!.id, messageId: { not: null }, id: { not: reply.id } },
      orderBy: { createdAt: "asc" },
      select: { messageId: true },
    });
    expect(mail.references).toEqual(earlier.map((m) => m.messageId));
    expect(mail.references[0]).toBe(messageId);
    expect(mail.text).toContain("本日発送いたしました。");
    expect(mail.text).toContain("> 注文した商品がまだ届きません。");

    // AND the shopper's answer through the HTTP inbound-parse endpoint joins the same conversation
    const answer = utf8TextMail("ありがとうございます！\n\n> 本日発送いたしました。", {
      from: customer.email,
      to: support,
      subject: `Re: 商品が届きません [#${inquiry!.number}]`,
      messageId: `<${randomUUID()}@mail.example.jp>`,
      inReplyTo: row.messageId!,
      references: `${messageId} ${row.messageId!}`,
    });
    const form = new FormData();
    form.set("to", support);
    form.set("email", new Blob([new Uint8Array(answer)], { type: "message/rfc822" }), "message.eml");
    const posted = await fetch(`${stack().appUrl}/mail/inbound`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack().mailInboundSecret}` },
      body: form,
    });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual({ status: "appended", inquiryId: inquiry!.id });
    const last = await appDb().inquiryMessage.findFirstOrThrow({ where: { shop: shop.domain, inquiryId: inquiry!.id, author: "shopper" }, orderBy: { createdAt: "desc" } });
    expect(last.body).toBe("ありがとうございます！");
  });

  it("refuses the HTTP inbound endpoint without the secret, over the size limit and for unknown addresses", async () => {
    const { shop, support } = await shopWithSupportAddress();
    const raw = utf8TextMail("テスト", { to: support });
    const post = (body: BodyInit, headers: Record<string, string>) => fetch(`${stack().appUrl}/mail/inbound`, { method: "POST", headers, body });

    expect((await post(new Uint8Array(raw), { "content-type": "message/rfc822" })).status).toBe(401);
    expect((await post(new Uint8Array(raw), { "content-type": "message/rfc822", authorization: "Bearer wrong-secret-wrong-secret!" })).status).toBe(401);
    const auth = { authorization: `Bearer ${stack().mailInboundSecret}` };
    const tooLarge = await post(new Uint8Array(21 * 1024 * 1024), { ...auth, "content-type": "message/rfc822" });
    expect(tooLarge.status).toBe(413);
    const unknown = await fetch(`${stack().appUrl}/mail/inbound?to=nobody%40nowhere.example`, {
      method: "POST",
      headers: { ...auth, "content-type": "message/rfc822", "accept-language": "ja" },
      body: new Uint8Array(utf8TextMail("誰？", { to: "nobody@nowhere.example" })),
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: "unknownRecipient", message: "このアドレスでメールを受け付けているショップはありません。" });
    expect(await countsOf(shop.domain)).toEqual({ inquiries: 0, messages: 0 });

    // The listener refuses a recipient that is no shop's support address at RCPT time
    await expect(toListener.sendMail({ from: "a@example.jp", to: "nobody@nowhere.example", subject: "x", text: "x" })).rejects.toMatchObject({
      responseCode: 550,
    });
  });
});
