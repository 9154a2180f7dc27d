import { afterEach, describe, expect, it } from "vitest";
import { type TestServer, type TestShop, createTestShop, logIn, request, startStorefront } from "./test-support";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(primaryLocale = "ja"): Promise<TestShop & { port: number }> {
  const shop = createTestShop({}, primaryLocale);
  server = await startStorefront(shop.ctx);
  return { ...shop, port: server.port };
}

function embedScript(html: string): string {
  const tag = /<script\s+src="[^"]*tsunagu\.js[^"]*"[\s\S]*?><\/script>/.exec(html)?.[0];
  if (!tag) throw new Error("app embed script not on the page");
  return tag;
}

describe("storefront", () => {
  it("serves the shop's home page on <handle>.localhost with the product grid in the shop's locale", async () => {
    const { port, handle } = await setUp();
    const res = await request(port, { path: "/", host: `${handle}.localhost:${port}` });

    expect(res.status).toBe(200);
    expect(res.body).toContain('<html lang="ja">');
    expect(res.body).toContain("つながる雑貨店");
    expect(res.body).toContain("商品一覧");
    expect(res.body).toContain('href="/products/arita-mug"');
    expect(res.body).toMatch(/信楽焼の湯呑み[\s\S]*売り切れ/);
    expect(res.body).toContain("￥1,980");
  });

  it("renders the app embed before </body>: deferred script, configuration in data attributes, schema stripped", async () => {
    const { port, handle, shop } = await setUp();
    const res = await request(port, { path: `/storefront/${handle}/` });

    const script = embedScript(res.body);
    expect(script).toMatch(/\sdefer[\s>]/);
    expect(script).toContain('data-proxy-path="/apps/tsunagu"');
    expect(script).toContain('data-locale="ja"');
    expect(script).toContain(`data-shop="${shop.domain}"`);
    expect(script).toContain('data-customer-id=""');
    expect(script).toContain('data-track-pages="true"');
    expect(script).toContain('data-label-contact="お問い合わせ"');
    expect(script).toMatch(/data-block-id="[0-9a-f]{16}"/);
    expect(res.body.indexOf(script)).toBeGreaterThan(res.body.indexOf("</main>"));
    expect(res.body).not.toMatch(/schema|endschema|"target"/);
  });

  it("serves the script the embed points at from the extension's assets", async () => {
    const { port, handle } = await setUp();
    const page = await request(port, { path: `/storefront/${handle}/` });
    const src = /src="([^"]*tsunagu\.js[^"]*)"/.exec(page.body)![1]!;

    const asset = await request(port, { path: src, host: `${handle}.localhost:${port}` });
    expect(asset.status).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
    expect(asset.body).toContain("window.Tsunagu");
  });

  it("switches to English under the /en prefix, strings and embed locale included", async () => {
    const { port, handle } = await setUp();
    const res = await request(port, { path: `/storefront/${handle}/en/` });

    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain("Products");
    expect(res.body).toContain(`href="/storefront/${handle}/en/products/arita-mug"`);
    const script = embedScript(res.body);
    expect(script).toContain('data-locale="en"');
    expect(script).toContain('data-label-contact="Contact us"');
  });

  it("logs a customer in by email so the embed and the account page know them", async () => {
    const { port, handle, customer } = await setUp();
    const base = `/storefront/${handle}`;
    const cookie = await logIn(port, base, "HANAKO@example.jp");

    const home = await request(port, { path: `${base}/`, headers: { cookie } });
    expect(embedScript(home.body)).toContain(`data-customer-id="${customer.id}"`);
    const account = await request(port, { path: `${base}/account`, headers: { cookie } });
    expect(account.body).toContain("髙橋 花子 様");
  });

  it("ignores a customer cookie that was edited by hand", async () => {
    const { port, handle, customer } = await setUp();
    const base = `/storefront/${handle}`;
    const cookie = await logIn(port, base, "hanako@example.jp");
    const forged = cookie.replace(String(customer.id), String(customer.id + 1));

    const home = await request(port, { path: `${base}/`, headers: { cookie: forged } });
    expect(embedScript(home.body)).toContain('data-customer-id=""');
  });

  it("refuses a login for an email that is not one of the shop's customers", async () => {
    const { port, handle } = await setUp();
    const res = await request(port, {
      path: `/storefront/${handle}/account/login`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "customer%5Bemail%5D=nobody%40example.jp",
    });
    expect(res.status).toBe(401);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(res.body).toContain("このメールアドレスの顧客はこのショップにいません。");
  });

  it("shows a product page, a contact page, and 404 for an unknown product", async () => {
    const { port, handle } = await setUp("en");
    const base = `/storefront/${handle}`;
    const product = await request(port, { path: `${base}/products/arita-mug` });
    expect(product.status).toBe(200);
    expect(product.body).toContain("<h1>有田焼マグカップ</h1>");

    // The app's inquiry form block sits on the contact page in place of the theme's own form.
    const contact = await request(port, { path: `${base}/pages/contact` });
    expect(contact.body).toContain("data-tsunagu-form");
    expect(contact.body).toContain('name="body"');
    expect(contact.body).not.toContain('name="contact[body]"');
    expect(contact.body).not.toContain("{% schema %}");

    const sent = await request(port, {
      path: `${base}/contact`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "contact%5Bemail%5D=a%40example.jp&contact%5Bbody%5D=hello",
    });
    expect(sent.body).toContain("Thanks for contacting us");

    expect((await request(port, { path: `${base}/products/nope` })).status).toBe(404);
  });

  it("lets the control API configure the inquiry form block as the theme editor would, or turn it off", async () => {
    const { port, handle, shop } = await setUp("en");
    const base = `/storefront/${handle}`;
    const put = (body: unknown) =>
      request(port, {
        path: `/_control/shops/${shop.domain}/theme/blocks/inquiry-form`,
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    expect((await put({ settings: { heading: "Ask <us>", category_choices: "shipping|Shipping\nreturns|Returns & exchanges", require_phone: true, consent_text: "I agree" } })).status).toBe(200);
    const page = (await request(port, { path: `${base}/pages/contact` })).body;
    expect(page).toContain("Ask &lt;us&gt;");
    expect(page).toContain('<option value="shipping">Shipping</option>');
    expect(page).toContain('<option value="returns">Returns &amp; exchanges</option>');
    expect(page).toMatch(/name="phone"[^>]*required/);
    expect(page).toMatch(/name="consent"[^>]*required/);
    expect(page).toMatch(/<script src="[^"]*tsunagu-form\.js[^"]*" defer><\/script>/);

    // The script loads only on pages with the block.
    expect((await request(port, { path: `${base}/` })).body).not.toContain("tsunagu-form.js");

    await put({ enabled: false });
    const plain = (await request(port, { path: `${base}/pages/contact` })).body;
    expect(plain).toContain('name="contact[body]"');
    expect(plain).not.toContain("tsunagu-form.js");
  });

  it("leaves other hosts and the Admin API paths of a storefront host to the rest of the dev store", async () => {
    const { port, handle } = await setUp();
    expect((await request(port, { path: "/" })).status).toBe(418);
    const admin = await request(port, { path: "/admin/api/2026-10/graphql.json", host: `${handle}.localhost:${port}` });
    expect(admin.status).toBe(418);
  });

  it("answers 404 for a storefront host with no such shop", async () => {
    const { port } = await setUp();
    const res = await request(port, { path: "/", host: `no-such-shop.localhost:${port}` });
    expect(res.status).toBe(404);
    expect(res.body).toContain("no-such-shop.myshopify.com");
  });
});
