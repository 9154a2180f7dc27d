/**
 * Guests who wrote to the shop become Shopify customers, so every conversation sits on one customer timeline. The
 * storefront answers the shopper at once (the inquiry is stored with customerLink "pending"); the worker then finds
 * the customer by email (synced since, or in Shopify but not yet here) or creates it with `customerCreate`. The
 * customers/create webhook that follows brings the row into the app like any other customer.
 */
import prisma from "../db.server";
import { type AdminGateway, adminGateway } from "../shopify/gateway.server";
import { CustomerByEmail, CustomerCreate } from "../shopify/operations";
import type { SystemEvent } from "./types";

type Log = (msg: string, ctx?: object) => void;

export type LinkOptions = {
  gatewayFor?: (shop: string) => Promise<AdminGateway>;
  log?: Log;
  /** Only this shop (tests sharing one database). */
  shop?: string;
  limit?: number;
  now?: () => Date;
};

async function offlineGateway(shop: string): Promise<AdminGateway> {
  // Loaded lazily: shopify.server parses the app's environment, which tests driving this directly may not have.
  const { unauthenticated } = await import("../shopify.server");
  const { admin } = await unauthenticated.admin(shop);
  return adminGateway(admin.graphql);
}

/** A shop whose Shopify calls failed is left alone for a while instead of being retried on every worker poll. */
const backoffUntil = new Map<string, number>();
const BACKOFF_MS = 60_000;

const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

/** "山田 花子" is family name first in Japanese; "Alex Morgan" is given name first. */
export function splitName(name: string | null, locale: string): { firstName?: string; lastName?: string } {
  const parts = (name ?? "").trim().split(/[\s\u3000]+/u).filter(Boolean);
  if (parts.length === 0) return {};
  if (parts.length === 1) return { lastName: parts[0] };
  if (locale === "ja") return { lastName: parts[0], firstName: parts.slice(1).join(" ") };
  return { firstName: parts.slice(0, -1).join(" "), lastName: parts.at(-1) };
}

// Shopify's search syntax: quote the value and escape quotes and backslashes inside it.
const searchValue = (value: string) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;

async function findOrCreate(gateway: AdminGateway, guest: { email: string; name: string | null; locale: string }): Promise<string | null> {
  const query = `email:${searchValue(guest.email)}`;
  const found = await gateway.run(CustomerByEmail, { query });
  const existing = found.customers.nodes.find((n) => n.email?.toLowerCase() === guest.email);
  if (existing) return numericId(existing.id);
  const created = await gateway.run(CustomerCreate, { input: { email: guest.email, locale: guest.locale, ...splitName(guest.name, guest.locale) } });
  const payload = created.customerCreate;
  if (payload?.customer) return numericId(payload.customer.id);
  const taken = payload?.userErrors.some((e) => e.field?.includes("email") && /taken/i.test(e.message));
  if (taken) {
    // Created by someone else between the search and the create.
    const again = await gateway.run(CustomerByEmail, { query });
    const hit = again.customers.nodes.find((n) => n.email?.toLowerCase() === guest.email);
    if (hit) return numericId(hit.id);
  }
  // An address Shopify refuses (invalid): the inquiry stays a guest's.
  return null;
}

/** Links pending guests' inquiries to Shopify customers; returns how many inquiries were settled. */
export async function linkPendingCustomers(options: LinkOptions = {}): Promise<number> {
  const log = options.log ?? (() => {});
  const now = options.now?.() ?? new Date();
  const pending = await prisma.inquiry.findMany({
    where: { customerLink: "pending", ...(options.shop ? { shop: options.shop } : {}) },
    select: { shop: true, contactEmail: true, contactName: true, locale: true },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? 50,
  });
  let settled = 0;
  const seen = new Set<string>();
  for (const guest of pending) {
    const key = `${guest.shop}\n${guest.contactEmail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if ((backoffUntil.get(guest.shop) ?? 0) > now.getTime()) continue;
    const email = guest.contactEmail;
    const where = { shop: guest.shop, customerLink: "pending", contactEmail: email };
    if (!email) {
      settled += (await prisma.inquiry.updateMany({ where, data: { customerLink: "none" } })).count;
      continue;
    }
    const shopRow = await prisma.shop.findUnique({ where: { domain: guest.shop }, select: { uninstalledAt: true } });
    if (!shopRow || shopRow.uninstalledAt) {
      settled += (await prisma.inquiry.updateMany({ where, data: { customerLink: "none" } })).count;
      continue;
    }
    let customerShopifyId: string | null;
    const local = await prisma.customer.findFirst({ where: { shop: guest.shop, email, deletedAt: null, redactedAt: null }, select: { shopifyId: true } });
    try {
      customerShopifyId = local?.shopifyId ?? (await findOrCreate(await (options.gatewayFor ?? offlineGateway)(guest.shop), { email, name: guest.contactName, locale: guest.locale }));
    } catch (error) {
      backoffUntil.set(guest.shop, now.getTime() + BACKOFF_MS);
      log("could not link a guest to a Shopify customer", { shop: guest.shop, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (!customerShopifyId) {
      settled += (await prisma.inquiry.updateMany({ where, data: { customerLink: "none" } })).count;
      continue;
    }
    const inquiries = await prisma.inquiry.findMany({ where, select: { id: true } });
    const event: SystemEvent = { event: "customer_linked", customerShopifyId };
    await prisma.$transaction([
      prisma.inquiry.updateMany({ where: { ...where, id: { in: inquiries.map((i) => i.id) } }, data: { customerShopifyId, customerLink: "linked" } }),
      prisma.inquiryMessage.createMany({
        data: inquiries.map((i) => ({ shop: guest.shop, inquiryId: i.id, author: "system", channel: "inbox", body: JSON.stringify(event) })),
      }),
    ]);
    settled += inquiries.length;
  }
  return settled;
}
