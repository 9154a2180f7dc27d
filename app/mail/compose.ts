/**
 * Outbound reply mail, composed from the stored conversation: subject with the inquiry tag, threading headers, the
 * reply text and a short quoted history. Text only (see ADR 014): nothing a shopper wrote can become markup.
 */
import { createI18n, type Locale } from "../i18n/i18n";
import { OWN_MESSAGE_ID_PREFIX } from "./parse";

export type ThreadMessage = {
  author: string;
  authorName: string | null;
  body: string;
  messageId: string | null;
  references: string | null;
  createdAt: Date;
};

export type ReplyInput = {
  locale: Locale;
  number: number;
  subject: string | null;
  from: { name: string; address: string };
  to: { name: string | null; address: string };
  body: string;
  messageId: string;
  autoReply: boolean;
  /** Earlier messages of the conversation, oldest first (notes and system events are left out by the caller). */
  history: ThreadMessage[];
};

export type ComposedMail = {
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
};

/** The most References entries sent: the first (the thread's root) and the newest ones (RFC 5322 allows trimming). */
const MAX_REFERENCES = 20;
const QUOTED_LINES = 20;

/** A new Message-ID for one outbound message, in our own recognisable form (loop detection). */
export function newMessageId(rowId: string, domain: string): string {
  const random = crypto.randomUUID().replace(/-/g, "").slice(0, 16);
  return `<${OWN_MESSAGE_ID_PREFIX}${rowId}.${random}@${domain}>`;
}

/** "Re: 配送について [#1042]": one "Re:", one tag, a localized default when the inquiry has no subject. */
export function replySubject(locale: Locale, subject: string | null, number: number): string {
  const { t } = createI18n(locale);
  const tag = `[#${number}]`;
  const base = (subject ?? "").replace(/\s+/g, " ").trim() || t("mail.subject.default");
  const withoutRe = base.replace(/^((re|fwd?|aw|sv)\s*[:：]\s*)+/i, "");
  const tagged = withoutRe.includes(tag) ? withoutRe : `${withoutRe} ${tag}`;
  return `Re: ${tagged}`;
}

/** In-Reply-To and References for a reply: the latest shopper mail, and the thread's chain before it. */
export function threadHeaders(history: ThreadMessage[]): { inReplyTo?: string; references?: string[] } {
  const chain: string[] = [];
  const add = (id: string | null | undefined) => {
    if (id && !chain.includes(id)) chain.push(id);
  };
  const firstWithRefs = history.find((m) => m.references);
  for (const id of firstWithRefs?.references?.split(/\s+/) ?? []) add(id);
  for (const message of history) add(message.messageId);
  const latestShopper = [...history].reverse().find((m) => m.author === "shopper" && m.messageId);
  const references = chain.length > MAX_REFERENCES ? [chain[0]!, ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
  return {
    ...(latestShopper?.messageId ? { inReplyTo: latestShopper.messageId } : {}),
    ...(references.length > 0 ? { references } : {}),
  };
}

function formatDate(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-US", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Tokyo",
  }).format(date);
}

/** The reply, then the latest shopper message quoted with "> " (at most QUOTED_LINES lines). */
export function replyText(locale: Locale, body: string, history: ThreadMessage[]): string {
  const { t } = createI18n(locale);
  const reply = body.replace(/\r\n?/g, "\n").trimEnd();
  const quoted = [...history].reverse().find((m) => m.author === "shopper");
  if (!quoted) return `${reply}\n`;
  const lines = quoted.body.replace(/\r\n?/g, "\n").trim().split("\n");
  const shown = lines.slice(0, QUOTED_LINES).map((line) => (line ? `> ${line}` : ">"));
  if (lines.length > QUOTED_LINES) shown.push("> …");
  const date = formatDate(locale, quoted.createdAt);
  // 様 goes after a person's name, never after an address (GLOSSARY): without a name, "お客様より".
  const name = quoted.authorName?.trim();
  const attribution =
    name && !name.includes("@")
      ? t("mail.quote.attribution", { date, name })
      : t("mail.quote.attributionNoName", { date });
  return `${reply}\n\n${attribution}\n${shown.join("\n")}\n`;
}

/** The whole outbound mail for one queued reply. */
export function composeReply(input: ReplyInput): ComposedMail {
  const headers: Record<string, string> = {};
  if (input.autoReply) {
    // RFC 3834: mark it so other responders do not answer it (and ours, in turn, ignore theirs).
    headers["Auto-Submitted"] = "auto-replied";
    headers["X-Auto-Response-Suppress"] = "All";
  }
  return {
    from: input.from,
    to: { name: input.to.name ?? "", address: input.to.address },
    subject: replySubject(input.locale, input.subject, input.number),
    text: replyText(input.locale, input.body, input.history),
    messageId: input.messageId,
    ...threadHeaders(input.history),
    headers,
  };
}
