/*
 * Tsunagu inquiry form (the app block's script). Shopify loads it deferred, and only on pages that have the block.
 * Plain ES2018, no framework, shipped as written. It takes over submission: checks the fields with the browser's own
 * constraints, posts them through the app proxy (POST /apps/tsunagu/inquiries) with the page and the pages viewed
 * this visit, and shows the answer. Shopper and server text is only ever set with textContent.
 * window.TsunaguForm = { buildSubmission(form, env), readPages(storage) } for tests.
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- ES2018 has no optional catch binding */
(function (w, d) {
  "use strict";
  if (!w || !d || w.TsunaguForm) return;

  var PAGES_KEY = "tsunagu:pages";
  var MAX_PAGES = 20;

  /** The pages viewed this visit, as the embed's loader stored them; anything unreadable is no pages. */
  function readPages(storage) {
    var raw = null;
    try {
      raw = storage ? storage.getItem(PAGES_KEY) : null;
    } catch (e) {
      return [];
    }
    var list;
    try {
      list = JSON.parse(raw || "[]");
    } catch (e) {
      return [];
    }
    if (!Array.isArray(list)) return [];
    var pages = [];
    list.slice(-MAX_PAGES).forEach(function (p) {
      if (!p || typeof p.url !== "string" || !p.url) return;
      var page = { url: p.url.slice(0, 2048) };
      if (typeof p.title === "string" && p.title) page.title = p.title.slice(0, 300);
      var at = typeof p.at === "string" ? p.at : typeof p.time === "string" ? p.time : null;
      if (at) page.at = at.slice(0, 40);
      pages.push(page);
    });
    return pages;
  }

  function sessionStore() {
    try {
      return w.sessionStorage || null;
    } catch (e) {
      return null;
    }
  }

  /** The request for one submission, without touching the network: `{ url, init }`. */
  function buildSubmission(form, env) {
    var body = new URLSearchParams();
    var elements = form.elements;
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      if (!el.name || el.disabled) continue;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) continue;
      body.append(el.name, el.value);
    }
    body.set("page_url", env.pageUrl);
    body.set("pages_viewed", JSON.stringify(env.pages));
    if (env.locale) body.set("locale", env.locale);
    var base = String(form.getAttribute("data-proxy-path") || "/apps/tsunagu").replace(/\/+$/, "");
    var url = base + "/inquiries" + (env.locale ? "?locale=" + encodeURIComponent(env.locale) : "");
    var headers = { Accept: "application/json" };
    if (env.locale) headers["Accept-Language"] = env.locale;
    return { url: url, init: { method: "POST", headers: headers, body: body, credentials: "same-origin" } };
  }

  function errorFor(form, name) {
    var field = form.elements.namedItem(name);
    var id = field && field.getAttribute && field.getAttribute("aria-describedby");
    return { field: field && field.getAttribute ? field : null, message: id ? d.getElementById(id) : null };
  }

  function setError(form, name, text) {
    var target = errorFor(form, name);
    if (target.field) {
      if (text) target.field.setAttribute("aria-invalid", "true");
      else target.field.removeAttribute("aria-invalid");
    }
    if (target.message) target.message.textContent = text || "";
    return Boolean(target.field);
  }

  function clearErrors(form) {
    var elements = form.elements;
    for (var i = 0; i < elements.length; i++) if (elements[i].name) setError(form, elements[i].name, "");
  }

  function message(form, key) {
    return form.getAttribute("data-msg-" + key) || "";
  }

  /** Browser constraint checks, shown with the block's localized messages; the first invalid field gets focus. */
  function validate(form) {
    var first = null;
    var elements = form.elements;
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      if (!el.name || !el.validity || el.type === "hidden" || el.name === "website") continue;
      var v = el.validity;
      var text = "";
      if (v.valueMissing) text = message(form, el.type === "checkbox" ? "consent" : "required");
      else if (v.typeMismatch) text = message(form, "email");
      else if (v.tooLong) text = message(form, "too-long");
      else if (!v.valid) text = el.validationMessage;
      setError(form, el.name, text);
      if (text && !first) first = el;
    }
    return first;
  }

  function setStatus(form, text) {
    var status = form.querySelector("[role=status]");
    if (status) status.textContent = text || "";
  }

  function showSuccess(form, number) {
    var root = form.parentNode;
    var success = root && root.querySelector("[data-tsunagu-success]");
    if (!success) return;
    var line = success.querySelector("[data-tsunagu-number]");
    if (line) line.textContent = String(line.getAttribute("data-template") || "").replace("__NUMBER__", "#" + number);
    form.reset();
    form.hidden = true;
    success.hidden = false;
    success.focus();
  }

  function attach(form) {
    if (form.getAttribute("data-tsunagu-ready") === "1") return;
    form.setAttribute("data-tsunagu-ready", "1");
    // The script reports problems itself, in the storefront's language, next to each field.
    form.noValidate = true;
    var button = form.querySelector("button[type=submit]");
    var busy = false;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      clearErrors(form);
      var invalid = validate(form);
      if (invalid) {
        setStatus(form, message(form, "fix"));
        invalid.focus();
        return;
      }
      var request = buildSubmission(form, {
        pageUrl: String(w.location && w.location.href),
        pages: readPages(sessionStore()),
        locale: form.getAttribute("data-locale") || (d.documentElement && d.documentElement.lang) || "",
      });
      busy = true;
      form.setAttribute("aria-busy", "true");
      if (button) button.disabled = true;
      setStatus(form, message(form, "sending"));
      w.fetch(request.url, request.init)
        .then(function (response) {
          return response.json().then(
            function (json) {
              return { status: response.status, json: json };
            },
            function () {
              return { status: response.status, json: null };
            },
          );
        })
        .then(function (answer) {
          if (answer.status === 201 && answer.json && answer.json.id) {
            setStatus(form, "");
            showSuccess(form, answer.json.number);
            return;
          }
          var errors = (answer.json && Array.isArray(answer.json.errors) && answer.json.errors) || [];
          var firstField = null;
          var general = [];
          errors.forEach(function (e) {
            if (!e || typeof e.message !== "string") return;
            if (typeof e.field === "string" && e.field !== "form" && setError(form, e.field, e.message)) {
              if (!firstField) firstField = errorFor(form, e.field).field;
            } else general.push(e.message);
          });
          setStatus(form, general.length ? general.join(" ") : firstField ? message(form, "fix") : message(form, "failed"));
          if (firstField) firstField.focus();
        })
        .catch(function () {
          setStatus(form, message(form, "failed"));
        })
        .then(function () {
          busy = false;
          form.removeAttribute("aria-busy");
          if (button) button.disabled = false;
        });
    });
  }

  function init() {
    var forms = d.querySelectorAll("form[data-tsunagu-form]");
    for (var i = 0; i < forms.length; i++) attach(forms[i]);
  }

  w.TsunaguForm = Object.freeze({ buildSubmission: buildSubmission, readPages: readPages });
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof window === "undefined" ? undefined : window, typeof document === "undefined" ? undefined : document);
