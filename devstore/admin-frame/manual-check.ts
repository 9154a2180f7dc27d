/**
 * Manual check of the admin frame and the App Bridge stand-in in a real browser (not part of the unit tests):
 *   npx tsx devstore/admin-frame/manual-check.ts          # drives Chromium headless, prints what it saw
 *   npx tsx devstore/admin-frame/manual-check.ts --serve  # keeps both servers up to look by hand
 *   npx tsx devstore/admin-frame/manual-check.ts --screenshot=/tmp/admin-frame.png
 * A dummy app page (with <ui-nav-menu>, <ui-title-bar>, toasts, fetch, a bounce page) stands in for the Remix app.
 */
import http from "node:http";
import express from "express";
import { chromium } from "@playwright/test";
import { records } from "../store/db";
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
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`${msg.type()}: ${msg.text()}`);
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

  await frame.locator("#exit").click();
  await page.waitForURL(`${appUrl}/exit-target`);
  check("open(url, '_top') leaves the frame", true);

  check(`no console errors or warnings${problems.length ? `: ${problems.join(" | ")}` : ""}`, problems.length === 0);
  await browser.close();
  appServer.close();
  devstore.server.close();
}
