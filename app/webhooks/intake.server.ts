/**
 * Webhook intake: verify (HMAC over the raw body, before anything else), record once by webhook id, answer fast.
 * Processing happens in the worker, so Shopify's 5-second limit is never at risk.
 *
 * Two doors, one path: the Remix routes `webhooks.*` export `webhookAction`; the production server (server.js) finds
 * those routes by that export and hands their POSTs to `receiveDelivery` straight from Node's request, without
 * Express's static files, compression and Remix's routing (about half the CPU of a webhook; ADR 007).
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { env } from "../env.server";
import { duringIntake, wakeWorker } from "../worker/wake.server";
import { recordWebhook } from "./event-store.server";
import { normalizeTopic } from "./topics";
import { rejectionResponse, verifyDelivery, verifyWebhook, type WebhookDelivery, WebhookRejected } from "./verify.server";
import type { VerifiedWebhook } from "./verify.server";

/** The whole of a webhook route: verify, record, wake the worker, answer 200. */
export function receiveWebhook(request: Request): Promise<Response> {
  return duringIntake(async () => {
    await record(await verifyWebhook(request, env().SHOPIFY_API_SECRET));
    return new Response(null, { status: 200 });
  });
}

/** The action of every webhook route (server.js recognises the routes by it). */
export const webhookAction = ({ request }: ActionFunctionArgs): Promise<Response> => receiveWebhook(request);

/** The same as receiveWebhook for a delivery read straight from Node's request: the status to answer and its headers. */
export function receiveDelivery(delivery: WebhookDelivery): Promise<{ status: number; headers: Record<string, string> }> {
  return duringIntake(async () => {
    try {
      await record(verifyDelivery(delivery, env().SHOPIFY_API_SECRET));
      return { status: 200, headers: {} };
    } catch (error) {
      if (!(error instanceof WebhookRejected)) throw error;
      return { status: error.status, headers: Object.fromEntries(rejectionResponse(error).headers) };
    }
  });
}

async function record(webhook: VerifiedWebhook): Promise<void> {
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
}
