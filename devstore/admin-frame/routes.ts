/**
 * The admin stand-in: store index, the admin page framing the app, session tokens for the frame, Shopify's token
 * endpoint, and the App Bridge stand-in script. Only loopback traffic: the app reaches the token endpoint through a
 * transport that rewrites https://{shop}/... to this server and sets X-Forwarded-Host: {shop}.
 */
import fs from "node:fs";
import path from "node:path";
import express from "express";
import { z } from "zod";
import { records } from "../store/db";
import type { DevstoreContext } from "../types";
import { readAppInfo } from "./app-info";
import { renderFramePage, renderNotFound, renderStoreIndex } from "./frame-page";
import {
  renderCustomerPage,
  renderOrderPage,
  renderProductPage,
  renderResourceNotFound,
  type ResourceKind,
  type ResourcePageContext,
} from "./resource-pages";
import { appLaunchUrl, shopDomain } from "./launch-params";
import { MESSAGES, parseAdminLocale } from "./messages";
import { mintSessionToken } from "./session-token";
import { findStaffUser, staffUsers } from "./staff";
import { handleTokenRequest } from "./token-exchange";

const PUBLIC_DIR = path.join(import.meta.dirname, "public");

const ASSETS: Record<string, string> = {
  "/cdn/app-bridge.js": "app-bridge.js",
  "/admin-frame/assets/admin-frame.js": "admin-frame.js",
  "/admin-frame/assets/admin-frame.css": "admin-frame.css",
};

const FrameQuerySchema = z.object({
  locale: z.string().optional(),
  user: z.coerce.number().int().positive().default(1),
});

/** Shopify ids in a path: digits only, and small enough to stay exact as a JavaScript number. */
const ResourceIdSchema = z.string().regex(/^\d{1,15}$/).transform(Number);

/** Parameters the admin itself sets on the app URL; anything else on the admin URL is passed through to the app. */
const ADMIN_ONLY_PARAMS = new Set(["locale", "user", "embedded", "host", "id_token", "session", "shop", "timestamp", "hmac"]);

function requestShop(req: express.Request): string {
  const forwarded = req.get("x-forwarded-host") ?? req.get("host") ?? "";
  return (forwarded.split(",")[0] ?? "").trim().replace(/:\d+$/, "").toLowerCase();
}

export function registerAdminFrame(app: express.Express, ctx: DevstoreContext): void {
  const appInfo = readAppInfo();
  const appOrigin = new URL(ctx.config.appUrl).origin;

  for (const [route, file] of Object.entries(ASSETS)) {
    app.get(route, (_req, res) => {
      res.type(file.endsWith(".css") ? "text/css" : "application/javascript");
      res.set("Cache-Control", "no-cache");
      // The app page loads app-bridge.js from another origin (another port).
      res.set("Access-Control-Allow-Origin", "*");
      res.send(fs.readFileSync(path.join(PUBLIC_DIR, file), "utf8"));
    });
  }

  app.post(
    "/admin/oauth/access_token",
    express.json({ limit: "64kb" }),
    express.urlencoded({ extended: false, limit: "64kb" }),
    (req, res) => {
      const result = handleTokenRequest(ctx, requestShop(req), req.body);
      res.status(result.status).set("Cache-Control", "no-store").json(result.body);
    },
  );

  app.get("/store", (req, res) => {
    const locale = parseAdminLocale(req.query.locale);
    res.type("html").send(renderStoreIndex({ locale, shops: records(ctx.db).listShops(), app: appInfo }));
  });

  app.get("/store/:handle/session-token", (req, res) => {
    // Only the app's pages may ask (the App Bridge stand-in on the top-level bounce page); the admin page is same-origin.
    res.set("Access-Control-Allow-Origin", appOrigin).set("Vary", "Origin").set("Cache-Control", "no-store");
    const shop = records(ctx.db).getShop(shopDomain(req.params.handle));
    const query = FrameQuerySchema.safeParse(req.query);
    const user = shop && query.success ? findStaffUser(shop, ctx.config.scopes, query.data.user) : undefined;
    if (!shop || !user) {
      res.status(404).json({ errors: "Not Found" });
      return;
    }
    res.json({ token: mintSessionToken(ctx.config, shop.domain, user.id) });
  });

  const framePage = (req: express.Request, res: express.Response) => {
    const handle = String(req.params.handle);
    const locale = parseAdminLocale(req.query.locale);
    const m = MESSAGES[locale];
    const shop = records(ctx.db).getShop(shopDomain(handle));
    if (!shop) {
      res.status(404).type("html").send(renderNotFound(locale, m.shopNotFound));
      return;
    }
    if (req.params.appHandle !== appInfo.handle) {
      res.status(404).type("html").send(renderNotFound(locale, m.appNotFound));
      return;
    }
    const query = FrameQuerySchema.safeParse(req.query);
    const user = query.success ? findStaffUser(shop, ctx.config.scopes, query.data.user) : undefined;
    if (!user) {
      res.status(404).type("html").send(renderNotFound(locale, m.userNotFound));
      return;
    }
    const rest = (req.params as Record<string, string | undefined>)[0] ?? "";
    const subpath = rest ? `/${rest.replace(/^\/+/, "")}` : "";
    const extraQuery: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.query)) {
      if (!ADMIN_ONLY_PARAMS.has(key) && typeof value === "string") extraQuery[key] = value;
    }
    const frameSrc = appLaunchUrl(ctx.config, { handle, userId: user.id, locale, subpath, extraQuery });
    res.set("Cache-Control", "no-store");
    res.type("html").send(
      renderFramePage({
        locale,
        shop,
        handle,
        app: appInfo,
        user,
        staff: staffUsers(shop, ctx.config.scopes),
        frameSrc,
        appOrigin,
        adminPath: req.path,
      }),
    );
  };
  app.get("/store/:handle/apps/:appHandle", framePage);
  app.get("/store/:handle/apps/:appHandle/*", framePage);

  // Where shopify://admin/{orders,customers,products}/ID links from the app land (admin-frame.js maps them here).
  const resourcePage = (kind: ResourceKind) => (req: express.Request, res: express.Response) => {
    const handle = String(req.params.handle);
    const locale = parseAdminLocale(req.query.locale);
    const m = MESSAGES[locale];
    const shop = records(ctx.db).getShop(shopDomain(handle));
    if (!shop) {
      res.status(404).type("html").send(renderNotFound(locale, m.shopNotFound));
      return;
    }
    const query = FrameQuerySchema.safeParse(req.query);
    const user = query.success ? findStaffUser(shop, ctx.config.scopes, query.data.user) : undefined;
    if (!user) {
      res.status(404).type("html").send(renderNotFound(locale, m.userNotFound));
      return;
    }
    const page: ResourcePageContext = {
      locale,
      shop,
      handle,
      app: appInfo,
      user,
      staff: staffUsers(shop, ctx.config.scopes),
      adminPath: req.path,
    };
    const html = renderResource(kind, page, ResourceIdSchema.safeParse(req.params.id).data);
    res.set("Cache-Control", "no-store");
    res.status(html ? 200 : 404).type("html").send(html ?? renderResourceNotFound(page, kind));
  };

  /** The page for a resource of this shop; null when the shop has no such id (unknown, or another shop's). */
  function renderResource(kind: ResourceKind, page: ResourcePageContext, id: number | undefined): string | null {
    if (id === undefined) return null;
    const store = records(ctx.db);
    switch (kind) {
      case "orders": {
        const order = store.getOrder(page.shop.domain, id);
        if (!order) return null;
        const customer = order.customerId ? store.getCustomer(page.shop.domain, order.customerId) : null;
        return renderOrderPage(page, order, customer);
      }
      case "customers": {
        const customer = store.getCustomer(page.shop.domain, id);
        return customer ? renderCustomerPage(page, customer) : null;
      }
      case "products": {
        const product = store.getProduct(page.shop.domain, id);
        return product ? renderProductPage(page, product) : null;
      }
    }
  }

  for (const kind of ["orders", "customers", "products"] as const) app.get(`/store/:handle/${kind}/:id`, resourcePage(kind));
}
