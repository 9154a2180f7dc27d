/**
 * The chat widget's endpoints through the dev store's signed app proxy, against the production build and a real
 * database (issue 4, deliverable 2). Staff replies are written straight into the database, as another app process
 * would, so the long-poll must find them by its own check.
 */
import { describe, expect, it } from "vitest";
import { signAppProxyQuery } from "../../devstore/storefront/app-proxy";
import { appDb, devstore, openAdmin, stack } from "../support/clients";

type Shop = Awaited<ReturnType<typeof devstore.createShop>>;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** GIVEN an installed shop whose desk is open around the clock, or closed today and the days either side. */
async function installedShop(open = true): Promise<Shop> {
  const shop = await devstore.createShop("ja");
  await openAdmin(shop, "ja");
  await appDb().supportSettings.upsert({
    where: { shop: shop.domain },
    create: { shop: shop.domain, observeJapaneseHolidays: false, businessHours: "{}", closedDates: JSON.stringify(open ? [] : [day(-1), day(0), day(1)]), autoReplyOutsideHours: false },
    update: { observeJapaneseHolidays: false, businessHours: "{}", closedDates: JSON.stringify(open ? [] : [day(-1), day(0), day(1)]), autoReplyOutsideHours: false },
  });
  return shop;
}

function proxy(shop: Shop, path: string, init: { method?: string; body?: unknown; raw?: string; locale?: string } = {}) {
  const url = `${stack().devstoreUrl}/storefront/${shop.handle}/apps/tsunagu/${path}${path.includes("?") ? "&" : "?"}locale=${init.locale ?? "ja"}`;
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return fetch(url, {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body,
  });
}

async function startChat(shop: Shop, body = "在庫はありますか？") {
  const response = await proxy(shop, "chat", { body: { body, pageUrl: "/products/tea", pagesViewed: [{ url: "/", title: "ホーム", at: new Date().toISOString() }] } });
  expect(response.status).toBe(201);
  const { token } = (await response.json()) as { token: string };
  const inquiry = await appDb().inquiry.findFirstOrThrow({ where: { shop: shop.domain, channel: "chat" } });
  return { token, inquiry };
}

/** A staff reply as the inbox writes it (conversations.server replyAsAgent), from outside the app's process. */
async function staffReply(shop: Shop, inquiryId: string, body: string) {
  await appDb().$transaction([
    appDb().inquiryMessage.create({ data: { shop: shop.domain, inquiryId, author: "agent", authorName: "佐藤 花子", channel: "chat", body } }),
    appDb().inquiry.update({ where: { id: inquiryId }, data: { shopperUnread: { increment: 1 } } }),
  ]);
}

describe("the chat widget's endpoints", () => {
  it("say whether the desk is open", async () => {
    const open = await installedShop(true);
    const closed = await installedShop(false);

    expect(await (await proxy(open, "chat")).json()).toMatchObject({ open: true, loggedIn: false });
    expect(await (await proxy(closed, "chat")).json()).toMatchObject({ open: false, loggedIn: false });
  });

  it("open a chat inquiry with the page the shopper asked from, and store only the token's hash", async () => {
    const shop = await installedShop();
    const { token, inquiry } = await startChat(shop);

    expect(token.length).toBeGreaterThanOrEqual(20);
    expect(inquiry.pageUrl).toBe("/products/tea");
    expect(JSON.parse(inquiry.pagesViewed)).toMatchObject([{ url: "/", title: "ホーム" }]);
    expect(inquiry.chatTokenHash).not.toBe(token);
    const messages = await appDb().inquiryMessage.findMany({ where: { shop: shop.domain, inquiryId: inquiry.id } });
    expect(messages.map((m) => [m.author, m.channel, m.body])).toEqual([["shopper", "chat", "在庫はありますか？"]]);
  });

  it("deliver a staff reply to a waiting long-poll, count it as unread until the widget reads it", async () => {
    const shop = await installedShop();
    const { token, inquiry } = await startChat(shop);

    const waiting = proxy(shop, "chat/messages", { body: { token, since: 1, wait: true, read: false } });
    await new Promise((r) => setTimeout(r, 300));
    await staffReply(shop, inquiry.id, "はい、在庫がございます。");
    const answer = (await (await waiting).json()) as { messages: Array<{ author: string; name: string; body: string }>; total: number };

    expect(answer.messages).toMatchObject([{ author: "agent", name: "佐藤", body: "はい、在庫がございます。" }]);
    expect(answer.total).toBe(2);
    expect(await (await proxy(shop, "chat/unread", { body: { token } })).json()).toEqual({ unread: 1, known: true });

    // The widget shows both messages and says so with its next poll.
    await proxy(shop, "chat/messages", { body: { token, since: 2, wait: false, read: true } });
    expect(await (await proxy(shop, "chat/unread", { body: { token } })).json()).toEqual({ unread: 0, known: true });
  });

  it("add the shopper's later messages to the same inquiry", async () => {
    const shop = await installedShop();
    const { token, inquiry } = await startChat(shop);

    const again = await proxy(shop, "chat", { body: { token, body: "色違いもありますか" } });

    expect(again.status).toBe(200);
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(1);
    expect(await appDb().inquiryMessage.count({ where: { shop: shop.domain, inquiryId: inquiry.id, author: "shopper" } })).toBe(2);
  });

  it("suggest the merchant's FAQ answers for what the shopper is typing", async () => {
    const shop = await installedShop();
    await appDb().faqEntry.createMany({
      data: [
        { shop: shop.domain, locale: "ja", question: "送料はいくらですか？", answer: "全国一律600円です。" },
        { shop: shop.domain, locale: "ja", question: "返品はできますか？", answer: "7日以内なら承ります。" },
      ],
    });

    const response = await proxy(shop, `chat/faq?q=${encodeURIComponent("返品したいのですが")}`);

    expect(response.status).toBe(200);
    expect(((await response.json()) as { suggestions: Array<{ question: string }> }).suggestions.map((s) => s.question)).toEqual(["返品はできますか？"]);
  });

  it("ask a guest for an email outside business hours, in the shopper's language, writing nothing", async () => {
    const shop = await installedShop(false);

    const ja = await proxy(shop, "chat", { body: { body: "質問です" } });
    const en = await proxy(shop, "chat", { body: { body: "A question" }, locale: "en" });

    expect(ja.status).toBe(400);
    expect(await ja.json()).toEqual({ errors: [{ field: "email", message: expect.stringContaining("営業時間外") }] });
    expect(await en.json()).toEqual({ errors: [{ field: "email", message: expect.stringContaining("outside business hours") }] });
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(0);

    expect((await proxy(shop, "chat", { body: { body: "質問です", email: "guest@example.jp" } })).status).toBe(201);
  });

  it("recognize a logged-in customer through the proxy's logged_in_customer_id", async () => {
    const shop = await installedShop();
    const signed = signAppProxyQuery({ locale: "ja" }, { shop: shop.domain, customerId: 7000000000042, pathPrefix: "/apps/tsunagu" }, stack().apiSecret);

    const status = await fetch(`${stack().appUrl}/proxy/chat?${signed}`);
    const sent = await fetch(`${stack().appUrl}/proxy/chat?${signed}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ body: "注文の件" }) });

    expect(await status.json()).toMatchObject({ loggedIn: true });
    expect(sent.status).toBe(201);
    expect(await appDb().inquiry.findFirstOrThrow({ where: { shop: shop.domain } })).toMatchObject({ customerShopifyId: "7000000000042", customerLink: "linked" });
  });

  it("refuse bad input with field messages, an oversized body with 413, and change nothing", async () => {
    const shop = await installedShop();

    const empty = await proxy(shop, "chat", { body: { body: "   " } });
    const badEmail = await proxy(shop, "chat", { body: { body: "質問", email: "not-an-email" } });
    const tooLong = await proxy(shop, "chat", { body: { body: "あ".repeat(2_001) } });
    const huge = await proxy(shop, "chat", { raw: JSON.stringify({ body: "x", pad: "y".repeat(100_000) }) });
    const broken = await proxy(shop, "chat", { raw: "{not json" });

    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ errors: [{ field: "body", message: expect.stringContaining("2,000文字") }] });
    expect(badEmail.status).toBe(400);
    expect(((await badEmail.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(["email"]);
    expect(tooLong.status).toBe(400);
    expect(huge.status).toBe(413);
    expect(broken.status).toBe(400);
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("keep attack strings as inert text", async () => {
    const shop = await installedShop();
    const attack = `<img src=x onerror=alert(1)><script>alert("x")</script>"'><svg/onload=alert(1)>`;
    const { token } = await startChat(shop, attack);

    const answer = (await (await proxy(shop, "chat/messages", { body: { token, since: 0 } })).json()) as { messages: Array<{ body: string }> };

    expect(answer.messages[0]!.body).toBe(attack);
  });

  it("rate limit one shopper sending too fast", async () => {
    const shop = await installedShop();
    const { token } = await startChat(shop);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await proxy(shop, "chat", { body: { token, body: `連投 ${i}` } })).status);

    expect(statuses).toContain(429);
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
  });

  it("answer an unknown token as unknown, and refuse unsigned or tampered requests", async () => {
    const shop = await installedShop();
    expect(await (await proxy(shop, "chat/unread", { body: { token: "x".repeat(32) } })).json()).toEqual({ unread: 0, known: false });

    const unsigned = await fetch(`${stack().appUrl}/proxy/chat?shop=${shop.domain}&logged_in_customer_id=&timestamp=1`);
    const signed = signAppProxyQuery({}, { shop: shop.domain, customerId: null, pathPrefix: "/apps/tsunagu" }, stack().apiSecret);
    signed.set("logged_in_customer_id", "7000000000001");
    const tampered = await fetch(`${stack().appUrl}/proxy/chat?${signed}`, { method: "POST", body: JSON.stringify({ body: "偽装" }) });

    for (const response of [unsigned, tampered]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(0);
  });
});
