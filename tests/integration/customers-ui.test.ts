/** The customers index and the customer page, over rows as the sync writes them. */
import { describe, expect, it } from "vitest";
import { appDb, devstore, openAdmin, stack, syncedShop } from "../support/clients";

type Shop = Awaited<ReturnType<typeof devstore.createShop>>;

async function seedCustomer(shop: Shop, shopifyId: string, fields: { firstName: string; lastName: string; email: string; tags: string[]; ordersCount: number; totalSpent: number; provinceCode?: string }) {
  const data = {
    firstName: fields.firstName,
    lastName: fields.lastName,
    email: fields.email,
    tags: fields.tags.join(", "),
    ordersCount: fields.ordersCount,
    totalSpent: fields.totalSpent,
    averageOrderValue: fields.ordersCount ? fields.totalSpent / fields.ordersCount : 0,
    lastOrderAt: fields.ordersCount ? new Date("2026-11-01T03:00:00Z") : null,
    firstOrderAt: fields.ordersCount ? new Date("2025-05-01T03:00:00Z") : null,
    provinceCode: fields.provinceCode ?? "JP-13",
    countryCode: "JP",
    marketingState: "SUBSCRIBED",
    addresses: JSON.stringify([
      { firstName: fields.firstName, lastName: fields.lastName, company: null, address1: "神宮前1-2-3", address2: "つなぐビル 301", city: "渋谷区", province: "Tokyo", provinceCode: "JP-13", country: "Japan", countryCode: "JP", zip: "150-0001", phone: null },
    ]),
    shopifyCreatedAt: new Date("2025-04-01T00:00:00Z"),
    // Far in the future so a webhook for the same customer never wins over these fixture values.
    shopifyUpdatedAt: new Date("2099-01-01T00:00:00Z"),
  };
  await appDb().customer.upsert({
    where: { shop_shopifyId: { shop: shop.domain, shopifyId } },
    create: { shop: shop.domain, shopifyId, ...data },
    update: data,
  });
  await appDb().customerTag.deleteMany({ where: { shop: shop.domain, customerShopifyId: shopifyId } });
  await appDb().customerTag.createMany({ data: fields.tags.map((tag) => ({ shop: shop.domain, customerShopifyId: shopifyId, tag })) });
}

const installed = (locale: "ja" | "en" = "ja") => syncedShop(locale);

async function appRequest(shop: Shop, path: string, init: RequestInit = {}) {
  const token = await devstore.sessionToken(shop.handle);
  return fetch(`${stack().appUrl}${path}`, {
    ...init,
    headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}`, "user-agent": "Mozilla/5.0 Chrome/156.0" },
  });
}

describe("the customers index", () => {
  it("finds customers by a partial Japanese name and filters by tag", async () => {
    const shop = await installed();
    await seedCustomer(shop, "101", { firstName: "花子", lastName: "山田", email: "hanako@example.jp", tags: ["VIP"], ordersCount: 3, totalSpent: 15800 });
    await seedCustomer(shop, "102", { firstName: "太郎", lastName: "山本", email: "taro@example.jp", tags: [], ordersCount: 1, totalSpent: 2980 });
    await seedCustomer(shop, "103", { firstName: "健", lastName: "佐藤", email: "ken@example.jp", tags: ["VIP"], ordersCount: 0, totalSpent: 0 });

    const byName = await (await openAdmin(shop, "ja", "/app/customers?q=" + encodeURIComponent("山"))).html;
    expect(byName).toContain("山田 花子");
    expect(byName).toContain("山本 太郎");
    expect(byName).not.toContain("佐藤 健");

    const vipWithOrders = (await openAdmin(shop, "ja", "/app/customers?tag=VIP&minOrders=1")).html;
    expect(vipWithOrders).toContain("山田 花子");
    expect(vipWithOrders).not.toContain("佐藤 健");
    expect(vipWithOrders).not.toContain("山本 太郎");
  });

  it("never shows another shop's customers", async () => {
    const mine = await installed();
    const other = await installed();
    await seedCustomer(other, "201", { firstName: "秘密", lastName: "他店", email: "secret@example.jp", tags: [], ordersCount: 1, totalSpent: 100 });
    const html = (await openAdmin(mine, "ja", "/app/customers")).html;
    expect(html).not.toContain("他店 秘密");
  });
});

describe("the customer page", () => {
  it("shows profile, KPIs, address in Japanese order and caution notes", async () => {
    const shop = await installed();
    await seedCustomer(shop, "301", { firstName: "花子", lastName: "山田", email: "hanako@example.jp", tags: ["VIP"], ordersCount: 2, totalSpent: 7960 });
    const note = await appRequest(shop, "/app/customers/301", {
      method: "POST",
      body: new URLSearchParams({ intent: "note", body: "電話連絡は平日のみ", caution: "true" }),
    });
    expect(note.status).toBe(200);

    const html = (await openAdmin(shop, "ja", "/app/customers/301")).html;
    expect(html).toContain("山田 花子");
    expect(html).toContain("注意項目");
    expect(html).toContain("電話連絡は平日のみ");
    expect(html).toContain("〒150-0001");
    expect(html).toContain("東京都渋谷区神宮前1-2-3");
    expect(html).toContain("￥7,960");
    expect(html).toContain("リピーター");
  });

  it("refuses an empty note with a localized field error and writes nothing", async () => {
    const shop = await installed("en");
    await seedCustomer(shop, "401", { firstName: "Alex", lastName: "Morgan", email: "alex@example.com", tags: [], ordersCount: 0, totalSpent: 0 });
    const response = await appRequest(shop, "/app/customers/401", {
      method: "POST",
      body: new URLSearchParams({ intent: "note", body: "   " }),
    });
    expect(response.status).toBe(400);
    expect(await appDb().customerNote.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("answers 404 for a customer of another shop", async () => {
    const mine = await installed();
    const other = await installed();
    await seedCustomer(other, "501", { firstName: "秘密", lastName: "他店", email: "s@example.jp", tags: [], ordersCount: 0, totalSpent: 0 });
    const page = await openAdmin(mine, "ja", "/app/customers/501");
    expect(page.status).toBe(404);
  });

  it("writes edited tags back to Shopify", async () => {
    const shop = await installed();
    const { customer } = await devstore.control<{ customer: { id: number } }>("POST", `/shops/${shop.domain}/customers`, {
      firstName: "花子",
      lastName: "山田",
      email: `tags-${Date.now()}@example.jp`,
      tags: ["VIP"],
    });
    await devstore.waitForWebhooks();
    await seedCustomer(shop, String(customer.id), { firstName: "花子", lastName: "山田", email: "x@example.jp", tags: ["VIP"], ordersCount: 0, totalSpent: 0 });

    const response = await appRequest(shop, `/app/customers/${customer.id}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "tags", tags: "リピーター, 卸" }),
    });
    expect(response.status).toBe(200);

    const store = await fetch(`${stack().devstoreUrl}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-forwarded-host": shop.domain,
        "x-shopify-access-token": (await appDb().session.findFirstOrThrow({ where: { shop: shop.domain } })).accessToken,
      },
      body: JSON.stringify({ query: `{ customer(id: "gid://shopify/Customer/${customer.id}") { tags } }` }),
    });
    const body = (await store.json()) as { data: { customer: { tags: string[] } } };
    expect([...body.data.customer.tags].sort()).toEqual(["リピーター", "卸"].sort());
    const tags = await appDb().customerTag.findMany({ where: { shop: shop.domain, customerShopifyId: String(customer.id) } });
    expect(tags.map((t) => t.tag).sort()).toEqual(["リピーター", "卸"].sort());
  });
});

describe("saved views on the customers index", () => {
  const post = (shop: Shop, body: Record<string, string>) =>
    appRequest(shop, "/app/customers.data?index", { method: "POST", body: new URLSearchParams(body) });

  it("refuses a second view with the same name (in another case) with a field message in Japanese", async () => {
    const shop = await installed("ja");
    expect((await post(shop, { intent: "create", name: "VIP顧客", query: "tag=VIP" })).status).toBe(200);

    const again = await post(shop, { intent: "create", name: "vip顧客", query: "tag=VIP&minOrders=1" });
    expect(again.status).toBe(409);
    const body = await again.text();
    expect(body).toContain("同じ名前のビューがすでにあります。");
    expect(body).toContain("name");
    const views = await appDb().customerSavedView.findMany({ where: { shop: shop.domain } });
    expect(views.map((v) => [v.name, v.query])).toEqual([["VIP顧客", "tag=VIP&sort=lastOrderAt&dir=desc"]]);
  });

  it("answers in English for an English-speaking staff member, and refuses an empty name", async () => {
    const shop = await installed("en");
    await post(shop, { intent: "create", name: "Big spenders", query: "minSpent=50000" });
    const duplicate = await post(shop, { intent: "create", name: "BIG SPENDERS", query: "" });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain("A view with this name already exists.");

    const empty = await post(shop, { intent: "create", name: "  ", query: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter a name for the view.");
    expect(await appDb().customerSavedView.count({ where: { shop: shop.domain } })).toBe(1);
  });

  it("opens a saved view from the URL with only its customers, and never another shop's view", async () => {
    const shop = await installed("ja");
    await seedCustomer(shop, "601", { firstName: "花子", lastName: "山田", email: "hanako@example.jp", tags: ["VIP"], ordersCount: 3, totalSpent: 15800 });
    await seedCustomer(shop, "602", { firstName: "太郎", lastName: "山本", email: "taro@example.jp", tags: [], ordersCount: 1, totalSpent: 2980 });
    await post(shop, { intent: "create", name: "VIP", query: "tag=VIP" });
    const view = await appDb().customerSavedView.findFirstOrThrow({ where: { shop: shop.domain } });

    const html = (await openAdmin(shop, "ja", `/app/customers?view=${view.id}&tag=VIP`)).html;
    expect(html).toContain("山田 花子");
    expect(html).not.toContain("山本 太郎");
    expect(html).toContain("VIP");

    const other = await installed("ja");
    const rename = await post(other, { intent: "rename", id: view.id, name: "乗っ取り" });
    expect(rename.status).toBe(404);
    expect((await appDb().customerSavedView.findUniqueOrThrow({ where: { id: view.id } })).name).toBe("VIP");
  });
});
