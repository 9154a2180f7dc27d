import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeCustomer, makeOrder, makeShop } from "../admin-api/test-support";
import { records, reserveIds } from "../store/db";
import type { DevstoreContext, ProductRecord, ShopRecord } from "../types";
import { shopHandle } from "./launch-params";
import { customerName } from "./resource-pages";
import { type AdminFrameTestServer, startAdminFrameTestServer } from "./test-server";

let server: AdminFrameTestServer;

beforeEach(async () => {
  server = await startAdminFrameTestServer();
});
afterEach(async () => {
  await server.close();
});

function makeProduct(ctx: DevstoreContext, shop: string, overrides: Partial<ProductRecord> = {}): ProductRecord {
  const product: ProductRecord = {
    id: reserveIds(ctx.db, "Product"),
    shop,
    title: "煎茶 やぶきた",
    handle: "sencha",
    vendor: "つなぐ茶園",
    productType: "お茶",
    status: "ACTIVE",
    tags: ["新茶"],
    imageUrl: null,
    variants: [
      { id: reserveIds(ctx.db, "ProductVariant"), title: "100g", sku: "SEN-100", price: "1200.0", inventoryQuantity: 42, availableForSale: true },
      { id: reserveIds(ctx.db, "ProductVariant"), title: "200g", sku: "SEN-200", price: "2200.0", inventoryQuantity: 0, availableForSale: false },
    ],
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
  records(ctx.db).putProduct(product);
  return product;
}

async function getHtml(path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, html: await res.text() };
}

function pathFor(shop: ShopRecord, kind: string, id: number, query = "locale=ja") {
  return `/store/${shopHandle(shop.domain)}/${kind}/${id}?${query}`;
}

/** Visible text of an HTML fragment, tags dropped and entities decoded, to assert on what a reader sees. */
function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

function mainOf(html: string): string {
  const match = /<main[^>]*>([\s\S]*)<\/main>/.exec(html);
  if (!match?.[1]) throw new Error("no main landmark");
  return match[1];
}

describe("order page (target of shopify://admin/orders/ID)", () => {
  it("shows the order's name, date, linked customer, items, totals and statuses in Japanese", async () => {
    // GIVEN an order of a Japanese customer with two lines
    const shop = makeShop(server.ctx);
    const customer = makeCustomer(server.ctx, shop.domain, { firstName: "太郎", lastName: "山田" });
    const product = makeProduct(server.ctx, shop.domain);
    const order = makeOrder(server.ctx, shop.domain, {
      customerId: customer.id,
      processedAt: "2026-02-01T03:04:00.000Z",
      subtotalPrice: "3380.0",
      totalDiscounts: "200.0",
      totalShippingPrice: "500.0",
      totalTax: "307.0",
      totalPrice: "3680.0",
      displayFulfillmentStatus: "FULFILLED",
      lineItems: [
        { id: 1, title: "煎茶 やぶきた", variantTitle: "100g", sku: "SEN-100", vendor: null, quantity: 2, originalUnitPrice: "1200.0", productId: product.id, variantId: null },
        { id: 2, title: "湯のみ", variantTitle: null, sku: null, vendor: null, quantity: 1, originalUnitPrice: "980.0", productId: null, variantId: null },
      ],
    });

    // WHEN the merchant follows the app's link to it in the Japanese admin
    const { status, html } = await getHtml(pathFor(shop, "orders", order.id, "locale=ja&user=2"));

    // THEN the admin shows the order in its chrome
    expect(status).toBe(200);
    expect(html).toContain('<html lang="ja">');
    expect(html).toMatch(/<h1>#\d+<\/h1>/);
    expect(html).toContain(`<title>${order.name} · テストショップ · Shopify</title>`);
    const main = text(mainOf(html));
    expect(main).toContain("2026年2月1日 12:04"); // shop time zone (Asia/Tokyo)
    expect(main).toContain("支払い済み");
    expect(main).toContain("発送済み");
    expect(main).toContain("オンラインストア");
    expect(main).toMatch(/小計 ￥3,380 割引 -￥200 配送料 ￥500 税金 ￥307 合計 ￥3,680/);
    // the customer, family name first, links to the customer page as the same staff member
    expect(html).toContain(`<a href="/store/${shopHandle(shop.domain)}/customers/${customer.id}?locale=ja&#38;user=2">山田 太郎</a>`);
    // the line items table has column and row headers, and links the product
    expect(html).toMatch(/<th scope="col">商品<\/th><th scope="col">SKU<\/th><th scope="col" class="num">数量<\/th>/);
    expect(html).toContain(`href="/store/${shopHandle(shop.domain)}/products/${product.id}?locale=ja&#38;user=2">煎茶 やぶきた</a>`);
    expect(main).toMatch(/煎茶 やぶきた 100g SEN-100 2 ￥1,200 ￥2,400/);
    expect(main).toMatch(/湯のみ なし 1 ￥980 ￥980/);
    // the sidebar marks Orders as the current section, in a labelled navigation landmark
    expect(html).toContain('<nav class="sidebar" aria-label="メインナビゲーション">');
    expect(html).toContain('<span class="nav-item" aria-current="true">注文管理</span>');
  });

  it("speaks English with locale=en and shows a guest order without a customer link", async () => {
    const shop = makeShop(server.ctx, { currencyCode: "USD", ianaTimezone: "America/New_York" });
    const order = makeOrder(server.ctx, shop.domain, { currencyCode: "USD", email: "guest@example.com", totalPrice: "12.5", cancelledAt: "2026-02-02T00:00:00.000Z", cancelReason: "CUSTOMER" });
    const { status, html } = await getHtml(pathFor(shop, "orders", order.id, "locale=en"));
    expect(status).toBe(200);
    expect(html).toContain('<html lang="en">');
    const main = text(mainOf(html));
    expect(main).toContain("Customer Guest guest@example.com");
    expect(main).toContain("Total $12.50");
    expect(main).toContain("Cancelled");
    expect(main).toContain("February 1, 2026");
    expect(html).not.toContain("/customers/");
    expect(html).toContain('<span class="nav-item" aria-current="true">Orders</span>');
  });

  it("renders record text as text, never as HTML", async () => {
    const shop = makeShop(server.ctx);
    const customer = makeCustomer(server.ctx, shop.domain, { firstName: "<script>alert(1)</script>", lastName: '"><img src=x onerror=alert(2)>' });
    const order = makeOrder(server.ctx, shop.domain, {
      customerId: customer.id,
      name: "#1001<b>",
      note: "<iframe src=javascript:alert(3)>",
      tags: ["<svg onload=alert(4)>"],
      lineItems: [{ id: 1, title: "</td><script>alert(5)</script>", variantTitle: "'&'", sku: "<i>", vendor: null, quantity: 1, originalUnitPrice: "1.0", productId: null, variantId: null }],
    });
    const { html } = await getHtml(pathFor(shop, "orders", order.id));
    expect(html).not.toMatch(/<script>alert|<img src=x|<iframe src=javascript|<svg onload|<b>|<i>/);
    expect(html).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    expect(html).toContain("#1001&#60;b&#62;");
    const main = text(mainOf(html));
    expect(main).toContain("<iframe src=javascript:alert(3)>");
    expect(main).toContain("</td><script>alert(5)</script> '&'");
  });

  it("answers a localized 404 in the admin chrome for an unknown id", async () => {
    const shop = makeShop(server.ctx);
    const ja = await getHtml(pathFor(shop, "orders", 5_999_999_999_999));
    expect(ja.status).toBe(404);
    expect(ja.html).toContain("<h1>この注文は見つかりません。</h1>");
    expect(ja.html).toContain('<html lang="ja">');
    expect(ja.html).toContain(`href="/store/${shopHandle(shop.domain)}/apps/tsunagu?locale=ja&#38;user=1"`);
    const en = await getHtml(`/store/${shopHandle(shop.domain)}/orders/not-a-number?locale=en`);
    expect(en.status).toBe(404);
    expect(en.html).toContain("<h1>This order could not be found.</h1>");
  });

  it("answers 404 for another shop's order, customer and product, as if they did not exist", async () => {
    // GIVEN two shops, each with its own records
    const mine = makeShop(server.ctx);
    const theirs = makeShop(server.ctx);
    const order = makeOrder(server.ctx, theirs.domain);
    const customer = makeCustomer(server.ctx, theirs.domain);
    const product = makeProduct(server.ctx, theirs.domain);
    // WHEN the other shop's ids are opened under my shop
    // THEN nothing of theirs shows
    for (const [kind, id] of [["orders", order.id], ["customers", customer.id], ["products", product.id]] as const) {
      const res = await getHtml(pathFor(mine, kind, id, "locale=en"));
      expect(res.status, kind).toBe(404);
      expect(res.html).not.toContain(customer.email ?? "");
      expect(res.html).not.toContain(product.title);
      expect((await getHtml(pathFor(theirs, kind, id, "locale=en"))).status, kind).toBe(200);
    }
  });

  it("answers 404 pages for an unknown shop or staff member", async () => {
    const shop = makeShop(server.ctx);
    const order = makeOrder(server.ctx, shop.domain);
    const nowhere = await getHtml(`/store/nowhere/orders/${order.id}?locale=ja`);
    expect(nowhere.status).toBe(404);
    expect(nowhere.html).toContain("このストアは見つかりません。");
    expect((await getHtml(pathFor(shop, "orders", order.id, "locale=en&user=9"))).status).toBe(404);
  });
});

describe("customer page (target of shopify://admin/customers/ID)", () => {
  it("shows name family name first, contact, default address, orders, amount spent, tags and note", async () => {
    const shop = makeShop(server.ctx);
    const addressId = reserveIds(server.ctx.db, "MailingAddress");
    const address = {
      id: addressId, firstName: "花子", lastName: "佐藤", company: null, address1: "千代田1-1", address2: "つなぐビル 3F",
      city: "千代田区", province: "東京都", provinceCode: "JP-13", country: "日本", countryCodeV2: "JP", zip: "100-0001", phone: null,
    };
    const customer = makeCustomer(server.ctx, shop.domain, {
      firstName: "花子",
      lastName: "佐藤",
      email: "hanako@example.com",
      phone: "+81312345678",
      addresses: [{ ...address, id: addressId + 1, city: "大阪市", province: "大阪府" }, address],
      defaultAddressId: addressId,
      numberOfOrders: 12,
      amountSpent: "123456.0",
      tags: ["VIP", "リピーター"],
      note: "のし紙をご希望",
    });
    const { status, html } = await getHtml(pathFor(shop, "customers", customer.id, "locale=en"));
    expect(status).toBe(200);
    // A Japanese name keeps the family name first even in the English admin.
    expect(html).toContain("<h1>佐藤 花子</h1>");
    const main = text(mainOf(html));
    expect(main).toContain("Email hanako@example.com");
    expect(main).toContain("Phone +81312345678");
    expect(main).toContain("Default address 〒100-0001 東京都 千代田区 千代田1-1 つなぐビル 3F 佐藤 花子 日本");
    expect(main).not.toContain("大阪");
    expect(main).toContain("Orders 12");
    expect(main).toContain("Amount spent ¥123,456");
    expect(main).toContain("Tags VIP リピーター");
    expect(main).toContain("Note のし紙をご希望");
    expect(html).toContain('<span class="nav-item" aria-current="true">Customers</span>');
  });

  it("orders a Latin name by the admin's language and says what is missing", async () => {
    const shop = makeShop(server.ctx);
    const customer = makeCustomer(server.ctx, shop.domain, { firstName: "Alex", lastName: "Morgan", email: null });
    const en = await getHtml(pathFor(shop, "customers", customer.id, "locale=en"));
    expect(en.html).toContain("<h1>Alex Morgan</h1>");
    expect(text(mainOf(en.html))).toContain("Email None Phone None Default address None");
    const ja = await getHtml(pathFor(shop, "customers", customer.id, "locale=ja"));
    expect(ja.html).toContain("<h1>Morgan Alex</h1>");
    expect(text(mainOf(ja.html))).toContain("メールアドレス なし");
    expect(customerName({ firstName: "太郎", lastName: "山田" }, "en")).toBe("山田 太郎");
  });

  it("escapes the note, tags and email and answers 404 for an unknown id", async () => {
    const shop = makeShop(server.ctx);
    const customer = makeCustomer(server.ctx, shop.domain, { email: 'a"onmouseover="x@example.com', note: "<script>x()</script>", tags: ["<b>t</b>"] });
    const { html } = await getHtml(pathFor(shop, "customers", customer.id));
    expect(html).not.toMatch(/<script>x|<b>t|"onmouseover/);
    expect(html).toContain("&#60;script&#62;x()&#60;/script&#62;");
    const missing = await getHtml(pathFor(shop, "customers", 7_999_999_999_999));
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("このお客様は見つかりません。");
  });
});

describe("product page (target of shopify://admin/products/ID)", () => {
  it("shows the title, status and variants with price and inventory in a headed table", async () => {
    const shop = makeShop(server.ctx);
    const product = makeProduct(server.ctx, shop.domain);
    const { status, html } = await getHtml(pathFor(shop, "products", product.id));
    expect(status).toBe(200);
    expect(html).toContain("<h1>煎茶 やぶきた</h1>");
    expect(html).toMatch(/<th scope="col">バリエーション<\/th><th scope="col">SKU<\/th><th scope="col" class="num">価格<\/th><th scope="col" class="num">在庫<\/th>/);
    const main = text(mainOf(html));
    expect(main).toContain("販売中");
    expect(main).toMatch(/100g SEN-100 ￥1,200 42/);
    expect(main).toMatch(/200g SEN-200 ￥2,200 0 \(売り切れ\)/);
    expect(html).toContain('<span class="nav-item" aria-current="true">商品管理</span>');
  });

  it("escapes the title and answers a localized 404 for an unknown id", async () => {
    const shop = makeShop(server.ctx);
    const product = makeProduct(server.ctx, shop.domain, { title: "<img src=x onerror=alert(1)>" });
    const { html } = await getHtml(pathFor(shop, "products", product.id, "locale=en"));
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("<h1>&#60;img src=x onerror=alert(1)&#62;</h1>");
    const missing = await getHtml(pathFor(shop, "products", 9_999_999_999_999, "locale=en"));
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("This product could not be found.");
  });
});
