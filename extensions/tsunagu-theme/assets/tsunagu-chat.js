/*
 * Tsunagu chat UI: loaded by tsunagu.js on the shopper's first click on the launcher (never on page load), then
 * mounted with the loader's API (window.Tsunagu). Plain ES2018, no framework, shipped as written.
 *
 * Every text from the shop, its staff or the shopper goes into the page with textContent, never as HTML.
 * Transport: long-poll through the app proxy (docs/decisions/013-chat-transport.md).
 * window.TsunaguChat = { mount(api) -> {open, close, toggle}, mergeMessages, sendPayload, nextOpenText }
 */
/* eslint-disable @typescript-eslint/no-unused-vars -- ES2018 has no optional catch binding */
(function (w, d) {
  "use strict";
  if (!w || w.TsunaguChat) return;

  var FAQ_DELAY_MS = 350;
  var RETRY_MS = 2000;
  var MAX_BODY = 2000;

  // ---- Pure helpers (no DOM, no network): unit-tested ----------------------------------------------------------

  /** The conversation with `incoming` appended, each message once, in arrival order. */
  function mergeMessages(list, incoming) {
    var seen = {};
    var out = [];
    list.concat(incoming || []).forEach(function (m) {
      if (!m || seen[m.id]) return;
      seen[m.id] = true;
      out.push(m);
    });
    return out;
  }

  /** The JSON body of a send: the page and the pages viewed travel with the first message. */
  function sendPayload(state) {
    var payload = { body: String(state.body || "").trim().slice(0, MAX_BODY) };
    if (state.token) {
      payload.token = state.token;
      if (state.email) payload.email = state.email;
      return payload;
    }
    if (state.name) payload.name = state.name;
    if (state.email) payload.email = state.email;
    payload.pageUrl = state.pageUrl || "";
    payload.pagesViewed = (state.pagesViewed || []).slice(-20);
    return payload;
  }

  /** "next opening" in the shopper's language and the shop's time zone, e.g. 11月24日(月) 9:00 (JST). */
  function nextOpenText(iso, locale, timeZone) {
    if (!iso) return "";
    try {
      return new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-US", {
        month: "short",
        day: "numeric",
        weekday: "short",
        hour: "numeric",
        minute: "2-digit",
        timeZone: timeZone || undefined,
        timeZoneName: timeZone ? "short" : undefined,
      }).format(new Date(iso));
    } catch (e) {
      return iso;
    }
  }

  function readStrings() {
    var el = d.querySelector("script[data-tsunagu]");
    try {
      return JSON.parse((el && el.dataset.chatStrings) || "{}");
    } catch (e) {
      return {};
    }
  }

  // ---- DOM ---------------------------------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = d.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function mount(api) {
    var cfg = api.config;
    var s = readStrings();
    var str = function (key) {
      return s[key] || key;
    };
    var state = { messages: [], status: null, polling: null, faq: null, faqTimer: 0, sending: false, open: false };

    var panel = el("div", "tsunagu-chat" + (cfg.left ? " tc-left" : ""));
    panel.id = "tsunagu-chat";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "tsunagu-chat-title");
    panel.hidden = true;
    panel.style.setProperty("--tc-accent", cfg.color);
    panel.lang = cfg.locale || "";

    var head = el("div", "tc-head");
    var title = el("h2", "tc-title", str("title"));
    title.id = "tsunagu-chat-title";
    var closeButton = el("button", "tc-close", "×");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", str("close"));
    head.appendChild(title);
    head.appendChild(closeButton);

    var notice = el("p", "tc-notice");
    notice.setAttribute("role", "status");
    notice.hidden = true;

    var log = el("div", "tc-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-label", str("history"));
    log.tabIndex = 0;
    var empty = el("p", "tc-empty", str("greeting"));
    log.appendChild(empty);

    var faq = el("div", "tc-faq");
    faq.hidden = true;
    var faqTitle = el("p", "tc-faq-title", str("faq_title"));
    faqTitle.id = "tsunagu-chat-faq-title";
    var faqList = el("ul", "tc-faq-list");
    faqList.setAttribute("aria-labelledby", faqTitle.id);
    faq.appendChild(faqTitle);
    faq.appendChild(faqList);

    var form = el("form", "tc-form");
    form.noValidate = true;
    var contact = el("div", "tc-contact");
    contact.hidden = true;
    function field(id, labelText, type, autocomplete) {
      var label = el("label", "tc-label", labelText);
      label.htmlFor = id;
      var input = el("input", "tc-input");
      input.id = id;
      input.type = type;
      input.autocomplete = autocomplete;
      input.maxLength = type === "email" ? 254 : 100;
      contact.appendChild(label);
      contact.appendChild(input);
      return { label: label, input: input };
    }
    var nameField = field("tsunagu-chat-name", str("name"), "text", "name");
    var emailField = field("tsunagu-chat-email", str("email_optional"), "email", "email");
    var bodyLabel = el("label", "tc-label tc-sr", str("message"));
    bodyLabel.htmlFor = "tsunagu-chat-body";
    var body = el("textarea", "tc-body");
    body.id = "tsunagu-chat-body";
    body.rows = 2;
    body.maxLength = MAX_BODY;
    body.placeholder = str("placeholder");
    var error = el("p", "tc-error");
    error.id = "tsunagu-chat-error";
    error.setAttribute("role", "alert");
    var send = el("button", "tc-send", str("send"));
    send.type = "submit";
    form.appendChild(contact);
    form.appendChild(bodyLabel);
    var row = el("div", "tc-row");
    row.appendChild(body);
    row.appendChild(send);
    form.appendChild(row);
    form.appendChild(error);

    panel.appendChild(head);
    panel.appendChild(notice);
    panel.appendChild(log);
    panel.appendChild(faq);
    panel.appendChild(form);
    d.body.appendChild(panel);

    // ---- rendering --------------------------------------------------------------------------------------------

    function renderMessage(m) {
      var item = el("div", "tc-msg " + (m.author === "shopper" ? "tc-mine" : "tc-theirs"));
      item.setAttribute("data-id", m.id);
      var who = m.author === "shopper" ? str("you") : m.name || str("staff");
      item.appendChild(el("span", "tc-who", who));
      item.appendChild(el("p", "tc-text", m.body));
      return item;
    }

    function addMessages(incoming) {
      var before = state.messages.length;
      state.messages = mergeMessages(state.messages, incoming);
      for (var i = before; i < state.messages.length; i += 1) log.appendChild(renderMessage(state.messages[i]));
      empty.hidden = state.messages.length > 0;
      if (state.messages.length > before) log.scrollTop = log.scrollHeight;
    }

    function needsEmail() {
      return Boolean(state.status && !state.status.open && !state.status.loggedIn && !api.chat.token());
    }

    function renderContact() {
      var firstMessage = !api.chat.token() && !(state.status && state.status.loggedIn);
      contact.hidden = !firstMessage && !needsEmail();
      nameField.label.hidden = nameField.input.hidden = !firstMessage;
      emailField.label.textContent = needsEmail() ? str("email") : str("email_optional");
      emailField.input.required = needsEmail();
    }

    function renderStatus() {
      var st = state.status;
      if (st && !st.open) {
        var when = nextOpenText(st.nextOpenAt, cfg.locale, st.timeZone);
        notice.textContent = str("closed") + (when ? " " + str("next_open").replace("{time}", when) : "");
        notice.hidden = false;
      } else {
        notice.hidden = true;
      }
      renderContact();
    }

    function showErrors(errors) {
      var messages = [];
      body.removeAttribute("aria-invalid");
      emailField.input.removeAttribute("aria-invalid");
      (errors || []).forEach(function (e) {
        messages.push(e.message);
        if (e.field === "email") emailField.input.setAttribute("aria-invalid", "true");
        if (e.field === "body") body.setAttribute("aria-invalid", "true");
      });
      error.textContent = messages.join(" ");
      if (messages.length) body.setAttribute("aria-describedby", error.id);
      else body.removeAttribute("aria-describedby");
    }

    function renderFaq(suggestions) {
      while (faqList.firstChild) faqList.removeChild(faqList.firstChild);
      (suggestions || []).forEach(function (entry) {
        var item = el("li", "tc-faq-item");
        var details = el("details");
        details.appendChild(el("summary", "tc-faq-q", entry.question));
        details.appendChild(el("p", "tc-faq-a", entry.answer));
        item.appendChild(details);
        faqList.appendChild(item);
      });
      faq.hidden = !suggestions || suggestions.length === 0;
    }

    // ---- network ----------------------------------------------------------------------------------------------

    function json(response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (payload) {
          return { ok: response.ok, status: response.status, payload: payload, retryAfter: Number(response.headers.get("Retry-After")) || 0 };
        });
    }

    function loadStatus() {
      if (state.status) return Promise.resolve(state.status);
      return api
        .proxyFetch("chat")
        .then(json)
        .then(function (r) {
          if (r.ok) state.status = r.payload;
          renderStatus();
          return state.status;
        })
        .catch(function () {
          renderStatus();
        });
    }

    function stopPolling() {
      if (state.polling) state.polling.abort();
      state.polling = null;
    }

    /** Long-poll while the panel is open: each answer is followed at once by the next request. */
    function poll(wait) {
      var token = api.chat.token();
      if (!state.open || !token) return;
      stopPolling();
      var controller = typeof AbortController === "function" ? new AbortController() : null;
      state.polling = controller;
      api
        .proxyFetch("chat/messages", {
          body: { token: token, since: state.messages.length, wait: wait, read: true },
          signal: controller ? controller.signal : undefined,
        })
        .then(json)
        .then(function (r) {
          if (state.polling !== controller) return;
          if (!r.ok) {
            setTimeout(function () {
              if (state.polling === controller) poll(false);
            }, Math.max(RETRY_MS, r.retryAfter * 1000));
            return;
          }
          if (r.payload.known === false) {
            // The conversation is gone (deleted at the shop's or customer's request): start afresh.
            api.chat.setToken(null);
            renderContact();
            return;
          }
          addMessages(r.payload.messages);
          api.chat.setBadge(0);
          poll(true);
        })
        .catch(function () {
          if (state.polling !== controller) return;
          setTimeout(function () {
            if (state.polling === controller) poll(false);
          }, RETRY_MS);
        });
    }

    function suggest() {
      var text = body.value.trim();
      if (state.faq) state.faq.abort();
      state.faq = null;
      if (text.length < 2) {
        renderFaq([]);
        return;
      }
      var controller = typeof AbortController === "function" ? new AbortController() : null;
      state.faq = controller;
      api
        .proxyFetch("chat/faq?q=" + encodeURIComponent(text.slice(0, 500)), { signal: controller ? controller.signal : undefined })
        .then(json)
        .then(function (r) {
          if (state.faq === controller && r.ok) renderFaq(r.payload.suggestions);
        })
        .catch(function () {});
    }

    function submit(event) {
      event.preventDefault();
      if (state.sending) return;
      var text = body.value.trim();
      var email = emailField.input.value.trim();
      if (!text) return showErrors([{ field: "body", message: str("body_required") }]);
      if (needsEmail() && !email) return showErrors([{ field: "email", message: str("email_required") }]);
      showErrors([]);
      state.sending = true;
      send.disabled = true;
      var payload = sendPayload({
        token: api.chat.token(),
        body: text,
        name: nameField.input.value.trim(),
        email: email,
        pageUrl: w.location.pathname + (w.location.search || ""),
        pagesViewed: api.pagesViewed(),
      });
      api
        .proxyFetch("chat", { body: payload })
        .then(json)
        .then(function (r) {
          if (!r.ok) return showErrors(r.payload.errors && r.payload.errors.length ? r.payload.errors : [{ field: "form", message: str("failed") }]);
          if (r.payload.token) api.chat.setToken(r.payload.token);
          body.value = "";
          renderFaq([]);
          renderContact();
          poll(false);
        })
        .catch(function () {
          showErrors([{ field: "form", message: str("failed") }]);
        })
        .then(function () {
          state.sending = false;
          send.disabled = false;
        });
    }

    // ---- events -----------------------------------------------------------------------------------------------

    form.addEventListener("submit", submit);
    body.addEventListener("input", function () {
      clearTimeout(state.faqTimer);
      state.faqTimer = setTimeout(suggest, FAQ_DELAY_MS);
    });
    body.addEventListener("keydown", function (event) {
      // Enter sends, Shift+Enter breaks the line; never while a Japanese IME is composing.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        if (typeof form.requestSubmit === "function") form.requestSubmit();
        else submit(event);
      }
    });
    closeButton.addEventListener("click", function () {
      close(true);
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close(true);
    });

    function open() {
      if (state.open) return;
      state.open = true;
      panel.hidden = false;
      api.chat.setOpen(true);
      loadStatus();
      renderContact();
      poll(false);
      body.focus();
    }

    function close(returnFocus) {
      if (!state.open) return;
      state.open = false;
      panel.hidden = true;
      api.chat.setOpen(false);
      stopPolling();
      var launcher = api.chat.launcher();
      if (returnFocus && launcher) launcher.focus();
    }

    return {
      open: open,
      close: close,
      toggle: function () {
        if (state.open) close(true);
        else open();
      },
    };
  }

  w.TsunaguChat = Object.freeze({ mount: mount, mergeMessages: mergeMessages, sendPayload: sendPayload, nextOpenText: nextOpenText });
})(typeof window === "undefined" ? undefined : window, typeof document === "undefined" ? undefined : document);
