/**
 * The chat widget in Chromium on the dev store's storefront (issue 4, deliverable 2). Staff replies are written into
 * the app's database as the inbox would from another app process; the widget's long-poll must find them.
 */
import type { Page, Request } from "@playwright/test";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@tsunagu-generated/prisma-sqlite";
import { devstoreControl, expect, expectNoAxeViolations, test, urls } from "./fixtures";

type Shop = { domain: string; handle: string };

let db: PrismaClient | undefined;
function appDb(): PrismaClient {
  db ??= new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: process.env.E2E_DATABASE_URL!, timeout: 5_000 }) });
  return db;
}

test.afterAll(async () => {
  await db?.$disconnect();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A fresh shop with the app installed, its desk open around the clock (or closed for these days), and FAQ answers. */
async function shopWithChat(page: Page, locale: "ja" | "en", open: boolean): Promise<Shop> {
  const { shop } = await devstoreControl<{ shop: { domain: string } }>("POST", "/shops", { locale, size: "tiny" });
  const handle = shop.domain.replace(".myshopify.com", "");
  await page.goto(`${urls.devstore()}/store/${handle}/apps/tsunagu?locale=${locale}`);
  await expect(page.frameLocator("iframe").getByRole("heading", { level: 1 }).first()).toBeVisible();
  const closedDates = JSON.stringify(open ? [] : [day(-1), day(0), day(1)]);
  await appDb().supportSettings.upsert({
    where: { shop: shop.domain },
    create: { shop: shop.domain, observeJapaneseHolidays: false, businessHours: "{}", closedDates, autoReplyOutsideHours: false },
    update: { observeJapaneseHolidays: false, businessHours: "{}", closedDates, autoReplyOutsideHours: false },
  });
  await appDb().faqEntry.createMany({
    data: [
      { shop: shop.domain, locale: "ja", question: "送料はいくらですか？", answer: "全国一律600円、5,000円以上で送料無料です。" },
      { shop: shop.domain, locale: "en", question: "How much is shipping?", answer: "Shipping is free on orders over ¥5,000." },
    ],
  });
  return { domain: shop.domain, handle };
}

async function staffReply(shop: Shop, body: string) {
  const inquiry = await appDb().inquiry.findFirstOrThrow({ where: { shop: shop.domain, channel: "chat" } });
  await appDb().$transaction([
    appDb().inquiryMessage.create({ data: { shop: shop.domain, inquiryId: inquiry.id, author: "agent", authorName: "佐藤 花子", channel: "chat", body } }),
    appDb().inquiry.update({ where: { id: inquiry.id }, data: { shopperUnread: { increment: 1 } } }),
  ]);
}

/** Sums layout shifts not caused by the shopper's input (CLS's definition), from page load on. */
async function watchLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __shifts: number };
    w.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
        if (!entry.hadRecentInput) w.__shifts += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** Requests the page makes for the widget: the chat UI's files and the app proxy. */
function watchWidgetRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request: Request) => {
    const url = new URL(request.url());
    if (url.pathname.includes("/apps/tsunagu/") || url.pathname.includes("tsunagu-chat")) seen.push(url.pathname);
  });
  return seen;
}

test.describe("the chat widget", () => {
  test("a shopper sees FAQ answers, chats with staff, and keeps the conversation across pages", async ({ page }) => {
    const shop = await shopWithChat(page, "ja", true);
    await watchLayoutShifts(page);
    const requests = watchWidgetRequests(page);

    // Page load: a launcher and nothing else, no chat UI and no app request (no conversation yet).
    await page.goto(`${urls.storefront(shop.handle)}/`);
    const launcher = page.getByRole("button", { name: "チャットで問い合わせる" });
    await expect(launcher).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(requests).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __shifts: number }).__shifts)).toBe(0);
    await expectNoAxeViolations(page, "#tsunagu-launcher");

    // Keyboard opens it; the chat UI loads now.
    await launcher.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "チャット" });
    await expect(dialog).toBeVisible();
    expect(requests.some((p) => p.endsWith("tsunagu-chat.js"))).toBe(true);
    await expect(dialog.getByRole("textbox", { name: "メッセージ" })).toBeFocused();

    // Typing a question suggests the merchant's answer before anything is sent.
    await dialog.getByRole("textbox", { name: "メッセージ" }).fill("送料を教えてください");
    await expect(dialog.getByText("送料はいくらですか？")).toBeVisible();
    await dialog.getByText("送料はいくらですか？").click();
    await expect(dialog.getByText("全国一律600円、5,000円以上で送料無料です。")).toBeVisible();
    await expectNoAxeViolations(page, "#tsunagu-chat");

    // Not answered there: the shopper sends it, and it becomes a chat inquiry.
    await dialog.getByRole("textbox", { name: "メッセージ" }).fill("ギフト包装はできますか？");
    await dialog.getByRole("button", { name: "送信" }).click();
    const log = dialog.getByRole("log");
    await expect(log.getByText("ギフト包装はできますか？")).toBeVisible();
    await expect.poll(() => appDb().inquiry.count({ where: { shop: shop.domain, channel: "chat" } })).toBe(1);

    // Staff answer: the open widget shows it without a reload.
    await staffReply(shop, "はい、無料で承ります。");
    await expect(log.getByText("はい、無料で承ります。")).toBeVisible();
    await expect(log.getByText("佐藤")).toBeVisible();

    // Another page: the panel is still open with the whole conversation.
    await page.locator("a[href*='/products/']").first().click();
    await expect(page.getByRole("dialog", { name: "チャット" })).toBeVisible();
    await expect(page.getByRole("log").getByText("はい、無料で承ります。")).toBeVisible();
    await expect(page.getByRole("log").getByText("ギフト包装はできますか？")).toBeVisible();

    // Closed, then a reply arrives: the next page's launcher shows an unread badge, from one small request.
    await page.getByRole("button", { name: "チャットを閉じる" }).click();
    await expect(page.getByRole("dialog", { name: "チャット" })).toBeHidden();
    await expect(page.getByRole("button", { name: "チャットで問い合わせる" })).toBeFocused();
    await staffReply(shop, "他にご質問はありますか？");
    requests.length = 0;
    await page.reload();
    const badged = page.getByRole("button", { name: "チャットで問い合わせる （未読 1 件）" });
    await expect(badged).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(requests).toEqual(["/apps/tsunagu/chat/unread"]);

    // Reading it clears the badge.
    await badged.click();
    await expect(page.getByRole("log").getByText("他にご質問はありますか？")).toBeVisible();
    await expect.poll(async () => (await appDb().inquiry.findFirstOrThrow({ where: { shop: shop.domain } })).shopperUnread).toBe(0);
    await page.getByRole("button", { name: "チャットを閉じる" }).click();
    await expect(page.getByRole("button", { name: "チャットで問い合わせる", exact: true })).toBeVisible();
  });

  test("outside business hours it says so, asks for an email, and shows attack strings as text", async ({ page }) => {
    const shop = await shopWithChat(page, "en", false);
    await page.goto(`${urls.storefront(shop.handle)}/`);
    await page.getByRole("button", { name: "Chat with us" }).click();
    const dialog = page.getByRole("dialog", { name: "Chat" });

    await expect(dialog.getByRole("status")).toContainText("outside business hours");
    const attack = `<img src=x onerror="window.__pwned=1"><b>bold</b>`;
    await dialog.getByLabel("Message").fill(attack);
    await dialog.getByRole("button", { name: "Send" }).click();
    const email = dialog.getByLabel("Email", { exact: true });
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByRole("alert")).toHaveText("Please enter your email so we can send the answer.");
    await expectNoAxeViolations(page, "#tsunagu-chat");
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(0);

    await email.fill("guest@example.com");
    await dialog.getByRole("button", { name: "Send" }).click();
    await expect(dialog.getByRole("log").getByText(attack)).toBeVisible();
    expect(await dialog.locator("img, b").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const inquiry = await appDb().inquiry.findFirstOrThrow({ where: { shop: shop.domain } });
    expect(inquiry.contactEmail).toBe("guest@example.com");
    expect(inquiry.locale).toBe("en");
  });
});
