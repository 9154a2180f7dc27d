/**
 * Shopify's mandatory compliance webhooks (https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance),
 * called by the worker (app/webhooks/handlers.server.ts). Each is idempotent: a repeat changes nothing.
 */
import type { HandlerOutcome } from "../webhooks/types";
import { redactCustomer } from "./customer-redact.server";
import { exportCustomerData } from "./data-request.server";
import { CustomersDataRequestPayload, CustomersRedactPayload, ShopRedactPayload } from "./payloads";
import { redactShop } from "./shop-redact.server";

// The webhook's shop comes from the verified headers; a payload naming another shop is not acted on.
function otherShop(shop: string, payload: { shop_domain?: string }): HandlerOutcome | null {
  if (payload.shop_domain && payload.shop_domain !== shop) {
    return { status: "skipped", note: `payload names ${payload.shop_domain}, not ${shop}` };
  }
  return null;
}

/** customers/data_request: stores what the app holds about the customer for the merchant to download. */
export async function handleCustomerDataRequest(shop: string, payload: unknown): Promise<HandlerOutcome> {
  const parsed = CustomersDataRequestPayload.parse(payload);
  return otherShop(shop, parsed) ?? exportCustomerData(shop, parsed);
}

/** customers/redact: erases the customer's personal data from every table. */
export async function handleCustomerRedact(shop: string, payload: unknown): Promise<HandlerOutcome> {
  const parsed = CustomersRedactPayload.parse(payload);
  return otherShop(shop, parsed) ?? redactCustomer(shop, parsed);
}

/** shop/redact: deletes all of the shop's data. */
export async function handleShopRedact(shop: string, payload: unknown): Promise<HandlerOutcome> {
  const parsed = ShopRedactPayload.parse(payload);
  return otherShop(shop, parsed) ?? redactShop(shop);
}
