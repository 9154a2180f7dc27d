/**
 * The three mandatory compliance webhooks, parsed at the edge. Shapes as documented in
 * https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance (ids are numbers there; kept as text here,
 * like every Shopify id the app stores).
 */
import { z } from "zod";

const ShopifyId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

const CustomerRef = z.object({
  id: ShopifyId,
  email: z.string().nullish().transform((v) => v || null),
  phone: z.string().nullish().transform((v) => v || null),
});

export const CustomersDataRequestPayload = z.object({
  shop_domain: z.string().optional(),
  customer: CustomerRef,
  orders_requested: z.array(ShopifyId).nullish().transform((v) => v ?? []),
  data_request: z.object({ id: ShopifyId }).nullish(),
});
export type CustomersDataRequestPayload = z.infer<typeof CustomersDataRequestPayload>;

export const CustomersRedactPayload = z.object({
  shop_domain: z.string().optional(),
  customer: CustomerRef,
  orders_to_redact: z.array(ShopifyId).nullish().transform((v) => v ?? []),
});
export type CustomersRedactPayload = z.infer<typeof CustomersRedactPayload>;

export const ShopRedactPayload = z.object({
  shop_id: ShopifyId.optional(),
  shop_domain: z.string().optional(),
});
export type ShopRedactPayload = z.infer<typeof ShopRedactPayload>;
