/**
 * Inbound mail → the inquiry desk. Finds the shop by its support address, drops loops, bounces and automatic mail,
 * dedupes redelivery on Message-ID, threads the mail into an existing conversation (headers, then the [#number] tag
 * from the same sender, then the sender's newest open email inquiry of the last 14 days) or opens a new one. Used by
 * the SMTP listener and the HTTP inbound-parse endpoint alike (ADR 014).
 */
import prisma from "../db.server";
import { createI18n } from "../i18n/i18n";
import { appendShopperMessage, openInquiry } from "../inquiries/conversations.server";
import { type IgnoreReason, type InboundMail, looksJapanese, parseInboundMail, subjectTag } from "./parse";

export type ReceiveOptions = {
  /** Envelope recipients (SMTP RCPT TO, or the provider's `to`); the To and Cc headers are used when empty. */
  rcptTo: string[];
  /** Envelope sender; "" is the null sender of a bounce. */
  envelopeFrom?: string | null;
  now?: Date;
};

export type ReceiveOutcome =
  | { status: "created"; shop: string; inquiryId: string; number: number }
  | { status: "appended"; shop: string; inquiryId: string; messageRowId: string }
  | { status: "duplicate"; shop: string }
  | { status: "ignored"; shop: string; reason: IgnoreReason }
  | { status: "unknown_recipient" };

/** How far back a mail without threading headers joins the sender's open email inquiry. */
export const THREAD_BY_SENDER_DAYS = 14;

/** The shop whose support address this is (case-insensitive), or null. */
export async function shopForAddress(address: string): Promise<string | null> {
  const lower = address.trim().toLowerCase();
  if (!lower.includes("@")) return null;
  const rows = await prisma.$queryRaw<Array<{ shop: string }>>`
    SELECT "shop" FROM "SupportSettings" WHERE LOWER("supportAddress") = ${lower} LIMIT 1`;
  return rows[0]?.shop ?? null;
}

async function findShop(candidates: string[]): Promise<string | null> {
  for (const address of candidates) {
    const shop = await shopForAddress(address);
    if (shop) return shop;
  }
  return null;
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === "P2002";

/** The conversation this mail continues, or null for a new one. */
export async function findThread(shop: string, mail: InboundMail, now: Date): Promise<string | null> {
  const ids = [...new Set([mail.inReplyTo, ...[...mail.references].reverse()].filter((id): id is string => Boolean(id)))];
  if (ids.length > 0) {
    const known = await prisma.inquiryMessage.findMany({
      where: { shop, messageId: { in: ids } },
      select: { inquiryId: true, messageId: true },
    });
    // In-Reply-To first, then the newest reference.
    for (const id of ids) {
      const hit = known.find((m) => m.messageId === id);
      if (hit) return hit.inquiryId;
    }
  }
  const sender = mail.from?.address;
  if (!sender) return null;
  const number = subjectTag(mail.subject);
  if (number !== null) {
    const tagged = await prisma.inquiry.findFirst({
      where: { shop, number, redactedAt: null },
      select: { id: true, contactEmail: true },
    });
    if (tagged && tagged.contactEmail?.toLowerCase() === sender) return tagged.id;
  }
  const recent = await prisma.inquiry.findFirst({
    where: {
      shop,
      channel: "email",
      contactEmail: sender,
      status: { not: "resolved" },
      redactedAt: null,
      lastMessageAt: { gte: new Date(now.getTime() - THREAD_BY_SENDER_DAYS * 86_400_000) },
    },
    orderBy: { lastMessageAt: "desc" },
    select: { id: true },
  });
  return recent?.id ?? null;
}

/** Takes one raw mail for the shop it was sent to. Safe to call again with the same mail (nothing changes). */
export async function receiveMail(raw: Buffer | string, options: ReceiveOptions): Promise<ReceiveOutcome> {
  const mail = await parseInboundMail(raw, { envelopeFrom: options.envelopeFrom });
  const shop = await findShop(options.rcptTo.length > 0 ? options.rcptTo : mail.recipients);
  if (!shop) return { status: "unknown_recipient" };
  if (mail.ignore) return { status: "ignored", shop, reason: mail.ignore };
  const exists = await prisma.inquiryMessage.findFirst({ where: { shop, messageId: mail.messageId }, select: { id: true } });
  if (exists) return { status: "duplicate", shop };

  const from = mail.from!;
  const locale = looksJapanese(`${mail.subject ?? ""}\n${mail.text}`) ? "ja" : "en";
  const body = mail.text || mail.fullText || createI18n(locale).t("mail.inbound.emptyBody");
  const headers = { messageId: mail.messageId, inReplyTo: mail.inReplyTo, references: mail.references };
  const now = options.now ?? new Date();
  try {
    const threadId = await findThread(shop, mail, now);
    if (threadId) {
      const appended = await appendShopperMessage({
        shop,
        inquiryId: threadId,
        body,
        channel: "email",
        mail: headers,
        attachments: mail.attachments,
      });
      if (appended.duplicate) return { status: "duplicate", shop };
      return { status: "appended", shop, inquiryId: threadId, messageRowId: appended.id };
    }
    const opened = await openInquiry({
      shop,
      channel: "email",
      locale,
      contact: { email: from.address, ...(from.name ? { name: from.name } : {}) },
      ...(mail.subject ? { subject: mail.subject } : {}),
      body,
      mail: { ...headers, attachments: mail.attachments },
      receivedAt: now,
    });
    if (opened.duplicate) return { status: "duplicate", shop };
    return { status: "created", shop, inquiryId: opened.id, number: opened.number };
  } catch (error) {
    // The same mail delivered twice at once: the second write hits @@unique([shop, messageId]).
    if (isUniqueViolation(error)) return { status: "duplicate", shop };
    throw error;
  }
}
