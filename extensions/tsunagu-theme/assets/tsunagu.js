/*
 * Tsunagu storefront script, loaded (deferred) by the app embed on every page. Plain ES2018, no framework, no build
 * step: it is shipped as written. Configuration comes from the embed's data attributes.
 * window.Tsunagu = { pagesViewed(), proxyFetch(path, init), buildRequest(path, init), config }
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- ES2018 has no optional catch binding */
(function (w, d) {
  "use strict";
  // Themes and other apps can end up including the embed twice; the first copy wins.
  if (!w || w.Tsunagu) return;

  var PAGES_KEY = "tsunagu:pages";
  var MAX_PAGES = 20;

  var script = (d && (d.currentScript || d.querySelector("script[data-tsunagu]"))) || null;
  var data = (script && script.dataset) || {};
  var config = Object.freeze({
    proxyPath: String(data.proxyPath || "/apps/tsunagu").replace(/\/+$/, ""),
    locale: data.locale || (d && d.documentElement && d.documentElement.lang) || "",
    shop: data.shop || "",
    customerId: data.customerId || null,
    trackPages: data.trackPages !== "false",
  });

  // sessionStorage throws in some private modes and sandboxed frames; the script must keep working without it.
  function storage() {
    try {
      return w.sessionStorage || null;
    } catch (e) {
      return null;
    }
  }

  function readPages() {
    var s = storage();
    if (!s) return [];
    try {
      var pages = JSON.parse(s.getItem(PAGES_KEY) || "[]");
      return Array.isArray(pages) ? pages : [];
    } catch (e) {
      return [];
    }
  }

  function recordPage(page) {
    var pages = readPages().concat([page]).slice(-MAX_PAGES);
    var s = storage();
    if (s) {
      try {
        s.setItem(PAGES_KEY, JSON.stringify(pages));
      } catch (e) {
        // Storage full: forgetting page views is harmless.
      }
    }
    return pages;
  }

  /** The request proxyFetch sends, without touching the network or the DOM: `{ url, init }`. */
  function buildRequest(cfg, path, init) {
    var options = init || {};
    var target = cfg.proxyPath + "/" + String(path || "").replace(/^\/+/, "");
    var hasLocale = /[?&]locale=/.test(target);
    var url = cfg.locale && !hasLocale
      ? target + (target.indexOf("?") === -1 ? "?" : "&") + "locale=" + encodeURIComponent(cfg.locale)
      : target;
    var headers = { Accept: "application/json" };
    if (cfg.locale) headers["Accept-Language"] = cfg.locale;
    var given = options.headers || {};
    Object.keys(given).forEach(function (name) {
      headers[name] = given[name];
    });
    var body = options.body;
    if (body !== undefined && body !== null && typeof body !== "string") {
      body = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    } else if (typeof body === "string" && !headers["Content-Type"]) {
      headers["Content-Type"] = "application/json";
    }
    var request = {
      method: options.method || (body === undefined || body === null ? "GET" : "POST"),
      headers: headers,
      credentials: "same-origin",
    };
    if (body !== undefined && body !== null) request.body = body;
    return { url: url, init: request };
  }

  function proxyFetch(path, init) {
    var request = buildRequest(config, path, init);
    return w.fetch(request.url, request.init);
  }

  if (config.trackPages && w.location) {
    recordPage({
      url: w.location.pathname + (w.location.search || ""),
      title: (d && d.title) || "",
      time: new Date().toISOString(),
    });
  }

  w.Tsunagu = Object.freeze({
    config: config,
    pagesViewed: readPages,
    proxyFetch: proxyFetch,
    buildRequest: function (path, init) {
      return buildRequest(config, path, init);
    },
  });
})(typeof window === "undefined" ? undefined : window, typeof document === "undefined" ? undefined : document);
