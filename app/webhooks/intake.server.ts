/**
 * Webhook intake: verify (HMAC over the raw body, before anything else), record once by webhook id, answer fast.
 * Processing happens in the worker, so Shopify's 5-second limit is never at risk.
 */
import { env } from "../env.server";
import { duringIntake, wakeWorker } from "../worker/wake.server";
import { recordWebhook } from "./event-store.server";
import { normalizeTopic } from "./topics";
import { verifyWebhook } from "./verify.server";

/** The whole of a webhook route: verify, record, wake the worker, answer 200. */
export function receiveWebhook(request: Request): Promise<Response> {
  return duringIntake(() => receive(request));
}

async function receive(request: Request): Promise<Response> {
  const webhook = await verifyWebhook(request, env().SHOPIFY_API_SECRET);
  const fresh = await recordWebhook({
    shop: webhook.shop,
    webhookId: webhook.webhookId,
    eventId: webhook.eventId,
    topic: normalizeTopic(webhook.topic),
    apiVersion: webhook.apiVersion,
    triggeredAt: webhook.triggeredAt,
    payload: webhook.payload,
  });
  if (fresh) wakeWorker("webhooks");
  return new Response(null, { status: 200 });
}
