/**
 * The inquiry desk end to end (issue 4, "How it will be checked"), in Chromium: a shopper sends the storefront form and
 * chats; an agent finds both in the inbox beside the customer's orders and replies; the form reply arrives at the SMTP
 * peer and the chat reply in the open widget; a mail to the support address lands on the same customer's timeline,
 * and the reply to it arrives threaded under it.
 */
import type { Page } from "@playwright/test";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@tsunagu-generated/prisma-sqlite";
import nodemailer from "nodemailer";
import { devstoreControl, expect, expectNoAxeViolations, test, urls } from "./fixtures";

type CaughtMessage = { id: string; subject: string; messageId: string | null; inReplyTo: string | null; references: string[]; text: string | null };

let db: PrismaClient | undefined;
const appDb = () => (db ??= new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: process.env.E2E_DATABASE_URL!, timeout: 5_000 }) }));

test.afterAll(async () => {
  await db?.$disconnect();
});

/** The first mail to `to` (after message `after`) the SMTP peer caught; waits for it. */
async function caughtMail(to: string, after?: string): Promise<CaughtMessage> {
  const query = new URLSearchParams({ to, timeout: "15000", ...(after ? { after } : {}) });
  const response = await fetch(`${process.env.E2E_MAIL_URL}/api/messages/wait?${query}`);
  expect(response.status, `a mail to ${to}`).toBe(200);
  return ((await response.json()) as { message: CaughtMessage }).message;
}

/** A fresh shop with the app installed and synced, its desk open around the clock, and a support address. */
async function shopWithDesk(page: Page) {
  const { shop } = await devstoreControl<{ shop: { domain: string } }>("POST", "/shops", { locale: "ja", size: "tiny" });
  const handle = shop.domain.replace(".myshopify.com", "");
  const admin = (path: string) => `${urls.devstore()}/store/${handle}/apps/tsunagu${path}${path.includes("?") ? "&" : "?"}locale=ja`;
  await page.goto(admin(""));
  await expect(page.frameLocator("iframe").getByRole("heading", { level: 1 }).first()).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(async () => (await appDb().syncRun.findMany({ where: { shop: shop.domain } })).map((r) => r.status).join(), { timeout: 60_000 })
    .toMatch(/^(completed,?)+$/);
  const supportAddress = `support@${handle}.example`;
  const desk = { observeJapaneseHolidays: false, businessHours: "{}", closedDates: "[]", supportAddress };
  await appDb().supportSettings.upsert({ where: { shop: shop.domain }, create: { shop: shop.domain, ...desk }, update: desk });
  const customer = await appDb().customer.findFirstOrThrow({
    where: { shop: shop.domain, email: { not: null }, ordersCount: { gt: 0 }, lastName: { not: null } },
    orderBy: { ordersCount: "desc" },
  });
  const order = await appDb().order.findFirstOrThrow({ where: { shop: shop.domain, customerShopifyId: customer.shopifyId }, orderBy: { processedAt: "desc" } });
  return { domain: shop.domain, handle, admin, supportAddress, customer, order };
}

test.describe("the inquiry desk", () => {
  test.setTimeout(180_000);

  test("form, chat and mail reach one inbox beside the customer's orders, and every reply reaches the shopper", async ({ page, context }) => {
    const shop = await shopWithDesk(page);
    const email = shop.customer.email!;
    const name = `${shop.customer.lastName} ${shop.customer.firstName ?? ""}`.trim();

    // The shopper: the storefront form, as a guest typing the address Shopify knows them by.
    const shopper = await context.newPage();
    await shopper.goto(`${urls.storefront(shop.handle)}/pages/contact`);
    const form = shopper.getByRole("form", { name: "お問い合わせ" });
    await shopper.waitForFunction(() => "TsunaguForm" in window);
    await form.getByLabel("お名前").fill(name);
    await form.getByLabel("メールアドレス").fill(email);
    await form.getByLabel("お問い合わせ内容", { exact: false }).fill("注文した商品がまだ届きません。配送状況を教えてください。");
    const consent = form.getByRole("checkbox");
    if ((await consent.count()) > 0) await consent.first().check();
    await form.getByRole("button", { name: "送信" }).click();
    await expect(shopper.getByText(/^受付番号は #\d+ です。$/)).toBeVisible();
    const formInquiry = await appDb().inquiry.findFirstOrThrow({ where: { shop: shop.domain, channel: "form" } });
    expect(formInquiry.customerShopifyId).toBe(shop.customer.shopifyId);

    // …then the chat widget, left open.
    await shopper.goto(`${urls.storefront(shop.handle)}/`);
    await shopper.getByRole("button", { name: "チャットで問い合わせる" }).click();
    const chat = shopper.getByRole("dialog", { name: "チャット" });
    await chat.getByRole("textbox", { name: "メッセージ" }).fill("ギフト包装はできますか？");
    await chat.getByRole("button", { name: "送信" }).click();
    await expect(chat.getByRole("log").getByText("ギフト包装はできますか？")).toBeVisible();

    // The agent: both conversations in the inbox.
    await page.goto(shop.admin("/inbox"));
    let app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "受信箱", level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByText("注文した商品がまだ届きません", { exact: false }).first()).toBeVisible();
    await expect(app.getByText("ギフト包装はできますか？", { exact: false }).first()).toBeVisible();
    await expectNoAxeViolations(page);

    // The form inquiry, beside the customer's orders; the reply leaves by mail.
    await page.goto(shop.admin(`/inbox/${formInquiry.id}`));
    app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "最近の注文" })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByRole("link", { name: shop.order.name })).toBeVisible();
    await app.getByLabel("お客様への返信").fill("お問い合わせありがとうございます。本日発送いたしました。");
    await app.getByRole("button", { name: "送信", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("返信を送信しました");
    await expect(app.getByLabel("お客様への返信")).toHaveValue("");
    await expect(app.getByText("本日発送いたしました。", { exact: false })).toBeVisible();
    const formReply = await caughtMail(email);
    expect(formReply.subject).toContain(`#${formInquiry.number}`);
    expect(formReply.text).toContain("本日発送いたしました。");

    // The chat: the reply shows in the shopper's open widget.
    const chatInquiry = await appDb().inquiry.findFirstOrThrow({ where: { shop: shop.domain, channel: "chat" } });
    await page.goto(shop.admin(`/inbox/${chatInquiry.id}`));
    app = page.frameLocator("iframe");
    await app.getByLabel("お客様への返信").fill("はい、無料で承ります。");
    await app.getByRole("button", { name: "送信", exact: true }).click();
    await expect(chat.getByRole("log").getByText("はい、無料で承ります。")).toBeVisible({ timeout: 10_000 });

    // Mail to the support address: on the same customer's timeline.
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: Number(process.env.E2E_INBOUND_SMTP_PORT), secure: false, ignoreTLS: true });
    const sent = await transport.sendMail({ from: { name, address: email }, to: shop.supportAddress, subject: "領収書の発行について", text: "先日の注文の領収書をお願いします。" });
    transport.close();
    const mailInquiry = await expect
      .poll(async () => (await appDb().inquiry.findFirst({ where: { shop: shop.domain, channel: "email" } }))?.customerShopifyId, { timeout: 15_000 })
      .toBe(shop.customer.shopifyId)
      .then(() => appDb().inquiry.findFirstOrThrow({ where: { shop: shop.domain, channel: "email" } }));
    await page.goto(shop.admin(`/customers/${shop.customer.shopifyId}`));
    app = page.frameLocator("iframe");
    await expect(app.getByText(`問い合わせ #${mailInquiry.number}：領収書の発行について`)).toBeVisible({ timeout: 30_000 });

    // The reply to that mail arrives threaded under it.
    await page.goto(shop.admin(`/inbox/${mailInquiry.id}`));
    app = page.frameLocator("iframe");
    await app.getByLabel("お客様への返信").fill("領収書をお送りいたします。");
    await app.getByRole("button", { name: "送信", exact: true }).click();
    const threaded = await caughtMail(email, formReply.id);
    expect(threaded.inReplyTo).toBe(sent.messageId);
    expect(threaded.references).toContain(sent.messageId);
    expect(threaded.subject).toContain("領収書の発行について");
  });
});
