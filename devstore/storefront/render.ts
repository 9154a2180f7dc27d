/**
 * Renders a storefront page: Shopify's global Liquid objects for this request, the theme extension's app embeds
 * (head and body targets) and the dev store's layout around the page body.
 */
import type { CustomerRecord, DevstoreConfig } from "../types";
import { createShopifyLiquid, loadBlocks, renderBlocks } from "./liquid";
import { type PageContext, layout } from "./pages";
import { LOCALE_NAMES, toStorefrontLocale } from "./strings";
import { applyThemeState, blockTemplate } from "./theme-state";

export type StorefrontRequest = PageContext & {
  config: DevstoreConfig;
  /** Origin the shopper used, e.g. http://tsunagu-demo.localhost:4100 */
  origin: string;
  /** "" on the shop's own host, "/storefront/<handle>" on the path-based fallback. */
  base: string;
  /** Path inside the storefront, without base and locale prefix. */
  path: string;
  cookiePath: string;
};

/** Shopify's `shop`, `customer`, `request` objects (the subset blocks use), in Liquid's snake_case. */
export function liquidGlobals(req: StorefrontRequest, pageType: string): Record<string, unknown> {
  const { shop, customer, locale } = req;
  const primary = toStorefrontLocale(shop.primaryLocale);
  return {
    shop: {
      id: shop.id,
      name: shop.name,
      email: shop.email,
      domain: shop.domain,
      permanent_domain: shop.domain,
      currency: shop.currencyCode,
      locale: primary,
      url: `${req.origin}${req.base}`,
      secure_url: `${req.origin}${req.base}`,
    },
    customer: customer ? liquidCustomer(customer) : null,
    request: {
      locale: { iso_code: locale, name: LOCALE_NAMES[locale].name, endonym_name: LOCALE_NAMES[locale].endonym, primary: locale === primary },
      host: new URL(req.origin).host,
      origin: req.origin,
      path: `${req.base}${req.path}`,
      page_type: pageType,
      design_mode: false,
      visual_preview_mode: false,
    },
    template: { name: pageType },
    localization: { language: { iso_code: locale, name: LOCALE_NAMES[locale].endonym } },
  };
}

function liquidCustomer(c: CustomerRecord): Record<string, unknown> {
  return {
    id: c.id,
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    name: [c.firstName, c.lastName].filter(Boolean).join(" "),
    phone: c.phone,
    tags: c.tags,
    orders_count: c.numberOfOrders,
    total_spent: Math.round(Number(c.amountSpent) * 100),
    accepts_marketing: c.emailMarketingConsent?.marketingState === "SUBSCRIBED",
    has_account: c.state === "ENABLED",
  };
}

export function engineFor(req: StorefrontRequest) {
  return createShopifyLiquid({ extensionDir: req.config.themeExtensionDir, locale: req.locale, currency: req.shop.currencyCode });
}

export type RenderedPage = { title: string; main: string; pageType: string; withSectionBlocks?: boolean };

/** The full HTML of a page with the extension's embeds where the theme would place them. */
export async function renderPage(req: StorefrontRequest, page: RenderedPage): Promise<string> {
  const engine = engineFor(req);
  const blocks = applyThemeState(req.shop.domain, loadBlocks(req.config.themeExtensionDir));
  const globals = liquidGlobals(req, page.pageType);
  const dir = req.config.themeExtensionDir;
  const head = await renderBlocks(engine, blocks, "head", globals, dir);
  const bodyEnd = await renderBlocks(engine, blocks, "body", globals, dir);
  return layout(req, { title: page.title, main: page.main, head, bodyEnd });
}

/**
 * App blocks (`"target": "section"`) the merchant placed on this template ("product", "page.contact"; see
 * theme-state.ts), shown where a theme section would hold them.
 */
export async function renderSectionBlocks(req: StorefrontRequest, pageType: string, template = pageType): Promise<string> {
  const engine = engineFor(req);
  const blocks = applyThemeState(req.shop.domain, loadBlocks(req.config.themeExtensionDir)).filter(
    (block) => block.schema.target !== "section" || blockTemplate(req.shop.domain, block.handle) === template,
  );
  const html = await renderBlocks(engine, blocks, "section", liquidGlobals(req, pageType), req.config.themeExtensionDir);
  return html ? `<section class="app-blocks">${html}</section>` : "";
}

const LAYOUT_NONE = /\{%-?\s*layout\s+none\s*-?%\}/;

/** An app-proxy answer of type application/liquid, rendered as Shopify does: in the layout unless `{% layout none %}`. */
export async function renderProxyLiquid(req: StorefrontRequest, source: string): Promise<string> {
  const engine = engineFor(req);
  const globals = liquidGlobals(req, "app_proxy");
  if (LAYOUT_NONE.test(source)) return String(await engine.parseAndRender(source.replace(LAYOUT_NONE, ""), globals));
  const main = String(await engine.parseAndRender(source, globals));
  const title = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(main)?.[1]?.replace(/<[^>]+>/g, "").trim() ?? req.shop.name;
  return renderPage(req, { title, main, pageType: "app_proxy" });
}
