/**
 * One customer whole: profile, consent, tags, staff notes and caution flags (注意項目), KPIs, and one timeline
 * newest-first joining orders, abandoned checkouts, notes and inquiries (every channel, mail included).
 */
import { z } from "zod";
import prisma from "../db.server";
import type { AdminGateway } from "../shopify/gateway.server";
import { TagsAdd, TagsRemove } from "../shopify/operations";
import type { AddressRow } from "../sync/types";
import { loadCustomerAttributes, type CustomerAttribute } from "./custom-attributes.server";
import { isKanaReading, NAME_KANA_MAX_LENGTH, toKatakana } from "./kana";

const DAY = 86_400_000;
const TIMELINE_LIMIT = 100;

export type TimelineEntry =
  | {
      kind: "order";
      at: string;
      id: string;
      name: string;
      total: string;
      currencyCode: string;
      financialStatus: string | null;
      fulfillmentStatus: string | null;
      sourceName: string | null;
      cancelled: boolean;
      items: Array<{ title: string; variantTitle: string | null; quantity: number }>;
    }
  | {
      kind: "checkout";
      at: string;
      id: string;
      total: string;
      currencyCode: string;
      completed: boolean;
      recoveryUrl: string | null;
      items: Array<{ title: string; quantity: number }>;
    }
  | { kind: "note"; at: string; id: string; body: string; caution: boolean; authorUserId: string | null }
  | { kind: "inquiry"; at: string; id: string; number: number; subject: string | null; status: string; channel: string };

export type Customer360 = {
  shopifyId: string;
  firstName: string | null;
  lastName: string | null;
  /** The name reading (フリガナ) in full-width katakana, kept by the app. */
  nameKana: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  /** The shop's active custom attributes with this customer's values. */
  attributes: CustomerAttribute[];
  marketingState: string | null;
  marketingConsentUpdatedAt: string | null;
  addresses: AddressRow[];
  shopifyCreatedAt: string;
  kpis: {
    ordersCount: number;
    totalSpent: string;
    averageOrderValue: string;
    firstOrderAt: string | null;
    lastOrderAt: string | null;
    daysSinceLastOrder: number | null;
    repeat: boolean;
    preferredChannel: string | null;
  };
  cautions: Array<{ id: string; body: string; at: string }>;
  timeline: TimelineEntry[];
};

const CheckoutLines = z.array(z.object({ title: z.string(), quantity: z.number() }).passthrough());
const Addresses = z.array(z.record(z.string(), z.unknown()));

export async function loadCustomer360(shop: string, shopifyId: string, now = new Date()): Promise<Customer360 | null> {
  const customer = await prisma.customer.findUnique({
    where: { shop_shopifyId: { shop, shopifyId } },
    include: { tagRows: { select: { tag: true }, orderBy: { tag: "asc" } } },
  });
  if (!customer || customer.deletedAt || customer.redactedAt) return null;
  const [orders, checkouts, notes, attributes, inquiries] = await Promise.all([
    prisma.order.findMany({
      where: { shop, customerShopifyId: shopifyId, deletedAt: null },
      orderBy: { processedAt: "desc" },
      take: TIMELINE_LIMIT,
      include: { lineItems: { select: { title: true, variantTitle: true, quantity: true } } },
    }),
    prisma.abandonedCheckout.findMany({
      where: { shop, customerShopifyId: shopifyId, redactedAt: null },
      orderBy: { shopifyUpdatedAt: "desc" },
      take: TIMELINE_LIMIT,
    }),
    prisma.customerNote.findMany({ where: { shop, customerShopifyId: shopifyId }, orderBy: { createdAt: "desc" }, take: TIMELINE_LIMIT }),
    loadCustomerAttributes(shop, shopifyId),
    prisma.inquiry.findMany({
      where: { shop, customerShopifyId: shopifyId, redactedAt: null },
      orderBy: { createdAt: "desc" },
      take: TIMELINE_LIMIT,
      select: { id: true, number: true, subject: true, status: true, channel: true, createdAt: true },
    }),
  ]);

  const timeline: TimelineEntry[] = [
    ...orders.map((o) => ({
      kind: "order" as const,
      at: o.processedAt.toISOString(),
      id: o.shopifyId,
      name: o.name,
      total: o.totalPrice.toString(),
      currencyCode: o.currencyCode,
      financialStatus: o.financialStatus,
      fulfillmentStatus: o.fulfillmentStatus,
      sourceName: o.sourceName,
      cancelled: o.cancelledAt !== null,
      items: o.lineItems,
    })),
    ...checkouts.map((c) => ({
      kind: "checkout" as const,
      at: c.shopifyUpdatedAt.toISOString(),
      id: c.shopifyId,
      total: c.totalPrice.toString(),
      currencyCode: c.currencyCode,
      completed: c.completedAt !== null,
      recoveryUrl: c.recoveryUrl,
      items: CheckoutLines.catch([]).parse(JSON.parse(c.lineItems)).map((l) => ({ title: l.title, quantity: l.quantity })),
    })),
    ...notes.map((n) => ({
      kind: "note" as const,
      at: n.createdAt.toISOString(),
      id: n.id,
      body: n.body,
      caution: n.caution,
      authorUserId: n.authorUserId,
    })),
    ...inquiries.map((i) => ({
      kind: "inquiry" as const,
      at: i.createdAt.toISOString(),
      id: i.id,
      number: i.number,
      subject: i.subject,
      status: i.status,
      channel: i.channel,
    })),
  ]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, TIMELINE_LIMIT);

  return {
    shopifyId: customer.shopifyId,
    firstName: customer.firstName,
    lastName: customer.lastName,
    nameKana: customer.nameKana,
    email: customer.email,
    phone: customer.phone,
    note: customer.note,
    tags: customer.tagRows.map((t) => t.tag),
    attributes,
    marketingState: customer.marketingState,
    marketingConsentUpdatedAt: customer.marketingConsentUpdatedAt?.toISOString() ?? null,
    addresses: Addresses.catch([]).parse(JSON.parse(customer.addresses)) as AddressRow[],
    shopifyCreatedAt: customer.shopifyCreatedAt.toISOString(),
    kpis: {
      ordersCount: customer.ordersCount,
      totalSpent: customer.totalSpent.toString(),
      averageOrderValue: customer.averageOrderValue.toString(),
      firstOrderAt: customer.firstOrderAt?.toISOString() ?? null,
      lastOrderAt: customer.lastOrderAt?.toISOString() ?? null,
      // Derived at read time so it is never stale.
      daysSinceLastOrder: customer.lastOrderAt ? Math.floor((now.getTime() - customer.lastOrderAt.getTime()) / DAY) : null,
      repeat: customer.ordersCount >= 2,
      preferredChannel: customer.preferredChannel,
    },
    cautions: notes.filter((n) => n.caution).map((n) => ({ id: n.id, body: n.body, at: n.createdAt.toISOString() })),
    timeline,
  };
}

/** Field errors carry message keys (customers.errors.*) so the page shows them in the staff member's language. */
export type FieldErrors = Partial<Record<"body" | "tags" | "nameKana", string>>;

export const NoteInput = z.object({
  body: z.string().trim().min(1, "customers.errors.noteEmpty").max(2_000, "customers.errors.noteTooLong"),
  caution: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});

export async function addCustomerNote(
  shop: string,
  shopifyId: string,
  authorUserId: string | null,
  form: Record<string, unknown>,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const parsed = NoteInput.safeParse(form);
  if (!parsed.success) return { ok: false, errors: { body: parsed.error.issues[0]?.message ?? "customers.errors.noteEmpty" } };
  const exists = await prisma.customer.count({ where: { shop, shopifyId, deletedAt: null, redactedAt: null } });
  if (!exists) throw new Response(null, { status: 404 });
  await prisma.customerNote.create({ data: { shop, customerShopifyId: shopifyId, authorUserId, ...parsed.data } });
  return { ok: true };
}

export const TagsInput = z
  .string()
  .transform((raw) => [...new Set(raw.split(",").map((t) => t.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(255, "customers.errors.tagTooLong")).max(250, "customers.errors.tooManyTags"));

/**
 * Replaces the customer's tags: writes the difference to Shopify first (tagsAdd / tagsRemove), then to the app's
 * copy, so the app never shows tags Shopify refused. The customers/update webhook that follows is idempotent.
 */
export async function saveCustomerTags(
  shop: string,
  shopifyId: string,
  raw: string,
  gateway: AdminGateway,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const parsed = TagsInput.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: { tags: parsed.error.issues[0]?.message ?? "customers.errors.tagTooLong" } };
  const tags = parsed.data;
  const current = await prisma.customerTag.findMany({ where: { shop, customerShopifyId: shopifyId }, select: { tag: true } });
  if (!(await prisma.customer.count({ where: { shop, shopifyId, deletedAt: null, redactedAt: null } }))) {
    throw new Response(null, { status: 404 });
  }
  const before = new Set(current.map((t) => t.tag));
  const added = tags.filter((t) => !before.has(t));
  const removed = [...before].filter((t) => !tags.includes(t));
  const id = `gid://shopify/Customer/${shopifyId}`;
  if (added.length) {
    const { tagsAdd } = await gateway.run(TagsAdd, { id, tags: added });
    if (tagsAdd?.userErrors.length) return { ok: false, errors: { tags: "customers.errors.shopifyRefused" } };
  }
  if (removed.length) {
    const { tagsRemove } = await gateway.run(TagsRemove, { id, tags: removed });
    if (tagsRemove?.userErrors.length) return { ok: false, errors: { tags: "customers.errors.shopifyRefused" } };
  }
  await prisma.$transaction([
    prisma.customerTag.deleteMany({ where: { shop, customerShopifyId: shopifyId } }),
    prisma.customerTag.createMany({ data: tags.map((tag) => ({ shop, customerShopifyId: shopifyId, tag })) }),
    prisma.customer.update({ where: { shop_shopifyId: { shop, shopifyId } }, data: { tags: tags.join(", ") } }),
  ]);
  return { ok: true };
}

/** A reading typed in hiragana, katakana or half-width katakana, stored as full-width katakana (empty clears it). */
export const NameKanaInput = z
  .string()
  .transform(toKatakana)
  .pipe(
    z
      .string()
      .max(NAME_KANA_MAX_LENGTH, "attributes.kana.errors.tooLong")
      .refine((kana) => kana === "" || isKanaReading(kana), "attributes.kana.errors.notKana"),
  );

/** Saves the customer's name reading (フリガナ); the app keeps it, Shopify has no such field. */
export async function saveNameKana(shop: string, shopifyId: string, raw: string): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const parsed = NameKanaInput.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: { nameKana: parsed.error.issues[0]?.message ?? "attributes.kana.errors.notKana" } };
  const { count } = await prisma.customer.updateMany({
    where: { shop, shopifyId, deletedAt: null, redactedAt: null },
    data: { nameKana: parsed.data || null },
  });
  if (!count) throw new Response(null, { status: 404 });
  return { ok: true };
}
