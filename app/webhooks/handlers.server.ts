/**
 * What the worker does with each recorded webhook. Handlers are idempotent and keep the newest data: an event older
 * than what the app already knows changes nothing.
 */
import { z } from "zod";
import {
  handleCustomerDataRequest,
  handleCustomerRedact,
  handleShopRedact,
} from "../compliance/compliance.server";
import prisma from "../db.server";
import { recordScopes, recordUninstall } from "../shops/shops.server";
import { applyCollectionWebhook } from "../sync/collections.server";
import { handleBulkOperationFinish } from "../sync/initial-sync.server";
import { applyCheckoutWebhook, applyCustomerWebhook, applyOrderWebhook } from "../sync/webhook-sync.server";
import { isKnownTopic, type WebhookTopic } from "./topics";
import type { HandlerOutcome } from "./types";

export type { HandlerOutcome };

export type StoredWebhook = {
  id: string;
  shop: string;
  topic: string;
  payload: string;
  triggeredAt: Date | null;
  receivedAt: Date;
};

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
    case "customers/create":
    case "customers/update":
    case "customers/delete":
      return applyCustomerWebhook(webhook.shop, topic, JSON.parse(webhook.payload), when);
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      return applyOrderWebhook(webhook.shop, topic, JSON.parse(webhook.payload), when);
    case "checkouts/create":
    case "checkouts/update":
      return applyCheckoutWebhook(webhook.shop, topic, JSON.parse(webhook.payload), when);
    case "bulk_operations/finish":
      return handleBulkOperationFinish(webhook.shop, JSON.parse(webhook.payload));
    case "collections/create":
    case "collections/update":
    case "collections/delete":
      return applyCollectionWebhook(webhook.shop, topic, JSON.parse(webhook.payload));
    case "customers/data_request":
      return handleCustomerDataRequest(webhook.shop, JSON.parse(webhook.payload));
    case "customers/redact":
      return handleCustomerRedact(webhook.shop, JSON.parse(webhook.payload));
    case "shop/redact":
      return handleShopRedact(webhook.shop, JSON.parse(webhook.payload));
  }
}
