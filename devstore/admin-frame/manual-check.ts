/**
 * Manual check of the admin frame and the App Bridge stand-in in a real browser (not part of the unit tests):
 *   npx tsx devstore/admin-frame/manual-check.ts          # drives Chromium headless, prints what it saw
 *   npx tsx devstore/admin-frame/manual-check.ts --serve  # keeps both servers up to look by hand
 *   npx tsx devstore/admin-frame/manual-check.ts --screenshot=/tmp/admin-frame.png
 * A dummy app page (with <ui-nav-menu>, <ui-title-bar>, toasts, fetch, a bounce page, shopify://admin links) stands in
 * for the Remix app.
 */
import http from "node:http";
import express from "express";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Page } from "@playwright/test";
import { makeCustomer, makeOrder } from "../admin-api/test-support";
import { records, reserveIds } from "../store/db";
import { createTestContext } from "../testing";
import { registerAdminFrame } from "./routes";
import { TEST_SHOP } from "./test-server";
import { verifySessionToken } from "./session-token";

async function listen(app: express.Express): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
}

// The app's port must be known before the dev store config is made: reserve it first.
const appServer = http.createServer();
await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
const appAddress = appServer.address();
const appUrl = `http://127.0.0.1:${typeof appAddress === "object" && appAddress ? appAddress.port : 0}`;

const ctx = createTestContext({ appUrl });
records(ctx.db).putShop(TEST_SHOP);
const customer = makeCustomer(ctx, TEST_SHOP.domain, { firstName: "太郎", lastName: "山田", tags: ["VIP"] });
const productId = reserveIds(ctx.db, "Product");
records(ctx.db).putProduct({
  id: productId,
  shop: TEST_SHOP.domain,
  title: "煎茶 やぶきた",
  handle: "sencha",
  vendor: "つなぐ茶園",
  productType: "お茶",
  status: "ACTIVE",
  tags: [],
  imageUrl: null,
  variants: [{ id: reserveIds(ctx.db, "ProductVariant"), title: "100g", sku: "SEN-100", price: "1200.0", inventoryQuantity: 5, availableForSale: true }],
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});
const order = makeOrder(ctx, TEST_SHOP.domain, {
  name: "#1001",
  number: 1001,
  customerId: customer.id,
  lineItems: [{ id: 1, title: "煎茶 やぶきた", variantTitle: "100g", sku: "SEN-100", vendor: null, quantity: 1, originalUnitPrice: "1200.0", productId, variantId: null }],
});
const devApp = express();
registerAdminFrame(devApp, ctx);
const devstore = await listen(devApp);

function appPage(opts: { title: string; withRouter: boolean }): string {
  const script = `${devstore.url}/cdn/app-bridge.js`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${opts.title}</title>
<script src="${script}" data-api-key="${ctx.config.apiKey}"></script></head><body>
<ui-nav-menu><a href="/app" rel="home">Home</a><a href="/app/customers">Customers</a><a href="/app/router">Router</a></ui-nav-menu>
<ui-title-bar title="${opts.title}"><button variant="primary" id="save">Save</button></ui-title-bar>
<h1 id="heading">${opts.title}</h1>
<button id="toast" onclick="shopify.toast.show('Saved 保存しました')">toast</button>
<button id="whoami" onclick="fetch('/api/whoami').then(r=>r.json()).then(j=>{document.getElementById('out').textContent=JSON.stringify(j)})">whoami</button>
<button id="exit" onclick="window.open('/exit-target', '_top')">exit</button>
<p><a id="order-link" href="shopify://admin/orders/${order.id}">${order.name}</a>
<a id="order-tab" href="shopify://admin/orders/${order.id}" target="_blank">${order.name} (new tab)</a>
<button id="open-customer" onclick="window.open('shopify://admin/customers/${customer.id}', '_top')">customer</button></p>
<pre id="out"></pre><pre id="saved"></pre>
<script>
document.getElementById('save').addEventListener('click', () => { document.getElementById('saved').textContent = 'title bar save'; });
${opts.withRouter ? `addEventListener('shopify:navigate', (e) => { history.pushState(null, '', e.target.getAttribute('href')); document.getElementById('heading').textContent = 'routed ' + location.pathname; });` : ""}
</script></body></html>`;
}

const app = express();
app.get("/app/router", (_req, res) => void res.send(appPage({ title: "Router", withRouter: true })));
app.get(["/app", "/app/*"], (req, res) => {
  if (req.query.embedded === "1" && !req.query.id_token) {
    // What authenticate.admin does without a token: bounce.
    const params = new URLSearchParams(req.query as Record<string, string>);
    params.set("shopify-reload", `${appUrl}${req.path}?${params.toString()}`);
    res.redirect(`/auth/session-token?${params.toString()}`);
    return;
  }
  res.send(appPage({ title: req.path === "/app" ? "Home" : req.path.slice(5), withRouter: false }));
});
app.get("/auth/session-token", (_req, res) => {
  res.type("html").send(`<script data-api-key="${ctx.config.apiKey}" src="${devstore.url}/cdn/app-bridge.js"></script>`);
});
app.get("/api/whoami", (req, res) => {
  const token = (req.get("authorization") ?? "").replace("Bearer ", "");
  const verified = verifySessionToken(token, { secret: ctx.config.apiSecret, audience: ctx.config.apiKey });
  res.json(verified.ok ? { sub: verified.payload.sub, shop: verified.shop } : { error: verified.ok });
});
app.get("/exit-target", (_req, res) => void res.send("<!doctype html><title>exit</title><h1>left the frame</h1>"));
appServer.on("request", app);

const frameUrl = `${devstore.url}/store/tsunagu-demo/apps/tsunagu?locale=ja&user=2`;
if (process.argv.includes("--serve")) {
  console.log(`admin frame: ${frameUrl}\napp: ${appUrl}`);
} else {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await (await browser.newContext()).newPage();
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`${msg.type()}: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  const check = (label: string, ok: boolean) => console.log(`${ok ? "ok  " : "FAIL"} ${label}`);

  await page.goto(frameUrl);
  const frame = page.frameLocator("#app-frame");
  await page.locator("#app-nav a", { hasText: "Customers" }).waitFor();
  check("nav built from <ui-nav-menu>", (await page.locator("#app-nav a").count()) === 2);
  check("title from <ui-title-bar>", (await page.locator("#app-title").textContent()) === "Home");
  await page.locator("#title-actions button", { hasText: "Save" }).click();
  await frame.locator("#saved", { hasText: "title bar save" }).waitFor();
  check("title bar button clicks the app's button", true);
  await frame.locator("#toast").click();
  await page.locator("[role=status] .toast", { hasText: "保存しました" }).waitFor();
  check("toast shown in the admin's status region", true);
  const shot = process.argv.find((a) => a.startsWith("--screenshot="));
  if (shot) await page.screenshot({ path: shot.slice("--screenshot=".length) });
  await frame.locator("#whoami").click();
  await frame.locator("#out", { hasText: '"sub":"2"' }).waitFor();
  check("fetch carries the staff member's session token", true);

  await page.locator("#app-nav a", { hasText: "Customers" }).click();
  await frame.locator("#heading", { hasText: "customers" }).waitFor();
  await page.waitForURL(/\/apps\/tsunagu\/customers\?/);
  check("nav click without a router loads the page; admin URL follows", true);

  const appFrame = page.frames().find((f) => f.url().startsWith(appUrl));
  await appFrame?.goto(`${appUrl}/app/orders?embedded=1&shop=${TEST_SHOP.domain}&locale=ja`);
  await frame.locator("#heading", { hasText: "orders" }).waitFor();
  check("bounce page (shopify-reload) came back with an id_token", /[?&]id_token=/.test(appFrame?.url() ?? ""));

  await appFrame?.evaluate(() => (window as unknown as { shopify: { loading(on: boolean): void } }).shopify.loading(true));
  await page.locator("#loading-bar:not([hidden])").waitFor();
  check("shopify.loading(true) shows the admin's loading bar", true);

  await page.locator("#app-nav a", { hasText: "Router" }).click();
  await frame.locator("#heading", { hasText: "Router" }).waitFor();
  await page.locator("#app-nav a", { hasText: "Customers" }).click();
  await frame.locator("#heading", { hasText: "routed /app/customers" }).waitFor();
  check("nav click with a shopify:navigate listener routes in place", true);
  check("nav marks the current page", (await page.locator('#app-nav a[aria-current="page"]').textContent()) === "Customers");

  // shopify://admin deep links: Enter on a focused link (a click), Ctrl-click, target=_blank, open(url, '_top').
  const axe = async (p: Page) =>
    (await new AxeBuilder({ page: p }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze()).violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  const orderUrl = `${devstore.url}/store/tsunagu-demo/orders/${order.id}?locale=ja&user=2`;
  await page.goto(frameUrl);
  await frame.locator("#order-link").focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(orderUrl);
  if (shot) await page.screenshot({ path: shot.slice("--screenshot=".length).replace(/(\.png)?$/, "-order.png"), fullPage: true });
  check("Enter on a shopify://admin/orders link takes the admin to the order page", (await page.locator("h1").textContent()) === "#1001");
  const orderViolations = await axe(page);
  check(`order page has no axe violations${orderViolations.length ? `: ${orderViolations.join(" | ")}` : ""}`, !orderViolations.length);
  await page.keyboard.press("Tab");
  check("first Tab reaches the skip link", (await page.evaluate(() => document.activeElement?.className)) === "skip-link");
  await page.getByRole("link", { name: "山田 太郎" }).click();
  await page.locator("h1", { hasText: "山田 太郎" }).waitFor();
  const customerViolations = await axe(page);
  check(`customer page, linked from the order, has no axe violations${customerViolations.length ? `: ${customerViolations.join(" | ")}` : ""}`, !customerViolations.length);
  await page.goto(`${devstore.url}/store/tsunagu-demo/products/${productId}?locale=en&user=2`);
  const productViolations = await axe(page);
  check(`product page has no axe violations${productViolations.length ? `: ${productViolations.join(" | ")}` : ""}`, !productViolations.length);
  // Through the API client: a 404 document load would log a console error, which this check counts as a problem.
  const missing = await page.request.get(`${devstore.url}/store/tsunagu-demo/orders/1?locale=en`);
  check("unknown order answers 404", missing.status() === 404);

  await page.goto(frameUrl);
  const modifier = process.platform === "darwin" ? "Meta" : "Control";
  const [ctrlTab] = await Promise.all([page.context().waitForEvent("page"), frame.locator("#order-link").click({ modifiers: [modifier] })]);
  await ctrlTab.waitForLoadState();
  check("Ctrl-click opens the order page in a new tab; the admin stays", ctrlTab.url() === orderUrl && page.url() === frameUrl);
  await ctrlTab.close();
  const [blankTab] = await Promise.all([page.context().waitForEvent("page"), frame.locator("#order-tab").click()]);
  await blankTab.waitForLoadState();
  check("target=_blank opens the order page in a new tab", blankTab.url() === orderUrl);
  await blankTab.close();
  await frame.locator("#open-customer").click();
  await page.waitForURL(`${devstore.url}/store/tsunagu-demo/customers/${customer.id}?locale=ja&user=2`);
  check("open('shopify://admin/customers/ID', '_top') takes the admin to the customer page", true);

  await page.goto(frameUrl);
  await frame.locator("#exit").click();
  await page.waitForURL(`${appUrl}/exit-target`);
  check("open(url, '_top') leaves the frame", true);

  check(`no console errors or warnings${problems.length ? `: ${problems.join(" | ")}` : ""}`, problems.length === 0);
  await browser.close();
  appServer.close();
  devstore.server.close();
}
