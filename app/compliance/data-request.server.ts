/** customers/data_request: everything the app holds about a customer, stored as one JSON document for the merchant. */
import prisma from "../db.server";
import type { HandlerOutcome } from "../webhooks/types";
import { checkoutsWhere, inquiriesWhere, ordersWhere, webhookEventsMentioning } from "./customer-data.server";
import { customerIdentity, type CustomerIdentity } from "./mentions";
import type { CustomersDataRequestPayload } from "./payloads";

export const EXPORT_FORMAT = "tsunagu.customer-data/1";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function withoutInternals<T extends { id?: unknown; shop?: unknown }>(row: T): Omit<T, "id" | "shop"> {
  const { id: _id, shop: _shop, ...rest } = row;
  return rest;
}

/**
 * The export document: profile (with the name reading), tags, addresses, custom attribute values with their labels,
 * analysis classes (RFM, CPM, monthly CPM history), orders with line items, checkouts, staff notes, raw webhooks.
 */
export async function assembleCustomerData(who: CustomerIdentity, dataRequestId: string | null) {
  const shop = who.shop;
  const [customer, tags, attributes, analysis, cpmHistory, orders, checkouts, notes, inquiries, events] = await Promise.all([
    prisma.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId: who.shopifyId } } }),
    prisma.customerTag.findMany({ where: { shop, customerShopifyId: who.shopifyId }, orderBy: { tag: "asc" } }),
    // Archived attributes too: the customer's value is still held.
    prisma.customerAttributeValue.findMany({
      where: { shop, customerShopifyId: who.shopifyId },
      include: { definition: { select: { key: true, label: true, type: true } } },
      orderBy: [{ definition: { position: "asc" } }, { definitionId: "asc" }],
    }),
    prisma.customerAnalysis.findUnique({ where: { shop_customerShopifyId: { shop, customerShopifyId: who.shopifyId } } }),
    prisma.cpmSnapshot.findMany({ where: { shop, customerShopifyId: who.shopifyId }, orderBy: { month: "asc" } }),
    prisma.order.findMany({ where: ordersWhere(who), include: { lineItems: true }, orderBy: { processedAt: "asc" } }),
    prisma.abandonedCheckout.findMany({ where: checkoutsWhere(who), orderBy: { shopifyCreatedAt: "asc" } }),
    prisma.customerNote.findMany({ where: { shop, customerShopifyId: who.shopifyId }, orderBy: { createdAt: "asc" } }),
    prisma.inquiry.findMany({
      where: inquiriesWhere(who),
      include: { messages: { where: { author: { not: "system" } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
      orderBy: { createdAt: "asc" },
    }),
    webhookEventsMentioning(prisma, who),
  ]);
  return {
    format: EXPORT_FORMAT,
    shop,
    generatedAt: new Date().toISOString(),
    dataRequestId,
    customer: { id: who.shopifyId, emails: who.emails, phones: who.phones },
    ordersRequested: who.orderIds,
    profile: customer ? { ...withoutInternals(customer), addresses: parseJson(customer.addresses) } : null,
    tags: tags.map((t) => t.tag),
    customAttributes: attributes.map((a) => ({
      key: a.definition.key,
      label: a.definition.label,
      type: a.definition.type,
      value: a.definition.type === "multi_choice" ? parseJson(a.value) : a.value,
      updatedAt: a.updatedAt,
      updatedByUserId: a.updatedByUserId,
    })),
    analysis: analysis
      ? {
          rfm: { recency: analysis.recencyScore, frequency: analysis.frequencyScore, monetary: analysis.monetaryScore, class: analysis.rfmClass },
          cpmClass: analysis.cpmClass,
          computedAt: analysis.computedAt,
          cpmByMonth: cpmHistory.map((s) => ({ month: s.month, cpmClass: s.cpmClass })),
        }
      : null,
    orders: orders.map((o) => ({
      ...withoutInternals(o),
      discountCodes: parseJson(o.discountCodes),
      lineItems: o.lineItems.map(({ orderId: _orderId, ...line }) => withoutInternals(line)),
    })),
    abandonedCheckouts: checkouts.map((c) => ({ ...withoutInternals(c), lineItems: parseJson(c.lineItems) })),
    staffNotes: notes.map(withoutInternals),
    inquiries: inquiries.map(({ chatTokenHash: _token, messages, ...inquiry }) => ({
      ...withoutInternals(inquiry),
      pagesViewed: parseJson(inquiry.pagesViewed),
      messages: messages.map(({ inquiryId: _inquiryId, ...m }) => ({ ...withoutInternals(m), attachments: parseJson(m.attachments) })),
    })),
    webhooks: events.map((e) => ({ topic: e.topic, receivedAt: e.receivedAt, payload: parseJson(e.payload) })),
  };
}

export type CustomerDataExport = Awaited<ReturnType<typeof assembleCustomerData>>;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** Stores the export once per (shop, customer, data request); a repeat of the same request changes nothing. */
export async function exportCustomerData(shop: string, payload: CustomersDataRequestPayload): Promise<HandlerOutcome> {
  const customerShopifyId = payload.customer.id;
  const dataRequestId = payload.data_request?.id ?? null;
  // NULL never collides in a unique index, so a request without an id is deduplicated by hand.
  const existing = await prisma.dataRequestExport.findFirst({ where: { shop, customerShopifyId, dataRequestId }, select: { id: true } });
  if (existing) return { status: "skipped", note: "already exported" };
  const stored = await prisma.customer.findUnique({
    where: { shop_shopifyId: { shop, shopifyId: customerShopifyId } },
    select: { email: true, phone: true },
  });
  const who = customerIdentity(shop, payload.customer, stored, payload.orders_requested);
  const document = await assembleCustomerData(who, dataRequestId);
  try {
    await prisma.dataRequestExport.create({
      data: { shop, customerShopifyId, dataRequestId, payload: JSON.stringify(document) },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "skipped", note: "already exported" };
    throw error;
  }
  return { status: "processed" };
}
