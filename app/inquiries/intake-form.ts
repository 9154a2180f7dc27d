/**
 * The storefront inquiry form's fields as the app receives them (DESIGN.md, "Storefront inquiry"): parsed and checked
 * with zod, every message in the shopper's language. Pure: no database, no request, so the rules are unit-tested and
 * the theme block's `maxlength` attributes can be checked against the same limits.
 */
import { z } from "zod";
import type { TFunction } from "i18next";
import type { PageView } from "./types";

/** Field limits in UTF-16 code units, the unit of the browser's `maxlength`. */
export const INQUIRY_FIELD_LIMITS = {
  name: 100,
  email: 254,
  phone: 30,
  subject: 200,
  body: 5_000,
  order_number: 40,
  category: 64,
  page_url: 2_048,
  pages_viewed: 32_768,
} as const;

/** The whole request body; checked before it is parsed (a body over it gets 413). */
export const INQUIRY_MAX_BODY_BYTES = 64 * 1024;

/** Pages kept from `pages_viewed` (the most recent ones). */
export const MAX_PAGES_VIEWED = 20;

export type InquiryField = keyof typeof INQUIRY_FIELD_LIMITS | "consent" | "form";

export type FieldError = { field: InquiryField; message: string };

export type InquirySubmission = {
  name: string;
  email: string;
  phone: string | null;
  subject: string | null;
  body: string;
  orderNumber: string | null;
  category: string | null;
  pageUrl: string | null;
  pagesViewed: PageView[];
  /** The honeypot was filled: answer like a success, store nothing. */
  isBot: boolean;
  locale: "ja" | "en" | null;
};

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
// Control characters have no place in a one-line field; CR/LF there is how mail header injection starts.
const ONE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f\u2028\u2029]/;
// In the message, line breaks and tabs are the shopper's formatting; other control characters are not text.
const BODY_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;
/* eslint-enable no-control-regex */
const PHONE = /^[\p{Nd}+＋\-－ー‐()（）\s.]+$/u;
const CATEGORY_KEY = /^[A-Za-z0-9_-]+$/;

function buildSchema(t: TFunction) {
  const msg = (key: string, vars?: Record<string, unknown>) => t(`inquiryForm.errors.${key}`, vars);
  const optional = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value);
  const oneLine = (field: keyof typeof INQUIRY_FIELD_LIMITS) =>
    z
      .string()
      .refine((v) => !ONE_LINE_FORBIDDEN.test(v), { message: msg("oneLine") })
      .transform((v) => v.trim())
      .pipe(z.string().max(INQUIRY_FIELD_LIMITS[field], { message: msg("tooLong", { max: INQUIRY_FIELD_LIMITS[field] }) }));
  const optionalOneLine = (field: keyof typeof INQUIRY_FIELD_LIMITS) => z.preprocess(optional, oneLine(field).optional());

  return z.object({
    name: z.preprocess(optional, oneLine("name").optional()).refine((v) => v !== undefined, { message: msg("nameRequired") }),
    email: z
      .preprocess(optional, oneLine("email").pipe(z.email({ message: msg("emailInvalid") })).optional())
      .refine((v) => v !== undefined, { message: msg("emailRequired") }),
    phone: optionalOneLine("phone").refine((v) => v === undefined || PHONE.test(v), { message: msg("phoneInvalid") }),
    subject: optionalOneLine("subject"),
    body: z
      .preprocess(optional, z.string().optional())
      .refine((v) => v !== undefined, { message: msg("bodyRequired") })
      .refine((v) => v === undefined || !BODY_FORBIDDEN.test(v), { message: msg("bodyInvalid") })
      .refine((v) => v === undefined || v.length <= INQUIRY_FIELD_LIMITS.body, {
        message: msg("tooLong", { max: INQUIRY_FIELD_LIMITS.body }),
      }),
    order_number: optionalOneLine("order_number"),
    category: optionalOneLine("category").refine((v) => v === undefined || CATEGORY_KEY.test(v), { message: msg("categoryInvalid") }),
    page_url: z.string().optional(),
    pages_viewed: z.string().optional(),
    website: z.string().optional(),
    locale: z.string().optional(),
  });
}

const schemas = new WeakMap<TFunction, ReturnType<typeof buildSchema>>();

/** The page the shopper asked from: an http(s) URL within the limit, else nothing (it is set by the script, not typed). */
export function parsePageUrl(value: string | undefined): string | null {
  if (!value || value.length > INQUIRY_FIELD_LIMITS.page_url) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

const PageEntry = z.object({
  url: z.string().min(1).max(INQUIRY_FIELD_LIMITS.page_url),
  title: z.string().max(300).optional().catch(undefined),
  at: z.string().max(40).optional().catch(undefined),
  // The embed's first loader wrote `time`; read both.
  time: z.string().max(40).optional().catch(undefined),
});

/**
 * `pages_viewed` as the storefront sent it (a JSON list of {url, title, at}), read defensively: anything that is not
 * such a list is no list, malformed entries are skipped, control characters dropped, the most recent 20 kept.
 */
export function parsePagesViewed(value: string | undefined): PageView[] {
  if (!value || value.length > INQUIRY_FIELD_LIMITS.pages_viewed) return [];
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const pages: PageView[] = [];
  for (const item of data.slice(-MAX_PAGES_VIEWED)) {
    const entry = PageEntry.safeParse(item);
    if (!entry.success || ONE_LINE_FORBIDDEN.test(entry.data.url)) continue;
    const page: PageView = { url: entry.data.url };
    const title = entry.data.title?.replace(CONTROL, " ").trim();
    if (title) page.title = title;
    const at = entry.data.at ?? entry.data.time;
    if (at && !Number.isNaN(Date.parse(at))) page.at = new Date(at).toISOString();
    pages.push(page);
  }
  return pages;
}

export type ParseOutcome = { ok: true; submission: InquirySubmission } | { ok: false; errors: FieldError[] };

/** Reads the submitted fields; on failure one localized message per field, in form order. */
export function parseInquirySubmission(fields: Record<string, string>, t: TFunction): ParseOutcome {
  // A filled honeypot is a bot: nothing else is looked at.
  if ((fields.website ?? "").trim() !== "") {
    return {
      ok: true,
      submission: {
        name: "",
        email: "",
        phone: null,
        subject: null,
        body: "",
        orderNumber: null,
        category: null,
        pageUrl: null,
        pagesViewed: [],
        isBot: true,
        locale: null,
      },
    };
  }
  let schema = schemas.get(t);
  if (!schema) {
    schema = buildSchema(t);
    schemas.set(t, schema);
  }
  // Required fields that were not sent at all are checked like empty ones (zod skips absent optional keys).
  const parsed = schema.safeParse({ name: "", email: "", body: "", ...fields });
  if (!parsed.success) {
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form") as InquiryField;
      if (seen.has(field)) continue;
      seen.add(field);
      errors.push({ field, message: issue.message });
    }
    return { ok: false, errors };
  }
  const d = parsed.data;
  const locale = d.locale?.trim().toLowerCase().split(/[-_]/)[0];
  return {
    ok: true,
    submission: {
      name: d.name!,
      email: d.email!,
      phone: d.phone ?? null,
      subject: d.subject ?? null,
      body: d.body!,
      orderNumber: d.order_number ?? null,
      category: d.category ?? null,
      pageUrl: parsePageUrl(d.page_url),
      pagesViewed: parsePagesViewed(d.pages_viewed),
      isBot: false,
      locale: locale === "ja" || locale === "en" ? locale : null,
    },
  };
}
