/**
 * What the worker does with each recorded webhook. Handlers are idempotent and keep the newest data: an event older
 * than what the app already knows changes nothing.
 */
import { z } from "zod";
import prisma from "../db.server";
import { recordScopes, recordUninstall } from "../shops/shops.server";
import { isKnownTopic, type WebhookTopic } from "./topics";

export type StoredWebhook = {
  id: string;
  shop: string;
  topic: string;
  payload: string;
  triggeredAt: Date | null;
  receivedAt: Date;
};

/** processed: the app acted on it; skipped: nothing to do (stale, or no feature uses this topic yet). */
export type HandlerOutcome = { status: "processed" | "skipped"; note?: string };

const ScopesUpdatePayload = z.object({ current: z.array(z.string()), updated_at: z.string().optional() });

async function newerProcessedExists(webhook: StoredWebhook, when: Date): Promise<boolean> {
  const newer = await prisma.webhookEvent.count({
    where: { shop: webhook.shop, topic: webhook.topic, status: "processed", triggeredAt: { gt: when }, id: { not: webhook.id } },
  });
  return newer > 0;
}

export async function handleWebhook(webhook: StoredWebhook): Promise<HandlerOutcome> {
  const topic = webhook.topic;
  if (!isKnownTopic(topic)) return { status: "skipped", note: `unknown topic ${topic}` };
  const when = webhook.triggeredAt ?? webhook.receivedAt;
  switch (topic as WebhookTopic) {
    case "app/uninstalled": {
      const result = await recordUninstall(webhook.shop, when);
      return result === "stale" ? { status: "skipped", note: "reinstalled after this event" } : { status: "processed" };
    }
    case "app/scopes_update": {
      if (await newerProcessedExists(webhook, when)) return { status: "skipped", note: "a newer scopes update won" };
      const payload = ScopesUpdatePayload.parse(JSON.parse(webhook.payload));
      await recordScopes(webhook.shop, payload.current);
      return { status: "processed" };
    }
    // Recorded for the features that will use them (customer sync, compliance, bulk sync: the Customer 360 issue).
    case "customers/create":
    case "customers/update":
    case "customers/delete":
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
    case "checkouts/create":
    case "checkouts/update":
    case "bulk_operations/finish":
    case "customers/data_request":
    case "customers/redact":
    case "shop/redact":
      return { status: "skipped", note: "recorded; no handler yet" };
  }
}
