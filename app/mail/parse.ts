/**
 * Inbound mail parsing: raw MIME → the facts the inquiry desk keeps. mailparser decodes ISO-2022-JP, Shift_JIS and
 * UTF-8 bodies and RFC 2047 subjects; attachments are reduced to metadata (the files are never stored).
 */
import { createHash } from "node:crypto";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import type { Attachment } from "../inquiries/types";
import { stripQuotedHistory } from "./quoted";

/** Why a mail is not taken as a shopper's message. */
export type IgnoreReason = "auto_submitted" | "bulk" | "bounce" | "own_message" | "no_sender";

export type InboundMail = {
  /** The Message-ID with angle brackets; a stable hash of the raw message when the mail has none. */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null } | null;
  /** Every address in To and Cc (lowercase), for finding the shop when the envelope does not say. */
  recipients: string[];
  subject: string | null;
  /** The text as sent (HTML-only mail converted to text). */
  fullText: string;
  /** The text without the quoted history, where that cut is reliable. */
  text: string;
  attachments: Attachment[];
  /** Set when the mail is a loop, a bounce or an automatic/bulk message. */
  ignore: IgnoreReason | null;
};

/** Our own Message-IDs start with this, so a reply of ours that comes back (a loop) is recognised. */
export const OWN_MESSAGE_ID_PREFIX = "tsunagu.";

/** Limits on what is kept from one mail (the raw size is limited by the listener and the HTTP endpoint). */
export const MAX_BODY_CHARS = 20_000;
export const MAX_SUBJECT_CHARS = 500;
export const MAX_ATTACHMENTS = 50;

const MESSAGE_ID = /<[^<>\s]+>/g;

function messageIds(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const joined = Array.isArray(value) ? value.join(" ") : value;
  const found = joined.match(MESSAGE_ID);
  if (found) return found;
  // mailparser hands back ids without brackets in some cases.
  return joined
    .split(/\s+/)
    .filter((id) => /^[^<>\s]+@[^<>\s]+$/.test(id))
    .map((id) => `<${id}>`);
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): InboundMail["from"] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  for (const group of list) {
    for (const entry of group.value) {
      if (entry.address) return { address: entry.address.toLowerCase(), name: entry.name?.trim() || null };
    }
  }
  return null;
}

function allAddresses(...values: Array<AddressObject | AddressObject[] | undefined>): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const group of Array.isArray(value) ? value : value ? [value] : []) {
      for (const entry of group.value) {
        if (entry.address) out.push(entry.address.toLowerCase());
        for (const member of entry.group ?? []) if (member.address) out.push(member.address.toLowerCase());
      }
    }
  }
  return out;
}

function headerText(parsed: ParsedMail, name: string): string | null {
  const value = parsed.headers.get(name);
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "object" && "value" in value && typeof value.value === "string") return value.value;
  return String(value);
}

/** Loops, bounces and automatic mail (RFC 3834 Auto-Submitted, Precedence, mailer-daemon, multipart/report). */
export function ignoreReasonOf(parsed: ParsedMail, from: InboundMail["from"], envelopeFrom?: string | null): IgnoreReason | null {
  if (parsed.messageId?.replace(/^</, "").startsWith(OWN_MESSAGE_ID_PREFIX)) return "own_message";
  const sender = from?.address ?? "";
  const local = sender.split("@")[0] ?? "";
  if (envelopeFrom === "" || /^(mailer-daemon|postmaster)$/i.test(local)) return "bounce";
  const contentType = headerText(parsed, "content-type") ?? "";
  if (/multipart\/report/i.test(contentType) && /report-type\s*=\s*"?delivery-status/i.test(contentType)) return "bounce";
  const autoSubmitted = headerText(parsed, "auto-submitted");
  if (autoSubmitted && autoSubmitted.trim().toLowerCase() !== "no") return "auto_submitted";
  if (headerText(parsed, "x-autoreply") || headerText(parsed, "x-autorespond")) return "auto_submitted";
  const precedence = headerText(parsed, "precedence");
  if (precedence && /^(bulk|junk|list)$/i.test(precedence.trim())) return "bulk";
  if (!from) return "no_sender";
  return null;
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** Parses one raw message. `envelopeFrom` is the SMTP MAIL FROM ("" for the null sender of a bounce). */
export async function parseInboundMail(raw: Buffer | string, options: { envelopeFrom?: string | null } = {}): Promise<InboundMail> {
  const source = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
  const parsed = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true });
  const from = firstAddress(parsed.from);
  const ownId = messageIds(parsed.messageId)[0];
  const messageId = ownId ?? `<sha256.${createHash("sha256").update(source).digest("hex").slice(0, 40)}@inbound.invalid>`;
  const fullText = truncate((parsed.text ?? "").replace(/\r\n?/g, "\n").trim(), MAX_BODY_CHARS);
  return {
    messageId,
    inReplyTo: messageIds(parsed.inReplyTo)[0] ?? null,
    references: messageIds(parsed.references).slice(-50),
    from,
    recipients: allAddresses(parsed.to, parsed.cc),
    subject: parsed.subject?.trim() ? truncate(parsed.subject.trim(), MAX_SUBJECT_CHARS) : null,
    fullText,
    text: stripQuotedHistory(fullText),
    attachments: parsed.attachments.slice(0, MAX_ATTACHMENTS).map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
    ignore: ignoreReasonOf(parsed, from, options.envelopeFrom),
  };
}

/** Whether a text is mostly Japanese (kana or kanji), to pick the inquiry's language. */
export function looksJapanese(text: string): boolean {
  return /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/.test(text);
}

/** "[#1234]" in a subject: the inquiry number a reply refers to. */
export function subjectTag(subject: string | null): number | null {
  const match = subject?.match(/\[#(\d{1,9})\]/);
  return match ? Number(match[1]) : null;
}
