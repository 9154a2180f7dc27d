/**
 * What the inbox reads: the list (views, filters, search, sort, pages, counts per view) and one conversation with
 * everything beside it (customer 360, previous inquiries, pages viewed, templates, similar cases, staff). Every
 * write goes through conversations.server.ts; the input schemas here only parse what the inbox screens send.
 */
import { z } from "zod";
import type { Prisma } from "@tsunagu-generated/prisma-sqlite";
import { loadCustomer360, type Customer360 } from "../customers/customer-360.server";
import { parseCustomerIndexQuery, searchCustomers } from "../customers/customer-index.server";
import { personName } from "../customers/address";
import prisma from "../db.server";
import { isPostgresUrl } from "../env.server";
import { listStaff, type StaffEntry } from "../staff/directory.server";
import { markReadByStaff } from "./conversations.server";
import { similarConversations } from "./similar.server";
import type { TemplateVars } from "./templates";
import { CHANNELS, INQUIRY_STATUSES, PRIORITIES, type Channel, type InquiryStatus, type PageView, type Priority } from "./types";

export const INBOX_PAGE_SIZE = 25;
export const INBOX_VIEWS = ["all", ...INQUIRY_STATUSES, "mine", "unassigned", "overdue"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const INBOX_SORTS = ["last", "due"] as const;
const UNRESOLVED = ["new", "open", "pending"];

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(max).optional()).catch(undefined);

export const InboxQuery = z.object({
  view: z.enum(INBOX_VIEWS).catch("all"),
  channel: z.enum(CHANNELS).optional().catch(undefined),
  category: optionalText(40),
  /** A staff user id, or "none" for unassigned. */
  assignee: optionalText(40),
  priority: z.enum(PRIORITIES).optional().catch(undefined),
  q: optionalText(200),
  sort: z.enum(INBOX_SORTS).catch("last"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export function parseInboxQuery(params: URLSearchParams): InboxQuery {
  return InboxQuery.parse(Object.fromEntries(params));
}

export type InboxRow = {
  id: string;
  number: number;
  subject: string | null;
  snippet: string;
  contact: string | null;
  channel: Channel;
  status: InquiryStatus;
  category: string | null;
  priority: Priority;
  assigneeUserId: string | null;
  /** The next target: first response until answered, then resolution; null when resolved or no target. */
  dueAt: string | null;
  overdue: boolean;
  unread: boolean;
  lastMessageAt: string;
};

export type CategoryOption = { key: string; nameJa: string; nameEn: string };

export type InboxPage = {
  rows: InboxRow[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<InboxView, number>;
  categories: CategoryOption[];
  staff: StaffEntry[];
};

/** Unresolved and past its next target (first response while unanswered, else resolution). */
export function overdueWhere(now: Date): Prisma.InquiryWhereInput {
  return {
    status: { in: UNRESOLVED },
    OR: [{ firstRespondedAt: null, firstResponseDueAt: { lt: now } }, { resolutionDueAt: { lt: now } }],
  };
}

function viewWhere(view: InboxView, userId: string | null, now: Date): Prisma.InquiryWhereInput {
  switch (view) {
    case "all":
      return {};
    case "new":
    case "open":
    case "pending":
    case "resolved":
      return { status: view };
    case "mine":
      // Without a signed-in user nothing is "mine".
      return userId ? { status: { in: UNRESOLVED }, assigneeUserId: userId } : { id: { in: [] } };
    case "unassigned":
      return { status: { in: UNRESOLVED }, assigneeUserId: null };
    case "overdue":
      return overdueWhere(now);
  }
}

/** Inquiry ids passed on as `IN (...)` parameters at most (SQLite's statement parameter limit is well above it). */
const MAX_INDEXED_MATCHES = 500;
const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * The shop's inquiries with a message containing `word`, through the trigram index on SQLite (words of 3+ characters;
 * prisma/migrations/20261123193000_add_inquiry_search); null where LIKE is the way (PostgreSQL's pg_trgm index serves
 * LIKE itself, 1-2 characters are below a trigram, and a word so common that its inquiries would not fit in one
 * statement's parameters).
 */
async function messageMatches(shop: string, word: string): Promise<string[] | null> {
  if (isPostgresUrl(process.env.DATABASE_URL ?? "") || [...word].length < 3) return null;
  const rows = await prisma.$queryRawUnsafe<Array<{ inquiryId: string }>>(
    `SELECT DISTINCT m."inquiryId" AS "inquiryId" FROM "InquiryMessage_fts" f JOIN "InquiryMessage" m ON m."rowid" = f."rowid"
     WHERE "InquiryMessage_fts" MATCH ? AND m."shop" = ? AND m."author" IN ('shopper', 'agent', 'note')`,
    `shop : ${ftsPhrase(shop)} AND body : ${ftsPhrase(word)}`,
    shop,
  );
  return rows.length <= MAX_INDEXED_MATCHES ? rows.map((r) => r.inquiryId) : null;
}

/**
 * A case-insensitive substring filter on both databases: SQLite's LIKE already ignores ASCII case; PostgreSQL needs
 * ILIKE (Prisma's `mode`, which the SQLite client's types do not declare). pg_trgm's GIN indexes serve ILIKE too.
 */
function containsText(word: string): Prisma.StringNullableFilter {
  return isPostgresUrl(process.env.DATABASE_URL ?? "") ? ({ contains: word, mode: "insensitive" } as Prisma.StringNullableFilter) : { contains: word };
}

async function filterWhere(shop: string, query: InboxQuery): Promise<Prisma.InquiryWhereInput> {
  const and: Prisma.InquiryWhereInput[] = [{ shop, redactedAt: null }];
  if (query.channel) and.push({ channel: query.channel });
  if (query.category) and.push({ category: query.category === "none" ? null : query.category });
  if (query.assignee) and.push({ assigneeUserId: query.assignee === "none" ? null : query.assignee });
  if (query.priority) and.push({ priority: query.priority });
  if (query.q) {
    const words = query.q.split(/\s+/).filter(Boolean).slice(0, 5);
    for (const word of words) {
      const number = /^#?\d+$/.test(word) ? Number(word.replace("#", "")) : null;
      const inMessages = await messageMatches(shop, word);
      and.push({
        OR: [
          { subject: containsText(word) },
          { contactName: containsText(word) },
          { contactEmail: { contains: word.toLowerCase() } },
          { contactPhone: { contains: word } },
          { orderNumber: { contains: word } },
          inMessages ? { id: { in: inMessages } } : { messages: { some: { shop, author: { in: ["shopper", "agent", "note"] }, body: containsText(word) as Prisma.StringFilter } } },
          ...(number !== null && number < 2_000_000_000 ? [{ number }] : []),
        ],
      });
    }
  }
  return { AND: and };
}

export function nextDue(inquiry: { status: string; firstRespondedAt: Date | null; firstResponseDueAt: Date | null; resolutionDueAt: Date | null }): Date | null {
  if (inquiry.status === "resolved") return null;
  if (!inquiry.firstRespondedAt && inquiry.firstResponseDueAt) return inquiry.firstResponseDueAt;
  return inquiry.resolutionDueAt;
}

const snippetOf = (body: string) => body.replace(/\s+/g, " ").trim().slice(0, 140);

/** One page of the shop's inbox for the signed-in staff member, with the count of every view under the same filters. */
export async function listInbox(shop: string, userId: string | null, query: InboxQuery, now = new Date()): Promise<InboxPage> {
  const filters = await filterWhere(shop, query);
  const where: Prisma.InquiryWhereInput = { AND: [filters, viewWhere(query.view, userId, now)] };
  const orderBy: Prisma.InquiryOrderByWithRelationInput[] =
    query.sort === "due"
      ? [{ firstResponseDueAt: { sort: "asc", nulls: "last" } }, { resolutionDueAt: { sort: "asc", nulls: "last" } }, { number: "desc" }]
      : [{ lastMessageAt: "desc" }, { number: "desc" }];
  const [total, inquiries, countEntries, categories, staff] = await Promise.all([
    prisma.inquiry.count({ where }),
    prisma.inquiry.findMany({
      where,
      orderBy,
      skip: (query.page - 1) * INBOX_PAGE_SIZE,
      take: INBOX_PAGE_SIZE,
      include: {
        messages: { where: { author: { in: ["shopper", "agent"] } }, orderBy: { createdAt: "desc" }, take: 1, select: { body: true } },
      },
    }),
    Promise.all(INBOX_VIEWS.map(async (view) => [view, await prisma.inquiry.count({ where: { AND: [filters, viewWhere(view, userId, now)] } })] as const)),
    listCategories(shop),
    listStaff(shop),
  ]);
  const rows = inquiries.map((i): InboxRow => {
    const due = nextDue(i);
    return {
      id: i.id,
      number: i.number,
      subject: i.subject,
      snippet: snippetOf(i.messages[0]?.body ?? ""),
      contact: i.contactName ?? i.contactEmail ?? i.contactPhone,
      channel: i.channel as Channel,
      status: i.status as InquiryStatus,
      category: i.category,
      priority: i.priority as Priority,
      assigneeUserId: i.assigneeUserId,
      dueAt: due?.toISOString() ?? null,
      overdue: due !== null && due < now,
      unread: i.staffUnread,
      lastMessageAt: i.lastMessageAt.toISOString(),
    };
  });
  return {
    rows,
    total,
    page: query.page,
    pageSize: INBOX_PAGE_SIZE,
    counts: Object.fromEntries(countEntries) as Record<InboxView, number>,
    categories,
    staff,
  };
}

export function listCategories(shop: string): Promise<CategoryOption[]> {
  return prisma.inquiryCategory.findMany({
    where: { shop, archivedAt: null },
    orderBy: [{ position: "asc" }, { key: "asc" }],
    select: { key: true, nameJa: true, nameEn: true },
  });
}

export type ThreadMessage = {
  id: string;
  author: "shopper" | "agent" | "note" | "system";
  authorName: string | null;
  authorUserId: string | null;
  channel: string;
  /** Plain text; for system messages the event as JSON (the screen words it). */
  body: string;
  mentions: string[];
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
  origin: string | null;
  deliveryState: string | null;
  at: string;
};

export type PreviousInquiry = { id: string; number: number; subject: string | null; status: InquiryStatus; channel: Channel; at: string };
export type ReplyTemplateOption = { id: string; name: string; body: string; categoryKey: string | null };

export type Conversation = {
  inquiry: {
    id: string;
    number: number;
    subject: string | null;
    channel: Channel;
    status: InquiryStatus;
    category: string | null;
    categorySource: string | null;
    categoryConfidence: number | null;
    priority: Priority;
    prioritySource: string | null;
    assigneeUserId: string | null;
    contactName: string | null;
    contactEmail: string | null;
    contactPhone: string | null;
    orderNumber: string | null;
    locale: "ja" | "en";
    pageUrl: string | null;
    pagesViewed: PageView[];
    customerShopifyId: string | null;
    customerLink: string;
    dueAt: string | null;
    overdue: boolean;
    unread: boolean;
    createdAt: string;
  };
  messages: ThreadMessage[];
  customer: Customer360 | null;
  previous: PreviousInquiry[];
  templates: ReplyTemplateOption[];
  categories: CategoryOption[];
  staff: StaffEntry[];
  shopName: string | null;
  /** The conversations before and after this one in the inbox's default order (newest message first), for j / k. */
  newer: string | null;
  older: string | null;
};

const PageViews = z.array(z.object({ url: z.string(), title: z.string().optional(), at: z.string().optional() }));
const Strings = z.array(z.string());
const Attachments = z.array(z.object({ filename: z.string().nullable(), contentType: z.string(), size: z.number() }));

function parseJson<T>(schema: z.ZodType<T>, text: string, fallback: T): T {
  try {
    return schema.catch(fallback).parse(JSON.parse(text));
  } catch {
    return fallback;
  }
}

/** One conversation of the shop with everything the conversation screen shows beside it; null when not the shop's. */
export async function loadConversation(shop: string, inquiryId: string, now = new Date()): Promise<Conversation | null> {
  const i = await prisma.inquiry.findFirst({ where: { shop, id: inquiryId, redactedAt: null } });
  if (!i) return null;
  const locale = i.locale === "en" ? "en" : "ja";
  const [messages, customer, previous, templates, categories, staff, shopRow, newer, older] = await Promise.all([
    prisma.inquiryMessage.findMany({ where: { shop, inquiryId: i.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500 }),
    i.customerShopifyId ? loadCustomer360(shop, i.customerShopifyId, now) : Promise.resolve(null),
    previousInquiries(shop, i),
    prisma.replyTemplate.findMany({
      where: { shop, locale, OR: [{ categoryKey: null }, ...(i.category ? [{ categoryKey: i.category }] : [])] },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true, name: true, body: true, categoryKey: true },
    }),
    listCategories(shop),
    listStaff(shop),
    prisma.shop.findUnique({ where: { domain: shop }, select: { name: true } }),
    prisma.inquiry.findFirst({
      where: { shop, redactedAt: null, OR: [{ lastMessageAt: { gt: i.lastMessageAt } }, { lastMessageAt: i.lastMessageAt, number: { gt: i.number } }] },
      orderBy: [{ lastMessageAt: "asc" }, { number: "asc" }],
      select: { id: true },
    }),
    prisma.inquiry.findFirst({
      where: { shop, redactedAt: null, OR: [{ lastMessageAt: { lt: i.lastMessageAt } }, { lastMessageAt: i.lastMessageAt, number: { lt: i.number } }] },
      orderBy: [{ lastMessageAt: "desc" }, { number: "desc" }],
      select: { id: true },
    }),
  ]);
  const due = nextDue(i);
  return {
    inquiry: {
      id: i.id,
      number: i.number,
      subject: i.subject,
      channel: i.channel as Channel,
      status: i.status as InquiryStatus,
      category: i.category,
      categorySource: i.categorySource,
      categoryConfidence: i.categoryConfidence,
      priority: i.priority as Priority,
      prioritySource: i.prioritySource,
      assigneeUserId: i.assigneeUserId,
      contactName: i.contactName,
      contactEmail: i.contactEmail,
      contactPhone: i.contactPhone,
      orderNumber: i.orderNumber,
      locale,
      pageUrl: i.pageUrl,
      pagesViewed: parseJson(PageViews, i.pagesViewed, []),
      customerShopifyId: i.customerShopifyId,
      customerLink: i.customerLink,
      dueAt: due?.toISOString() ?? null,
      overdue: due !== null && due < now,
      unread: i.staffUnread,
      createdAt: i.createdAt.toISOString(),
    },
    messages: messages.map((m) => ({
      id: m.id,
      author: (["shopper", "agent", "note", "system"].includes(m.author) ? m.author : "system") as ThreadMessage["author"],
      authorName: m.authorName,
      authorUserId: m.authorUserId,
      channel: m.channel,
      body: m.body,
      mentions: parseJson(Strings, m.mentions, []),
      attachments: parseJson(Attachments, m.attachments, []),
      origin: m.origin,
      deliveryState: m.deliveryState,
      at: m.createdAt.toISOString(),
    })),
    customer,
    previous,
    // Category templates first, then the ones for any category.
    templates: [...templates.filter((t) => t.categoryKey), ...templates.filter((t) => !t.categoryKey)],
    categories,
    staff,
    shopName: shopRow?.name ?? null,
    newer: newer?.id ?? null,
    older: older?.id ?? null,
  };
}

/**
 * Opening a conversation on the inbox screen: the conversation, similar past cases with their replies, the values
 * reply templates fill in, and the conversation marked as read by staff (through conversations.server.ts).
 */
export async function openConversation(shop: string, inquiryId: string, agentName: string | null = null, now = new Date()) {
  const conversation = await loadConversation(shop, inquiryId, now);
  if (!conversation) return null;
  const i = conversation.inquiry;
  const [similar] = await Promise.all([
    similarConversations(shop, i.id, 3).catch((error: unknown) => {
      console.warn("inbox: similar conversations failed", { shop, inquiryId, error: error instanceof Error ? error.message : String(error) });
      return [];
    }),
    i.unread ? markReadByStaff(shop, i.id) : Promise.resolve(),
  ]);
  const lastOrder = conversation.customer?.timeline.find((e) => e.kind === "order");
  const templateValues: TemplateVars = {
    locale: i.locale,
    customerLastName: conversation.customer?.lastName ?? null,
    customerFirstName: conversation.customer?.firstName ?? null,
    customerName: i.contactName,
    orderNumber: i.orderNumber ?? (lastOrder?.kind === "order" ? lastOrder.name : null),
    trackingUrl: null,
    shopName: conversation.shopName,
    agentName,
    inquiryNumber: i.number,
  };
  return {
    conversation,
    templateValues,
    similar: similar.map((s) => ({
      ...s,
      resolvedAt: s.resolvedAt?.toISOString() ?? null,
      reply: { ...s.reply, createdAt: s.reply.createdAt.toISOString() },
    })),
  };
}

/** The same customer's (or, for a guest, the same address's) other inquiries, newest first. */
async function previousInquiries(
  shop: string,
  inquiry: { id: string; customerShopifyId: string | null; contactEmail: string | null },
): Promise<PreviousInquiry[]> {
  const who: Prisma.InquiryWhereInput[] = [];
  if (inquiry.customerShopifyId) who.push({ customerShopifyId: inquiry.customerShopifyId });
  if (inquiry.contactEmail) who.push({ contactEmail: inquiry.contactEmail });
  if (who.length === 0) return [];
  const rows = await prisma.inquiry.findMany({
    where: { shop, id: { not: inquiry.id }, redactedAt: null, OR: who },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, number: true, subject: true, status: true, channel: true, createdAt: true },
  });
  return rows.map((r) => ({ id: r.id, number: r.number, subject: r.subject, status: r.status as InquiryStatus, channel: r.channel as Channel, at: r.createdAt.toISOString() }));
}

/** The customer's inquiries for the customer 360's timeline, newest first. */
export async function customerInquiries(shop: string, customerShopifyId: string, limit = 100) {
  const rows = await prisma.inquiry.findMany({
    where: { shop, customerShopifyId, redactedAt: null },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, number: true, subject: true, status: true, channel: true, createdAt: true },
  });
  return rows.map((r) => ({ id: r.id, number: r.number, subject: r.subject, status: r.status as InquiryStatus, channel: r.channel as Channel, at: r.createdAt.toISOString() }));
}

export type CustomerPick = { shopifyId: string; name: string; email: string | null; phone: string | null };

/** Customers for "log a call": name (kanji or kana), email or phone, as the customers index searches. */
export async function findCustomersForCall(shop: string, q: string): Promise<CustomerPick[]> {
  const text = q.trim().slice(0, 100);
  if (!text) return [];
  const page = await searchCustomers(shop, parseCustomerIndexQuery(new URLSearchParams({ q: text, sort: "name", dir: "asc" })));
  return page.rows.slice(0, 10).map((r) => ({ shopifyId: r.shopifyId, name: personName(r.firstName, r.lastName), email: r.email, phone: r.phone }));
}

/** The customer a call is logged for, with the contact details the inquiry copies. */
export async function customerForCall(shop: string, shopifyId: string): Promise<CustomerPick | null> {
  const c = await prisma.customer.findFirst({ where: { shop, shopifyId, deletedAt: null, redactedAt: null } });
  return c ? { shopifyId: c.shopifyId, name: personName(c.firstName, c.lastName), email: c.email, phone: c.phone } : null;
}

// ---- Inputs the inbox screens send (message keys under inbox.errors.*) ----

const idList = z
  .string()
  .transform((raw) => [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(40)).min(1, "inbox.errors.noneSelected").max(INBOX_PAGE_SIZE * 4, "inbox.errors.tooMany"));

export const BulkInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("assign"), ids: idList, assignee: z.string().max(40) }),
  z.object({ intent: z.literal("status"), ids: idList, status: z.enum(INQUIRY_STATUSES, "inbox.errors.status") }),
  z.object({ intent: z.literal("category"), ids: idList, category: z.string().max(40) }),
]);

export const MESSAGE_MAX = 10_000;
export const ReplyInput = z.object({
  body: z.string().trim().min(1, "inbox.errors.bodyEmpty").max(MESSAGE_MAX, "inbox.errors.bodyTooLong"),
  status: z.enum(INQUIRY_STATUSES, "inbox.errors.status"),
  templateId: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(40).optional()),
});
export const NoteInput = z.object({
  body: z.string().trim().min(1, "inbox.errors.bodyEmpty").max(MESSAGE_MAX, "inbox.errors.bodyTooLong"),
});

const optionalField = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(max, message).optional());

export const LogCallInput = z
  .object({
    channel: z.enum(["phone", "in_person"], "inbox.errors.channel"),
    customerId: optionalField(40, "inbox.errors.customer"),
    name: optionalField(100, "inbox.errors.nameTooLong"),
    email: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.email("inbox.errors.email").max(254, "inbox.errors.email").optional()),
    phone: optionalField(30, "inbox.errors.phone").refine((v) => v === undefined || /^[0-9+\-() ]{3,30}$/.test(v), "inbox.errors.phone"),
    subject: optionalField(200, "inbox.errors.subjectTooLong"),
    body: z.string().trim().min(1, "inbox.errors.bodyEmpty").max(MESSAGE_MAX, "inbox.errors.bodyTooLong"),
    category: optionalField(40, "inbox.errors.category"),
    orderNumber: optionalField(40, "inbox.errors.orderNumber"),
    locale: z.enum(["ja", "en"]).catch("ja"),
  })
  .refine((v) => Boolean(v.customerId || v.name || v.email || v.phone), { message: "inbox.errors.contactMissing", path: ["name"] });

export type FieldErrors = Partial<Record<string, string>>;

/** zod issues as {field: message key}, first issue per field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}
