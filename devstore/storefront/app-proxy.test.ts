import "@shopify/shopify-api/adapters/node";
import crypto from "node:crypto";
import type http from "node:http";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterEach, describe, expect, it } from "vitest";
import { appProxySignature, signAppProxyQuery } from "./app-proxy";
import { type TestServer, createTestShop, listen, logIn, request, startStorefront } from "./test-support";

const SECRET = "proxy-test-secret";

const shopify = shopifyApi({
  apiKey: "tsunagu-demo-api-key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "127.0.0.1:3000",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

type Received = { method: string; url: URL; headers: http.IncomingHttpHeaders; body: string };

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A stand-in for the app: records what reached it and answers as told. */
async function startApp(answer: (r: Received, res: http.ServerResponse) => void) {
  const received: Received[] = [];
  const app = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { method: req.method ?? "", url: new URL(req.url ?? "/", "http://app"), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      answer(r, res);
    });
  });
  servers.push(app);
  return { received, url: `http://127.0.0.1:${app.port}/proxy` };
}

async function setUp(answer: (r: Received, res: http.ServerResponse) => void) {
  const app = await startApp(answer);
  const shop = createTestShop({ apiSecret: SECRET, appProxy: { url: app.url, prefix: "apps", subpath: "tsunagu" } });
  const storefront = await startStorefront(shop.ctx);
  servers.push(storefront);
  return { ...shop, received: app.received, port: storefront.port, base: `/storefront/${shop.handle}` };
}

const json = (body: unknown, res: http.ServerResponse, extra: Record<string, string> = {}) => {
  res.writeHead(200, { "content-type": "application/json", ...extra });
  res.end(JSON.stringify(body));
};

describe("app proxy signature", () => {
  it("verifies with @shopify/shopify-api's validateHmac for app proxies", async () => {
    const query = signAppProxyQuery(
      new URLSearchParams([["ids", "1"], ["ids", "2"], ["q", "マグ"]]),
      { shop: "tsunagu-demo.myshopify.com", customerId: 7000000000001, pathPrefix: "/apps/tsunagu" },
      SECRET,
    );
    // Given URLSearchParams, the library joins repeated keys with "," as Shopify signs them.
    await expect(shopify.utils.validateHmac(query, { signator: "appProxy" })).resolves.toBe(true);

    const tampered = new URLSearchParams(query);
    tampered.set("logged_in_customer_id", "7000000000002");
    await expect(shopify.utils.validateHmac(tampered, { signator: "appProxy" })).resolves.toBe(false);
  });

  it("signs the sorted key=value pairs with no separator", () => {
    const expected = crypto.createHmac("sha256", SECRET).update("extra=1,2shop=s.myshopify.comtimestamp=1").digest("hex");
    const query = new URLSearchParams("timestamp=1&extra=1&shop=s.myshopify.com&extra=2&signature=old");
    expect(appProxySignature(query, SECRET)).toBe(expected);
    expect(appProxySignature({ shop: "s.myshopify.com", extra: ["1", "2"], timestamp: "1" }, SECRET)).toBe(expected);
  });
});

describe("app proxy forwarding", () => {
  it("forwards method, body and content type with Shopify's signed parameters, and no cookies", async () => {
    const { port, base, received, shop, customer } = await setUp((_r, res) => json({ ok: true }, res, { "set-cookie": "app=1" }));
    const cookie = await logIn(port, base, customer.email!);

    const res = await request(port, {
      path: `${base}/apps/tsunagu/inquiries?x=1&logged_in_customer_id=1&shop=evil.myshopify.com`,
      method: "POST",
      headers: { cookie, "content-type": "application/json", "accept-language": "ja" },
      body: JSON.stringify({ message: "在庫はありますか" }),
    });

    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    expect(res.headers["set-cookie"]).toBeUndefined();
    const r = received[0]!;
    expect(r.method).toBe("POST");
    expect(r.url.pathname).toBe("/proxy/inquiries");
    expect(r.url.searchParams.get("x")).toBe("1");
    expect(r.url.searchParams.get("shop")).toBe(shop.domain);
    expect(r.url.searchParams.getAll("logged_in_customer_id")).toEqual([String(customer.id)]);
    expect(r.url.searchParams.get("path_prefix")).toBe("/apps/tsunagu");
    expect(Math.abs(Number(r.url.searchParams.get("timestamp")) - Date.now() / 1000)).toBeLessThan(5);
    await expect(shopify.utils.validateHmac(r.url.searchParams, { signator: "appProxy" })).resolves.toBe(true);
    expect(JSON.parse(r.body)).toEqual({ message: "在庫はありますか" });
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers.cookie).toBeUndefined();
    expect(r.headers["x-forwarded-for"]).toMatch(/127\.0\.0\.1/);
  });

  it("sends an empty logged_in_customer_id for a guest on the shop's own host", async () => {
    const { port, handle, received } = await setUp((_r, res) => json({}, res));
    await request(port, { path: "/apps/tsunagu", host: `${handle}.localhost:${port}` });
    expect(received[0]!.url.pathname).toBe("/proxy");
    expect(received[0]!.url.searchParams.get("logged_in_customer_id")).toBe("");
  });

  it("renders an application/liquid answer inside the storefront layout with the shop's objects", async () => {
    const { port, base, customer } = await setUp((_r, res) => {
      res.writeHead(200, { "content-type": "application/liquid; charset=utf-8" });
      res.end("<h1>{{ shop.name }}</h1>{% if customer %}<p>{{ customer.email }}</p>{% endif %}<p>{{ 'tsunagu.embed.contact_label' | t }}</p>");
    });
    const cookie = await logIn(port, base, customer.email!);
    const res = await request(port, { path: `${base}/apps/tsunagu/portal`, headers: { cookie } });

    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.body).toContain('<html lang="ja">');
    expect(res.body).toContain("<h1>つながる雑貨店</h1><p>hanako@example.jp</p><p>お問い合わせ</p>");
    expect(res.body).toContain("tsunagu.js");
  });

  it("renders {% layout none %} Liquid without the layout", async () => {
    const { port, base } = await setUp((_r, res) => {
      res.writeHead(200, { "content-type": "application/liquid" });
      res.end("{% layout none %}{{ request.locale.iso_code }}|{{ shop.permanent_domain }}");
    });
    const res = await request(port, { path: `${base}/en/apps/tsunagu/raw` });
    expect(res.body).toMatch(/^en\|sf-test-.*\.myshopify\.com$/);
  });

  it("answers 502 when the app cannot be reached", async () => {
    const shop = createTestShop({ appProxy: { url: "http://127.0.0.1:9/proxy", prefix: "apps", subpath: "tsunagu" } });
    const storefront = await startStorefront(shop.ctx);
    servers.push(storefront);
    const res = await request(storefront.port, { path: `/storefront/${shop.handle}/apps/tsunagu/x` });
    expect(res.status).toBe(502);
  });
});
