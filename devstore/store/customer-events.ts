/** Customer state changes and the webhooks Shopify sends for them. */
import type { CustomerRecord, DevstoreContext, EmailMarketingConsentRecord, MailingAddressRecord, ShopRecord } from "../types";
import { customerDeletePayload, customerPayload } from "../webhooks/payloads";
import { gid, records, reserveIds } from "./db";
import { invalid } from "./errors";
import { requireCustomer, requireShop } from "./shops";

export type CustomerInput = {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  locale?: string;
  note?: string | null;
  tags?: string[];
  emailMarketingConsent?: EmailMarketingConsentRecord | null;
  addresses?: Omit<MailingAddressRecord, "id">[];
};
export type CustomerPatch = CustomerInput;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/** Shopify's customer validations: a way to reach or name the customer, valid and unique email and phone. */
function validate(ctx: DevstoreContext, shop: string, c: CustomerRecord): void {
  if (!c.email && !c.phone && !c.firstName && !c.lastName) {
    throw invalid("A name, phone number, or email address must be present", "email");
  }
  if (c.email && !EMAIL.test(c.email)) throw invalid("Email is invalid", "email");
  if (c.phone && !E164.test(c.phone)) throw invalid("Phone is invalid", "phone");
  if (c.email) {
    const taken = ctx.db
      .prepare("SELECT 1 FROM customers WHERE shop = ? AND email = ? AND id != ?")
      .get(shop, c.email.toLowerCase(), c.id);
    if (taken) throw invalid("Email has already been taken", "email");
  }
  if (c.phone) {
    const taken = ctx.db.prepare("SELECT 1 FROM customers WHERE shop = ? AND phone = ? AND id != ?").get(shop, c.phone, c.id);
    if (taken) throw invalid("Phone has already been taken", "phone");
  }
}

function withIds(ctx: DevstoreContext, addresses: Omit<MailingAddressRecord, "id">[]): MailingAddressRecord[] {
  if (addresses.length === 0) return [];
  const first = reserveIds(ctx.db, "MailingAddress", addresses.length);
  return addresses.map((a, i) => ({ ...a, id: first + i }));
}

function consentAt(
  consent: EmailMarketingConsentRecord | null | undefined,
  at: string,
): EmailMarketingConsentRecord | null | undefined {
  if (!consent) return consent;
  return { ...consent, consentUpdatedAt: consent.consentUpdatedAt ?? at };
}

export function emitCustomerUpdate(ctx: DevstoreContext, shop: ShopRecord, c: CustomerRecord): string[] {
  return ctx.webhooks.emit({
    shop: shop.domain,
    topic: "customers/update",
    payload: customerPayload(c, shop),
    subjectGid: gid("Customer", c.id),
    triggeredAt: c.updatedAt,
  });
}

/** Creates a customer as the admin or a storefront sign-up would; emits customers/create. */
export function createCustomer(ctx: DevstoreContext, shop: string, input: CustomerInput, at = new Date()): CustomerRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const now = at.toISOString();
    const addresses = withIds(ctx, input.addresses ?? []);
    const email = input.email?.trim() || null;
    const customer: CustomerRecord = {
      id: reserveIds(ctx.db, "Customer"),
      shop,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      email,
      phone: input.phone ?? null,
      locale: input.locale ?? s.primaryLocale,
      note: input.note ?? null,
      tags: [...new Set(input.tags ?? [])],
      state: "DISABLED",
      verifiedEmail: Boolean(email),
      taxExempt: false,
      emailMarketingConsent:
        consentAt(input.emailMarketingConsent, now) ??
        (email ? { marketingState: "NOT_SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: null } : null),
      addresses,
      defaultAddressId: addresses[0]?.id ?? null,
      numberOfOrders: 0,
      amountSpent: "0.0",
      lastOrderId: null,
      createdAt: now,
      updatedAt: now,
    };
    validate(ctx, shop, customer);
    records(ctx.db).putCustomer(customer);
    ctx.webhooks.emit({
      shop,
      topic: "customers/create",
      payload: customerPayload(customer, s),
      subjectGid: gid("Customer", customer.id),
      triggeredAt: now,
    });
    return customer;
  })();
}

/** Applies the fields present in the patch (undefined keeps, null clears); emits customers/update. */
export function updateCustomer(
  ctx: DevstoreContext,
  shop: string,
  id: number,
  patch: CustomerPatch,
  at = new Date(),
): CustomerRecord {
  return ctx.db.transaction(() => {
    const s = requireShop(ctx.db, shop);
    const current = requireCustomer(ctx.db, shop, id);
    const now = at.toISOString();
    const next: CustomerRecord = { ...current, updatedAt: now };
    if (patch.firstName !== undefined) next.firstName = patch.firstName;
    if (patch.lastName !== undefined) next.lastName = patch.lastName;
    if (patch.email !== undefined) next.email = patch.email?.trim() || null;
    if (patch.phone !== undefined) next.phone = patch.phone;
    if (patch.locale !== undefined) next.locale = patch.locale;
    if (patch.note !== undefined) next.note = patch.note;
    if (patch.tags !== undefined) next.tags = [...new Set(patch.tags)];
    if (patch.emailMarketingConsent !== undefined) {
      next.emailMarketingConsent = patch.emailMarketingConsent
        ? { ...patch.emailMarketingConsent, consentUpdatedAt: patch.emailMarketingConsent.consentUpdatedAt ?? now }
        : null;
    }
    if (patch.addresses !== undefined) {
      next.addresses = withIds(ctx, patch.addresses);
      next.defaultAddressId = next.addresses[0]?.id ?? null;
    }
    validate(ctx, shop, next);
    records(ctx.db).putCustomer(next);
    emitCustomerUpdate(ctx, s, next);
    return next;
  })();
}

/**
 * Deletes a customer; emits customers/delete with Shopify's reduced payload. Like Shopify, refuses a customer who has
 * orders (those are redacted through the compliance flow instead). False when there is no such customer.
 */
export function deleteCustomer(ctx: DevstoreContext, shop: string, id: number): boolean {
  return ctx.db.transaction(() => {
    requireShop(ctx.db, shop);
    const existing = records(ctx.db).getCustomer(shop, id);
    if (!existing) return false;
    const hasOrders = ctx.db.prepare("SELECT 1 FROM orders WHERE shop = ? AND customer_id = ? LIMIT 1").get(shop, id);
    if (hasOrders) throw invalid("Customer can't be deleted because they have existing orders", "id");
    records(ctx.db).deleteCustomer(shop, id);
    ctx.webhooks.emit({ shop, topic: "customers/delete", payload: customerDeletePayload(id), subjectGid: gid("Customer", id) });
    return true;
  })();
}
