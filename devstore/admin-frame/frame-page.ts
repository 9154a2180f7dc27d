/**
 * HTML of the admin stand-in: the store index and the admin page that frames the app. The page's behaviour (nav
 * built from the app's <ui-nav-menu>, toasts, title bar) is in public/admin-frame.js.
 */
import type { ShopRecord } from "../types";
import type { AppInfo } from "./app-info";
import { ADMIN_SECTIONS, type AdminLocale, type AdminSection, MESSAGES } from "./messages";
import { type StaffUser, staffDisplayName } from "./staff";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe to place inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export function layout(opts: { locale: AdminLocale; title: string; body: string }): string {
  return `<!doctype html>
<html lang="${opts.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/admin-frame/assets/admin-frame.css">
</head>
<body>
${opts.body}
</body>
</html>`;
}

function localeLinks(locale: AdminLocale, href: (l: AdminLocale) => string): string {
  const m = MESSAGES[locale];
  const item = (l: AdminLocale, label: string) =>
    l === locale
      ? `<li><span aria-current="true" lang="${l}">${label}</span></li>`
      : `<li><a href="${escapeHtml(href(l))}" lang="${l}" hreflang="${l}">${label}</a></li>`;
  return `<nav class="locale-switch" aria-label="${m.language}"><ul>${item("ja", "日本語")}${item("en", "English")}</ul></nav>`;
}

export function renderStoreIndex(opts: { locale: AdminLocale; shops: ShopRecord[]; app: AppInfo }): string {
  const m = MESSAGES[opts.locale];
  const items = opts.shops
    .map((shop) => {
      const handle = shop.domain.replace(/\.myshopify\.com$/, "");
      const base = `/store/${encodeURIComponent(handle)}/apps/${encodeURIComponent(opts.app.handle)}`;
      return `<li class="card"><h2>${escapeHtml(shop.name)}</h2><p class="muted">${escapeHtml(shop.domain)}</p>
<ul class="inline">
<li><a href="${base}?locale=ja" lang="ja">${escapeHtml(MESSAGES.ja.openApp(opts.app.name))}（日本語）</a></li>
<li><a href="${base}?locale=en" lang="en">${escapeHtml(MESSAGES.en.openApp(opts.app.name))} (English)</a></li>
</ul></li>`;
    })
    .join("\n");
  const body = `<header class="topbar"><span class="brand">Shopify</span><span class="shop-name">${m.storeIndexTitle}</span>
${localeLinks(opts.locale, (l) => `/store?locale=${l}`)}</header>
<main class="index">
<h1>${m.storeIndexTitle}</h1>
<p>${m.storeIndexIntro}</p>
${opts.shops.length ? `<ul class="cards">${items}</ul>` : `<p>${m.noShops}</p>`}
</main>`;
  return layout({ locale: opts.locale, title: `${m.storeIndexTitle} · Shopify`, body });
}

export function renderNotFound(locale: AdminLocale, message: string): string {
  const m = MESSAGES[locale];
  const body = `<header class="topbar"><span class="brand">Shopify</span></header>
<main class="index"><h1>${escapeHtml(message)}</h1><p><a href="/store?locale=${locale}">${m.backToStores}</a></p></main>`;
  return layout({ locale, title: `${message} · Shopify`, body });
}

export type FramePageOptions = {
  locale: AdminLocale;
  shop: ShopRecord;
  handle: string;
  app: AppInfo;
  user: StaffUser;
  staff: StaffUser[];
  /** The app's URL for the iframe (with launch parameters). */
  frameSrc: string;
  appOrigin: string;
  /** The current admin path, e.g. /store/tsunagu-demo/apps/tsunagu/customers */
  adminPath: string;
};

/** The admin around a page: top bar (shop, language, staff), sidebar (sections, the app) and the main landmark. */
export type ChromeOptions = {
  locale: AdminLocale;
  shop: ShopRecord;
  handle: string;
  app: AppInfo;
  user: StaffUser;
  staff: StaffUser[];
  /** The current admin path, for the language and staff links. */
  adminPath: string;
  /** The sidebar section this page belongs to (an order page is under Orders). */
  currentSection?: AdminSection;
  /** Whether the app's own page is the one shown (the frame page); its nav items are filled in by admin-frame.js. */
  inApp: boolean;
  main: string;
};

export function renderAdminChrome(opts: ChromeOptions): string {
  const m = MESSAGES[opts.locale];
  const query = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ locale: opts.locale, user: String(opts.user.id), ...extra }).toString();
  const here = (locale: AdminLocale, user: number) =>
    `${opts.adminPath}?${new URLSearchParams({ locale, user: String(user) }).toString()}`;
  const staffLinks = opts.staff
    .map((u) => {
      const label = `${escapeHtml(staffDisplayName(u))} <span class="muted">${m.roles[u.role]}</span>`;
      return u.id === opts.user.id
        ? `<li><span aria-current="true">${label}</span></li>`
        : `<li><a href="${escapeHtml(here(opts.locale, u.id))}">${label}</a></li>`;
    })
    .join("");
  // The sections are not pages of the dev store; the current one is marked as such for sighted and AT users alike.
  const sections = ADMIN_SECTIONS.map((key) =>
    key === opts.currentSection
      ? `<li><span class="nav-item" aria-current="true">${m.adminSections[key]}</span></li>`
      : `<li><span class="nav-item muted">${m.adminSections[key]}</span></li>`,
  ).join("");
  const adminBase = `/store/${encodeURIComponent(opts.handle)}/apps/${encodeURIComponent(opts.app.handle)}`;
  return `<a class="skip-link" href="#main-content">${m.resource.skipToContent}</a>
<header class="topbar">
<a class="brand" href="/store?locale=${opts.locale}">Shopify</a>
<span class="shop-name">${escapeHtml(opts.shop.name)}</span>
${localeLinks(opts.locale, (l) => here(l, opts.user.id))}
<details class="staff-menu"><summary>${escapeHtml(staffDisplayName(opts.user))}</summary>
<div class="menu"><p class="muted">${m.switchUser}</p><ul>${staffLinks}</ul></div></details>
</header>
<div class="layout">
<nav class="sidebar" aria-label="${m.mainNav}">
<ul>${sections}</ul>
<h2 class="nav-heading">${m.apps}</h2>
<ul>
<li><a class="nav-item app-home" href="${escapeHtml(`${adminBase}?${query()}`)}" data-app-href="/app">${escapeHtml(opts.app.name)}</a>
${opts.inApp ? `<ul id="app-nav" class="app-nav"></ul>` : ""}</li>
</ul>
<ul class="sidebar-bottom"><li><span class="nav-item muted">${m.settings}</span></li></ul>
</nav>
<main id="main-content" class="main${opts.inApp ? "" : " main-scroll"}" tabindex="-1">
${opts.main}
</main>
</div>`;
}

export function renderFramePage(opts: FramePageOptions): string {
  const m = MESSAGES[opts.locale];
  const adminBase = `/store/${encodeURIComponent(opts.handle)}/apps/${encodeURIComponent(opts.app.handle)}`;
  const config = {
    appOrigin: opts.appOrigin,
    adminBase,
    handle: opts.handle,
    userId: opts.user.id,
    locale: opts.locale,
    appName: opts.app.name,
    sessionTokenUrl: `/store/${encodeURIComponent(opts.handle)}/session-token?user=${opts.user.id}`,
    strings: { dismiss: m.dismiss },
  };
  const main = `<div class="titlebar"><h1 id="app-title">${escapeHtml(opts.app.name)}</h1><div id="title-actions" class="title-actions"></div></div>
<div id="loading-bar" class="loading-bar" role="progressbar" aria-label="${m.loading}" hidden></div>
<iframe id="app-frame" class="app-frame" title="${escapeHtml(m.appFrameTitle(opts.app.name))}" src="${escapeHtml(opts.frameSrc)}"></iframe>`;
  const body = `${renderAdminChrome({ ...opts, inApp: true, main })}
<div id="toasts" class="toasts" role="status" aria-live="polite" aria-label="${m.notifications}"></div>
<script id="admin-frame-config" type="application/json">${scriptJson(config)}</script>
<script src="/admin-frame/assets/admin-frame.js"></script>`;
  return layout({ locale: opts.locale, title: `${opts.app.name} · ${opts.shop.name} · Shopify`, body });
}
