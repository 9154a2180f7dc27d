/**
 * The storefront inquiry form's endpoint, end to end: the dev store's storefront forwards POST /apps/tsunagu/inquiries
 * through its signed app proxy to the production build, which stores the inquiry in the real database.
 */
import { describe, expect, it } from "vitest";
import { signAppProxyQuery } from "../../devstore/storefront/app-proxy";
import { appDb, devstore, openAdmin, stack, syncedShop } from "../support/clients";

type Shop = { domain: string; handle: string };

async function installedShop(locale: "ja" | "en" = "ja"): Promise<Shop> {
  const shop = await devstore.createShop(locale, "empty");
  await openAdmin(shop, locale);
  return shop;
}

/** What the block's script sends: form fields, the page and the pages viewed. */
function formBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    page_url: "http://shop.localhost/pages/contact",
    pages_viewed: JSON.stringify([
      { url: "/products/arita-mug", title: "有田焼マグカップ", at: "2026-11-23T10:00:00.000Z" },
      { url: "/pages/contact", title: "お問い合わせ", at: "2026-11-23T10:01:00.000Z" },
    ]),
    website: "",
    ...fields,
  }).toString();
}

/** A shopper's POST through the dev store's storefront and its app proxy. */
async function submit(shop: Shop, body: string, init: { contentType?: string; locale?: string } = {}) {
  const query = init.locale ? `?locale=${init.locale}` : "";
  const response = await fetch(`${stack().devstoreUrl}/storefront/${shop.handle}/apps/tsunagu/inquiries${query}`, {
    method: "POST",
    headers: { "content-type": init.contentType ?? "application/x-www-form-urlencoded", accept: "application/json" },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: JSON.parse(text) as Record<string, unknown> };
}

/** A request signed as Shopify's proxy signs it, straight to the app (for a logged-in customer or a chosen address). */
async function submitSigned(shop: Shop, body: string, options: { customerId?: number; forwardedFor?: string; method?: string } = {}) {
  const query = signAppProxyQuery({}, { shop: shop.domain, customerId: options.customerId ?? null, pathPrefix: "/apps/tsunagu" }, stack().apiSecret);
  const method = options.method ?? "POST";
  const response = await fetch(`${stack().appUrl}/proxy/inquiries?${query}`, {
    method,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": options.forwardedFor ?? "192.0.2.10" },
    body: method === "GET" ? undefined : body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const inquiriesOf = (shop: Shop) =>
  appDb().inquiry.findMany({ where: { shop: shop.domain }, include: { messages: true }, orderBy: { number: "asc" } });

describe("the storefront inquiry form endpoint", () => {
  it("stores a guest's inquiry with the page and the pages viewed, and answers 201 with its id and number", async () => {
    // GIVEN an installed shop
    const shop = await installedShop("ja");
    // WHEN a shopper sends the form through the storefront's app proxy
    const answer = await submit(
      shop,
      formBody({ name: "山田 花子", email: "Hanako@Example.jp", phone: "090-1234-5678", subject: "配送について", body: "まだ届きません。\n確認をお願いします。", order_number: "#1001", locale: "ja" }),
    );
    // THEN the app answers 201 and the inquiry is in the inbox's table
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toContain("application/json");
    const [inquiry, ...others] = await inquiriesOf(shop);
    expect(others).toEqual([]);
    expect(answer.json).toEqual({ id: inquiry!.id, number: inquiry!.number });
    expect(inquiry).toMatchObject({
      channel: "form",
      status: "new",
      subject: "配送について",
      contactName: "山田 花子",
      contactEmail: "hanako@example.jp",
      contactPhone: "090-1234-5678",
      orderNumber: "#1001",
      locale: "ja",
      pageUrl: "http://shop.localhost/pages/contact",
      customerShopifyId: null,
      customerLink: "pending",
    });
    expect(JSON.parse(inquiry!.pagesViewed)).toEqual([
      { url: "/products/arita-mug", title: "有田焼マグカップ", at: "2026-11-23T10:00:00.000Z" },
      { url: "/pages/contact", title: "お問い合わせ", at: "2026-11-23T10:01:00.000Z" },
    ]);
    // The shopper's message as written (an out-of-hours auto-reply may follow it; that is the pipeline's business).
    const fromShopper = inquiry!.messages.filter((m) => m.author === "shopper");
    expect(fromShopper.map((m) => ({ author: m.author, channel: m.channel, body: m.body }))).toEqual([
      { author: "shopper", channel: "form", body: "まだ届きません。\n確認をお願いします。" },
    ]);
  });

  it("links a logged-in customer from the proxy's logged_in_customer_id, and a guest by email", async () => {
    const shop = await syncedShop("ja", "tiny");
    const known = await appDb().customer.findFirstOrThrow({ where: { shop: shop.domain, email: { not: null }, deletedAt: null } });

    const loggedIn = await submitSigned(shop, formBody({ name: "会員", email: "other@example.jp", body: "会員です" }), { customerId: 7001 });
    expect(loggedIn.status).toBe(201);
    const guest = await submitSigned(shop, formBody({ name: "ゲスト", email: known.email!.toUpperCase(), body: "ゲストです" }), { forwardedFor: "192.0.2.11" });
    expect(guest.status).toBe(201);

    const rows = await inquiriesOf(shop);
    expect(rows.map((r) => ({ customer: r.customerShopifyId, link: r.customerLink }))).toEqual([
      { customer: "7001", link: "linked" },
      { customer: known.shopifyId, link: "linked" },
    ]);
  });

  it("answers field errors in the shopper's language with 422 and stores nothing", async () => {
    const shop = await installedShop("ja");
    const ja = await submit(shop, formBody({ name: "", email: "not-an-address", body: " ", locale: "ja" }));
    expect(ja.status).toBe(422);
    expect(ja.json).toEqual({
      errors: [
        { field: "name", message: "お名前を入力してください。" },
        { field: "email", message: "メールアドレスを正しく入力してください（例：name@example.com）。" },
        { field: "body", message: "お問い合わせ内容を入力してください。" },
      ],
    });
    const en = await submit(shop, formBody({ name: "Ann", email: "ann@example.com", body: "x".repeat(5_001), locale: "en" }));
    expect(en.status).toBe(422);
    expect(en.json).toEqual({ errors: [{ field: "body", message: "Use at most 5000 characters." }] });
    expect(await inquiriesOf(shop)).toEqual([]);
  });

  it("stores attack strings verbatim, refuses line breaks in one-line fields, and answers only JSON", async () => {
    const shop = await installedShop("en");
    const xss = `<script>alert(1)</script><img src=x onerror=alert(2)>"'><svg/onload=alert(3)>`;
    const sql = `Robert'); DROP TABLE "Inquiry";-- ' OR '1'='1`;
    const unicode = `${"𠮷".repeat(1_000)}\u202Eevil\u200B${"👨‍👩‍👧‍👦".repeat(200)}`;
    const stored = await submit(shop, formBody({ name: xss.slice(0, 100), email: "eve@example.com", subject: sql, body: `${xss}\n${sql}\n${unicode}`, locale: "en" }));
    expect(stored.status).toBe(201);
    const [row] = await inquiriesOf(shop);
    expect(row!.contactName).toBe(xss.slice(0, 100));
    expect(row!.subject).toBe(sql);
    expect(row!.messages.find((m) => m.author === "shopper")!.body).toBe(`${xss}\n${sql}\n${unicode}`);

    const injected = await submit(shop, formBody({ name: "Eve\r\nBcc: all@example.com", email: "eve@example.com", subject: "Hi\nX-Test: 1", body: "hello", locale: "en" }));
    expect(injected.status).toBe(422);
    expect((injected.json.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(["name", "subject"]);
    expect(injected.headers.get("content-type")).toContain("application/json");
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(1);
  });

  it("answers a filled honeypot like a success and stores nothing", async () => {
    const shop = await installedShop("ja");
    const answer = await submit(shop, formBody({ name: "Bot", email: "bot@example.com", body: "buy now", website: "http://spam.example" }));
    expect(answer.status).toBe(201);
    expect(typeof answer.json.id).toBe("string");
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("refuses a body over the limit with 413 before reading it, in the shopper's language", async () => {
    const shop = await installedShop("ja");
    const answer = await submit(shop, formBody({ name: "大", email: "big@example.jp", body: "あ".repeat(30_000) }), { locale: "ja" });
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ errors: [{ field: "form", message: "お問い合わせの内容が大きすぎるため送信できません。内容を短くしてもう一度お試しください。" }] });
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("limits one client address with 429 and Retry-After, while other addresses still get through", async () => {
    const shop = await installedShop("en");
    const body = formBody({ name: "Ann", email: "ann@example.com", body: "again", locale: "en" });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await submitSigned(shop, body, { forwardedFor: "10.9.8.7, 198.51.100.77" })).status);
    expect(statuses).toEqual([...Array<number>(10).fill(201), 429]);

    const limited = await submitSigned(shop, body, { forwardedFor: "198.51.100.77" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(JSON.parse(limited.text)).toEqual({ errors: [{ field: "form", message: expect.stringMatching(/^Too many inquiries were sent\. Try again in \d+ seconds\.$/) }] });
    // A forged first X-Forwarded-For entry does not escape the limit; another real address is not limited.
    expect((await submitSigned(shop, body, { forwardedFor: "203.0.113.1, 198.51.100.77" })).status).toBe(429);
    expect((await submitSigned(shop, body, { forwardedFor: "198.51.100.78" })).status).toBe(201);
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(11);
  });

  it("verifies the proxy signature before anything else, and answers 405 to other methods", async () => {
    const shop = await installedShop("en");
    const body = formBody({ name: "Ann", email: "ann@example.com", body: "hi" });
    const unsigned = await fetch(`${stack().appUrl}/proxy/inquiries?shop=${shop.domain}&logged_in_customer_id=&timestamp=1&signature=00`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(unsigned.status).toBe(400);
    const get = await submitSigned(shop, body, { method: "GET" });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const put = await submitSigned(shop, body, { method: "PUT" });
    expect(put.status).toBe(405);
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("drops a category the shop does not have and keeps one it has", async () => {
    const shop = await installedShop("en");
    // The shop may already have default categories from installing; make sure this one exists and is live.
    await appDb().inquiryCategory.upsert({
      where: { shop_key: { shop: shop.domain, key: "shipping" } },
      create: { shop: shop.domain, key: "shipping", nameJa: "配送", nameEn: "Shipping" },
      update: { archivedAt: null },
    });
    expect((await submitSigned(shop, formBody({ name: "A", email: "a@example.com", body: "1", category: "shipping" }))).status).toBe(201);
    expect((await submitSigned(shop, formBody({ name: "B", email: "b@example.com", body: "2", category: "made_up" }), { forwardedFor: "192.0.2.99" })).status).toBe(201);
    const rows = await inquiriesOf(shop);
    expect(rows.map((r) => r.category === "shipping")).toEqual([true, false]);
    expect(rows[1]!.category).not.toBe("made_up");
  });
});
