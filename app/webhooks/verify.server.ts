/**
 * Verifies a webhook the way Shopify signs it, before anything else is done with it: POST only, the HMAC-SHA256 of
 * the raw body with the app's secret (base64, `X-Shopify-Hmac-Sha256`) compared in constant time, and the headers
 * every Shopify webhook carries. Same answers as `authenticate.webhook` (405, 401, 400), without its offline-session
 * lookup, which intake does not need (the worker loads sessions when a handler calls Shopify) and which cost a
 * database query per delivery.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type VerifiedWebhook = {
  shop: string;
  topic: string;
  webhookId: string;
  apiVersion: string | null;
  eventId: string | null;
  triggeredAt: Date | null;
  /** The body re-serialised compactly (JSON.stringify), so stored payloads have one spelling for compliance searches. */
  payload: string;
};

const SHOP_DOMAIN = /^[a-zA-Z0-9][a-zA-Z0-9-]*\.myshopify\.(com|io)$/;
// Shopify's ids are UUIDs or numbers; anything longer or stranger is not from Shopify.
const WEBHOOK_ID = /^[A-Za-z0-9_:.-]{1,100}$/;

function parseDate(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function signatureMatches(rawBody: Buffer, signature: string, secret: string): boolean {
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A delivery as it arrived: the method, a header reader (names in lower case) and the raw body. */
export type WebhookDelivery = {
  method: string;
  header(name: string): string | null;
  body: Buffer;
};

/** Why a delivery was refused: 405 not POST, 401 bad HMAC, 400 missing or malformed headers or body. */
export class WebhookRejected extends Error {
  constructor(readonly status: 400 | 401 | 405) {
    super(`webhook rejected with ${status}`);
  }
}

/** Returns the verified webhook or throws WebhookRejected. */
export function verifyDelivery(delivery: WebhookDelivery, secret: string): VerifiedWebhook {
  if (delivery.method !== "POST") throw new WebhookRejected(405);
  const { header, body } = delivery;
  const signature = header("x-shopify-hmac-sha256");
  if (!signature || !signatureMatches(body, signature, secret)) throw new WebhookRejected(401);
  const shop = header("x-shopify-shop-domain") ?? "";
  const topic = header("x-shopify-topic") ?? "";
  const webhookId = header("x-shopify-webhook-id") ?? "";
  if (!SHOP_DOMAIN.test(shop) || !topic || !WEBHOOK_ID.test(webhookId)) throw new WebhookRejected(400);
  let payload: string;
  try {
    payload = JSON.stringify(JSON.parse(body.toString("utf8")));
  } catch {
    throw new WebhookRejected(400);
  }
  return {
    shop: shop.toLowerCase(),
    topic,
    webhookId,
    apiVersion: header("x-shopify-api-version"),
    eventId: header("x-shopify-event-id"),
    triggeredAt: parseDate(header("x-shopify-triggered-at")),
    payload,
  };
}

/** The answer to a refused delivery, as Shopify expects it. */
export function rejectionResponse(rejection: WebhookRejected): Response {
  return new Response(null, { status: rejection.status, headers: rejection.status === 405 ? { Allow: "POST" } : undefined });
}

/** Returns the verified webhook or throws the Response to answer (405 not POST, 401 bad HMAC, 400 missing headers). */
export async function verifyWebhook(request: Request, secret: string): Promise<VerifiedWebhook> {
  const body = request.method === "POST" ? Buffer.from(await request.arrayBuffer()) : Buffer.alloc(0);
  try {
    return verifyDelivery({ method: request.method, header: (name) => request.headers.get(name), body }, secret);
  } catch (error) {
    throw error instanceof WebhookRejected ? rejectionResponse(error) : error;
  }
}
