import { describe, expect, it } from "vitest";
import { appDb, devstore, eventually, openAdmin, stack } from "../support/clients";

describe("the embedded admin", () => {
  it("installs through token exchange and shows the shop's home in Japanese with locale=ja", async () => {
    // GIVEN a Japanese shop that has never opened the app
    const shop = await devstore.createShop("ja");

    // WHEN Shopify admin opens the app with a session token
    const page = await openAdmin(shop, "ja");

    // THEN the home page is in Japanese and shows what the Admin API says about the shop
    expect(page.status).toBe(200);
    expect(page.html).toContain('lang="ja"');
    expect(page.html).toContain(`${shop.name} の概要`);
    expect(page.html).toContain("顧客数");
    expect(page.html).toContain("最近の注文");
    // AND an offline session and the shop were stored
    const sessions = await appDb().session.findMany({ where: { shop: shop.domain } });
    expect(sessions.map((s) => s.isOnline)).toEqual([false]);
    expect(sessions[0]!.accessToken).toMatch(/^shpat_/);
    const stored = await appDb().shop.findUniqueOrThrow({ where: { domain: shop.domain } });
    expect(stored).toMatchObject({ name: shop.name, currencyCode: "JPY", uninstalledAt: null });
  });

  it("shows English when the admin's locale is English, and remembers the staff member's choice", async () => {
    const shop = await devstore.createShop("en");
    const page = await openAdmin(shop, "en");
    expect(page.status).toBe(200);
    expect(page.html).toContain('lang="en"');
    expect(page.html).toContain(`${shop.name} at a glance`);
    expect(page.html).toContain("Recent orders");
    expect(page.html).not.toContain("顧客数");
    const staff = await appDb().staffMember.findMany({ where: { shop: shop.domain } });
    expect(staff.map((s) => [s.userId, s.locale])).toEqual([["1", "en"]]);
  });

  it("counts the shop's customers and orders exactly as the dev store holds them (synced, and from Shopify)", async () => {
    const shop = await devstore.createShop("ja");
    await openAdmin(shop, "en");
    // The home page's counts are the dashboard's, over the app's database: they are exact once the initial sync is done.
    await eventually(
      () => appDb().syncRun.findMany({ where: { shop: shop.domain } }),
      (runs) => runs.length > 0 && runs.every((r) => r.status === "completed"),
      30_000,
    );
    const page = await openAdmin(shop, "en");
    const customers = /data-card-key="customers"[\s\S]*?data-testid="kpi-value">([\d,]+)</.exec(page.html)?.[1];
    expect(Number(customers?.replace(/,/g, ""))).toBe(shop.counts.customers);
    // The store card shows Shopify's own counts, read through the Admin API.
    const shown = (label: string) => Number(new RegExp(`${label}</dt><dd[^>]*>([\\d,]+)<`).exec(page.html)?.[1]?.replace(/,/g, ""));
    expect(shown("Customers in Shopify")).toBe(shop.counts.customers);
    expect(shown("Orders in Shopify")).toBe(shop.counts.orders);
  });

  it("sends a request without a session token to the bounce page instead of rendering", async () => {
    const shop = await devstore.createShop("ja");
    const host = Buffer.from(`admin.shopify.com/store/${shop.handle}`).toString("base64url");
    const response = await fetch(
      `${stack().appUrl}/app?embedded=1&shop=${shop.domain}&host=${host}`,
      { redirect: "manual", headers: { "user-agent": "Mozilla/5.0 Chrome/156.0" } },
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/auth/session-token");
    expect(await appDb().session.count({ where: { shop: shop.domain } })).toBe(0);
  });
});
