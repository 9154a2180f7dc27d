/**
 * customers/redact: erases one customer's personal data everywhere the app keeps it. Amounts stay for the merchant's
 * accounting (as Shopify keeps them); the Customer row stays as a tombstone with `redactedAt` so a late webhook or
 * sync cannot bring the data back (the sync skips rows with `redactedAt`).
 */
import { z } from "zod";
import prisma from "../db.server";
import type { HandlerOutcome } from "../webhooks/types";
import { checkoutsWhere, inquiriesWhere, ordersWhere, webhookEventsMentioning, type DbClient } from "./customer-data.server";
import { customerIdentity, type CustomerIdentity } from "./mentions";
import type { CustomersRedactPayload } from "./payloads";

/** What replaces a stored webhook payload that mentioned a redacted customer. */
export const REDACTED_PAYLOAD = JSON.stringify({ redacted: true });

// Only product facts survive in a redacted checkout's line items; anything else (custom properties) is dropped.
const CheckoutLine = z.object({
  title: z.string().nullish(),
  variantTitle: z.string().nullish(),
  quantity: z.number().nullish(),
  unitPrice: z.union([z.string(), z.number()]).nullish(),
  productShopifyId: z.string().nullish(),
  variantShopifyId: z.string().nullish(),
});

export function redactCheckoutLines(lineItems: string): string {
  try {
    const parsed = z.array(CheckoutLine).safeParse(JSON.parse(lineItems));
    return parsed.success ? JSON.stringify(parsed.data) : "[]";
  } catch {
    return "[]";
  }
}

const ERASED_PROFILE = {
  firstName: null,
  lastName: null,
  nameKana: null,
  email: null,
  phone: null,
  locale: null,
  note: null,
  tags: "",
  addresses: "[]",
  provinceCode: null,
  countryCode: null,
  zip: null,
  marketingState: null,
  marketingOptInLevel: null,
  marketingConsentUpdatedAt: null,
} as const;

async function eraseEverywhere(db: DbClient, who: CustomerIdentity, now: Date) {
  const { shop, shopifyId } = who;
  const customerKey = { shop_shopifyId: { shop, shopifyId } };
  const existing = await db.customer.findUnique({ where: customerKey, select: { redactedAt: true } });
  await db.customerTag.deleteMany({ where: { shop, customerShopifyId: shopifyId } });
  await db.customer.upsert({
    where: customerKey,
    update: { ...ERASED_PROFILE, redactedAt: existing?.redactedAt ?? now },
    // A tombstone even when the customer never reached the app, so a delayed customers/create cannot add them.
    create: { shop, shopifyId, ...ERASED_PROFILE, shopifyCreatedAt: now, shopifyUpdatedAt: now, redactedAt: now },
  });

  // Marked first: erasing the email would stop guest orders matching.
  await db.order.updateMany({ where: { ...ordersWhere(who), redactedAt: null }, data: { redactedAt: now } });
  const orders = await db.order.updateMany({ where: ordersWhere(who), data: { email: null, phone: null, note: null } });

  const checkouts = await db.abandonedCheckout.findMany({ where: checkoutsWhere(who), select: { id: true, lineItems: true, redactedAt: true } });
  for (const checkout of checkouts) {
    await db.abandonedCheckout.update({
      where: { id: checkout.id },
      data: {
        email: null,
        phone: null,
        token: null,
        recoveryUrl: null,
        lineItems: redactCheckoutLines(checkout.lineItems),
        redactedAt: checkout.redactedAt ?? now,
      },
    });
  }

  // Conversations keep their shape (channel, category, SLA figures) for the shop's reports; every word the customer
  // or staff wrote in them, and how to reach the customer, goes.
  const inquiries = await db.inquiry.findMany({ where: inquiriesWhere(who), select: { id: true, redactedAt: true } });
  for (const inquiry of inquiries) {
    await db.inquiry.update({
      where: { id: inquiry.id },
      data: {
        contactName: null,
        contactEmail: null,
        contactPhone: null,
        subject: null,
        orderNumber: null,
        pageUrl: null,
        pagesViewed: "[]",
        chatTokenHash: null,
        customerLink: "none",
        redactedAt: inquiry.redactedAt ?? now,
      },
    });
    await db.inquiryMessage.updateMany({
      where: { shop, inquiryId: inquiry.id, author: { not: "system" } },
      data: { body: "", attachments: "[]" },
    });
    // Staff names stay on their own messages; the shopper's goes.
    await db.inquiryMessage.updateMany({ where: { shop, inquiryId: inquiry.id, author: "shopper" }, data: { authorName: null } });
  }

  const notes = await db.customerNote.deleteMany({ where: { shop, customerShopifyId: shopifyId } });
  const attributes = await db.customerAttributeValue.deleteMany({ where: { shop, customerShopifyId: shopifyId } });
  // Analysis classes are derived from the customer's purchases: personal data too.
  await db.customerAnalysis.deleteMany({ where: { shop, customerShopifyId: shopifyId } });
  await db.cpmSnapshot.deleteMany({ where: { shop, customerShopifyId: shopifyId } });
  const exports = await db.dataRequestExport.deleteMany({ where: { shop, customerShopifyId: shopifyId } });

  const events = await webhookEventsMentioning(db, who);
  for (const event of events) {
    await db.webhookEvent.update({
      where: { id: event.id },
      // Not yet processed: nothing left to apply, and a handler must not read the marker as a customer.
      data:
        event.status === "received"
          ? { payload: REDACTED_PAYLOAD, status: "skipped", lastError: "customer redacted before processing", processedAt: now }
          : { payload: REDACTED_PAYLOAD },
    });
  }
  return {
    orders: orders.count,
    checkouts: checkouts.length,
    notes: notes.count,
    inquiries: inquiries.length,
    attributes: attributes.count,
    exports: exports.count,
    webhooks: events.length,
  };
}

/** Erases the customer named in a customers/redact payload; running it again finds nothing left to erase. */
export async function redactCustomer(shop: string, payload: CustomersRedactPayload): Promise<HandlerOutcome> {
  const counts = await prisma.$transaction(async (tx) => {
    const stored = await tx.customer.findUnique({
      where: { shop_shopifyId: { shop, shopifyId: payload.customer.id } },
      select: { email: true, phone: true },
    });
    const who = customerIdentity(shop, payload.customer, stored, payload.orders_to_redact);
    return eraseEverywhere(tx, who, new Date());
  });
  const note = `redacted: ${counts.orders} orders, ${counts.checkouts} checkouts, ${counts.notes} notes, ${counts.inquiries} inquiries, ${counts.attributes} attribute values, ${counts.exports} exports, ${counts.webhooks} webhooks`;
  return { status: "processed", note };
}
