/*
 * App Bridge stand-in for the local dev store (plain browser JS, served at /cdn/app-bridge.js).
 * It gives the app the parts of Shopify's App Bridge v4 `window.shopify` global that Tsunagu uses: idToken(), toast,
 * loading(), config, environment, origin; it adds `Authorization: Bearer <id token>` to the app's own fetches, answers
 * the /auth/session-token bounce page (`shopify-reload`), reports <ui-nav-menu> / <ui-title-bar> to the admin page,
 * and follows shopify://admin/... deep links (anchors and open()) by asking the admin page to navigate.
 * Everything goes through postMessage with the admin page, checked by origin on both sides.
 */
(function () {
  "use strict";
  if (window.shopify && window.shopify.__devstore) return;

  var APP = "tsunagu-devstore:app";
  var ADMIN = "tsunagu-devstore:admin";
  var script = document.currentScript;
  var devstoreOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var apiKey = (script && script.getAttribute("data-api-key")) || "";
  var embedded = window.parent !== window;
  var params = new URLSearchParams(location.search);

  // Launch parameters only come with the first request; keep them for later pages of the same frame.
  function remembered(name) {
    var value = params.get(name);
    try {
      if (value) sessionStorage.setItem("devstore-ab:" + name, value);
      else value = sessionStorage.getItem("devstore-ab:" + name);
    } catch {
      // Storage can be blocked in third-party frames; the URL value is enough then.
    }
    return value || "";
  }
  var shop = remembered("shop");
  var host = remembered("host");
  var locale = remembered("locale") || "en";

  function post(type, payload) {
    if (!embedded) return;
    var message = Object.assign({ source: APP, type: type }, payload || {});
    window.parent.postMessage(message, devstoreOrigin);
  }

  // --- session tokens -------------------------------------------------------------------------------------------
  var pending = {};
  var counter = 0;
  var cached = null;

  function tokenExpiry(token) {
    try {
      var body = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(body)).exp * 1000;
    } catch {
      return 0;
    }
  }

  var originalFetch = window.fetch.bind(window);

  function freshToken() {
    if (embedded) {
      return new Promise(function (resolve, reject) {
        var id = "t" + ++counter;
        var timer = setTimeout(function () {
          delete pending[id];
          reject(new Error("The admin did not answer the session token request"));
        }, 10000);
        pending[id] = function (data) {
          clearTimeout(timer);
          if (data.token) resolve(data.token);
          else reject(new Error(data.error || "No session token"));
        };
        post("idToken:request", { id: id });
      });
    }
    // Top level (e.g. the bounce page opened outside the admin): ask the dev store directly.
    var handle = shop.replace(/\.myshopify\.com$/, "");
    var user = remembered("user") || "1";
    var url = devstoreOrigin + "/store/" + encodeURIComponent(handle) + "/session-token?user=" + encodeURIComponent(user);
    return originalFetch(url, { credentials: "omit", cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("The dev store refused a session token (" + response.status + ")");
      return response.json().then(function (json) {
        return json.token;
      });
    });
  }

  function idToken(force) {
    // Tokens live 60 s; reuse one while it has more than 10 s left, as App Bridge does.
    if (!force && cached && tokenExpiry(cached) - Date.now() > 10000) return Promise.resolve(cached);
    return freshToken().then(function (token) {
      cached = token;
      return token;
    });
  }

  // --- fetch: the app's own requests carry the session token ------------------------------------------------------
  var RETRY_HEADER = "X-Shopify-Retry-Invalid-Session-Request";
  var REAUTH_HEADER = "X-Shopify-API-Request-Failure-Reauthorize-Url";

  window.fetch = function (input, init) {
    var request;
    try {
      request = new Request(input, init);
    } catch {
      return originalFetch(input, init);
    }
    if (new URL(request.url).origin !== location.origin || request.headers.has("Authorization")) {
      return originalFetch(request);
    }
    var retry = request.clone();
    function send(req, force) {
      return idToken(force).then(function (token) {
        req.headers.set("Authorization", "Bearer " + token);
        return originalFetch(req);
      });
    }
    return send(request, false).then(function (response) {
      var reauth = response.headers.get(REAUTH_HEADER);
      if (reauth) {
        open(reauth, "_top");
        return response;
      }
      if (response.status === 401 && response.headers.get(RETRY_HEADER) === "1") return send(retry, true);
      return response;
    });
  };

  // --- leaving the frame -----------------------------------------------------------------------------------------
  // shopify://admin/orders/123 (or shopify:admin/...) is App Bridge's deep link into the admin: the admin's top frame
  // goes there, or a new tab does. https://shopify.dev/docs/api/app-home/apis/navigation
  var ADMIN_LINK = /^shopify:(?:\/\/)?admin(?=\/|$)/i;

  function isAdminLink(url) {
    return ADMIN_LINK.test(String(url).trim());
  }

  /** _blank and named targets open a new tab; _self, _top and _parent mean the admin's own window. */
  function adminTarget(target) {
    var t = String(target || "").toLowerCase();
    return t === "" || t === "_self" || t === "_top" || t === "_parent" ? "_top" : "_blank";
  }

  /** Outside the admin (no parent to ask), the dev store's admin page for the path. */
  function devstoreAdminUrl(url) {
    var path = String(url).trim().replace(ADMIN_LINK, "") || "/";
    var handle = shop.replace(/\.myshopify\.com$/, "");
    var target = new URL("/store/" + encodeURIComponent(handle) + path, devstoreOrigin);
    target.searchParams.set("locale", locale);
    var user = remembered("user");
    if (user) target.searchParams.set("user", user);
    return target.href;
  }

  var originalOpen = window.open.bind(window);

  function openAdmin(url, target) {
    var where = adminTarget(target);
    if (embedded) post("redirect", { url: String(url).trim(), target: where });
    else if (where === "_blank") originalOpen(devstoreAdminUrl(url), "_blank", "noopener");
    else location.assign(devstoreAdminUrl(url));
  }

  function open(url, target, features) {
    if (isAdminLink(url)) {
      openAdmin(url, target);
      return null;
    }
    if (embedded && (target === "_top" || target === "_parent")) {
      post("redirect", { url: new URL(String(url), location.href).href, target: target });
      return null;
    }
    return originalOpen(url, target, features);
  }
  window.open = open;

  // Anchors with a shopify://admin/... href: the browser cannot follow that scheme, App Bridge does. Enter on a
  // focused anchor is a click too. Ctrl/Cmd/Shift-click and target=_blank open a new tab; middle click is auxclick.
  function onAdminLinkClick(event) {
    if (event.defaultPrevented) return;
    var isAux = event.type === "auxclick";
    if (isAux ? event.button !== 1 : event.button !== 0) return;
    var el = event.target;
    var anchor = el && el.closest ? el.closest("a[href]") : null;
    if (!anchor) return;
    var href = anchor.getAttribute("href") || "";
    if (!isAdminLink(href)) return;
    event.preventDefault();
    var newTab = isAux || event.metaKey || event.ctrlKey || event.shiftKey;
    openAdmin(href, newTab ? "_blank" : anchor.getAttribute("target"));
  }
  document.addEventListener("click", onAdminLinkClick);
  document.addEventListener("auxclick", onAdminLinkClick);

  // --- toasts, loading --------------------------------------------------------------------------------------------
  var toastCounter = 0;
  var toast = {
    show: function (message, options) {
      var id = "toast-" + ++toastCounter;
      var opts = options || {};
      post("toast:show", {
        id: id,
        message: String(message),
        isError: Boolean(opts.isError),
        duration: typeof opts.duration === "number" ? opts.duration : 5000,
      });
      return id;
    },
    hide: function (id) {
      post("toast:hide", { id: id });
    },
  };

  function loading(isLoading) {
    post("loading", { on: isLoading !== false });
  }

  // --- navigation requested by the admin (nav menu clicks) ---------------------------------------------------------
  // AppProvider listens for `shopify:navigate` on window and routes with Remix; count listeners so a page without a
  // router still navigates (by a full load).
  var navigateListeners = 0;
  var addListener = window.addEventListener;
  var removeListener = window.removeEventListener;
  window.addEventListener = function (type) {
    if (type === "shopify:navigate") navigateListeners++;
    return addListener.apply(this, arguments);
  };
  window.removeEventListener = function (type) {
    if (type === "shopify:navigate") navigateListeners = Math.max(0, navigateListeners - 1);
    return removeListener.apply(this, arguments);
  };

  function navigate(href) {
    if (typeof href !== "string" || !href.startsWith("/")) return;
    if (!navigateListeners) {
      location.assign(href);
      return;
    }
    var menu = document.querySelector("ui-nav-menu");
    var anchor = null;
    if (menu) {
      menu.querySelectorAll("a").forEach(function (a) {
        if (!anchor && a.getAttribute("href") === href) anchor = a;
      });
    }
    var temporary = !anchor;
    if (temporary) {
      anchor = document.createElement("a");
      anchor.setAttribute("href", href);
      anchor.hidden = true;
      document.body.appendChild(anchor);
    }
    anchor.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true, composed: true }));
    if (temporary) anchor.remove();
  }

  // --- custom elements reported to the admin -----------------------------------------------------------------------
  var style = document.createElement("style");
  style.textContent = "ui-nav-menu,ui-title-bar{display:none!important}";
  (document.head || document.documentElement).appendChild(style);

  function watched(report) {
    return class extends HTMLElement {
      connectedCallback() {
        this._observer = new MutationObserver(() => report(this));
        this._observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
        report(this);
      }
      disconnectedCallback() {
        if (this._observer) this._observer.disconnect();
        report(null);
      }
    };
  }

  function reportNav(el) {
    var items = [];
    if (el) {
      el.querySelectorAll("a").forEach(function (a) {
        items.push({ href: a.getAttribute("href") || "", label: (a.textContent || "").trim(), rel: a.getAttribute("rel") || "" });
      });
    }
    post("navMenu", { items: items });
  }

  var titleButtons = [];
  function reportTitle(el) {
    titleButtons = el ? Array.prototype.slice.call(el.querySelectorAll("button")) : [];
    post("titleBar", {
      title: el ? el.getAttribute("title") || "" : "",
      buttons: titleButtons.map(function (b) {
        return { label: (b.textContent || "").trim(), variant: b.getAttribute("variant") || "", disabled: b.disabled };
      }),
    });
  }

  if (window.customElements) {
    if (!customElements.get("ui-nav-menu")) customElements.define("ui-nav-menu", watched(reportNav));
    if (!customElements.get("ui-title-bar")) customElements.define("ui-title-bar", watched(reportTitle));
  }

  // --- where the app is, so the admin URL and nav follow --------------------------------------------------------
  function reportLocation() {
    post("location", { path: location.pathname + location.search });
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      reportLocation();
      return result;
    };
  });
  addListener.call(window, "popstate", reportLocation);

  // --- messages from the admin ----------------------------------------------------------------------------------
  addListener.call(window, "message", function (event) {
    if (event.origin !== devstoreOrigin || event.source !== window.parent) return;
    var data = event.data;
    if (!data || data.source !== ADMIN) return;
    if (data.type === "idToken:response" && pending[data.id]) {
      var resolve = pending[data.id];
      delete pending[data.id];
      resolve(data);
    } else if (data.type === "navigate") {
      navigate(data.href);
    } else if (data.type === "titleBar:action") {
      var button = titleButtons[data.index];
      if (button && !button.disabled) button.click();
    }
  });

  window.shopify = {
    __devstore: true,
    config: { apiKey: apiKey, shop: shop, host: host, locale: locale },
    environment: { embedded: embedded, mobile: false, pos: false },
    origin: devstoreOrigin,
    idToken: function () {
      return idToken(false);
    },
    toast: toast,
    loading: loading,
  };

  // --- the bounce page: /auth/session-token?...&shopify-reload=<url> --------------------------------------------
  var reload = params.get("shopify-reload");
  if (reload) {
    var target = new URL(reload, location.href);
    if (target.origin === location.origin) {
      idToken(true).then(function (token) {
        target.searchParams.set("id_token", token);
        location.replace(target.href);
      });
    }
  }

  post("ready", { path: location.pathname + location.search });
})();
