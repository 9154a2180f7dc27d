/**
 * Who a customer is to the compliance handlers, and whether a stored webhook payload mentions them. Rows that only
 * carry an email or phone (guest orders, abandoned checkouts, raw payloads) are found through those.
 */

export type CustomerIdentity = {
  shop: string;
  /** Numeric Shopify id, as text. */
  shopifyId: string;
  /** Every email known for the customer (from the webhook and the synced row), as written and lower-cased. */
  emails: string[];
  phones: string[];
  /** Orders Shopify named in the request (orders_requested / orders_to_redact). */
  orderIds: string[];
};

/** Builds an identity from the webhook's customer and whatever the app's Customer row adds. */
export function customerIdentity(
  shop: string,
  requested: { id: string; email: string | null; phone: string | null },
  stored: { email: string | null; phone: string | null } | null,
  orderIds: string[],
): CustomerIdentity {
  const emails = [requested.email, stored?.email].flatMap((e) => (e ? [e, e.toLowerCase()] : []));
  const phones = [requested.phone, stored?.phone].flatMap((p) => (p ? [p] : []));
  return { shop, shopifyId: requested.id, emails: [...new Set(emails)], phones: [...new Set(phones)], orderIds };
}

/** Webhook topics whose payloads can carry a customer's personal data. */
export const CUSTOMER_TOPIC_PREFIXES = ["customers/", "orders/", "checkouts/"] as const;

export function isCustomerTopic(topic: string): boolean {
  return CUSTOMER_TOPIC_PREFIXES.some((prefix) => topic.startsWith(prefix));
}

/** Substrings a payload must contain to possibly mention the customer: a cheap database prefilter. */
export function mentionNeedles(who: CustomerIdentity): string[] {
  return [who.shopifyId, ...who.emails, ...who.phones, ...who.orderIds];
}

const CUSTOMER_GID = "gid://shopify/Customer/";

/**
 * True when the parsed payload of a customers/*, orders/* or checkouts/* webhook is about this customer: its id
 * (as the customer itself, a nested `customer`, a `customer_id` or a Customer gid), one of the requested orders,
 * or any of their emails or phone numbers anywhere in it.
 */
export function payloadMentions(topic: string, payload: unknown, who: CustomerIdentity): boolean {
  if (!isCustomerTopic(topic)) return false;
  const emails = new Set(who.emails.map((e) => e.toLowerCase()));
  const phones = new Set(who.phones);
  const isCustomer = (value: unknown) => value !== null && value !== undefined && String(value) === who.shopifyId;
  if (payload && typeof payload === "object" && !Array.isArray(payload)) {
    const id = (payload as Record<string, unknown>).id;
    if (topic.startsWith("customers/") && isCustomer(id)) return true;
    if (topic.startsWith("orders/") && id !== undefined && who.orderIds.includes(String(id))) return true;
  }
  const visit = (value: unknown, key: string | null): boolean => {
    if (key === "customer_id" && isCustomer(value)) return true;
    if (typeof value === "string") {
      return emails.has(value.toLowerCase()) || phones.has(value) || value === `${CUSTOMER_GID}${who.shopifyId}`;
    }
    if (Array.isArray(value)) return value.some((item) => visit(item, null));
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (key === "customer" && isCustomer(record.id)) return true;
      return Object.entries(record).some(([k, v]) => visit(v, k));
    }
    return false;
  };
  return visit(payload, null);
}
