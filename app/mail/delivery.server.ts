/**
 * Sends queued outbound mail: staff replies and auto-replies that conversations.server.ts stored with deliveryState
 * "queued". Safe with several workers: each message is claimed with a conditional update (state and attempt count
 * must still be what was read), and only the claimer settles it. A send that crashed leaves the row "sending"; after
 * the lease it is claimed again. The Message-ID is written in the claim, before the send, so a retry reuses it and
 * the recipient's client shows one message even if the first attempt did get through (ADR 014).
 */
import type { Locale } from "../i18n/i18n";
import prisma from "../db.server";
import { env } from "../env.server";
import { composeReply, newMessageId, type ThreadMessage } from "./compose";
import { type MailTransport, mailTransport, parseMailbox } from "./transport.server";

type Log = (msg: string, ctx?: object) => void;

export type DeliveryOptions = { log?: Log; transport?: MailTransport; now?: () => Date; batchSize?: number };
export type DeliveryResult = { sent: number; failed: number; retrying: number };

export const MAX_DELIVERY_ATTEMPTS = 8;
/** How long a claimed send may take before another worker treats it as crashed. */
export const SENDING_LEASE_MS = 5 * 60_000;

/** Wait before attempt n + 1 after n attempts: 1, 2, 4 … minutes, at most an hour. */
export function deliveryBackoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

type Candidate = { id: string; shop: string; deliveryState: string | null; deliveryAttempts: number; sentAt: Date | null };

/** Whether a queued or sending row may be claimed now (`sentAt` holds the last claim time until the mail is sent). */
export function isDue(row: Candidate, now: Date): boolean {
  if (row.deliveryState === "queued") {
    return row.deliveryAttempts === 0 || !row.sentAt || row.sentAt.getTime() + deliveryBackoffMs(row.deliveryAttempts) <= now.getTime();
  }
  if (row.deliveryState === "sending") return !row.sentAt || row.sentAt.getTime() + SENDING_LEASE_MS <= now.getTime();
  return false;
}

const PERMANENT = new Set(["no_recipient", "inquiry_missing"]);

class DeliveryError extends Error {
  constructor(readonly code: "no_recipient" | "inquiry_missing") {
    super(code);
  }
}

/** An SMTP 5xx answer will not change on retry. */
function isPermanent(error: unknown): boolean {
  if (error instanceof DeliveryError) return PERMANENT.has(error.code);
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

function errorText(error: unknown): string {
  if (error instanceof DeliveryError) return error.code;
  const code = (error as { responseCode?: unknown; code?: unknown }).responseCode ?? (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return `${code ? `${String(code)} ` : ""}${message}`.slice(0, 500);
}

async function senderFor(shop: string): Promise<{ name: string; address: string; replyTo: string | null }> {
  const [settings, shopRow] = await Promise.all([
    prisma.supportSettings.findUnique({ where: { shop }, select: { supportAddress: true, senderName: true } }),
    prisma.shop.findUnique({ where: { domain: shop }, select: { name: true } }),
  ]);
  const support = settings?.supportAddress?.trim().toLowerCase();
  const name = settings?.senderName?.trim() || shopRow?.name?.trim();
  if (support && name) return { name, address: support, replyTo: support };
  // No support address yet: the app's own sender (MAIL_FROM), so the reply still leaves.
  const fallback = parseMailbox(env().MAIL_FROM);
  return { name: name || fallback.name, address: support || fallback.address, replyTo: support || null };
}

/** Composes and sends one claimed message. */
async function sendOne(transport: MailTransport, row: { id: string; shop: string; messageId: string }): Promise<void> {
  const message = await prisma.inquiryMessage.findFirst({
    where: { id: row.id, shop: row.shop },
    select: { body: true, origin: true, createdAt: true, inquiryId: true },
  });
  if (!message) throw new DeliveryError("inquiry_missing");
  const inquiry = await prisma.inquiry.findFirst({
    where: { id: message.inquiryId, shop: row.shop },
    select: { number: true, subject: true, contactEmail: true, contactName: true, locale: true },
  });
  if (!inquiry) throw new DeliveryError("inquiry_missing");
  if (!inquiry.contactEmail) throw new DeliveryError("no_recipient");
  const history: ThreadMessage[] = await prisma.inquiryMessage.findMany({
    where: {
      shop: row.shop,
      inquiryId: message.inquiryId,
      author: { in: ["shopper", "agent"] },
      createdAt: { lte: message.createdAt },
      id: { not: row.id },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { author: true, authorName: true, body: true, messageId: true, references: true, createdAt: true },
  });
  const from = await senderFor(row.shop);
  const mail = composeReply({
    locale: (inquiry.locale === "en" ? "en" : "ja") satisfies Locale,
    number: inquiry.number,
    subject: inquiry.subject,
    from: { name: from.name, address: from.address },
    to: { name: inquiry.contactName, address: inquiry.contactEmail },
    body: message.body,
    messageId: row.messageId,
    autoReply: message.origin === "auto_reply",
    history,
  });
  await transport.sendMail({
    from: mail.from,
    to: mail.to,
    ...(from.replyTo ? { replyTo: from.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    textEncoding: "base64",
    messageId: mail.messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: mail.references } : {}),
    headers: mail.headers,
  });
}

/**
 * Sends every due queued message and returns the counts. Called by the worker loop and after a reply
 * (kickMailDelivery). Never logs bodies.
 */
export async function deliverQueuedMail(options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const transport = options.transport ?? mailTransport();
  const result: DeliveryResult = { sent: 0, failed: 0, retrying: 0 };
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    // The one query across shops: the worker's scan for due rows (index [deliveryState, createdAt]); every
    // statement after the claim names the shop.
    const candidates: Array<Candidate & { messageId: string | null; createdAt: Date }> = await prisma.inquiryMessage.findMany({
      where: {
        deliveryState: { in: ["queued", "sending"] },
        ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: options.batchSize ?? 50,
      select: { id: true, shop: true, deliveryState: true, deliveryAttempts: true, sentAt: true, messageId: true, createdAt: true },
    });
    if (candidates.length === 0) return result;
    after = candidates.at(-1)!;
    for (const row of candidates) {
      if (!isDue(row, now())) continue;
      if (row.deliveryAttempts >= MAX_DELIVERY_ATTEMPTS) {
        const gaveUp = await prisma.inquiryMessage.updateMany({
          where: { id: row.id, shop: row.shop, deliveryState: row.deliveryState, deliveryAttempts: row.deliveryAttempts },
          data: { deliveryState: "failed", deliveryError: "too_many_attempts", sentAt: null },
        });
        if (gaveUp.count === 1) result.failed++;
        continue;
      }
      const from = row.messageId ? null : await senderFor(row.shop);
      const messageId = row.messageId ?? newMessageId(row.id, from!.address.split("@")[1] ?? "tsunagu.localhost");
      const attempts = row.deliveryAttempts + 1;
      const claimed = await prisma.inquiryMessage.updateMany({
        where: { id: row.id, shop: row.shop, deliveryState: row.deliveryState, deliveryAttempts: row.deliveryAttempts },
        data: { deliveryState: "sending", deliveryAttempts: attempts, sentAt: now(), messageId },
      });
      if (claimed.count !== 1) continue; // another worker has it
      const mine = { id: row.id, shop: row.shop, deliveryState: "sending", deliveryAttempts: attempts };
      try {
        await sendOne(transport, { id: row.id, shop: row.shop, messageId });
        await prisma.inquiryMessage.updateMany({
          where: mine,
          data: { deliveryState: "sent", sentAt: now(), deliveryError: null },
        });
        result.sent++;
      } catch (error) {
        const permanent = isPermanent(error) || attempts >= MAX_DELIVERY_ATTEMPTS;
        await prisma.inquiryMessage.updateMany({
          where: mine,
          data: permanent
            ? { deliveryState: "failed", deliveryError: errorText(error), sentAt: null }
            : { deliveryState: "queued", deliveryError: errorText(error) },
        });
        if (permanent) result.failed++;
        else result.retrying++;
        log("mail delivery failed", { shop: row.shop, messageRowId: row.id, attempt: attempts, permanent, error: errorText(error) });
      }
    }
  }
}

let running: Promise<unknown> | null = null;
let again = false;

/** Starts a delivery pass in the background now (after a staff reply), or one more after the pass under way. */
export function kickMailDelivery(options: DeliveryOptions = {}): void {
  if (running) {
    again = true;
    return;
  }
  const log = options.log ?? ((msg: string, ctx?: object) => console.log(`[mail] ${msg}`, ctx ?? ""));
  running = deliverQueuedMail({ ...options, log })
    .catch((error: unknown) => log("mail delivery pass failed", { error: error instanceof Error ? error.message : String(error) }))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        kickMailDelivery(options);
      }
    });
}
