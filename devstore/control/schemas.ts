/** Request bodies of the control API, parsed at the edge. */
import { z } from "zod";

const text = z.string().max(1000);

export const AddressInput = z
  .object({
    firstName: text.nullish(),
    lastName: text.nullish(),
    company: text.nullish(),
    address1: text.nullish(),
    address2: text.nullish(),
    city: text.nullish(),
    province: text.nullish(),
    provinceCode: text.nullish(),
    country: text.nullish(),
    countryCodeV2: z.string().length(2).nullish(),
    zip: text.nullish(),
    phone: text.nullish(),
  })
  .transform((a) => ({
    firstName: a.firstName ?? null,
    lastName: a.lastName ?? null,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    provinceCode: a.provinceCode ?? null,
    country: a.country ?? null,
    countryCodeV2: a.countryCodeV2 ?? null,
    zip: a.zip ?? null,
    phone: a.phone ?? null,
  }));

const Consent = z.object({
  marketingState: z.enum(["SUBSCRIBED", "UNSUBSCRIBED", "NOT_SUBSCRIBED", "PENDING", "INVALID", "REDACTED"]),
  marketingOptInLevel: z.enum(["SINGLE_OPT_IN", "CONFIRMED_OPT_IN", "UNKNOWN"]).nullable().default("SINGLE_OPT_IN"),
  consentUpdatedAt: z.iso.datetime().nullable().default(null),
});

export const CustomerBody = z
  .object({
    firstName: text.nullish(),
    lastName: text.nullish(),
    email: text.nullish(),
    phone: text.nullish(),
    locale: z.string().min(2).max(10).optional(),
    note: text.nullish(),
    tags: z.array(z.string().min(1).max(255)).optional(),
    emailMarketingConsent: Consent.nullish(),
    addresses: z.array(AddressInput).optional(),
  })
  .strict();

const Lines = z.array(z.object({ variantId: z.coerce.number().int().positive(), quantity: z.number().int().min(1) })).min(1);

export const OrderBody = z
  .object({
    customerId: z.coerce.number().int().positive().nullish(),
    customer: CustomerBody.optional(),
    email: z.string().optional(),
    lines: Lines,
    sourceName: z.enum(["web", "pos"]).optional(),
    discountCodes: z.array(z.string().min(1)).optional(),
    processedAt: z.iso.datetime({ offset: true }).optional(),
    note: z.string().optional(),
    tags: z.array(z.string()).optional(),
    shippingAddress: AddressInput.optional(),
  })
  .strict();

export const OrderPatchBody = z
  .object({ note: z.string().nullish(), tags: z.array(z.string()).optional(), email: z.string().optional() })
  .strict();

export const CancelBody = z.object({ reason: z.string().optional() }).strict();

export const CheckoutBody = z
  .object({
    customerId: z.coerce.number().int().positive().nullish(),
    email: z.string().nullish(),
    lines: Lines,
    discountCodes: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const CheckoutPatchBody = CheckoutBody.partial();

export const ShopBody = z
  .object({
    domain: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "Use a *.myshopify.com domain")
      .optional(),
    name: z.string().min(1).max(255).optional(),
    locale: z.enum(["ja", "en"]).default("ja"),
    size: z.enum(["empty", "tiny", "small", "medium", "large"]).default("empty"),
    seed: z.union([z.number(), z.string()]).optional(),
  })
  .strict();

export const ComplianceBody = z
  .object({
    topic: z.enum(["customers/data_request", "customers/redact", "shop/redact"]),
    customerId: z.coerce.number().int().positive().optional(),
  })
  .strict();

export const IdQuery = z.coerce.number().int().positive();
