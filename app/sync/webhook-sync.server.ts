/**
 * Incremental sync: customers, orders and checkouts webhooks, applied by the worker through the shared writers
 * (./records.server.ts), so repeats and reordering never roll data back. A payload that fails validation throws:
 * the worker retries it and finally marks it failed, and nothing is half-written.
 */
import { recomputeCustomerClasses } from "../analytics/recompute.server";
import type { HandlerOutcome } from "../webhooks/types";
import { markCustomerDeleted, upsertCheckouts, upsertCustomers, upsertOrders } from "./records.server";
import { parseCheckoutPayload, parseCustomerDeletePayload, parseCustomerPayload, parseOrderPayload } from "./rest-payloads";

const STALE: HandlerOutcome = { status: "skipped", note: "not newer than the stored record" };

/**
 * REST payloads give `updated_at` to the second, so two changes within one second (a customer created, then tagged)
 * would tie and the later one be dropped. X-Shopify-Triggered-At names the same event to the millisecond (or finer);
 * when it falls inside that second it is the sharper version of the same time, so it orders the two.
 */
export function eventVersion(updatedAt: Date, triggeredAt: Date): Date {
  const gap = triggeredAt.getTime() - updatedAt.getTime();
  return gap >= 0 && gap < 1000 ? triggeredAt : updatedAt;
}

/** customers/create, customers/update, customers/delete. */
export async function applyCustomerWebhook(
  shop: string,
  topic: string,
  payload: unknown,
  triggeredAt: Date,
): Promise<HandlerOutcome> {
  if (topic === "customers/delete") {
    const { shopifyId } = parseCustomerDeletePayload(payload);
    await markCustomerDeleted(shop, shopifyId, triggeredAt);
    return { status: "processed" };
  }
  const row = parseCustomerPayload(payload, triggeredAt);
  row.shopifyUpdatedAt = eventVersion(row.shopifyUpdatedAt, triggeredAt);
  const { written } = await upsertCustomers(shop, [row]);
  return written > 0 ? { status: "processed" } : STALE;
}

export type CustomerEvent = { payload: unknown; triggeredAt: Date };

/**
 * Several customers/create and customers/update webhooks of one shop in one write (the worker groups consecutive
 * ones from a claimed batch): one transaction instead of one per webhook. Per event, in order: its outcome, or the
 * error that makes it retry alone (a payload that fails validation fails only its own event). Two versions of one
 * customer in the group: the newer is written, the older skipped, as if they had come one after the other.
 */
export async function applyCustomerWebhooks(shop: string, events: CustomerEvent[]): Promise<Array<HandlerOutcome | Error>> {
  const parsed = events.map(({ payload, triggeredAt }) => {
    try {
      const row = parseCustomerPayload(payload, triggeredAt);
      row.shopifyUpdatedAt = eventVersion(row.shopifyUpdatedAt, triggeredAt);
      return row;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
  const rows = parsed.filter((row): row is Exclude<typeof row, Error> => !(row instanceof Error));
  const { writtenIds } = await upsertCustomers(shop, rows);
  // The version that was written is the newest of its id in the group (upsertCustomers keeps that one).
  const newest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const seen = newest.get(row.shopifyId);
    if (!seen || seen.shopifyUpdatedAt < row.shopifyUpdatedAt) newest.set(row.shopifyId, row);
  }
  return parsed.map((row) => {
    if (row instanceof Error) return row;
    return writtenIds.has(row.shopifyId) && newest.get(row.shopifyId) === row ? { status: "processed" } : STALE;
  });
}

/** orders/create, orders/updated, orders/cancelled; the buyer's facts are recomputed by the writer. */
export async function applyOrderWebhook(
  shop: string,
  _topic: string,
  payload: unknown,
  triggeredAt: Date,
): Promise<HandlerOutcome> {
  const row = parseOrderPayload(payload, triggeredAt);
  row.shopifyUpdatedAt = eventVersion(row.shopifyUpdatedAt, triggeredAt);
  const { written } = await upsertOrders(shop, [row]);
  if (written > 0 && row.customerShopifyId) await recomputeCustomerClasses(shop, [row.customerShopifyId]);
  return written > 0 ? { status: "processed" } : STALE;
}

/** checkouts/create, checkouts/update. */
export async function applyCheckoutWebhook(
  shop: string,
  _topic: string,
  payload: unknown,
  triggeredAt: Date,
): Promise<HandlerOutcome> {
  const row = parseCheckoutPayload(payload, triggeredAt);
  row.shopifyUpdatedAt = eventVersion(row.shopifyUpdatedAt, triggeredAt);
  const { written } = await upsertCheckouts(shop, [row]);
  return written > 0 ? { status: "processed" } : STALE;
}
