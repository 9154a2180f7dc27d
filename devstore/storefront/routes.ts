/**
 * The dev store's Online Store: a storefront per shop with the theme app extension's embed enabled, and the app
 * proxy. Browsers reach a shop at http://<handle>.localhost:<port>/ (Chromium resolves *.localhost to loopback);
 * other clients use http://127.0.0.1:<port>/storefront/<handle>/. A non-primary locale is a path prefix (/en/...),
 * as on Shopify.
 */
import path from "node:path";
import compression from "compression";
import express from "express";
import { z } from "zod";
import type { CustomerRecord, DevstoreContext, ProductRecord } from "../types";
import { records } from "../store/db";
import { appProxyPrefix, forwardAppProxy } from "./app-proxy";
import { customerIdFromCookie, loginCookie, logoutCookie } from "./customer-session";
import { ASSET_ROUTE } from "./liquid";
import { accountMain, contactMain, homeMain, loginMain, notFoundMain, productMain } from "./pages";
import { type StorefrontRequest, renderPage, renderProxyLiquid, renderSectionBlocks } from "./render";
import { LOCALES, type StorefrontLocale, escapeHtml, text, toStorefrontLocale } from "./strings";
import { BlockStateBody, resetThemeState, setBlockState, themeState } from "./theme-state";

const HOST = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.localhost(?::\d+)?$/i;
/** Paths that belong to other parts of the dev store even on a storefront host. */
const NOT_STOREFRONT = /^\/(?:admin(?:\/|$)|healthz$|cdn\/)/;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const LoginForm = z.object({ "customer[email]": z.string().trim().min(1) });
const ContactForm = z.object({
  "contact[email]": z.string().trim().pipe(z.email()),
  "contact[body]": z.string().trim().min(1),
  "contact[name]": z.string().optional(),
});

/** The shop handle of a storefront host ("tsunagu-demo" for tsunagu-demo.localhost:4100), or null. */
export function storefrontHandle(host: string | undefined): string | null {
  const match = host ? HOST.exec(host) : null;
  return match ? match[1]!.toLowerCase() : null;
}

export function shopDomain(handle: string): string {
  return `${handle}.myshopify.com`;
}

async function readBody(req: express.Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error("Request body too large"), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function queries(db: DevstoreContext["db"]) {
  const products = db.prepare("SELECT data FROM products WHERE shop = ? ORDER BY created_at, id LIMIT 48");
  const product = db.prepare("SELECT data FROM products WHERE shop = ? AND handle = ? LIMIT 1");
  const byEmail = db.prepare("SELECT data FROM customers WHERE shop = ? AND email = ? LIMIT 1");
  const someCustomers = db.prepare("SELECT data FROM customers WHERE shop = ? AND email IS NOT NULL ORDER BY id LIMIT 50");
  const parse = <T>(row: unknown): T | null => (row ? (JSON.parse((row as { data: string }).data) as T) : null);
  return {
    activeProducts: (shop: string) =>
      (products.all(shop) as Array<{ data: string }>)
        .map((r) => JSON.parse(r.data) as ProductRecord)
        .filter((p) => p.status === "ACTIVE"),
    productByHandle: (shop: string, handle: string) => {
      const p = parse<ProductRecord>(product.get(shop, handle));
      return p && p.status === "ACTIVE" ? p : null;
    },
    customerByEmail: (shop: string, email: string) => parse<CustomerRecord>(byEmail.get(shop, email.toLowerCase())),
    loginChoices: (shop: string) => (someCustomers.all(shop) as Array<{ data: string }>).map((r) => JSON.parse(r.data) as CustomerRecord),
  };
}

type Mount = { handle: string; base: string; cookiePath: string };

export function registerStorefront(app: express.Express, ctx: DevstoreContext): void {
  const db = records(ctx.db);
  const q = queries(ctx.db);
  const extensionDir = ctx.config.themeExtensionDir;

  // Stand-in for Shopify's CDN: extension assets, on any host.
  app.get(`${ASSET_ROUTE}/:extension/assets/:file`, compression(), (req, res) => {
    if (req.params.extension !== path.basename(extensionDir)) return void res.sendStatus(404);
    res.set("Cache-Control", req.query.v ? "public, max-age=31536000, immutable" : "no-cache");
    res.sendFile(path.basename(String(req.params.file)), { root: path.join(extensionDir, "assets"), dotfiles: "deny" }, (error) => {
      if (error && !res.headersSent) res.sendStatus(404);
    });
  });

  // The theme editor, for tests and demos: turn an app embed or block on or off, change its settings, move it.
  app.get("/_control/shops/:shop/theme", (req, res) => void res.json({ blocks: themeState(String(req.params.shop)) }));
  app.put("/_control/shops/:shop/theme/blocks/:block", express.json({ limit: "64kb" }), (req, res) => {
    const shop = String(req.params.shop);
    if (!db.getShop(shop)) return void res.status(404).json({ error: `No dev store shop ${shop}` });
    const body = BlockStateBody.safeParse(req.body ?? {});
    if (!body.success) return void res.status(400).json({ error: body.error.issues.map((i) => i.message).join("; ") });
    res.json({ block: setBlockState(shop, String(req.params.block), body.data) });
  });
  app.delete("/_control/shops/:shop/theme", (req, res) => {
    resetThemeState(String(req.params.shop));
    res.json({ blocks: {} });
  });

  const handle = (mount: Mount) => (req: express.Request, res: express.Response, next: express.NextFunction) => {
    serve(mount, req, res).catch(next);
  };

  const compress = compression();
  app.use((req, res, next) => {
    const shopHandle = storefrontHandle(req.headers.host);
    if (!shopHandle || NOT_STOREFRONT.test(req.path)) return next();
    compress(req, res, () => handle({ handle: shopHandle, base: "", cookiePath: "/" })(req, res, next));
  });
  app.use("/storefront/:handle", compression(), (req, res, next) => {
    const shopHandle = String(req.params.handle).toLowerCase();
    handle({ handle: shopHandle, base: `/storefront/${shopHandle}`, cookiePath: `/storefront/${shopHandle}` })(req, res, next);
  });

  async function serve(mount: Mount, req: express.Request, res: express.Response): Promise<void> {
    const shop = db.getShop(shopDomain(mount.handle));
    if (!shop) {
      res.status(404).type("text/plain").send(`No dev store shop ${shopDomain(mount.handle)}`);
      return;
    }
    const primary = toStorefrontLocale(shop.primaryLocale);
    const { locale, rest } = splitLocale(req.path, primary);
    const localePrefix = locale === primary ? "" : `/${locale}`;
    const customerId = customerIdFromCookie(req.headers, shop.domain, ctx.config.apiSecret);
    const customer = customerId === null ? null : db.getCustomer(shop.domain, customerId);
    const search = new URL(req.originalUrl, "http://x").search;
    const sf: StorefrontRequest = {
      config: ctx.config,
      shop,
      locale,
      customer,
      origin: `${req.protocol}://${req.headers.host ?? "127.0.0.1"}`,
      base: mount.base,
      path: rest,
      cookiePath: mount.cookiePath,
      url: (p) => `${mount.base}${localePrefix}${p}`,
      localeUrl: (l: StorefrontLocale) => `${mount.base}${l === primary ? "" : `/${l}`}${rest}${search}`,
    };
    const html = (status: number, body: string) => res.status(status).type("text/html; charset=utf-8").send(body);
    const proxy = appProxyPrefix(ctx.config);

    if (rest === proxy || rest.startsWith(`${proxy}/`)) return forward(sf, rest.slice(proxy.length), customerId, req, res);

    // Express answers HEAD like GET without the body.
    const method = req.method === "HEAD" ? "GET" : req.method;
    if (method === "GET" && rest === "/") {
      const main = homeMain(sf, q.activeProducts(shop.domain));
      return void html(200, await renderPage(sf, { title: text(locale, "products"), main, pageType: "index" }));
    }
    const productMatch = /^\/products\/([^/]+)$/.exec(rest);
    if (method === "GET" && productMatch) {
      const product = q.productByHandle(shop.domain, decodeURIComponent(productMatch[1]!));
      if (!product) return void html(404, await renderPage(sf, { title: text(locale, "notFound"), main: notFoundMain(sf), pageType: "404" }));
      const blocks = await renderSectionBlocks(sf, "product");
      return void html(200, await renderPage(sf, { title: product.title, main: productMain(sf, product, blocks), pageType: "product" }));
    }
    if (method === "GET" && rest === "/pages/contact") {
      // An app block the merchant placed on the contact page (the inquiry form) stands in for the theme's own form.
      const blocks = await renderSectionBlocks(sf, "page", "page.contact");
      const main = blocks ? `<h1>${escapeHtml(text(locale, "contact"))}</h1>\n${blocks}` : contactMain(sf, "form");
      return void html(200, await renderPage(sf, { title: text(locale, "contact"), main, pageType: "page" }));
    }
    if (method === "POST" && rest === "/contact") {
      const form = ContactForm.safeParse(Object.fromEntries(new URLSearchParams((await readBody(req)).toString("utf8"))));
      const state = form.success ? "sent" : "invalid";
      return void html(form.success ? 200 : 422, await renderPage(sf, { title: text(locale, "contact"), main: contactMain(sf, state), pageType: "page" }));
    }
    if (rest === "/account/login" && (method === "GET" || method === "POST")) {
      if (method === "POST") {
        const form = LoginForm.safeParse(Object.fromEntries(new URLSearchParams((await readBody(req)).toString("utf8"))));
        const found = form.success ? q.customerByEmail(shop.domain, form.data["customer[email]"]) : null;
        if (found) {
          res.setHeader("Set-Cookie", loginCookie(shop.domain, found.id, ctx.config.apiSecret, mount.cookiePath));
          return void res.redirect(303, sf.url("/account"));
        }
      }
      const main = loginMain(sf, q.loginChoices(shop.domain), method === "POST");
      return void html(method === "POST" ? 401 : 200, await renderPage(sf, { title: text(locale, "login"), main, pageType: "customers/login" }));
    }
    if (rest === "/account/logout" && (method === "POST" || method === "GET")) {
      res.setHeader("Set-Cookie", logoutCookie(mount.cookiePath));
      return void res.redirect(303, sf.url("/"));
    }
    if (method === "GET" && rest === "/account") {
      if (!customer) return void res.redirect(303, sf.url("/account/login"));
      return void html(200, await renderPage(sf, { title: text(locale, "account"), main: accountMain(sf, customer), pageType: "customers/account" }));
    }
    html(404, await renderPage(sf, { title: text(locale, "notFound"), main: notFoundMain(sf), pageType: "404" }));
  }

  async function forward(sf: StorefrontRequest, subPath: string, customerId: number | null, req: express.Request, res: express.Response) {
    const body = ["GET", "HEAD"].includes(req.method) ? null : await readBody(req);
    const answer = await forwardAppProxy(ctx.config, {
      shop: sf.shop.domain,
      customerId: sf.customer ? customerId : null,
      method: req.method,
      subPath,
      query: new URL(req.originalUrl, "http://x").searchParams,
      headers: req.headers,
      body,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "127.0.0.1",
    });
    if (answer.isLiquid) {
      const page = await renderProxyLiquid(sf, answer.body.toString("utf8"));
      return void res.status(answer.status).type("text/html; charset=utf-8").send(page);
    }
    res.status(answer.status).set(answer.headers).send(answer.body);
  }
}

/** Splits "/en/products/x" into the locale and the rest, when "en" is not the shop's primary locale. */
export function splitLocale(pathname: string, primary: StorefrontLocale): { locale: StorefrontLocale; rest: string } {
  for (const l of LOCALES) {
    if (l === primary) continue;
    if (pathname === `/${l}` || pathname.startsWith(`/${l}/`)) return { locale: l, rest: pathname.slice(l.length + 1) || "/" };
  }
  return { locale: primary, rest: pathname || "/" };
}
