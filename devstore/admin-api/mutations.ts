/**
 * Mutation root: state changes go through store/events.ts so the webhooks Shopify would send are emitted. Bad input
 * comes back as `userErrors` in Shopify's shape, never as a top-level error.
 */
import type { GraphQLResolveInfo } from "graphql";
import { z } from "zod";
import { gid, parseGid, records, reserveIds } from "../store/db";
import { createCustomer, DevstoreError, updateCustomer, updateOrder } from "../store/events";
import type { CustomerPatch } from "../store/events";
import { cancelBulkOperation, startBulkQuery } from "./bulk";
import { customerObject, orderObject } from "./objects";
import { bulkObject, enumToTopic, getWebhookSubscription, webhookSubscriptionObject, type WebhookSubscriptionRow } from "./objects-misc";
import { type RequestContext, requireScope } from "./request-context";
import { segmentMutations } from "./segments";
import { collectionMutations } from "./collections";

type Args = Record<string, unknown>;
type MutationResolver = (args: Args, rc: RequestContext, info: GraphQLResolveInfo) => unknown;
type UserError = { __typename?: string; field: string[] | null; message: string; code?: string };

function userErrorsFrom(err: unknown, prefix: string[]): UserError[] {
  if (err instanceof DevstoreError) {
    return [{ field: err.field ? [...prefix, err.field] : null, message: err.message }];
  }
  throw err;
}

const CustomerInputSchema = z.object({
  id: z.string().optional(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  note: z.string().nullish(),
  locale: z.string().optional(),
  tags: z.array(z.string()).optional(),
  emailMarketingConsent: z.unknown().optional(),
});

const ConsentInputSchema = z.object({
  customerId: z.string(),
  emailMarketingConsent: z.object({
    marketingState: z.enum(["INVALID", "NOT_SUBSCRIBED", "PENDING", "REDACTED", "SUBSCRIBED", "UNSUBSCRIBED"]),
    marketingOptInLevel: z.enum(["CONFIRMED_OPT_IN", "SINGLE_OPT_IN", "UNKNOWN"]).nullish(),
    consentUpdatedAt: z.string().nullish(),
  }),
});

/** Shopify tags are trimmed and split on commas; `tagsAdd(tags: ["a, b"])` adds two tags. */
function normalizeTags(tags: string[]): string[] {
  return tags.flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
}

function changeTags(rc: RequestContext, info: GraphQLResolveInfo, id: string, tags: string[], add: boolean) {
  const parsed = parseGid(id);
  const wanted = normalizeTags(tags);
  const lowered = new Set(wanted.map((t) => t.toLowerCase()));
  const apply = (current: string[]) =>
    add
      ? [...current, ...wanted.filter((t) => !current.some((c) => c.toLowerCase() === t.toLowerCase()))]
      : current.filter((c) => !lowered.has(c.toLowerCase()));
  const shop = rc.shop.domain;
  const notFound = { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
  if (parsed?.kind === "Customer") {
    requireScope(rc, info, "write_customers");
    const current = records(rc.ctx.db).getCustomer(shop, parsed.id);
    if (!current) return notFound;
    const next = updateCustomer(rc.ctx, shop, parsed.id, { tags: apply(current.tags) }, rc.now());
    return { node: customerObject(next), userErrors: [] };
  }
  if (parsed?.kind === "Order") {
    requireScope(rc, info, "write_orders");
    const current = records(rc.ctx.db).getOrder(shop, parsed.id);
    if (!current) return notFound;
    const next = updateOrder(rc.ctx, shop, parsed.id, { tags: apply(current.tags) }, rc.now());
    return { node: orderObject(next), userErrors: [] };
  }
  return notFound;
}

const TOPIC_OK = /^[a-z_]+\/[a-z_]+$/;

export const mutationRoot: Record<string, MutationResolver> = {
  customerUpdate: (args, rc, info) => {
    requireScope(rc, info, "write_customers");
    const input = CustomerInputSchema.parse(args.input);
    const parsed = input.id ? parseGid(input.id) : null;
    if (!parsed || parsed.kind !== "Customer" || !records(rc.ctx.db).getCustomer(rc.shop.domain, parsed.id)) {
      return { customer: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
    }
    if (input.emailMarketingConsent !== undefined) {
      return {
        customer: null,
        userErrors: [
          {
            field: ["emailMarketingConsent"],
            message: "To update emailMarketingConsent, please use the customerEmailMarketingConsentUpdate Mutation instead",
          },
        ],
      };
    }
    const patch: CustomerPatch = {};
    for (const key of ["firstName", "lastName", "email", "phone", "note"] as const) {
      if (input[key] !== undefined) patch[key] = input[key];
    }
    if (input.locale !== undefined) patch.locale = input.locale;
    if (input.tags !== undefined) patch.tags = normalizeTags(input.tags);
    try {
      return { customer: customerObject(updateCustomer(rc.ctx, rc.shop.domain, parsed.id, patch, rc.now())), userErrors: [] };
    } catch (err) {
      return { customer: null, userErrors: userErrorsFrom(err, []) };
    }
  },

  customerCreate: (args, rc, info) => {
    requireScope(rc, info, "write_customers");
    const input = CustomerInputSchema.parse(args.input);
    if (input.id) return { customer: null, userErrors: [{ field: ["id"], message: "Id must be blank for a new customer" }] };
    if (!input.email?.trim() && !input.phone?.trim() && !input.firstName?.trim() && !input.lastName?.trim()) {
      return { customer: null, userErrors: [{ field: null, message: "A name, phone number, or email address must be present" }] };
    }
    try {
      const created = createCustomer(rc.ctx, rc.shop.domain, {
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        note: input.note ?? null,
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
        ...(input.tags !== undefined ? { tags: normalizeTags(input.tags) } : {}),
      }, rc.now());
      return { customer: customerObject(created), userErrors: [] };
    } catch (err) {
      return { customer: null, userErrors: userErrorsFrom(err, []) };
    }
  },

  tagsAdd: (args, rc, info) => changeTags(rc, info, String(args.id), args.tags as string[], true),
  tagsRemove: (args, rc, info) => changeTags(rc, info, String(args.id), args.tags as string[], false),

  customerEmailMarketingConsentUpdate: (args, rc, info) => {
    requireScope(rc, info, "write_customers");
    const input = ConsentInputSchema.parse(args.input);
    const parsed = parseGid(input.customerId);
    const customer = parsed?.kind === "Customer" ? records(rc.ctx.db).getCustomer(rc.shop.domain, parsed.id) : null;
    if (!parsed || !customer) {
      return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
    }
    if (!customer.email) {
      return {
        customer: null,
        userErrors: [{ field: ["input", "emailMarketingConsent"], message: "Customer must have an email address", code: "INVALID" }],
      };
    }
    const c = input.emailMarketingConsent;
    const next = updateCustomer(
      rc.ctx,
      rc.shop.domain,
      parsed.id,
      {
        emailMarketingConsent: {
          marketingState: c.marketingState,
          marketingOptInLevel: c.marketingOptInLevel ?? (c.marketingState === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null),
          consentUpdatedAt: c.consentUpdatedAt ? new Date(c.consentUpdatedAt).toISOString() : rc.now().toISOString(),
        },
      },
      rc.now(),
    );
    return { customer: customerObject(next), userErrors: [] };
  },

  webhookSubscriptionCreate: (args, rc) => {
    const topic = enumToTopic(String(args.topic));
    const input = z
      .object({ uri: z.string().nullish(), callbackUrl: z.string().nullish(), format: z.string().nullish() })
      .parse(args.webhookSubscription);
    const uri = input.uri ?? input.callbackUrl ?? "";
    if (!/^(https?:\/\/[^\s]+|pubsub:\/\/[^\s]+|arn:aws:events:[^\s]+)$/.test(uri)) {
      return { webhookSubscription: null, userErrors: [{ field: ["webhookSubscription", "callbackUrl"], message: "Address is invalid" }] };
    }
    if (!TOPIC_OK.test(topic)) {
      return { webhookSubscription: null, userErrors: [{ field: ["topic"], message: "Topic is invalid" }] };
    }
    const shop = rc.shop.domain;
    const dup = rc.ctx.db.prepare("SELECT 1 FROM webhook_subscriptions WHERE shop = ? AND topic = ? AND uri = ?").get(shop, topic, uri);
    if (dup) {
      return {
        webhookSubscription: null,
        userErrors: [{ field: ["webhookSubscription", "callbackUrl"], message: "Address for this topic has already been taken" }],
      };
    }
    const id = reserveIds(rc.ctx.db, "WebhookSubscription");
    const now = rc.now().toISOString();
    rc.ctx.db
      .prepare("INSERT INTO webhook_subscriptions (id, shop, topic, uri, format, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(id, shop, topic, uri, input.format ?? "JSON", now, now);
    const row = getWebhookSubscription(rc.ctx.db, shop, id) as WebhookSubscriptionRow;
    return { webhookSubscription: webhookSubscriptionObject(row, rc.apiVersion), userErrors: [] };
  },

  webhookSubscriptionDelete: (args, rc) => {
    const parsed = parseGid(String(args.id));
    const deleted =
      parsed?.kind === "WebhookSubscription" &&
      rc.ctx.db.prepare("DELETE FROM webhook_subscriptions WHERE shop = ? AND id = ?").run(rc.shop.domain, parsed.id).changes > 0;
    if (!deleted) {
      return { deletedWebhookSubscriptionId: null, userErrors: [{ field: ["id"], message: "Webhook subscription does not exist" }] };
    }
    return { deletedWebhookSubscriptionId: gid("WebhookSubscription", parsed.id), userErrors: [] };
  },

  bulkOperationRunQuery: (args, rc) => {
    const result = startBulkQuery(rc, String(args.query));
    return {
      bulkOperation: result.operation ? bulkObject(result.operation) : null,
      userErrors: result.userErrors,
    };
  },

  bulkOperationCancel: (args, rc) => {
    const parsed = parseGid(String(args.id));
    const result = parsed?.kind === "BulkOperation" ? cancelBulkOperation(rc.ctx, rc.shop.domain, parsed.id) : null;
    if (!result) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    return { bulkOperation: bulkObject(result.operation), userErrors: result.userErrors };
  },

  ...segmentMutations,
  ...collectionMutations,
};
