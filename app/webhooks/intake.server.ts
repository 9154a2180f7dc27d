/**
 * Webhook intake: verify (authenticate.webhook checks the HMAC before anything else), record once by webhook id,
 * answer fast. Processing happens in the worker, so Shopify's 5-second limit is never at risk.
 */
import prisma from "../db.server";
import { authenticate } from "../shopify.server";
import { wakeWorker } from "../worker/wake.server";
import { normalizeTopic } from "./topics";

export type RecordedWebhook = {
  shop: string;
  webhookId: string;
  eventId: string | null;
  topic: string;
  apiVersion: string | null;
  triggeredAt: Date | null;
  payload: string;
};

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** Records a verified webhook; a repeat of the same webhook id is a no-op. Returns whether it was new. */
export async function recordWebhook(webhook: RecordedWebhook): Promise<boolean> {
  try {
    await prisma.webhookEvent.create({ data: webhook });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

function parseDate(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The whole of a webhook route: verify, record, wake the worker, answer 200. */
export async function receiveWebhook(request: Request): Promise<Response> {
  const headers = request.headers;
  const { shop, topic, payload, webhookId, apiVersion } = await authenticate.webhook(request);
  const fresh = await recordWebhook({
    shop,
    webhookId,
    eventId: headers.get("x-shopify-event-id"),
    topic: normalizeTopic(topic),
    apiVersion: apiVersion ?? null,
    triggeredAt: parseDate(headers.get("x-shopify-triggered-at")),
    payload: JSON.stringify(payload),
  });
  if (fresh) wakeWorker();
  return new Response(null, { status: 200 });
}
