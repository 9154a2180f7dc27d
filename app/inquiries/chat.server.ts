/**
 * The storefront chat widget's server side (issue 4, deliverable 2), behind the app proxy at /apps/tsunagu/chat*.
 * Every request is verified (authenticate.public.appProxy) and rate limited before anything else; bodies are capped.
 * Conversations are written only through conversations.server.ts; this module reads them for the widget.
 *
 * Transport (docs/decisions/013-chat-transport.md): long-poll. A poll holds at most LONG_POLL_MAX_MS; it is woken in
 * this process by conversations.server's inquiryEvents and otherwise finds new messages with a short database check
 * every CHECK_EVERY_MS, so it works the same with several app processes.
 */
import { z } from "zod";
import prisma from "../db.server";
import { createI18n, type Locale, localeFromAcceptLanguage, toLocale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import { clientAddress, createTokenBucketLimiter, storefrontLimiter } from "../storefront/rate-limit.server";
import {
  appendShopperMessage,
  findInquiryByChatToken,
  type InquiryEvent,
  inquiryEvents,
  markReadByShopper,
  openInquiry,
} from "./conversations.server";
import { suggestFaq } from "./faq.server";
import { businessStatusAt } from "./business-hours";
import { businessStatus, loadBusinessCalendar } from "./sla.server";

/** The longest a poll is held: well under the app proxy's and load balancers' request timeouts. */
export const LONG_POLL_MAX_MS = 8_000;
/** How often a held poll looks in the database (replies written by another app process). */
export const CHECK_EVERY_MS = 250;
/** The largest request body the widget sends (a message of MAX_BODY characters plus the pages viewed). */
export const MAX_REQUEST_BYTES = 24_000;
export const MAX_BODY = 2_000;
const MAX_PAGES = 20;

export type ChatMessageView = { id: string; author: "shopper" | "agent"; name: string | null; body: string; at: string };

export type ChatContext = { shop: string; customerShopifyId: string | null; locale: Locale; client: string };

export type ChatErrorCode = "invalid" | "too_large" | "rate_limited" | "not_installed" | "method";

/** A failure the widget can show: field messages are in the shopper's language. */
export class ChatError extends Error {
  constructor(
    readonly code: ChatErrorCode,
    readonly errors: Array<{ field: string; message: string }> = [],
    readonly retryAfterSeconds = 0,
  ) {
    super(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled chat error: ${String(value)}`);
}

/** The one place chat error codes become HTTP answers. */
export function chatErrorResponse(error: ChatError): Response {
  switch (error.code) {
    case "invalid":
      return Response.json({ errors: error.errors }, { status: 400 });
    case "too_large":
      return Response.json({ errors: error.errors }, { status: 413 });
    case "rate_limited":
      return Response.json({ errors: error.errors }, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
    case "not_installed":
      return Response.json({ errors: [] }, { status: 404 });
    case "method":
      return new Response(null, { status: 405, headers: { Allow: "POST" } });
    default:
      return assertUnreachable(error.code);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Waking held polls

/** Resolves at the next message in this conversation written by this process, after `ms`, or on abort. */
function nextWake(shop: string, inquiryId: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (event: InquiryEvent) => {
      if (event.shop === shop && event.inquiryId === inquiryId) done();
    };
    const done = () => {
      clearTimeout(timer);
      inquiryEvents.off("message", onMessage);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    inquiryEvents.on("message", onMessage);
    signal?.addEventListener("abort", done, { once: true });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Request edge: verification, limits, parsing

const sendLimiter = createTokenBucketLimiter({
  shop: { capacity: 2_000, refillPerSecond: 200 },
  // A person types: a burst of 10 messages, then one every 2 s.
  client: { capacity: 10, refillPerSecond: 0.5 },
});

function t(locale: Locale) {
  return createI18n(locale).t;
}

/** Verifies the app-proxy signature first, then who and where the shopper is. */
export async function chatContext(request: Request): Promise<ChatContext> {
  const { session } = await authenticate.public.appProxy(request);
  const url = new URL(request.url);
  const locale = toLocale(url.searchParams.get("locale")) ?? localeFromAcceptLanguage(request.headers.get("accept-language")) ?? "ja";
  if (!session) throw new ChatError("not_installed");
  const customer = url.searchParams.get("logged_in_customer_id") ?? "";
  return {
    shop: session.shop,
    customerShopifyId: /^\d{1,20}$/.test(customer) ? customer : null,
    locale,
    client: clientAddress(request),
  };
}

function limit(ctx: ChatContext, kind: "poll" | "send"): void {
  const decision = kind === "send" ? sendLimiter.take(ctx.shop, ctx.client) : storefrontLimiter("chat").take(ctx.shop, ctx.client);
  if (!decision.allowed) {
    throw new ChatError("rate_limited", [{ field: "form", message: t(ctx.locale)("chat.errors.rateLimited") }], decision.retryAfterSeconds);
  }
}

/** Reads a JSON body of at most MAX_REQUEST_BYTES, whatever Content-Length claims. */
async function readJson(request: Request, locale: Locale): Promise<unknown> {
  const tooLarge = () => new ChatError("too_large", [{ field: "form", message: t(locale)("chat.errors.tooLarge") }]);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REQUEST_BYTES) throw tooLarge();
  if (!request.body) return {};
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_REQUEST_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ChatError("invalid", [{ field: "form", message: t(locale)("chat.errors.invalid") }]);
  }
}

/** The secret the widget keeps in localStorage (base64url of 32 random bytes, or whatever openInquiry hands out). */
const Token = z.string().trim().min(16).max(200).regex(/^[A-Za-z0-9_-]+$/);

const PageViewInput = z.object({
  url: z.string().max(2_048),
  title: z.string().max(300).optional(),
  at: z.string().max(40).optional(),
});

const SendInput = z.object({
  token: Token.optional(),
  body: z.string().trim().min(1).max(MAX_BODY),
  name: z.string().trim().max(100).optional(),
  email: z.union([z.literal(""), z.email().max(254)]).optional(),
  pageUrl: z.string().max(2_048).optional(),
  pagesViewed: z.array(PageViewInput).max(MAX_PAGES).optional(),
});

const PollInput = z.object({
  token: Token,
  since: z.number().int().min(0).max(100_000).default(0),
  wait: z.boolean().default(false),
  read: z.boolean().default(false),
});

const TokenInput = z.object({ token: Token });

const FIELD_MESSAGES: Record<string, string> = {
  body: "chat.errors.body",
  name: "chat.errors.name",
  email: "chat.errors.email",
  token: "chat.errors.invalid",
};

function parse<T>(schema: z.ZodType<T>, input: unknown, locale: Locale): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const tr = t(locale);
  const fields = new Set(result.error.issues.map((issue) => String(issue.path[0] ?? "form")));
  throw new ChatError(
    "invalid",
    [...fields].map((field) => ({ field, message: tr(FIELD_MESSAGES[field] ?? "chat.errors.invalid") })),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Domain

async function inquiryForToken(shop: string, token: string): Promise<{ id: string } | null> {
  const found = await findInquiryByChatToken(shop, token);
  return found ? { id: found.id } : null;
}

const VISIBLE = { OR: [{ author: { in: ["shopper", "agent"] } }, { origin: "auto_reply" }] };

async function visibleCount(shop: string, inquiryId: string): Promise<number> {
  return prisma.inquiryMessage.count({ where: { shop, inquiryId, ...VISIBLE } });
}

async function visibleMessages(shop: string, inquiryId: string, skip: number): Promise<ChatMessageView[]> {
  const rows = await prisma.inquiryMessage.findMany({
    where: { shop, inquiryId, ...VISIBLE },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    skip,
    take: 200,
    select: { id: true, author: true, authorName: true, body: true, createdAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    author: row.author === "shopper" ? "shopper" : "agent",
    // Staff are shown by first name only; the shopper's own name is not echoed back.
    name: row.author === "shopper" ? null : (row.authorName?.split(/\s+/)[0] ?? null),
    body: row.body,
    at: row.createdAt.toISOString(),
  }));
}

/** `timeZone` is the desk's (the shop's): the widget shows the next opening in it, whatever the shopper's clock says. */
export type ChatStatus = { open: boolean; nextOpenAt: string | null; timeZone: string; loggedIn: boolean };

/** Whether someone is there to answer now, for the widget's opening notice. */
export async function chatStatus(ctx: ChatContext, at = new Date()): Promise<ChatStatus> {
  const calendar = await loadBusinessCalendar(ctx.shop);
  const status = businessStatusAt(calendar, at);
  return {
    open: status.open,
    timeZone: calendar.timeZone,
    nextOpenAt: status.nextOpenAt ? new Date(status.nextOpenAt).toISOString() : null,
    loggedIn: ctx.customerShopifyId !== null,
  };
}

export type ConversationView = { messages: ChatMessageView[]; total: number; unread: number; status: string; known: boolean };

const UNKNOWN: ConversationView = { messages: [], total: 0, unread: 0, status: "resolved", known: false };

/**
 * Messages after the first `since` the widget already has. With `wait`, holds until there is something new or
 * LONG_POLL_MAX_MS passed. With `read`, the open widget says it shows its `since` messages: when that is all of them,
 * the unread count is cleared. Messages returned by this poll count as read only when the next poll says so, because
 * a widget closed meanwhile never receives them (the app is not told that a proxied request was abandoned).
 */
export async function pollConversation(
  ctx: ChatContext,
  input: { token: string; since: number; wait: boolean; read: boolean },
  signal?: AbortSignal,
): Promise<ConversationView> {
  const inquiry = await inquiryForToken(ctx.shop, input.token);
  if (!inquiry) return UNKNOWN;
  let total = await visibleCount(ctx.shop, inquiry.id);
  if (input.read && total <= input.since) await markReadByShopper(ctx.shop, inquiry.id);
  if (input.wait && total <= input.since) {
    const deadline = Date.now() + LONG_POLL_MAX_MS;
    while (total <= input.since && Date.now() < deadline && !signal?.aborted) {
      await nextWake(ctx.shop, inquiry.id, Math.min(CHECK_EVERY_MS, deadline - Date.now()), signal);
      total = await visibleCount(ctx.shop, inquiry.id);
    }
  }
  const messages = total > input.since ? await visibleMessages(ctx.shop, inquiry.id, input.since) : [];
  const row = await prisma.inquiry.findFirst({ where: { shop: ctx.shop, id: inquiry.id }, select: { status: true, shopperUnread: true } });
  return { messages, total: input.since + messages.length, unread: row?.shopperUnread ?? 0, status: row?.status ?? "resolved", known: true };
}

/** The launcher's badge: staff replies the shopper has not seen. */
export async function unreadCount(ctx: ChatContext, token: string): Promise<{ unread: number; known: boolean }> {
  const inquiry = await inquiryForToken(ctx.shop, token);
  if (!inquiry) return { unread: 0, known: false };
  const row = await prisma.inquiry.findFirst({ where: { shop: ctx.shop, id: inquiry.id }, select: { shopperUnread: true } });
  return { unread: row?.shopperUnread ?? 0, known: true };
}

export type SendResult = { token: string | null; created: boolean; messageId: string | null };

/**
 * A shopper's message: the first one opens a chat inquiry (which hands out the widget's token), later ones join it.
 * Outside business hours a guest must leave an email address for the answer.
 */
export async function sendChatMessage(ctx: ChatContext, input: z.infer<typeof SendInput>, at = new Date()): Promise<SendResult> {
  const existing = input.token ? await inquiryForToken(ctx.shop, input.token) : null;
  if (existing) {
    const message = await appendShopperMessage({
      shop: ctx.shop,
      inquiryId: existing.id,
      body: input.body,
      channel: "chat",
      contactEmail: input.email || null,
      receivedAt: at,
    });
    return { token: input.token ?? null, created: false, messageId: message.id };
  }
  const email = input.email || undefined;
  if (!email && !ctx.customerShopifyId) {
    const status = await businessStatus(ctx.shop, at);
    if (!status.open) throw new ChatError("invalid", [{ field: "email", message: t(ctx.locale)("chat.errors.emailClosed") }]);
  }
  const opened = await openInquiry({
    shop: ctx.shop,
    channel: "chat",
    chat: true,
    locale: ctx.locale,
    contact: { name: input.name || undefined, email },
    customerShopifyId: ctx.customerShopifyId ?? undefined,
    body: input.body,
    pageUrl: input.pageUrl || undefined,
    pagesViewed: input.pagesViewed,
    receivedAt: at,
  });
  return { token: opened.chatToken, created: true, messageId: null };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP handlers (the proxy.chat* routes call these and nothing else)

async function handle(request: Request, run: (ctx: ChatContext) => Promise<Response>): Promise<Response> {
  try {
    const ctx = await chatContext(request);
    return await run(ctx);
  } catch (error) {
    if (error instanceof ChatError) return chatErrorResponse(error);
    throw error;
  }
}

const noStore = { "Cache-Control": "no-store" };

/** GET /apps/tsunagu/chat: business hours and whether the shopper is logged in. */
export function handleChatStatus(request: Request): Promise<Response> {
  return handle(request, async (ctx) => {
    limit(ctx, "poll");
    return Response.json(await chatStatus(ctx), { headers: noStore });
  });
}

/** POST /apps/tsunagu/chat: send a message (opens the conversation on the first one). */
export function handleChatSend(request: Request): Promise<Response> {
  return handle(request, async (ctx) => {
    if (request.method !== "POST") throw new ChatError("method");
    limit(ctx, "send");
    const input = parse(SendInput, await readJson(request, ctx.locale), ctx.locale);
    const result = await sendChatMessage(ctx, input);
    return Response.json({ token: result.token, created: result.created }, { status: result.created ? 201 : 200, headers: noStore });
  });
}

/** POST /apps/tsunagu/chat/messages: new messages (long-poll with `wait`). */
export function handleChatPoll(request: Request): Promise<Response> {
  return handle(request, async (ctx) => {
    if (request.method !== "POST") throw new ChatError("method");
    limit(ctx, "poll");
    const input = parse(PollInput, await readJson(request, ctx.locale), ctx.locale);
    return Response.json(await pollConversation(ctx, input, request.signal), { headers: noStore });
  });
}

/** POST /apps/tsunagu/chat/unread: the launcher's badge count. */
export function handleChatUnread(request: Request): Promise<Response> {
  return handle(request, async (ctx) => {
    if (request.method !== "POST") throw new ChatError("method");
    limit(ctx, "poll");
    const input = parse(TokenInput, await readJson(request, ctx.locale), ctx.locale);
    return Response.json(await unreadCount(ctx, input.token), { headers: noStore });
  });
}

/** GET /apps/tsunagu/chat/faq?q=: answers the merchant wrote that match what the shopper is typing. */
export function handleChatFaq(request: Request): Promise<Response> {
  return handle(request, async (ctx) => {
    limit(ctx, "poll");
    const q = new URL(request.url).searchParams.get("q") ?? "";
    if (q.length > MAX_BODY) throw new ChatError("too_large", [{ field: "body", message: t(ctx.locale)("chat.errors.body") }]);
    const suggestions = await suggestFaq(ctx.shop, ctx.locale, q);
    return Response.json({ suggestions: suggestions.map(({ id, question, answer }) => ({ id, question, answer })) }, { headers: noStore });
  });
}
