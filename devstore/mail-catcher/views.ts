/**
 * Server-rendered pages of the mail catcher, in English and Japanese. Mail content is untrusted: every value is
 * escaped, and a message's HTML part is shown only inside an iframe with an empty sandbox (no scripts, no forms,
 * no same-origin access).
 */
import type { CaughtAddress, CaughtMessage } from "./message-store";

export type Lang = "en" | "ja";

const MESSAGES = {
  en: {
    title: "Mail catcher",
    empty: "No mail yet. Send to SMTP port {port}; this page refreshes itself.",
    from: "From",
    to: "To",
    cc: "Cc",
    subject: "Subject",
    date: "Date",
    noSubject: "(no subject)",
    headers: "Headers",
    text: "Text part",
    html: "HTML part (sandboxed)",
    attachments: "Attachments",
    none: "None",
    raw: "View source",
    back: "All messages",
    count: "{n} messages",
    notFound: "Message not found",
  },
  ja: {
    title: "メールキャッチャー",
    empty: "まだメールはありません。SMTP ポート {port} へ送信してください。このページは自動で更新されます。",
    from: "差出人",
    to: "宛先",
    cc: "CC",
    subject: "件名",
    date: "日時",
    noSubject: "（件名なし）",
    headers: "ヘッダー",
    text: "テキスト本文",
    html: "HTML 本文（サンドボックス表示）",
    attachments: "添付ファイル",
    none: "なし",
    raw: "ソースを表示",
    back: "メール一覧",
    count: "{n} 件",
    notFound: "メールが見つかりません",
  },
} as const;

export type MessageKey = keyof (typeof MESSAGES)["en"];

export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function addresses(list: CaughtAddress[]): string {
  return escapeHtml(list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(", "));
}

function formatDate(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === "ja" ? "ja-JP" : "en-US", { timeZone: "Asia/Tokyo" });
}

function layout(lang: Lang, title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : "";
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh}
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK JP",sans-serif;margin:1.5rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f7;padding:1rem}
iframe{width:100%;min-height:32rem;border:1px solid #ccc}
nav{display:flex;gap:1rem;align-items:center;margin-bottom:1rem}
</style>
</head>
<body>
${body}
</body>
</html>`;
}

function langLinks(path: string): string {
  return `<span><a href="${path}?lang=en" hreflang="en">English</a> · <a href="${path}?lang=ja" hreflang="ja">日本語</a></span>`;
}

export function renderList(lang: Lang, messages: CaughtMessage[], smtpPort: number): string {
  const rows = messages
    .map(
      (m) => `<tr>
<td>${addresses(m.from)}</td>
<td>${addresses(m.to)}</td>
<td><a href="/messages/${encodeURIComponent(m.id)}?lang=${lang}">${escapeHtml(m.subject || t(lang, "noSubject"))}</a></td>
<td><time datetime="${escapeHtml(m.date)}">${escapeHtml(formatDate(m.date, lang))}</time></td>
</tr>`,
    )
    .join("\n");
  const table = messages.length
    ? `<table><thead><tr><th>${t(lang, "from")}</th><th>${t(lang, "to")}</th><th>${t(lang, "subject")}</th><th>${t(lang, "date")}</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : `<p>${escapeHtml(t(lang, "empty", { port: smtpPort }))}</p>`;
  const body = `<nav><h1>${t(lang, "title")}</h1><span>${t(lang, "count", { n: messages.length })}</span>${langLinks("/")}</nav>
${table}`;
  return layout(lang, t(lang, "title"), body, 5);
}

export function renderMessage(lang: Lang, m: CaughtMessage): string {
  const headerRows = m.headers
    .map((h) => `<tr><th>${escapeHtml(h.name)}</th><td>${escapeHtml(h.value)}</td></tr>`)
    .join("\n");
  const attachments = m.attachments.length
    ? `<ul>${m.attachments
        .map(
          (a) =>
            `<li>${escapeHtml(a.filename ?? "-")} (${escapeHtml(a.contentType)}, ${a.size} B${a.contentId ? `, ${escapeHtml(a.contentId)}` : ""})</li>`,
        )
        .join("")}</ul>`
    : `<p>${t(lang, "none")}</p>`;
  // srcdoc is an attribute: escaping it keeps the markup inert here and hands the browser the original HTML,
  // which the empty sandbox then renders without scripts, forms, popups or same-origin access.
  const html =
    m.html === null
      ? `<p>${t(lang, "none")}</p>`
      : `<iframe sandbox="" referrerpolicy="no-referrer" title="${t(lang, "html")}" srcdoc="${escapeHtml(m.html)}"></iframe>`;
  const id = encodeURIComponent(m.id);
  const body = `<nav><a href="/?lang=${lang}">← ${t(lang, "back")}</a><a href="/messages/${id}/raw">${t(lang, "raw")}</a>${langLinks(`/messages/${id}`)}</nav>
<h1>${escapeHtml(m.subject || t(lang, "noSubject"))}</h1>
<table>
<tr><th>${t(lang, "from")}</th><td>${addresses(m.from)}</td></tr>
<tr><th>${t(lang, "to")}</th><td>${addresses(m.to)}</td></tr>
<tr><th>${t(lang, "cc")}</th><td>${addresses(m.cc)}</td></tr>
<tr><th>${t(lang, "date")}</th><td>${escapeHtml(formatDate(m.date, lang))}</td></tr>
</table>
<h2>${t(lang, "text")}</h2>
${m.text === null ? `<p>${t(lang, "none")}</p>` : `<pre>${escapeHtml(m.text)}</pre>`}
<h2>${t(lang, "html")}</h2>
${html}
<h2>${t(lang, "attachments")}</h2>
${attachments}
<details><summary>${t(lang, "headers")}</summary><table>${headerRows}</table></details>`;
  return layout(lang, m.subject || t(lang, "noSubject"), body);
}

export function renderNotFound(lang: Lang): string {
  return layout(lang, t(lang, "notFound"), `<h1>${t(lang, "notFound")}</h1><p><a href="/?lang=${lang}">${t(lang, "back")}</a></p>`);
}
