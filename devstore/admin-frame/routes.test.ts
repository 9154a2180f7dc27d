import "@shopify/shopify-api/adapters/node";
import vm from "node:vm";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AdminFrameTestServer, startAdminFrameTestServer, TEST_SHOP } from "./test-server";

let server: AdminFrameTestServer;

beforeEach(async () => {
  server = await startAdminFrameTestServer();
});
afterEach(async () => {
  await server.close();
});

const library = () =>
  shopifyApi({
    apiKey: "test-api-key",
    apiSecretKey: "test-api-secret",
    apiVersion: ApiVersion.October26,
    hostName: "127.0.0.1:3999",
    hostScheme: "http",
    isEmbeddedApp: true,
    logger: { level: 0 },
  });

async function getHtml(path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, html: await res.text() };
}

function iframeSrc(html: string): URL {
  const match = /<iframe[^>]*src="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error("no iframe");
  return new URL(match[1].replace(/&amp;/g, "&").replace(/&#38;/g, "&"));
}

describe("admin frame page", () => {
  it("frames the app with launch parameters the Shopify library accepts (hmac, host, shop, id_token)", async () => {
    // WHEN a merchant opens the app in the Japanese admin
    const { status, html } = await getHtml("/store/tsunagu-demo/apps/tsunagu?locale=ja");
    expect(status).toBe(200);
    const src = iframeSrc(html);
    // THEN the iframe loads {appUrl}/app with Shopify's embedded parameters
    expect(`${src.origin}${src.pathname}`).toBe("http://127.0.0.1:3999/app");
    const query = Object.fromEntries(src.searchParams);
    expect(query).toMatchObject({ embedded: "1", locale: "ja", shop: TEST_SHOP.domain });
    expect(Buffer.from(query.host ?? "", "base64").toString()).toBe("admin.shopify.com/store/tsunagu-demo");
    const shopify = library();
    expect(shopify.utils.sanitizeHost(query.host ?? "")).toBe(query.host);
    expect(await shopify.utils.validateHmac(query)).toBe(true);
    const payload = await shopify.session.decodeSessionToken(query.id_token ?? "");
    expect(payload.dest).toBe(`https://${TEST_SHOP.domain}`);
    expect(payload.sub).toBe("1");
  });

  it("fails the hmac check once a launch parameter is altered", async () => {
    const { html } = await getHtml("/store/tsunagu-demo/apps/tsunagu");
    const query = Object.fromEntries(iframeSrc(html).searchParams);
    expect(await library().utils.validateHmac({ ...query, shop: "evil.myshopify.com" })).toBe(false);
  });

  it("shows the Japanese chrome: shop name, staff name, nav label, titled iframe and a status region", async () => {
    const { html } = await getHtml("/store/tsunagu-demo/apps/tsunagu?locale=ja");
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain("つながる商店");
    expect(html).toContain("山田 花子");
    expect(html).toContain('aria-label="メインナビゲーション"');
    expect(html).toMatch(/<iframe[^>]*title="アプリ: Tsunagu"/);
    expect(html).toMatch(/role="status"/);
  });

  it("shows the English chrome by default and the chosen staff member", async () => {
    const { html } = await getHtml("/store/tsunagu-demo/apps/tsunagu?user=3");
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<iframe[^>]*title="App: Tsunagu"/);
    // The shop's staff keep their Japanese names; the chrome is in English.
    expect(html).toContain("鈴木 美咲");
    const token = iframeSrc(html).searchParams.get("id_token") ?? "";
    expect((await library().session.decodeSessionToken(token)).sub).toBe("3");
  });

  it("passes the admin subpath and extra query on to the app", async () => {
    const { html } = await getHtml("/store/tsunagu-demo/apps/tsunagu/customers/42?locale=en&tab=orders");
    const src = iframeSrc(html);
    expect(src.pathname).toBe("/app/customers/42");
    expect(src.searchParams.get("tab")).toBe("orders");
    expect(src.searchParams.get("user")).toBeNull();
    expect(await library().utils.validateHmac(Object.fromEntries(src.searchParams))).toBe(true);
  });

  it("answers 404 pages for an unknown shop, app or staff member, in the admin's language", async () => {
    const shop = await getHtml("/store/nowhere/apps/tsunagu?locale=ja");
    expect(shop.status).toBe(404);
    expect(shop.html).toContain("このストアは見つかりません。");
    expect((await getHtml("/store/tsunagu-demo/apps/other-app")).status).toBe(404);
    expect((await getHtml("/store/tsunagu-demo/apps/tsunagu?user=99")).status).toBe(404);
  });

  it("lists the stores with links to open the app in Japanese and English", async () => {
    const { status, html } = await getHtml("/store?locale=ja");
    expect(status).toBe(200);
    expect(html).toContain("開発用ストア");
    expect(html).toContain('href="/store/tsunagu-demo/apps/tsunagu?locale=ja"');
    expect(html).toContain('href="/store/tsunagu-demo/apps/tsunagu?locale=en"');
  });
});

describe("session token endpoint", () => {
  it("returns a fresh token for the staff member, readable by the app's origin only", async () => {
    const res = await fetch(`${server.url}/store/tsunagu-demo/session-token?user=2`);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:3999");
    const { token } = (await res.json()) as { token: string };
    const payload = await library().session.decodeSessionToken(token);
    expect(payload).toMatchObject({ sub: "2", dest: `https://${TEST_SHOP.domain}` });
  });

  it("answers 404 for a staff member the shop does not have", async () => {
    const res = await fetch(`${server.url}/store/tsunagu-demo/session-token?user=7`);
    expect(res.status).toBe(404);
  });
});

describe("App Bridge stand-in script", () => {
  it("is served as JavaScript that parses", async () => {
    const res = await fetch(`${server.url}/cdn/app-bridge.js`);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    const source = await res.text();
    expect(() => new vm.Script(source)).not.toThrow();
    expect(source).toContain("shopify:navigate");
    const frame = await (await fetch(`${server.url}/admin-frame/assets/admin-frame.js`)).text();
    expect(() => new vm.Script(frame)).not.toThrow();
  });
});
