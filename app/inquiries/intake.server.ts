/**
 * Storefront inquiries through the app proxy: `POST /apps/tsunagu/inquiries` (DESIGN.md, issue 4 deliverables 1 and 8).
 *
 * Order of checks, cheapest refusal first and nothing stored before the last one: the proxy signature (400, checked
 * here exactly as authenticate.public.appProxy checks it), the method (405), the shop installed (404; an offline
 * session exists, remembered per process for a few seconds), the body size (413, from Content-Length and again while
 * reading), the rate limits per shop and per client address (429 with Retry-After), the fields (422, one message per
 * field). A filled honeypot answers 201 like a success and stores nothing. Then conversations.server.ts opens the
 * inquiry (openStorefrontInquiry: numbering, customer matching, triage, SLA, auto-reply in one grouped commit).
 *
 * Two doors, one path (ADR 017): the Remix route `proxy.inquiries` and, in production, server.js, which hands POSTs
 * straight from Node's request to receiveInquiryDelivery without Express's middleware and Remix's routing.
 */
import { randomBytes } from "node:crypto";
import type { TFunction } from "i18next";
import { supportSnapshot } from "./support-cache.server";
import { createI18n, type Locale, localeFromAcceptLanguage, toLocale } from "../i18n/i18n";
import { env } from "../env.server";
import { duringIntake } from "../worker/wake.server";
import { sessionStorage } from "../shopify.server";
import { clientAddress, storefrontLimiter } from "../storefront/rate-limit.server";
import { openStorefrontInquiry } from "./conversations.server";
import { verifyAppProxyQuery } from "./proxy-signature.server";
import { type FieldError, INQUIRY_MAX_BODY_BYTES, type InquirySubmission, parseInquirySubmission } from "./intake-form";

export type IntakeFailure =
  | { code: "method_not_allowed" }
  | { code: "not_installed" }
  | { code: "too_large" }
  | { code: "unsupported_type" }
  | { code: "rate_limited"; retryAfterSeconds: number }
  | { code: "invalid"; errors: FieldError[] };

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled intake failure: ${JSON.stringify(value)}`);
}

const translators = new Map<Locale, TFunction>();
function translator(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    t = createI18n(locale).t;
    translators.set(locale, t);
  }
  return t;
}

/** The shopper's language before the body is read: the proxied `locale` query parameter, then Accept-Language. */
function requestLocale(acceptLanguage: string | null, url: URL): Locale {
  return toLocale(url.searchParams.get("locale")) ?? localeFromAcceptLanguage(acceptLanguage) ?? "en";
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

/** The one place an intake failure becomes an HTTP answer, in the shopper's language. */
export function failureResponse(failure: IntakeFailure, locale: Locale): Response {
  const t = translator(locale);
  const formError = (key: string, vars?: Record<string, unknown>) => ({ errors: [{ field: "form", message: t(`inquiryForm.errors.${key}`, vars) }] });
  switch (failure.code) {
    case "method_not_allowed":
      return json(405, formError("methodNotAllowed"), { Allow: "POST" });
    case "not_installed":
      return json(404, formError("notAvailable"));
    case "too_large":
      return json(413, formError("tooLarge"));
    case "unsupported_type":
      return json(415, formError("unsupportedType"));
    case "rate_limited":
      return json(429, formError("rateLimited", { seconds: failure.retryAfterSeconds }), { "Retry-After": String(failure.retryAfterSeconds) });
    case "invalid":
      return json(422, { errors: failure.errors });
    default:
      return assertUnreachable(failure);
  }
}

export class TooLarge extends Error {}

/** The body as text, refusing (without reading on) once it passes `limit` bytes, whatever Content-Length claimed. */
async function readBodyWithin(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Form fields from a urlencoded or JSON body; repeated keys keep the first value; non-string JSON values are dropped. */
function fieldsOf(contentType: string, text: string): Record<string, string> | null {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const fields: Record<string, string> = {};
  if (type === "application/x-www-form-urlencoded") {
    for (const [key, value] of new URLSearchParams(text)) if (!(key in fields)) fields[key] = value;
    return fields;
  }
  if (type === "application/json") {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return null;
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) return null;
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      if (typeof value === "string") fields[key] = value;
      // pages_viewed may come as the list itself rather than its JSON text.
      else if (key === "pages_viewed" && Array.isArray(value)) fields[key] = JSON.stringify(value);
    }
    return fields;
  }
  return null;
}

/** A category the shop does not have (or archived) is dropped: triage decides instead. */
async function knownCategory(shop: string, key: string | null): Promise<string | null> {
  if (!key) return null;
  // From the per-process snapshot of the shop's desk settings (fresh within a second; ADR 017).
  const found = (await supportSnapshot(shop)).categories.get(key);
  return found && !found.archived ? found.key : null;
}

export type IntakeAccepted = { id: string; number: number };

/** A plausible answer for a bot that filled the honeypot: same shape as a real one, nothing stored. */
function decoyAnswer(): IntakeAccepted {
  return { id: `c${randomBytes(12).toString("hex").slice(0, 24)}`, number: 1001 + (randomBytes(2).readUInt16BE() % 9000) };
}

/** Opens the inquiry a storefront submission describes. */
export async function storeSubmission(shop: string, submission: InquirySubmission, customerId: string | null, fallback: Locale): Promise<IntakeAccepted> {
  const opened = await openStorefrontInquiry({
    shop,
    channel: "form",
    locale: submission.locale ?? fallback,
    contact: { name: submission.name, email: submission.email, phone: submission.phone },
    customerShopifyId: customerId,
    subject: submission.subject,
    body: submission.body,
    category: await knownCategory(shop, submission.category),
    orderNumber: submission.orderNumber,
    pageUrl: submission.pageUrl,
    pagesViewed: submission.pagesViewed,
  });
  return { id: opened.id, number: opened.number };
}

/** Installed shops seen lately (an offline session exists), per process: the hot path skips the session read. */
const INSTALLED_TTL_MS = 5_000;
const installedShops = new Map<string, number>();

async function shopInstalled(shop: string): Promise<boolean> {
  const seen = installedShops.get(shop);
  if (seen !== undefined && Date.now() - seen < INSTALLED_TTL_MS) return true;
  if (!shop) return false;
  const session = await sessionStorage.loadSession(`offline_${shop}`);
  // Not cached when absent: a shop that installs a moment later is served at once.
  if (!session) return false;
  installedShops.set(shop, Date.now());
  return true;
}

/** A proxied request, from a Web Request (the Remix route) or straight from Node's (server.js, ADR 017). */
export type ProxyDelivery = {
  method: string;
  url: URL;
  header(name: string): string | null;
  /** The body as text, or TooLarge once it passes `limit` bytes. */
  readBody(limit: number): Promise<string>;
};

/** Verified like every proxy request (a thrown 400 Response when not), then the shop must be installed. */
async function verifiedShop(delivery: ProxyDelivery): Promise<string | null> {
  if (!verifyAppProxyQuery(delivery.url, env().SHOPIFY_API_SECRET)) throw new Response(undefined, { status: 400, statusText: "Bad Request" });
  const shop = delivery.url.searchParams.get("shop") ?? "";
  return (await shopInstalled(shop)) ? shop : null;
}

/** GET (and any method but POST) on the endpoint: verified like every proxy request, then 405. */
export async function refuseStorefrontMethod(request: Request): Promise<Response> {
  await verifiedShop(fromRequest(request));
  return failureResponse({ code: "method_not_allowed" }, requestLocale(request.headers.get("accept-language"), new URL(request.url)));
}

function fromRequest(request: Request): ProxyDelivery {
  return { method: request.method, url: new URL(request.url), header: (name) => request.headers.get(name), readBody: (limit) => readBodyWithin(request, limit) };
}

/** The whole request: `201 {id, number}` or `4xx {errors: [{field, message}]}`. */
export async function receiveStorefrontInquiry(request: Request): Promise<Response> {
  try {
    const { status, headers, body } = await duringIntake(() => receiveInquiry(fromRequest(request)));
    return new Response(body, { status, headers });
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

export type ProxyAnswer = { status: number; headers: Record<string, string>; body: string | null };

/**
 * The same for a request read straight from Node's (server.js, ADR 017): the answer to send. A refused signature is
 * answered 400 without a body, as the library answers it.
 */
export async function receiveInquiryDelivery(delivery: ProxyDelivery): Promise<ProxyAnswer> {
  try {
    // Like a webhook burst, a burst of submissions has the in-process worker step back (app/worker/wake.server.ts).
    return await duringIntake(() => receiveInquiry(delivery));
  } catch (error) {
    if (error instanceof Response) return { status: error.status, headers: Object.fromEntries(error.headers), body: null };
    throw error;
  }
}

async function answer(response: Response): Promise<ProxyAnswer> {
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

async function receiveInquiry(delivery: ProxyDelivery): Promise<ProxyAnswer> {
  // Before anything else: a missing or tampered signature is answered 400 (a thrown Response, as the library does).
  const verified = await verifiedShop(delivery);
  const { url } = delivery;
  let locale = requestLocale(delivery.header("accept-language"), url);
  if (delivery.method !== "POST") return answer(failureResponse({ code: "method_not_allowed" }, locale));
  const shop = url.searchParams.get("shop") ?? "";
  if (!verified) return answer(failureResponse({ code: "not_installed" }, locale));

  const declared = Number(delivery.header("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > INQUIRY_MAX_BODY_BYTES) return answer(failureResponse({ code: "too_large" }, locale));
  const decision = storefrontLimiter("inquiry").take(shop, addressOf(delivery.header("x-forwarded-for")));
  if (!decision.allowed) return answer(failureResponse({ code: "rate_limited", retryAfterSeconds: decision.retryAfterSeconds }, locale));
  let text: string;
  try {
    text = await delivery.readBody(INQUIRY_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof TooLarge) return answer(failureResponse({ code: "too_large" }, locale));
    throw error;
  }

  const fields = fieldsOf(delivery.header("content-type") ?? "", text);
  if (!fields) return answer(failureResponse({ code: "unsupported_type" }, locale));
  // The storefront's language, sent with the form, wins over the headers for the messages.
  locale = toLocale(fields.locale) ?? locale;
  const outcome = parseInquirySubmission(fields, translator(locale));
  if (!outcome.ok) return answer(failureResponse({ code: "invalid", errors: outcome.errors }, locale));
  if (outcome.submission.isBot) return created(decoyAnswer());

  const customerParam = url.searchParams.get("logged_in_customer_id") ?? "";
  const customerId = /^\d{1,20}$/.test(customerParam) ? customerParam : null;
  return created(await storeSubmission(shop, outcome.submission, customerId, locale));
}

const created = (body: IntakeAccepted): ProxyAnswer => ({
  status: 201,
  headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  body: JSON.stringify(body),
});

/** The shopper's address as clientAddress reads it from X-Forwarded-For (the proxy's last hop). */
function addressOf(forwarded: string | null): string {
  return clientAddress(new Request("http://proxy.invalid", { headers: forwarded ? { "x-forwarded-for": forwarded } : {} }));
}
