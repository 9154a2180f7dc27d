/** The library reports topics as "CUSTOMERS_CREATE"; shopify.app.toml and Shopify's headers say "customers/create". */
const KNOWN = [
  "app/uninstalled",
  "app/scopes_update",
  "customers/create",
  "customers/update",
  "customers/delete",
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "checkouts/create",
  "checkouts/update",
  "bulk_operations/finish",
  "collections/create",
  "collections/update",
  "collections/delete",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type WebhookTopic = (typeof KNOWN)[number];

const byEnum = new Map<string, WebhookTopic>(KNOWN.map((t) => [t.replace("/", "_").toUpperCase(), t]));

export function normalizeTopic(topic: string): string {
  if (topic.includes("/")) return topic.toLowerCase();
  return byEnum.get(topic.toUpperCase()) ?? topic.toLowerCase().replace("_", "/");
}

export function isKnownTopic(topic: string): topic is WebhookTopic {
  return (KNOWN as readonly string[]).includes(topic);
}
