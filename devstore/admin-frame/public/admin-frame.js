/*
 * The admin page around the app's iframe (dev store stand-in for admin.shopify.com): answers the App Bridge
 * stand-in's messages (session tokens, toasts, loading, nav menu, title bar, leaving the frame) and keeps the
 * admin URL in step with the app. Only messages from the app's origin and from the iframe's window are accepted.
 */
(function () {
  "use strict";
  var APP = "tsunagu-devstore:app";
  var ADMIN = "tsunagu-devstore:admin";
  var config = JSON.parse(document.getElementById("admin-frame-config").textContent);
  var frame = document.getElementById("app-frame");
  var navList = document.getElementById("app-nav");
  var homeLink = document.querySelector(".app-home");
  var titleEl = document.getElementById("app-title");
  var actionsEl = document.getElementById("title-actions");
  var toastsEl = document.getElementById("toasts");
  var loadingEl = document.getElementById("loading-bar");
  var LAUNCH_PARAMS = ["embedded", "host", "id_token", "locale", "session", "shop", "timestamp", "hmac"];
  var currentAppPath = "/app";

  function post(type, payload) {
    if (!frame.contentWindow) return;
    frame.contentWindow.postMessage(Object.assign({ source: ADMIN, type: type }, payload || {}), config.appOrigin);
  }

  function adminQuery(extra) {
    var query = new URLSearchParams({ locale: config.locale, user: String(config.userId) });
    if (extra) extra.forEach(function (value, key) {
      if (LAUNCH_PARAMS.indexOf(key) === -1 && key !== "user") query.set(key, value);
    });
    return query.toString();
  }

  /** /app/customers?x=1 (app) -> /store/<handle>/apps/<app>/customers?locale=..&user=..&x=1 (admin) */
  function adminUrlFor(appPath) {
    var url = new URL(appPath, config.appOrigin);
    var sub = url.pathname.replace(/^\/app(?=\/|$)/, "");
    return config.adminBase + sub + "?" + adminQuery(url.searchParams);
  }

  function markCurrent() {
    var links = navList.querySelectorAll("a[data-app-href]");
    var best = null;
    links.forEach(function (a) {
      var href = a.getAttribute("data-app-href");
      var path = currentAppPath.split("?")[0];
      if (path === href || path.indexOf(href + "/") === 0) {
        if (!best || href.length > best.getAttribute("data-app-href").length) best = a;
      }
    });
    var path = currentAppPath.split("?")[0];
    if (!best && path === homeLink.getAttribute("data-app-href")) best = homeLink;
    Array.prototype.concat.call([homeLink], Array.prototype.slice.call(links)).forEach(function (a) {
      if (a === best) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }

  function renderNav(items) {
    navList.textContent = "";
    items.forEach(function (item) {
      if (!item.href) return;
      if (item.rel === "home") {
        homeLink.setAttribute("data-app-href", item.href);
        return;
      }
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "nav-item";
      a.textContent = item.label;
      a.href = adminUrlFor(item.href);
      a.setAttribute("data-app-href", item.href);
      li.appendChild(a);
      navList.appendChild(li);
    });
    markCurrent();
  }

  function onNavClick(event) {
    var a = event.target.closest && event.target.closest("a[data-app-href]");
    if (!a || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    post("navigate", { href: a.getAttribute("data-app-href") });
  }
  document.querySelector(".sidebar").addEventListener("click", onNavClick);

  function renderTitleBar(data) {
    var title = data.title || config.appName;
    titleEl.textContent = title;
    document.title = title + " · " + config.appName + " · Shopify";
    actionsEl.textContent = "";
    (data.buttons || []).forEach(function (b, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn" + (b.variant === "primary" ? " btn-primary" : "");
      button.textContent = b.label;
      button.disabled = Boolean(b.disabled);
      button.addEventListener("click", function () {
        post("titleBar:action", { index: index });
      });
      actionsEl.appendChild(button);
    });
  }

  var toasts = {};
  function hideToast(id) {
    var el = toasts[id];
    if (!el) return;
    delete toasts[id];
    el.remove();
  }
  function showToast(data) {
    hideToast(data.id);
    var el = document.createElement("div");
    el.className = "toast" + (data.isError ? " toast-error" : "");
    var text = document.createElement("span");
    text.textContent = data.message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", config.strings.dismiss);
    close.textContent = "×";
    close.addEventListener("click", function () {
      hideToast(data.id);
    });
    el.appendChild(text);
    el.appendChild(close);
    toastsEl.appendChild(el);
    toasts[data.id] = el;
    setTimeout(function () {
      hideToast(data.id);
    }, Math.max(1000, Number(data.duration) || 5000));
  }

  function sendToken(id) {
    fetch(config.sessionTokenUrl, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("session token request failed: " + response.status);
        return response.json();
      })
      .then(function (json) {
        post("idToken:response", { id: id, token: json.token });
      })
      .catch(function (error) {
        post("idToken:response", { id: id, error: String(error && error.message) });
      });
  }

  /**
   * Only loopback destinations: the app, this dev store, or an admin URL of this store mapped onto the dev store
   * (shopify://admin/orders/1 -> /store/<handle>/orders/1). target "_blank" opens it in a new tab, the way App Bridge
   * does for modifier clicks and target=_blank; the click in the frame gives this page the user activation for it.
   */
  function redirect(url, target) {
    var go = function (href) {
      if (target === "_blank") window.open(href, "_blank", "noopener");
      else location.assign(href);
    };
    var adminPath = null;
    var match = /^shopify:(?:\/\/)?admin(\/.*)?$/i.exec(url.trim());
    if (match) adminPath = match[1] || "/";
    var parsed = null;
    if (!adminPath) {
      try {
        parsed = new URL(url, location.href);
      } catch {
        return;
      }
      if (parsed.hostname === "admin.shopify.com") {
        var storePrefix = "/store/" + config.handle;
        if (parsed.pathname.indexOf(storePrefix) !== 0) return;
        adminPath = parsed.pathname.slice(storePrefix.length) + parsed.search;
      }
    }
    if (adminPath) {
      var destination = new URL("/store/" + config.handle + adminPath, location.origin);
      destination.searchParams.set("locale", config.locale);
      destination.searchParams.set("user", String(config.userId));
      go(destination.href);
      return;
    }
    if (parsed.origin === config.appOrigin || parsed.origin === location.origin) go(parsed.href);
  }

  function followLocation(path) {
    // Pages outside /app (the bounce page, exit-iframe) are steps on the way, not places in the admin.
    if (!/^\/app(\/|\?|$)/.test(path)) return;
    currentAppPath = path;
    var adminUrl = adminUrlFor(path);
    if (adminUrl !== location.pathname + location.search) history.replaceState(null, "", adminUrl);
    markCurrent();
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== config.appOrigin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.source !== APP) return;
    switch (data.type) {
      case "idToken:request":
        sendToken(data.id);
        break;
      case "toast:show":
        showToast(data);
        break;
      case "toast:hide":
        hideToast(data.id);
        break;
      case "loading":
        loadingEl.hidden = !data.on;
        break;
      case "navMenu":
        renderNav(data.items || []);
        break;
      case "titleBar":
        renderTitleBar(data);
        break;
      case "redirect":
        redirect(String(data.url), data.target === "_blank" ? "_blank" : "_top");
        break;
      case "ready":
        // A new document: its title bar (if any) reports itself again.
        renderTitleBar({});
        followLocation(String(data.path || "/app"));
        break;
      case "location":
        followLocation(String(data.path || "/app"));
        break;
    }
  });
})();
