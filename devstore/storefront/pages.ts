/**
 * The dev store's theme: a plain layout and the few pages the app needs around its embed (home with a product grid,
 * product, contact, login, account). The app embed's Liquid output goes in before </body>, as in a real theme.
 */
import type { CustomerRecord, ProductRecord, ShopRecord } from "../types";
import { LOCALE_NAMES, LOCALES, type StorefrontLocale, escapeHtml as e, text } from "./strings";

export type PageContext = {
  shop: ShopRecord;
  locale: StorefrontLocale;
  customer: CustomerRecord | null;
  /** Builds a storefront link in the current locale, e.g. url("/products/x"). */
  url(path: string): string;
  /** The same page in another locale. */
  localeUrl(locale: StorefrontLocale): string;
};

export type LayoutSlots = { title: string; main: string; head: string; bodyEnd: string };

export function layout(ctx: PageContext, slots: LayoutSlots): string {
  const t = (key: Parameters<typeof text>[1], vars?: Record<string, string | number>) => e(text(ctx.locale, key, vars));
  const account = ctx.customer
    ? `<a href="${ctx.url("/account")}">${t("account")}</a>
       <form method="post" action="${ctx.url("/account/logout")}"><button type="submit">${t("logout")}</button></form>`
    : `<a href="${ctx.url("/account/login")}">${t("login")}</a>`;
  const languages = LOCALES.map((l) =>
    l === ctx.locale
      ? `<strong lang="${l}">${e(LOCALE_NAMES[l].endonym)}</strong>`
      : `<a lang="${l}" hreflang="${l}" href="${e(ctx.localeUrl(l))}">${e(LOCALE_NAMES[l].endonym)}</a>`,
  ).join(" / ");
  return `<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${e(slots.title)} – ${e(ctx.shop.name)}</title>
<style>
body{margin:0;font-family:system-ui,"Noto Sans CJK JP","Hiragino Sans",sans-serif;color:#222;line-height:1.6}
header,main,footer{max-width:64rem;margin:0 auto;padding:1rem}
header{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}header .shop{font-weight:700;font-size:1.25rem;margin-right:auto}
header form{display:inline}
.dev{background:#fff4d6;text-align:center;font-size:.85rem;padding:.25rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem;list-style:none;padding:0}
.card{border:1px solid #e3e3e3;border-radius:8px;padding:.75rem}.card img,.ph{width:100%;aspect-ratio:1;object-fit:cover;background:#f2f2f2;border-radius:4px}
label{display:block;margin:.5rem 0 .25rem}input,textarea,select{width:100%;max-width:32rem;padding:.4rem;font:inherit}
.notice{background:#eef6ee;padding:.75rem}.error{background:#fdecea;padding:.75rem}
</style>
${slots.head}
</head>
<body>
<div class="dev" role="note">${t("devBanner")}</div>
<header>
<a class="shop" href="${ctx.url("/")}">${e(ctx.shop.name)}</a>
<nav><a href="${ctx.url("/")}">${t("home")}</a> <a href="${ctx.url("/pages/contact")}">${t("contact")}</a></nav>
${account}
<span aria-label="${t("language")}">${languages}</span>
</header>
<main id="MainContent">
${slots.main}
</main>
<footer><small>© ${e(ctx.shop.name)}</small></footer>
${slots.bodyEnd}
</body>
</html>`;
}

/** Japanese puts the family name first. */
function displayName(c: CustomerRecord, locale: StorefrontLocale): string {
  const parts = locale === "ja" ? [c.lastName, c.firstName] : [c.firstName, c.lastName];
  return parts.filter(Boolean).join(" ");
}

function formatPrice(ctx: PageContext, amount: string): string {
  return new Intl.NumberFormat(ctx.locale === "ja" ? "ja-JP" : "en-US", {
    style: "currency",
    currency: ctx.shop.currencyCode,
  }).format(Number(amount));
}

function lowestPrice(product: ProductRecord): string | null {
  const prices = product.variants.map((v) => Number(v.price)).filter((n) => Number.isFinite(n));
  return prices.length ? String(Math.min(...prices)) : null;
}

function image(product: ProductRecord): string {
  return product.imageUrl
    ? `<img src="${e(product.imageUrl)}" alt="${e(product.title)}" loading="lazy" width="400" height="400">`
    : `<div class="ph" role="img" aria-label="${e(product.title)}"></div>`;
}

export function homeMain(ctx: PageContext, products: ProductRecord[]): string {
  const t = (key: Parameters<typeof text>[1], vars?: Record<string, string | number>) => e(text(ctx.locale, key, vars));
  if (products.length === 0) return `<h1>${t("products")}</h1><p>${t("noProducts")}</p>`;
  const cards = products
    .map((p) => {
      const price = lowestPrice(p);
      const available = p.variants.some((v) => v.availableForSale);
      return `<li class="card">
<a href="${ctx.url(`/products/${encodeURIComponent(p.handle)}`)}">${image(p)}<span>${e(p.title)}</span></a>
<div>${price === null ? "" : p.variants.length > 1 ? t("from", { price: formatPrice(ctx, price) }) : e(formatPrice(ctx, price))}${available ? "" : ` · ${t("soldOut")}`}</div>
</li>`;
    })
    .join("\n");
  return `<h1>${t("products")}</h1>\n<ul class="grid">${cards}</ul>`;
}

export function productMain(ctx: PageContext, product: ProductRecord, appBlocks: string): string {
  const t = (key: Parameters<typeof text>[1]) => e(text(ctx.locale, key));
  const variants = product.variants
    .map((v) => `<li>${e(v.title)}: ${e(formatPrice(ctx, v.price))}${v.availableForSale ? "" : ` (${t("soldOut")})`}</li>`)
    .join("");
  return `<article>
${image(product)}
<h1>${e(product.title)}</h1>
<p>${t("vendor")}: ${e(product.vendor)}</p>
<h2>${t("variants")}</h2>
<ul>${variants}</ul>
${appBlocks}
</article>`;
}

export function contactMain(ctx: PageContext, state: "form" | "sent" | "invalid"): string {
  const t = (key: Parameters<typeof text>[1]) => e(text(ctx.locale, key));
  if (state === "sent") return `<h1>${t("contact")}</h1><p class="notice" role="status">${t("contactThanks")}</p>`;
  const email = ctx.customer?.email ?? "";
  const name = ctx.customer ? displayName(ctx.customer, ctx.locale) : "";
  return `<h1>${t("contact")}</h1>
${state === "invalid" ? `<p class="error" role="alert">${t("contactInvalid")}</p>` : ""}
<p>${t("contactIntro")}</p>
<form method="post" action="${ctx.url("/contact")}" id="contact_form">
<label for="ContactName">${t("name")}</label><input id="ContactName" name="contact[name]" autocomplete="name" value="${e(name)}">
<label for="ContactEmail">${t("email")}</label><input id="ContactEmail" name="contact[email]" type="email" autocomplete="email" required value="${e(email)}">
<label for="ContactBody">${t("message")}</label><textarea id="ContactBody" name="contact[body]" rows="6" required></textarea>
<p><button type="submit">${t("send")}</button></p>
</form>`;
}

export function loginMain(ctx: PageContext, customers: CustomerRecord[], failed: boolean): string {
  const t = (key: Parameters<typeof text>[1]) => e(text(ctx.locale, key));
  const options = customers
    .filter((c) => c.email)
    .map((c) => `<option value="${e(c.email)}">${e(displayName(c, ctx.locale))} &lt;${e(c.email)}&gt;</option>`)
    .join("");
  return `<h1>${t("login")}</h1>
${failed ? `<p class="error" role="alert">${t("loginFailed")}</p>` : ""}
<p>${t("loginIntro")}</p>
<form method="post" action="${ctx.url("/account/login")}">
<label for="CustomerEmail">${t("chooseCustomer")}</label>
<select id="CustomerEmail" name="customer[email]">${options}</select>
<p><button type="submit">${t("login")}</button></p>
</form>`;
}

export function accountMain(ctx: PageContext, customer: CustomerRecord): string {
  const name = displayName(customer, ctx.locale) || customer.email || "";
  return `<h1>${e(text(ctx.locale, "account"))}</h1>
<p>${e(text(ctx.locale, "hello", { name }))}</p>
<p>${e(text(ctx.locale, "ordersCount", { count: customer.numberOfOrders }))}</p>`;
}

export function notFoundMain(ctx: PageContext): string {
  return `<h1>${e(text(ctx.locale, "notFound"))}</h1><p><a href="${ctx.url("/")}">${e(text(ctx.locale, "home"))}</a></p>`;
}
