/** Finding everything the app holds about one customer: shared by the data-request export and the redaction. */
import type { Prisma } from "@tsunagu-generated/prisma-sqlite";
import type { Db } from "../db.server";
import { CUSTOMER_TOPIC_PREFIXES, mentionNeedles, payloadMentions, type CustomerIdentity } from "./mentions";

export type DbClient = Db | Prisma.TransactionClient;

function byEmailOrPhone(who: CustomerIdentity) {
  return [
    ...(who.emails.length > 0 ? [{ email: { in: who.emails } }] : []),
    ...(who.phones.length > 0 ? [{ phone: { in: who.phones } }] : []),
  ];
}

/** The customer's orders: theirs by id, the ones Shopify named, and guest orders under their email or phone. */
export function ordersWhere(who: CustomerIdentity): Prisma.OrderWhereInput {
  return {
    shop: who.shop,
    OR: [
      { customerShopifyId: who.shopifyId },
      ...(who.orderIds.length > 0 ? [{ shopifyId: { in: who.orderIds } }] : []),
      ...byEmailOrPhone(who),
    ],
  };
}

export function checkoutsWhere(who: CustomerIdentity): Prisma.AbandonedCheckoutWhereInput {
  return { shop: who.shop, OR: [{ customerShopifyId: who.shopifyId }, ...byEmailOrPhone(who)] };
}

/** The customer's conversations: linked to them, or a guest's under their email or phone. */
export function inquiriesWhere(who: CustomerIdentity): Prisma.InquiryWhereInput {
  return {
    shop: who.shop,
    OR: [
      { customerShopifyId: who.shopifyId },
      ...(who.emails.length > 0 ? [{ contactEmail: { in: who.emails.map((e) => e.toLowerCase()) } }] : []),
      ...(who.phones.length > 0 ? [{ contactPhone: { in: who.phones } }] : []),
    ],
  };
}

/** Stored customers/*, orders/* and checkouts/* webhooks whose payload mentions the customer. */
export async function webhookEventsMentioning(db: DbClient, who: CustomerIdentity) {
  const needles = mentionNeedles(who);
  // The substring filter only narrows the rows; payloadMentions decides on the parsed JSON.
  const candidates = await db.webhookEvent.findMany({
    where: {
      shop: who.shop,
      OR: CUSTOMER_TOPIC_PREFIXES.map((prefix) => ({ topic: { startsWith: prefix } })),
      AND: [{ OR: needles.map((needle) => ({ payload: { contains: needle } })) }],
    },
    select: { id: true, topic: true, payload: true, receivedAt: true, status: true },
    orderBy: { receivedAt: "asc" },
  });
  return candidates.filter((event) => {
    try {
      return payloadMentions(event.topic, JSON.parse(event.payload), who);
    } catch {
      // Unparseable payloads cannot be read back; a needle matched, so treat it as mentioning the customer.
      return true;
    }
  });
}
