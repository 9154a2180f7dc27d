/**
 * What the segment routes share: the builder's choices (tags, attributes, currency), and failures turned into
 * responses with field messages in the staff member's language. Keeps app/routes/app.segments*.tsx thin.
 */
import { data } from "@remix-run/node";
import prisma from "../db.server";
import { listDefinitions } from "../customers/custom-attributes.server";
import { listShopTags } from "../customers/customer-index.server";
import { shopCurrency } from "../customers/shop-settings.server";
import { createI18n } from "../i18n/i18n";
import { resolveStaffLocale } from "../staff/staff.server";
import { listCollections } from "../sync/collections.server";
import type { AttributeType } from "../customers/custom-attributes";
import { conditionsOf, type SegmentGroup } from "./rule";
import { productTitles, segmentErrorStatus, type SegmentFailure, type SegmentField } from "./segments.server";

export type BuilderAttribute = { id: string; label: string; type: AttributeType; choices: string[] };
/** An inquiry category of the shop (InquiryCategory) for the inquiryCategory picker; archived ones only name saved values. */
export type BuilderInquiryCategory = { key: string; nameJa: string; nameEn: string; archived: boolean };
export type BuilderOptions = {
  tags: string[];
  attributes: BuilderAttribute[];
  currency: { currencyCode: string; timeZone: string };
  /** Titles of the products the rule already names. */
  productTitles: Record<string, string>;
  inquiryCategories: BuilderInquiryCategory[];
  /** The shop's collections as last synced, for the collectionBought picker. */
  collections: Array<{ id: string; title: string }>;
};

async function inquiryCategories(shop: string): Promise<BuilderInquiryCategory[]> {
  const rows = await prisma.inquiryCategory.findMany({
    where: { shop },
    orderBy: [{ position: "asc" }, { key: "asc" }],
    select: { key: true, nameJa: true, nameEn: true, archivedAt: true },
    take: 500,
  });
  return rows.map((r) => ({ key: r.key, nameJa: r.nameJa, nameEn: r.nameEn, archived: r.archivedAt !== null }));
}

/** The choices the builder offers for the shop (and titles of products a saved rule names). */
export async function loadBuilderOptions(shop: string, rule?: SegmentGroup): Promise<BuilderOptions> {
  const productIds = rule ? conditionsOf(rule).flatMap((c) => (c.field === "productBought" && Array.isArray(c.value) ? (c.value as string[]) : [])) : [];
  const [tags, definitions, currency, titles, categories, collections] = await Promise.all([
    listShopTags(shop),
    listDefinitions(shop),
    shopCurrency(shop),
    productTitles(shop, productIds),
    inquiryCategories(shop),
    listCollections(shop),
  ]);
  return {
    tags,
    attributes: definitions.map((d) => ({ id: d.id, label: d.label, type: d.type, choices: d.choices })),
    currency,
    productTitles: titles,
    inquiryCategories: categories,
    collections,
  };
}

export type SegmentActionError = { field: SegmentField; message: string; path?: string };
export type SegmentActionResult = { ok: true; id: string; intent: string } | { ok: false; errors: SegmentActionError[] };

type RequestContext = { request: Request; shop: string; userId: string | null };

/**
 * A failure as a 4xx answer whose messages are in the staff member's language: `data()` for a page's action, a plain
 * JSON Response for a resource route (`resource: true`), where Remix would not carry the status of `data()`.
 */
export async function failureResponse({ request, shop, userId }: RequestContext, failure: SegmentFailure, options: { resource?: boolean } = {}) {
  const locale = await resolveStaffLocale({
    shop,
    userId,
    requested: new URL(request.url).searchParams.get("locale"),
    acceptLanguage: request.headers.get("accept-language"),
  });
  const i18n = createI18n(locale);
  const errors = failure.errors.map((e) => ({ field: e.field, message: i18n.t(e.messageKey), ...(e.path !== undefined ? { path: e.path } : {}) }));
  const body: SegmentActionResult = { ok: false, errors };
  if (options.resource) return Response.json(body, { status: segmentErrorStatus(failure.code) });
  return data(body, { status: segmentErrorStatus(failure.code) });
}

/** The form fields of a save (name, description, rule as JSON text). */
export async function segmentForm(request: Request): Promise<{ intent: string; name: unknown; description: unknown; rule: unknown; ids: string[] }> {
  const form = await request.formData();
  return {
    intent: String(form.get("intent") ?? ""),
    name: form.get("name") ?? undefined,
    description: form.get("description") ?? undefined,
    rule: form.get("rule") ?? undefined,
    ids: form.getAll("ids").map(String).slice(0, 500),
  };
}
