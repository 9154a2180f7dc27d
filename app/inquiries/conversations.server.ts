/**
 * The only writer of inquiries and their messages (ADR 016). Every channel (storefront form, chat, mail, calls logged
 * by staff) opens and continues conversations through these functions, so numbering, customer matching, triage, SLA
 * due times, assignment, status changes and the shopper's unread count follow one set of rules.
 */
import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import prisma from "../db.server";
// The steps other modules contribute (triage, SLA, assignment, auto-reply, mail delivery).
import { inquiryPipeline } from "./pipeline.server";
import { inquiryStore, newRowId, sqliteDate, type StoredInquiry } from "./inquiry-store.server";
import { supportSnapshot } from "./support-cache.server";
import {
  type Attachment,
  type Channel,
  type InquiryStatus,
  MAIL_REPLY_CHANNELS,
  type MailHeaders,
  type PageView,
  type Priority,
  type SystemEvent,
} from "./types";

export type InquiryErrorCode = "not_found" | "invalid";

export class InquiryError extends Error {
  constructor(
    readonly code: InquiryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "InquiryError";
  }
}

/**
 * Conversation changes, for waiting chat widgets and open inbox screens in this process. Other processes notice the
 * same change from the database (the readers re-check it), so an event is an early wake-up, never the only signal.
 */
export const inquiryEvents = new EventEmitter();
inquiryEvents.setMaxListeners(0);

export type InquiryEvent = { shop: string; inquiryId: string; messageId: string | null; author: string };

function emit(event: InquiryEvent): void {
  inquiryEvents.emit("message", event);
}

export const hashChatToken = (token: string) => createHash("sha256").update(token).digest("hex");

const normalizeEmail = (email: string | null | undefined) => {
  const trimmed = email?.trim();
  return trimmed ? trimmed.toLowerCase() : null;
};

const blankToNull = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export type OpenInquiryInput = {
  shop: string;
  channel: Channel;
  locale: "ja" | "en";
  contact: { name?: string | null; email?: string | null; phone?: string | null };
  /** A logged-in shopper (the app proxy's logged_in_customer_id) or the customer staff picked. */
  customerShopifyId?: string | null;
  subject?: string | null;
  body: string;
  /** Chosen by the shopper (form) or staff; otherwise triage decides. */
  category?: string | null;
  orderNumber?: string | null;
  pageUrl?: string | null;
  pagesViewed?: PageView[];
  mail?: MailHeaders & { attachments?: Attachment[] };
  createdByUserId?: string | null;
  /** A chat conversation: a secret token is minted for the widget (only its hash is stored). */
  chat?: boolean;
  receivedAt?: Date;
};

export type OpenedInquiry = { id: string; number: number; chatToken: string | null; duplicate: boolean };

type CustomerMatch = { customerShopifyId: string | null; customerLink: "linked" | "pending" | "none"; contactName: string | null };

/** The logged-in customer, else the shop's live customer with that email, else a guest the worker will create. */
async function matchCustomer(shop: string, input: OpenInquiryInput): Promise<CustomerMatch> {
  const email = normalizeEmail(input.contact.email);
  const name = blankToNull(input.contact.name);
  if (input.customerShopifyId) return { customerShopifyId: input.customerShopifyId, customerLink: "linked", contactName: name };
  if (email) {
    const found = await prisma.customer.findFirst({
      where: { shop, email, deletedAt: null, redactedAt: null },
      orderBy: { shopifyUpdatedAt: "desc" },
      select: { shopifyId: true },
    });
    if (found) return { customerShopifyId: found.shopifyId, customerLink: "linked", contactName: name };
    return { customerShopifyId: null, customerLink: "pending", contactName: name };
  }
  return { customerShopifyId: null, customerLink: "none", contactName: name };
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && (error as { code?: unknown }).code === "P2002";

/**
 * Opens a conversation with its first message. A mail delivered twice (same Message-ID) returns the first inquiry
 * instead of opening another.
 */
export async function openInquiry(input: OpenInquiryInput): Promise<OpenedInquiry> {
  const { shop } = input;
  if (input.mail?.messageId) {
    const existing = await findByMessageId(shop, input.mail.messageId);
    if (existing) return { ...existing, chatToken: null, duplicate: true };
  }
  const match = await matchCustomer(shop, input);
  const at = input.receivedAt ?? new Date();
  const chatToken = input.chat ? randomBytes(24).toString("base64url") : null;
  const steps = await inquiryPipeline.beforeOpen(input, at);
  const fromStaff = Boolean(input.createdByUserId);

  const create = () =>
    prisma.$transaction(async (tx) => {
      const counter = await tx.inquiryCounter.upsert({
        where: { shop },
        create: { shop, next: 1002 },
        update: { next: { increment: 1 } },
      });
      const number = counter.next - 1;
      const inquiry = await tx.inquiry.create({
        data: {
          shop,
          number,
          channel: input.channel,
          status: "new",
          subject: blankToNull(input.subject),
          category: steps.category,
          categorySource: steps.categorySource,
          categoryConfidence: steps.categoryConfidence,
          priority: steps.priority,
          prioritySource: steps.prioritySource,
          customerShopifyId: match.customerShopifyId,
          customerLink: match.customerLink,
          contactName: match.contactName,
          contactEmail: normalizeEmail(input.contact.email),
          contactPhone: blankToNull(input.contact.phone),
          orderNumber: blankToNull(input.orderNumber),
          locale: input.locale,
          pageUrl: blankToNull(input.pageUrl),
          pagesViewed: JSON.stringify(input.pagesViewed ?? []),
          chatTokenHash: chatToken ? hashChatToken(chatToken) : null,
          firstResponseDueAt: steps.firstResponseDueAt,
          resolutionDueAt: steps.resolutionDueAt,
          lastMessageAt: at,
          lastShopperMessageAt: at,
          createdByUserId: input.createdByUserId ?? null,
          createdAt: at,
        },
        select: { id: true, number: true },
      });
      const message = await tx.inquiryMessage.create({
        data: {
          shop,
          inquiryId: inquiry.id,
          author: "shopper",
          authorName: match.contactName,
          channel: input.channel,
          body: input.body,
          messageId: input.mail?.messageId ?? null,
          inReplyTo: input.mail?.inReplyTo ?? null,
          references: input.mail?.references?.join(" ") || null,
          attachments: JSON.stringify(input.mail?.attachments ?? []),
          authorUserId: fromStaff ? input.createdByUserId : null,
          createdAt: at,
        },
        select: { id: true },
      });
      return { ...inquiry, messageId: message.id };
    });

  let created: { id: string; number: number; messageId: string };
  try {
    created = await create();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Two first inquiries of a shop raced to create its counter, or a mail arrived twice at the same moment.
    if (input.mail?.messageId) {
      const existing = await findByMessageId(shop, input.mail.messageId);
      if (existing) return { ...existing, chatToken: null, duplicate: true };
    }
    created = await create();
  }
  emit({ shop, inquiryId: created.id, messageId: created.messageId, author: "shopper" });
  await inquiryPipeline.afterOpen({ shop, inquiryId: created.id, channel: input.channel, locale: input.locale, at, fromStaff });
  return { id: created.id, number: created.number, chatToken, duplicate: false };
}

/**
 * openInquiry for the storefront form's hot path (ADR 017): the same rows, rules and steps, with the desk settings
 * from a per-process snapshot (support-cache.server.ts) and the write grouped on the database driver
 * (inquiry-store.server.ts): counter, inquiry, first message and, when the desk is closed, the auto-reply in one
 * durable commit shared with the submissions that arrived meanwhile. Auto-assignment (only for a category with an
 * assignment rule) runs right after, without holding the answer. Mail (Message-ID dedupe) and chat keep openInquiry.
 */
export async function openStorefrontInquiry(input: OpenInquiryInput): Promise<OpenedInquiry> {
  if (input.mail || input.chat) return openInquiry(input);
  const store = inquiryStore();
  const { shop } = input;
  const at = input.receivedAt ?? new Date();
  const fromStaff = Boolean(input.createdByUserId);
  const snapshot = await supportSnapshot(shop);
  const steps = await inquiryPipeline.beforeOpenWith(snapshot, input, at);
  const email = normalizeEmail(input.contact.email);
  const name = blankToNull(input.contact.name);
  const autoReply = fromStaff ? null : inquiryPipeline.autoReplyWith(snapshot, { channel: input.channel, locale: input.locale, at });
  const inquiryId = newRowId();
  const messageId = newRowId();
  const when = sqliteDate(at);
  const messages: StoredInquiry["messages"] = [
    {
      id: messageId, shop, inquiryId, author: "shopper", authorUserId: fromStaff ? input.createdByUserId! : null, authorName: name,
      channel: input.channel, body: input.body, mentions: "[]", messageId: null, inReplyTo: null, references: null, attachments: "[]",
      origin: null, templateId: null, deliveryState: null, deliveryAttempts: 0, createdAt: when,
    },
  ];
  // As replyAsAgent writes the auto-reply (a moment after the shopper's message, queued for mail when there is an address).
  const replyAt = new Date(at.getTime() + 1);
  const replyByMail = Boolean(autoReply && email && MAIL_REPLY_CHANNELS.includes(input.channel));
  if (autoReply) {
    messages.push({
      id: newRowId(), shop, inquiryId, author: "agent", authorUserId: null, authorName: autoReply.senderName,
      channel: input.channel === "chat" ? "chat" : "inbox", body: autoReply.body, mentions: "[]", messageId: null, inReplyTo: null,
      references: null, attachments: "[]", origin: "auto_reply", templateId: null, deliveryState: replyByMail ? "queued" : null,
      deliveryAttempts: 0, createdAt: sqliteDate(replyAt),
    });
  }
  const outcome = await store.write({
    inquiry: {
      id: inquiryId, shop, channel: input.channel, status: "new", subject: blankToNull(input.subject), category: steps.category,
      categorySource: steps.categorySource, categoryConfidence: steps.categoryConfidence, priority: steps.priority,
      prioritySource: steps.prioritySource, customerShopifyId: input.customerShopifyId ?? null,
      customerLink: input.customerShopifyId ? "linked" : "none", contactName: name, contactEmail: email,
      contactPhone: blankToNull(input.contact.phone), orderNumber: blankToNull(input.orderNumber), locale: input.locale,
      pageUrl: blankToNull(input.pageUrl), pagesViewed: JSON.stringify(input.pagesViewed ?? []), assigneeUserId: null, chatTokenHash: null,
      shopperUnread: 0, staffUnread: 1, firstResponseDueAt: steps.firstResponseDueAt ? sqliteDate(steps.firstResponseDueAt) : null,
      resolutionDueAt: steps.resolutionDueAt ? sqliteDate(steps.resolutionDueAt) : null, lastMessageAt: sqliteDate(autoReply ? replyAt : at),
      lastShopperMessageAt: when, createdByUserId: input.createdByUserId ?? null, createdAt: when, updatedAt: sqliteDate(new Date()),
    },
    messages,
    matchEmail: input.customerShopifyId ? null : email,
  });
  emit({ shop, inquiryId, messageId, author: "shopper" });
  if (autoReply) {
    emit({ shop, inquiryId, messageId: String(messages[1]!.id), author: "agent" });
    if (replyByMail) inquiryPipeline.mailQueued();
  }
  if (steps.category && snapshot.categories.get(steps.category)?.assigns) {
    // After the answer: the same assignment openInquiry makes, a moment later.
    setImmediate(() => {
      inquiryPipeline.assignAfterOpen(shop, inquiryId).catch((error: unknown) => {
        console.error("[inquiries] auto-assignment failed", { shop, inquiryId, error: error instanceof Error ? error.message : String(error) });
      });
    });
  }
  return { id: inquiryId, number: outcome.number, chatToken: null, duplicate: false };
}

async function findByMessageId(shop: string, messageId: string) {
  const message = await prisma.inquiryMessage.findUnique({
    where: { shop_messageId: { shop, messageId } },
    select: { inquiry: { select: { id: true, number: true } } },
  });
  return message ? { id: message.inquiry.id, number: message.inquiry.number } : null;
}

async function requireInquiry(shop: string, inquiryId: string) {
  const inquiry = await prisma.inquiry.findFirst({ where: { shop, id: inquiryId } });
  if (!inquiry) throw new InquiryError("not_found", `no inquiry ${inquiryId} in ${shop}`);
  return inquiry;
}

export type ShopperMessageInput = {
  shop: string;
  inquiryId: string;
  body: string;
  channel: Channel;
  mail?: MailHeaders;
  attachments?: Attachment[];
  /** A chat shopper who left an email for the answer (outside business hours). */
  contactEmail?: string | null;
  receivedAt?: Date;
};

/** The shopper wrote again: the conversation is open again and staff see it as unread. Redelivered mail is ignored. */
export async function appendShopperMessage(input: ShopperMessageInput): Promise<{ id: string; duplicate: boolean }> {
  const { shop } = input;
  const inquiry = await requireInquiry(shop, input.inquiryId);
  const at = input.receivedAt ?? new Date();
  try {
    const id = await prisma.$transaction(async (tx) => {
      const message = await tx.inquiryMessage.create({
        data: {
          shop,
          inquiryId: inquiry.id,
          author: "shopper",
          authorName: inquiry.contactName,
          channel: input.channel,
          body: input.body,
          messageId: input.mail?.messageId ?? null,
          inReplyTo: input.mail?.inReplyTo ?? null,
          references: input.mail?.references?.join(" ") || null,
          attachments: JSON.stringify(input.attachments ?? []),
          createdAt: at,
        },
        select: { id: true },
      });
      const reopen = inquiry.status === "resolved" || inquiry.status === "pending";
      const email = normalizeEmail(input.contactEmail);
      await tx.inquiry.update({
        where: { id: inquiry.id },
        data: {
          lastMessageAt: at,
          lastShopperMessageAt: at,
          staffUnread: true,
          ...(reopen ? { status: "open", resolvedAt: null } : {}),
          ...(email && !inquiry.contactEmail ? { contactEmail: email, ...(inquiry.customerLink === "none" ? { customerLink: "pending" } : {}) } : {}),
        },
      });
      return message.id;
    });
    emit({ shop, inquiryId: inquiry.id, messageId: id, author: "shopper" });
    return { id, duplicate: false };
  } catch (error) {
    if (isUniqueViolation(error) && input.mail?.messageId) {
      const existing = await prisma.inquiryMessage.findUnique({ where: { shop_messageId: { shop, messageId: input.mail.messageId } }, select: { id: true } });
      if (existing) return { id: existing.id, duplicate: true };
    }
    throw error;
  }
}

export type AgentReplyInput = {
  shop: string;
  inquiryId: string;
  userId: string | null;
  userName: string | null;
  body: string;
  templateId?: string | null;
  /** The status after the reply; by default pending (waiting for the shopper). */
  status?: InquiryStatus;
  /** auto_reply for the out-of-hours answer (not a first response). */
  origin?: "auto_reply" | "template" | null;
};

/**
 * A staff reply. Mail channels queue it for the mail module (deliveryState "queued"); chat shows it in the widget
 * (shopperUnread + 1). The first human reply records the first-response time against the SLA.
 */
export async function replyAsAgent(input: AgentReplyInput): Promise<{ id: string }> {
  const { shop } = input;
  const body = input.body.trim();
  if (!body) throw new InquiryError("invalid", "empty reply");
  const inquiry = await requireInquiry(shop, input.inquiryId);
  const at = new Date();
  const automatic = input.origin === "auto_reply";
  const byMail = MAIL_REPLY_CHANNELS.includes(inquiry.channel as Channel) && Boolean(inquiry.contactEmail);
  // A chat shopper who left an address outside business hours gets the answer by mail as well.
  const chatByMail = inquiry.channel === "chat" && Boolean(inquiry.contactEmail) && inquiry.lastShopperMessageAt !== null && !automatic;
  const status: InquiryStatus = input.status ?? (automatic ? (inquiry.status as InquiryStatus) : "pending");
  const metrics = automatic ? {} : await inquiryPipeline.replyMetrics(inquiry, status, at);

  const id = await prisma.$transaction(async (tx) => {
    const message = await tx.inquiryMessage.create({
      data: {
        shop,
        inquiryId: inquiry.id,
        author: "agent",
        authorUserId: input.userId,
        authorName: input.userName,
        channel: inquiry.channel === "chat" ? "chat" : "inbox",
        body,
        origin: input.origin ?? (input.templateId ? "template" : null),
        templateId: input.templateId ?? null,
        deliveryState: byMail || chatByMail ? "queued" : null,
        createdAt: at,
      },
      select: { id: true },
    });
    await tx.inquiry.update({
      where: { id: inquiry.id },
      data: {
        lastMessageAt: at,
        // The out-of-hours auto-reply answers nobody on the staff: the conversation stays unread for them.
        staffUnread: automatic ? inquiry.staffUnread : false,
        status,
        ...(status === "resolved" ? { resolvedAt: at } : { resolvedAt: null }),
        ...(inquiry.channel === "chat" ? { shopperUnread: { increment: 1 } } : {}),
        ...metrics,
      },
    });
    if (status !== inquiry.status && !automatic) {
      await tx.inquiryMessage.create({ data: systemMessage(shop, inquiry.id, { event: "status", to: status, by: input.userId }, at) });
    }
    return message.id;
  });
  emit({ shop, inquiryId: inquiry.id, messageId: id, author: "agent" });
  if (byMail || chatByMail) inquiryPipeline.mailQueued();
  return { id };
}

function systemMessage(shop: string, inquiryId: string, event: SystemEvent, at = new Date()) {
  return { shop, inquiryId, author: "system", channel: "inbox", body: JSON.stringify(event), authorUserId: "by" in event ? event.by : null, createdAt: at };
}

const MENTION = /@([^\s@,、。]+)/gu;
const compact = (name: string) => name.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

/** The staff user ids a note mentions: `@` followed by a staff member's name (spaces removed) or mail address. */
export async function resolveMentions(shop: string, body: string): Promise<string[]> {
  const handles = [...body.matchAll(MENTION)].map((m) => compact(m[1]!));
  if (handles.length === 0) return [];
  const staff = await prisma.staffMember.findMany({ where: { shop }, select: { userId: true, name: true, email: true } });
  const ids = new Set<string>();
  for (const handle of handles) {
    for (const member of staff) {
      const names = [member.name ? compact(member.name) : null, member.email ? compact(member.email) : null, compact(member.userId)];
      if (names.some((n) => n && (handle === n || handle.startsWith(n)))) ids.add(member.userId);
    }
  }
  return [...ids];
}

/** An internal note: never sent to the shopper. */
export async function addNote(input: {
  shop: string;
  inquiryId: string;
  userId: string | null;
  userName: string | null;
  body: string;
  mentionUserIds?: string[];
}): Promise<{ id: string; mentions: string[] }> {
  const body = input.body.trim();
  if (!body) throw new InquiryError("invalid", "empty note");
  const inquiry = await requireInquiry(input.shop, input.inquiryId);
  const parsed = await resolveMentions(input.shop, body);
  const mentions = [...new Set([...(input.mentionUserIds ?? []), ...parsed])];
  const message = await prisma.inquiryMessage.create({
    data: {
      shop: input.shop,
      inquiryId: inquiry.id,
      author: "note",
      authorUserId: input.userId,
      authorName: input.userName,
      channel: "inbox",
      body,
      mentions: JSON.stringify(mentions),
    },
    select: { id: true },
  });
  emit({ shop: input.shop, inquiryId: inquiry.id, messageId: message.id, author: "note" });
  return { id: message.id, mentions };
}

/** Sets the status of several inquiries of the shop; resolving records the resolution time against the SLA. */
export async function setStatus(input: { shop: string; inquiryIds: string[]; status: InquiryStatus; userId: string | null }): Promise<number> {
  const inquiries = await prisma.inquiry.findMany({ where: { shop: input.shop, id: { in: input.inquiryIds } } });
  const at = new Date();
  let changed = 0;
  for (const inquiry of inquiries) {
    if (inquiry.status === input.status) continue;
    const metrics = input.status === "resolved" ? await inquiryPipeline.resolutionMetrics(inquiry, at) : {};
    await prisma.$transaction([
      prisma.inquiry.update({
        where: { id: inquiry.id },
        data: { status: input.status, resolvedAt: input.status === "resolved" ? at : null, ...metrics },
      }),
      prisma.inquiryMessage.create({ data: systemMessage(input.shop, inquiry.id, { event: "status", to: input.status, by: input.userId }, at) }),
    ]);
    emit({ shop: input.shop, inquiryId: inquiry.id, messageId: null, author: "system" });
    changed += 1;
  }
  return changed;
}

/** Assigns (or unassigns, with null) several inquiries. */
export async function assign(input: { shop: string; inquiryIds: string[]; assigneeUserId: string | null; userId: string | null }): Promise<number> {
  const inquiries = await prisma.inquiry.findMany({ where: { shop: input.shop, id: { in: input.inquiryIds } }, select: { id: true, assigneeUserId: true, status: true } });
  let changed = 0;
  for (const inquiry of inquiries) {
    if (inquiry.assigneeUserId === input.assigneeUserId) continue;
    await prisma.$transaction([
      prisma.inquiry.update({
        where: { id: inquiry.id },
        // Taking a new inquiry opens it.
        data: { assigneeUserId: input.assigneeUserId, ...(inquiry.status === "new" && input.assigneeUserId ? { status: "open" } : {}) },
      }),
      prisma.inquiryMessage.create({ data: systemMessage(input.shop, inquiry.id, { event: "assigned", to: input.assigneeUserId, by: input.userId }) }),
    ]);
    emit({ shop: input.shop, inquiryId: inquiry.id, messageId: null, author: "system" });
    changed += 1;
  }
  return changed;
}

/** An agent sets or corrects the category; the correction becomes a labelled example for the shop's classifier. */
export async function setCategory(input: { shop: string; inquiryId: string; category: string | null; userId: string | null }): Promise<void> {
  const inquiry = await requireInquiry(input.shop, input.inquiryId);
  if (input.category) {
    const known = await prisma.inquiryCategory.count({ where: { shop: input.shop, key: input.category } });
    if (known === 0) throw new InquiryError("invalid", `unknown category ${input.category}`);
  }
  const corrected = inquiry.category !== input.category || inquiry.categorySource !== "agent";
  await prisma.$transaction([
    prisma.inquiry.update({
      where: { id: inquiry.id },
      data: { category: input.category, categorySource: "agent", categoryConfidence: null },
    }),
    prisma.inquiryMessage.create({ data: systemMessage(input.shop, inquiry.id, { event: "category", to: input.category, by: input.userId }) }),
  ]);
  emit({ shop: input.shop, inquiryId: inquiry.id, messageId: null, author: "system" });
  if (corrected) await inquiryPipeline.categoryCorrected(input.shop);
}

export async function setPriority(input: { shop: string; inquiryId: string; priority: Priority; userId: string | null }): Promise<void> {
  const inquiry = await requireInquiry(input.shop, input.inquiryId);
  if (inquiry.priority === input.priority && inquiry.prioritySource === "agent") return;
  const due = await inquiryPipeline.dueTimes(input.shop, { category: inquiry.category, priority: input.priority, from: inquiry.createdAt });
  await prisma.$transaction([
    prisma.inquiry.update({ where: { id: inquiry.id }, data: { priority: input.priority, prioritySource: "agent", ...due } }),
    prisma.inquiryMessage.create({ data: systemMessage(input.shop, inquiry.id, { event: "priority", to: input.priority, by: input.userId }) }),
  ]);
  emit({ shop: input.shop, inquiryId: inquiry.id, messageId: null, author: "system" });
}

/** The chat conversation a widget's token opens, within the shop. */
export async function findInquiryByChatToken(shop: string, token: string) {
  if (!token || token.length > 200) return null;
  return prisma.inquiry.findFirst({ where: { shop, chatTokenHash: hashChatToken(token) } });
}

/** The shopper read the staff replies in the widget. */
export async function markReadByShopper(shop: string, inquiryId: string): Promise<void> {
  await prisma.inquiry.updateMany({ where: { shop, id: inquiryId, shopperUnread: { gt: 0 } }, data: { shopperUnread: 0 } });
}

/** A staff member opened the conversation. */
export async function markReadByStaff(shop: string, inquiryId: string): Promise<void> {
  await prisma.inquiry.updateMany({ where: { shop, id: inquiryId, staffUnread: true }, data: { staffUnread: false } });
}
