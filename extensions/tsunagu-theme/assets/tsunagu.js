/*
 * Tsunagu storefront script, loaded (deferred) by the app embed on every page. Plain ES2018, no framework, no build
 * step: it is shipped as written. Configuration comes from the embed's data attributes.
 * window.Tsunagu = { pagesViewed(), proxyFetch(path, init), buildRequest(path, init), config, chat }
 *
 * On page load it only records the page and draws the chat launcher (a fixed button: no layout shift). The chat UI
 * (tsunagu-chat.js + .css) loads on the first click; the one request made before that is the unread badge, and only
 * when this browser already has a conversation. docs/decisions/013-chat-transport.md
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- ES2018 has no optional catch binding */
(function (w, d) {
  "use strict";
  // Themes and other apps can end up including the embed twice; the first copy wins.
  if (!w || w.Tsunagu) return;

  var PAGES_KEY = "tsunagu:pages";
  var OPEN_KEY = "tsunagu:chat-open";
  var MAX_PAGES = 20;

  var script = (d && (d.currentScript || d.querySelector("script[data-tsunagu]"))) || null;
  var data = (script && script.dataset) || {};
  var config = Object.freeze({
    proxyPath: String(data.proxyPath || "/apps/tsunagu").replace(/\/+$/, ""),
    locale: data.locale || (d && d.documentElement && d.documentElement.lang) || "",
    shop: data.shop || "",
    customerId: data.customerId || null,
    trackPages: data.trackPages !== "false",
    chat: data.chat === "true",
    chatSrc: data.chatSrc || "",
    chatCss: data.chatCss || "",
    color: data.chatColor || "#1a1a1a",
    left: data.chatPosition === "left",
  });
  var TOKEN_KEY = "tsunagu:chat:" + config.shop;

  // Web storage throws in some private modes and sandboxed frames; the script must keep working without it.
  function storage(kind) {
    try {
      return w[kind] || null;
    } catch (e) {
      return null;
    }
  }
  function read(kind, key) {
    var s = storage(kind);
    try {
      return s ? s.getItem(key) : null;
    } catch (e) {
      return null;
    }
  }
  function write(kind, key, value) {
    var s = storage(kind);
    try {
      if (s && value === null) s.removeItem(key);
      else if (s) s.setItem(key, value);
    } catch (e) {
      // Storage full or refused: the feature degrades to this page only.
    }
  }

  function readPages() {
    try {
      var pages = JSON.parse(read("sessionStorage", PAGES_KEY) || "[]");
      return Array.isArray(pages) ? pages : [];
    } catch (e) {
      return [];
    }
  }

  function recordPage(page) {
    var pages = readPages().concat([page]).slice(-MAX_PAGES);
    write("sessionStorage", PAGES_KEY, JSON.stringify(pages));
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
    if (options.signal) request.signal = options.signal;
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
      at: new Date().toISOString(),
    });
  }

  // ---- Chat launcher -------------------------------------------------------------------------------------------
  var launcher = null;
  var badge = null;
  var loading = null;
  var label = data.chatLabel || "Chat";

  function setBadge(count) {
    if (!badge) return;
    var n = Math.max(0, Number(count) || 0);
    badge.textContent = n > 9 ? "9+" : String(n);
    badge.style.display = n ? "block" : "none";
    launcher.setAttribute("aria-label", n ? label + " " + String(data.chatUnread || "({count})").replace("{count}", n) : label);
  }

  function loadChat() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      if (config.chatCss) {
        var link = d.createElement("link");
        link.rel = "stylesheet";
        link.href = config.chatCss;
        d.head.appendChild(link);
      }
      var s = d.createElement("script");
      s.src = config.chatSrc;
      s.async = true;
      s.onload = function () {
        if (w.TsunaguChat) resolve(w.TsunaguChat.mount(w.Tsunagu));
        else reject(new Error("tsunagu-chat did not load"));
      };
      s.onerror = function () {
        loading = null;
        reject(new Error("tsunagu-chat did not load"));
      };
      d.head.appendChild(s);
    });
    return loading;
  }

  function openChat() {
    return loadChat().then(function (ui) {
      ui.open();
      return ui;
    });
  }

  function drawLauncher() {
    launcher = d.createElement("button");
    launcher.type = "button";
    launcher.id = "tsunagu-launcher";
    launcher.setAttribute("aria-haspopup", "dialog");
    launcher.setAttribute("aria-expanded", "false");
    var side = config.left ? "left" : "right";
    launcher.style.cssText =
      "position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;" +
      "padding:0;cursor:pointer;color:#fff;box-shadow:0 2px 10px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center";
    launcher.style.background = config.color;
    var ns = "http://www.w3.org/2000/svg";
    var icon = d.createElementNS(ns, "svg");
    var path = d.createElementNS(ns, "path");
    icon.setAttribute("width", "26");
    icon.setAttribute("height", "26");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("aria-hidden", "true");
    icon.setAttribute("focusable", "false");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    icon.appendChild(path);
    launcher.appendChild(icon);
    badge = d.createElement("span");
    badge.setAttribute("aria-hidden", "true");
    badge.style.cssText =
      "display:none;position:absolute;top:-4px;" + side + ":-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;" +
      "border-radius:10px;background:#c4170c;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center";
    launcher.appendChild(badge);
    setBadge(0);
    launcher.addEventListener("click", function () {
      loadChat().then(function (ui) {
        ui.toggle();
      });
    });
    d.body.appendChild(launcher);
  }

  var chat = Object.freeze({
    token: function () {
      return read("localStorage", TOKEN_KEY);
    },
    setToken: function (token) {
      write("localStorage", TOKEN_KEY, token || null);
    },
    /** Whether the panel was open on the previous page of this visit (it reopens there). */
    wasOpen: function () {
      return read("sessionStorage", OPEN_KEY) === "1";
    },
    setOpen: function (open) {
      write("sessionStorage", OPEN_KEY, open ? "1" : null);
      if (launcher) launcher.setAttribute("aria-expanded", open ? "true" : "false");
    },
    setBadge: setBadge,
    launcher: function () {
      return launcher;
    },
    open: openChat,
  });

  w.Tsunagu = Object.freeze({
    config: config,
    pagesViewed: readPages,
    proxyFetch: proxyFetch,
    buildRequest: function (path, init) {
      return buildRequest(config, path, init);
    },
    chat: chat,
  });

  if (config.chat && config.chatSrc && d && d.body) {
    drawLauncher();
    if (chat.wasOpen()) {
      openChat().catch(function () {});
    } else if (chat.token()) {
      proxyFetch("chat/unread", { body: { token: chat.token() } })
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (answer) {
          if (!answer) return;
          if (answer.known === false) chat.setToken(null);
          setBadge(answer.unread);
        })
        .catch(function () {});
    }
  }
})(typeof window === "undefined" ? undefined : window, typeof document === "undefined" ? undefined : document);
