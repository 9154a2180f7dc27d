/**
 * A segment's members as a CSV file for direct mail and catalogue mailing lists: the columns the staff member chose,
 * headed in their language, in UTF-8 with BOM or CP932 (app/segments/export-csv.ts). Streamed with constant memory:
 * members are paged by Shopify id (keyset, app/segments/export-members.server.ts), a page of 2,000 ids and their
 * columns in one statement; the next page is read only when the reader has taken the previous one (a pull stream, so a
 * slow download holds the database reads back instead of filling memory).
 */
import { z } from "zod";
import { formatPhone } from "../customers/phone";
import { prefectureName } from "../customers/prefectures";
import { personName } from "../customers/address";
import { shopCurrency } from "../customers/shop-settings.server";
import { createI18n, type Locale } from "../i18n/i18n";
import type { AddressRow } from "../sync/types";
import { EXPORT_COLUMNS, type ExportColumn } from "./export-columns";
import { csvEncoder, csvLine, EXPORT_ENCODINGS } from "./export-csv";
import type { SegmentGroup } from "./rule";
import { type MemberQuery, memberQuery, memberRowPage } from "./export-members.server";

export const PAGE_SIZE = 2000;

const columnSet = new Set<string>(EXPORT_COLUMNS);

/** The export request as the dialog sends it (query string): comma-separated columns and the encoding. */
export const ExportRequest = z.object({
  columns: z
    .string({ error: "segmentUse.export.errors.columnsRequired" })
    .transform((raw) => [...new Set(raw.split(",").map((c) => c.trim()).filter(Boolean))])
    .pipe(
      z
        .array(z.string().refine((c) => columnSet.has(c), "segmentUse.export.errors.columnUnknown"))
        .min(1, "segmentUse.export.errors.columnsRequired")
        .max(EXPORT_COLUMNS.length, "segmentUse.export.errors.columnUnknown"),
    )
    // File order is the list's, whatever order the request named them in.
    .transform((chosen) => EXPORT_COLUMNS.filter((c) => chosen.includes(c))),
  encoding: z.enum(EXPORT_ENCODINGS, { error: "segmentUse.export.errors.encodingInvalid" }),
});
export type ExportOptions = z.infer<typeof ExportRequest>;

export type ExportSummary = { rows: number; replaced: number; bytes: number };

type MemberRow = {
  shopifyId: string;
  firstName: string | null;
  lastName: string | null;
  nameKana: string | null;
  email: string | null;
  phone: string | null;
  tags: string;
  marketingState: string | null;
  addresses: string;
  provinceCode: string | null;
  zip: string | null;
  ordersCount: number;
  totalSpent: { toString(): string };
  averageOrderValue: { toString(): string };
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  analysis: { rfmClass: string; cpmClass: string | null } | null;
};

function defaultAddress(json: string): Partial<AddressRow> {
  try {
    const list: unknown = JSON.parse(json);
    const first = Array.isArray(list) ? (list[0] as unknown) : null;
    return first && typeof first === "object" ? (first as Partial<AddressRow>) : {};
  } catch {
    return {};
  }
}

const asNumber = (value: { toString(): string }) => {
  const n = Number(value.toString());
  return Number.isFinite(n) ? Math.round(n * 100) / 100 : null;
};

/** Builds one row's cells in column order. */
function rowFormatter(columns: readonly ExportColumn[], locale: Locale, timeZone: string) {
  const { t } = createI18n(locale);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const label = (key: string, fallback: string) => {
    const text = t(key);
    return text === key ? fallback : text;
  };
  const cache = new Map<string, string>();
  const cached = (key: string, fallback: string) => {
    let text = cache.get(key);
    if (text === undefined) {
      text = label(key, fallback);
      cache.set(key, text);
    }
    return text;
  };
  return (m: MemberRow): Array<string | number | null> => {
    const address = columns.some((c) => ["zip", "prefecture", "city", "address1", "address2", "company"].includes(c)) ? defaultAddress(m.addresses) : {};
    return columns.map((column) => {
      switch (column) {
        case "name":
          return personName(m.firstName, m.lastName);
        case "lastName":
          return m.lastName;
        case "firstName":
          return m.firstName;
        case "nameKana":
          return m.nameKana;
        case "email":
          return m.email;
        case "phone": {
          const phone = m.phone ?? address.phone ?? null;
          return phone ? formatPhone(phone, locale) : null;
        }
        case "zip":
          return address.zip ?? m.zip;
        case "prefecture": {
          const code = address.provinceCode ?? m.provinceCode;
          return prefectureName(code, locale) ?? address.province ?? null;
        }
        case "city":
          return address.city ?? null;
        case "address1":
          return address.address1 ?? null;
        case "address2":
          return address.address2 ?? null;
        case "company":
          return address.company ?? null;
        case "tags":
          return m.tags;
        case "consent":
          return m.marketingState ? cached(`customers.consent.${m.marketingState}`, m.marketingState) : null;
        case "ordersCount":
          return m.ordersCount;
        case "totalSpent":
          return asNumber(m.totalSpent);
        case "averageOrderValue":
          return asNumber(m.averageOrderValue);
        case "firstOrderAt":
          return m.firstOrderAt ? day.format(m.firstOrderAt) : null;
        case "lastOrderAt":
          return m.lastOrderAt ? day.format(m.lastOrderAt) : null;
        case "rfmClass":
          return m.analysis ? cached(`analytics.rfm.classes.${m.analysis.rfmClass}`, m.analysis.rfmClass) : null;
        case "cpmClass":
          return m.analysis?.cpmClass ? cached(`analytics.cpm.classes.${m.analysis.cpmClass}`, m.analysis.cpmClass) : null;
      }
    });
  };
}

/** The header line in the staff member's language. */
export function exportHeader(columns: readonly ExportColumn[], locale: Locale): string {
  const { t } = createI18n(locale);
  return csvLine(columns.map((c) => t(`segmentUse.export.columns.${c}`)));
}

/** A DateTime as raw SQL returns it: a Date, SQLite's stored ISO text, or PostgreSQL's timestamp text (UTC). */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value);
  const text = String(value);
  const date = new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text) ? `${text.replace(" ", "T")}Z` : text);
  return Number.isNaN(date.getTime()) ? null : date;
}

type RawMember = Omit<MemberRow, "firstOrderAt" | "lastOrderAt" | "analysis" | "ordersCount"> & {
  ordersCount: number | bigint;
  firstOrderAt: unknown;
  lastOrderAt: unknown;
  rfmClass: string | null;
  cpmClass: string | null;
};

// Decimals as text so both databases answer the same type.
const MEMBER_COLUMNS =
  `c."shopifyId", c."firstName", c."lastName", c."nameKana", c."email", c."phone", c."tags", c."marketingState", c."addresses", ` +
  `c."provinceCode", c."zip", c."ordersCount", CAST(c."totalSpent" AS TEXT) AS "totalSpent", ` +
  `CAST(c."averageOrderValue" AS TEXT) AS "averageOrderValue", c."firstOrderAt", c."lastOrderAt", a."rfmClass", a."cpmClass"`;

function toMember(r: RawMember): MemberRow {
  return {
    ...r,
    ordersCount: Number(r.ordersCount),
    firstOrderAt: toDate(r.firstOrderAt),
    lastOrderAt: toDate(r.lastOrderAt),
    analysis: r.rfmClass ? { rfmClass: r.rfmClass, cpmClass: r.cpmClass } : null,
  };
}

/**
 * The segment's members as CSV bytes. `onDone` receives the row count and how many characters CP932 could not hold
 * (written as 〓) once the last byte has been handed over. Members are judged as of `now` (the export's start).
 */
export function segmentCsvStream(
  shop: string,
  rule: SegmentGroup,
  options: ExportOptions & { locale: Locale; now?: Date; pageSize?: number; onDone?: (summary: ExportSummary) => void },
): ReadableStream<Uint8Array> {
  const encoder = csvEncoder(options.encoding);
  const pageSize = Math.max(1, Math.min(options.pageSize ?? PAGE_SIZE, 5000));
  let query: MemberQuery | null = null;
  let format: ((m: MemberRow) => Array<string | number | null>) | null = null;
  let after: string | undefined;
  let rows = 0;
  let bytes = 0;

  const emit = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    const chunk = encoder.encode(text);
    bytes += chunk.length;
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!query || !format) {
          query = await memberQuery(shop, rule, options.now ?? new Date());
          format = rowFormatter(options.columns, options.locale, query.timeZone);
          emit(controller, exportHeader(options.columns, options.locale));
          return;
        }
        const page = await memberRowPage<RawMember>(query, MEMBER_COLUMNS, after, pageSize);
        let text = "";
        for (const raw of page) text += csvLine(format(toMember(raw)));
        rows += page.length;
        if (page.length > 0) after = page[page.length - 1]!.shopifyId;
        if (text) emit(controller, text);
        if (page.length < pageSize) {
          controller.close();
          options.onDone?.({ rows, replaced: encoder.replaced, bytes });
        }
      },
    },
    // One page ahead at most: the next page is read while the previous one is being sent.
    { highWaterMark: 1 },
  );
}

/** "VIP顧客_2026-11-23.csv": the segment name made safe for a file name, and the day in the shop's time zone. */
export function exportFileName(segmentName: string, day: string): string {
  // Path separators, control and reserved characters of Windows file names go; the rest (Japanese included) stays.
  // eslint-disable-next-line no-control-regex
  const safe = segmentName.replace(/[\u0000-\u001f\u007f\\/:*?"<>|]+/g, "_").trim().slice(0, 80) || "segment";
  return `${safe}_${day}.csv`;
}

/** Content-Disposition with an ASCII fallback and the real name in RFC 5987 form (filename*=UTF-8''…). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The day in the shop's time zone, YYYY-MM-DD. */
export async function shopDay(shop: string, at = new Date()): Promise<string> {
  const { timeZone } = await shopCurrency(shop);
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}
