/** App lifecycle and privacy requests: uninstall and the mandatory compliance webhooks. */
import crypto from "node:crypto";
import type { DevstoreContext } from "../types";
import {
  customersDataRequestPayload,
  customersRedactPayload,
  shopPayload,
  shopRedactPayload,
} from "../webhooks/payloads";
import { invalid } from "./errors";
import { requireCustomer, requireShop } from "./shops";

/**
 * The merchant uninstalls the app: app/uninstalled is sent, the shop's access tokens stop working and the app's
 * shop-specific webhook subscriptions are removed, as on Shopify.
 */
export function uninstallApp(ctx: DevstoreContext, shop: string): void {
  ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    ctx.webhooks.emit({ shop, topic: "app/uninstalled", payload: shopPayload(s) });
    ctx.db.prepare("DELETE FROM access_tokens WHERE shop = ?").run(shop);
    ctx.db.prepare("DELETE FROM webhook_subscriptions WHERE shop = ?").run(shop);
  })();
}

export type ComplianceTopic = "customers/data_request" | "customers/redact" | "shop/redact";

function orderIdsOf(ctx: DevstoreContext, shop: string, customerId: number): number[] {
  const rows = ctx.db
    .prepare("SELECT id FROM orders WHERE shop = ? AND customer_id = ? ORDER BY processed_at, id")
    .all(shop, customerId) as { id: number }[];
  return rows.map((r) => r.id);
}

/** Sends one of the mandatory compliance webhooks, as Shopify does on a customer's or merchant's request. */
export function requestCompliance(ctx: DevstoreContext, shop: string, topic: ComplianceTopic, customerId?: number): void {
  const s = requireShop(ctx.db, shop);
  if (topic === "shop/redact") {
    ctx.webhooks.emit({ shop, topic, payload: shopRedactPayload(s) });
    return;
  }
  if (customerId === undefined) throw invalid(`${topic} needs a customerId`, "customerId");
  const c = requireCustomer(ctx.db, shop, customerId);
  const who = { id: c.id, email: c.email, phone: c.phone };
  const orders = orderIdsOf(ctx, shop, c.id);
  const payload =
    topic === "customers/data_request"
      ? customersDataRequestPayload(s, who, orders, crypto.randomInt(1_000_000, 10_000_000))
      : customersRedactPayload(s, who, orders);
  ctx.webhooks.emit({ shop, topic, payload });
}
