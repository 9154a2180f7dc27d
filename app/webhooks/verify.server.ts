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

/** Returns the verified webhook or throws the Response to answer (405 not POST, 401 bad HMAC, 400 missing headers). */
export async function verifyWebhook(request: Request, secret: string): Promise<VerifiedWebhook> {
  if (request.method !== "POST") throw new Response(null, { status: 405, headers: { Allow: "POST" } });
  const headers = request.headers;
  const body = Buffer.from(await request.arrayBuffer());
  const signature = headers.get("x-shopify-hmac-sha256");
  if (!signature || !signatureMatches(body, signature, secret)) throw new Response(null, { status: 401 });
  const shop = headers.get("x-shopify-shop-domain") ?? "";
  const topic = headers.get("x-shopify-topic") ?? "";
  const webhookId = headers.get("x-shopify-webhook-id") ?? "";
  if (!SHOP_DOMAIN.test(shop) || !topic || !WEBHOOK_ID.test(webhookId)) throw new Response(null, { status: 400 });
  let payload: string;
  try {
    payload = JSON.stringify(JSON.parse(body.toString("utf8")));
  } catch {
    throw new Response(null, { status: 400 });
  }
  return {
    shop: shop.toLowerCase(),
    topic,
    webhookId,
    apiVersion: headers.get("x-shopify-api-version"),
    eventId: headers.get("x-shopify-event-id"),
    triggeredAt: parseDate(headers.get("x-shopify-triggered-at")),
    payload,
  };
}
