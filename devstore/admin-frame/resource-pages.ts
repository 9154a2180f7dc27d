/**
 * The admin's order, customer and product pages: where App Bridge's shopify://admin/{orders,customers,products}/ID
 * deep links land (the admin page maps them to /store/{handle}/...). Plain server-rendered HTML in the admin chrome;
 * every value from a record goes through escapeHtml.
 */
import type { CustomerRecord, MailingAddressRecord, OrderRecord, ProductRecord, ShopRecord } from "../types";
import type { AppInfo } from "./app-info";
import { escapeHtml, layout, renderAdminChrome } from "./frame-page";
import { type AdminLocale, type AdminSection, MESSAGES, type ResourceMessages } from "./messages";
import type { StaffUser } from "./staff";

export type ResourceKind = "orders" | "customers" | "products";

export type ResourcePageContext = {
  locale: AdminLocale;
  shop: ShopRecord;
  handle: string;
  app: AppInfo;
  user: StaffUser;
  staff: StaffUser[];
  adminPath: string;
};

const e = escapeHtml;
const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff]/;

function intlLocale(locale: AdminLocale): string {
  return locale === "ja" ? "ja-JP" : "en-US";
}

function money(ctx: ResourcePageContext, amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return e(amount);
  return e(new Intl.NumberFormat(intlLocale(ctx.locale), { style: "currency", currency }).format(value));
}

function dateTime(ctx: ResourcePageContext, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return e(iso);
  const text = new Intl.DateTimeFormat(intlLocale(ctx.locale), {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: ctx.shop.ianaTimezone,
  }).format(date);
  return `<time datetime="${e(date.toISOString())}">${e(text)}</time>`;
}

/** Family name first in Japanese (the admin's language, or a name written in Japanese), given name first otherwise. */
export function customerName(c: Pick<CustomerRecord, "firstName" | "lastName">, locale: AdminLocale): string {
  const familyFirst = locale === "ja" || JAPANESE_SCRIPT.test(`${c.lastName ?? ""}${c.firstName ?? ""}`);
  const parts = familyFirst ? [c.lastName, c.firstName] : [c.firstName, c.lastName];
  return parts.filter(Boolean).join(" ");
}

/** Japanese addresses run from the postcode and prefecture down; others from the street up. */
function addressLines(a: MailingAddressRecord, locale: AdminLocale): string[] {
  const name = customerName(a, locale);
  const lines =
    a.countryCodeV2 === "JP"
      ? [a.zip ? `〒${a.zip}` : null, [a.province, a.city, a.address1].filter(Boolean).join(" "), a.address2, a.company, name]
      : [name, a.company, a.address1, a.address2, [a.city, a.province, a.zip].filter(Boolean).join(" ")];
  return [...lines, a.country, a.phone].filter((line): line is string => Boolean(line));
}

function label(map: Record<string, string>, key: string): string {
  return e(map[key] ?? key);
}

function field(term: string, value: string): string {
  return `<div class="field"><dt>${term}</dt><dd>${value}</dd></div>`;
}

function orEmpty(value: string | null | undefined, r: ResourceMessages): string {
  return value ? e(value) : `<span class="muted">${r.none}</span>`;
}

function tagList(tags: string[], r: ResourceMessages): string {
  if (!tags.length) return `<span class="muted">${r.none}</span>`;
  return `<ul class="tags">${tags.map((t) => `<li>${e(t)}</li>`).join("")}</ul>`;
}

function resourceHref(ctx: ResourcePageContext, kind: ResourceKind, id: number): string {
  const query = new URLSearchParams({ locale: ctx.locale, user: String(ctx.user.id) });
  return e(`/store/${encodeURIComponent(ctx.handle)}/${kind}/${id}?${query.toString()}`);
}

function page(ctx: ResourcePageContext, section: AdminSection | undefined, title: string, main: string): string {
  const body = renderAdminChrome({ ...ctx, currentSection: section, inApp: false, main: `<div class="resource">${main}</div>` });
  return layout({ locale: ctx.locale, title: `${title} · ${ctx.shop.name} · Shopify`, body });
}

export function renderOrderPage(ctx: ResourcePageContext, order: OrderRecord, customer: CustomerRecord | null): string {
  const r = MESSAGES[ctx.locale].resource;
  const currency = order.currencyCode;
  const rows = order.lineItems
    .map((item) => {
      const title = item.productId ? `<a href="${resourceHref(ctx, "products", item.productId)}">${e(item.title)}</a>` : e(item.title);
      const variant = item.variantTitle ? `<br><span class="muted">${e(item.variantTitle)}</span>` : "";
      const lineTotal = String(Number(item.originalUnitPrice) * item.quantity);
      return `<tr><th scope="row">${title}${variant}</th><td>${orEmpty(item.sku, r)}</td><td class="num">${item.quantity}</td>
<td class="num">${money(ctx, item.originalUnitPrice, currency)}</td><td class="num">${money(ctx, lineTotal, currency)}</td></tr>`;
    })
    .join("\n");
  const customerValue = customer
    ? `<a href="${resourceHref(ctx, "customers", customer.id)}">${e(customerName(customer, ctx.locale) || customer.email || r.noName)}</a>`
    : `${r.guest}${order.email ? ` <span class="muted">${e(order.email)}</span>` : ""}`;
  const badges = [
    `<li class="badge">${label(r.financialStatuses, order.displayFinancialStatus)}</li>`,
    `<li class="badge">${label(r.fulfillmentStatuses, order.displayFulfillmentStatus)}</li>`,
    order.cancelledAt ? `<li class="badge badge-critical">${r.cancelled}</li>` : "",
    order.test ? `<li class="badge">${r.testOrder}</li>` : "",
  ].join("");
  const main = `<div class="resource-header"><h1>${e(order.name)}</h1><ul class="badges">${badges}</ul></div>
<section class="card" aria-labelledby="order-details">
<h2 id="order-details" class="visually-hidden">${r.status}</h2>
<dl class="fields">
${field(r.orderDate, dateTime(ctx, order.processedAt))}
${field(r.customer, customerValue)}
${field(r.channel, label(r.channels, order.sourceName))}
${field(r.paymentStatus, label(r.financialStatuses, order.displayFinancialStatus))}
${field(r.fulfillmentStatus, label(r.fulfillmentStatuses, order.displayFulfillmentStatus))}
${order.cancelledAt ? field(r.cancelled, `${dateTime(ctx, order.cancelledAt)}${order.cancelReason ? ` (${e(order.cancelReason)})` : ""}`) : ""}
${field(r.tags, tagList(order.tags, r))}
${field(r.note, orEmpty(order.note, r))}
</dl>
</section>
<section class="card" aria-labelledby="order-items">
<h2 id="order-items">${r.items}</h2>
<table>
<caption class="visually-hidden">${e(r.itemsCaption(order.name))}</caption>
<thead><tr><th scope="col">${r.product}</th><th scope="col">${r.sku}</th><th scope="col" class="num">${r.quantity}</th><th scope="col" class="num">${r.unitPrice}</th><th scope="col" class="num">${r.lineTotal}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>
<section class="card" aria-labelledby="order-summary">
<h2 id="order-summary">${r.summary}</h2>
<table class="totals">
<tbody>
<tr><th scope="row">${r.subtotal}</th><td class="num">${money(ctx, order.subtotalPrice, currency)}</td></tr>
<tr><th scope="row">${r.discounts}</th><td class="num">${money(ctx, Number(order.totalDiscounts) > 0 ? `-${order.totalDiscounts}` : order.totalDiscounts, currency)}</td></tr>
<tr><th scope="row">${r.shipping}</th><td class="num">${money(ctx, order.totalShippingPrice, currency)}</td></tr>
<tr><th scope="row">${r.tax}</th><td class="num">${money(ctx, order.totalTax, currency)}</td></tr>
<tr class="grand-total"><th scope="row">${r.total}</th><td class="num">${money(ctx, order.totalPrice, currency)}</td></tr>
</tbody>
</table>
</section>`;
  return page(ctx, "orders", order.name, main);
}

export function renderCustomerPage(ctx: ResourcePageContext, customer: CustomerRecord): string {
  const r = MESSAGES[ctx.locale].resource;
  const name = customerName(customer, ctx.locale) || customer.email || r.noName;
  const address = customer.addresses.find((a) => a.id === customer.defaultAddressId) ?? null;
  const addressValue = address
    ? `<address>${addressLines(address, ctx.locale).map(e).join("<br>")}</address>`
    : `<span class="muted">${r.none}</span>`;
  const email = customer.email ? `<a href="mailto:${e(customer.email)}">${e(customer.email)}</a>` : orEmpty(null, r);
  const main = `<div class="resource-header"><h1>${e(name)}</h1></div>
<section class="card" aria-labelledby="customer-contact">
<h2 id="customer-contact">${r.contact}</h2>
<dl class="fields">
${field(r.email, email)}
${field(r.phone, orEmpty(customer.phone, r))}
${field(r.defaultAddress, addressValue)}
</dl>
</section>
<section class="card" aria-labelledby="customer-activity">
<h2 id="customer-activity">${r.activity}</h2>
<dl class="fields">
${field(r.orderCount, e(new Intl.NumberFormat(intlLocale(ctx.locale)).format(customer.numberOfOrders)))}
${field(r.amountSpent, money(ctx, customer.amountSpent, ctx.shop.currencyCode))}
${field(r.tags, tagList(customer.tags, r))}
${field(r.note, orEmpty(customer.note, r))}
</dl>
</section>`;
  return page(ctx, "customers", name, main);
}

export function renderProductPage(ctx: ResourcePageContext, product: ProductRecord): string {
  const r = MESSAGES[ctx.locale].resource;
  const rows = product.variants
    .map(
      (v) => `<tr><th scope="row">${e(v.title)}</th><td>${orEmpty(v.sku, r)}</td><td class="num">${money(ctx, v.price, ctx.shop.currencyCode)}</td>
<td class="num">${e(new Intl.NumberFormat(intlLocale(ctx.locale)).format(v.inventoryQuantity))}${v.availableForSale ? "" : ` <span class="muted">(${r.soldOut})</span>`}</td></tr>`,
    )
    .join("\n");
  const main = `<div class="resource-header"><h1>${e(product.title)}</h1><ul class="badges"><li class="badge">${label(r.productStatuses, product.status)}</li></ul></div>
<section class="card" aria-labelledby="product-details">
<h2 id="product-details" class="visually-hidden">${r.status}</h2>
<dl class="fields">
${field(r.status, label(r.productStatuses, product.status))}
${field(r.vendor, orEmpty(product.vendor, r))}
${field(r.productType, orEmpty(product.productType, r))}
${field(r.tags, tagList(product.tags, r))}
</dl>
</section>
<section class="card" aria-labelledby="product-variants">
<h2 id="product-variants">${r.variants}</h2>
<table>
<caption class="visually-hidden">${e(r.variantsCaption(product.title))}</caption>
<thead><tr><th scope="col">${r.variant}</th><th scope="col">${r.sku}</th><th scope="col" class="num">${r.price}</th><th scope="col" class="num">${r.inventory}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
  return page(ctx, "products", product.title, main);
}

/** A 404 inside the admin chrome, for an id the shop does not have (unknown, or another shop's). */
export function renderResourceNotFound(ctx: ResourcePageContext, kind: ResourceKind): string {
  const m = MESSAGES[ctx.locale];
  const message = { orders: m.resource.orderNotFound, customers: m.resource.customerNotFound, products: m.resource.productNotFound }[kind];
  const appHref = e(
    `/store/${encodeURIComponent(ctx.handle)}/apps/${encodeURIComponent(ctx.app.handle)}?${new URLSearchParams({ locale: ctx.locale, user: String(ctx.user.id) }).toString()}`,
  );
  const main = `<div class="resource-header"><h1>${message}</h1></div>
<p><a href="${appHref}">${e(m.resource.backToApp(ctx.app.name))}</a></p>`;
  return page(ctx, kind, message, main);
}
