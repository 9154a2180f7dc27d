/**
 * Saved views of the customers index: named tabs holding an index query (search, filters, sort), like the views of
 * Shopify admin's own customer list. Every read and write names the shop; at most MAX_VIEWS_PER_SHOP per shop; names
 * are unique per shop ignoring case and full-width / half-width forms (「ＶＩＰ」 and "vip" are the same name).
 */
import { z } from "zod";
import prisma from "../db.server";
import { CustomerIndexQuery } from "./customer-index.server";

export const MAX_VIEWS_PER_SHOP = 20;
/** Polaris' view name modals stop at 40 characters too. */
export const MAX_VIEW_NAME_LENGTH = 40;

export type SavedView = { id: string; name: string; query: string };

export type SavedViewErrorCode = "nameRequired" | "nameTooLong" | "nameInvalid" | "nameTaken" | "tooManyViews" | "queryInvalid" | "notFound" | "unknownIntent";
export type SavedViewField = "name" | "query" | "id" | "intent";

export type SavedViewResult = { ok: true; view: SavedView | null } | { ok: false; code: SavedViewErrorCode };

/** How each error reaches the merchant: HTTP status, the form field it belongs to, and its message key. */
export function savedViewError(code: SavedViewErrorCode): { status: 400 | 404 | 409 | 422; field: SavedViewField; messageKey: string } {
  const messageKey = `customers.views.errors.${code}`;
  switch (code) {
    case "nameRequired":
    case "nameTooLong":
    case "nameInvalid":
      return { status: 400, field: "name", messageKey };
    case "nameTaken":
      return { status: 409, field: "name", messageKey };
    case "tooManyViews":
      return { status: 422, field: "name", messageKey };
    case "queryInvalid":
      return { status: 400, field: "query", messageKey };
    case "notFound":
      return { status: 404, field: "id", messageKey };
    case "unknownIntent":
      return { status: 400, field: "intent", messageKey };
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled saved view error: ${String(value)}`);
}

// Control characters would break the tab label and have no business in a name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const Name = z
  .string({ error: "nameRequired" })
  .trim()
  .min(1, "nameRequired")
  .max(MAX_VIEW_NAME_LENGTH, "nameTooLong")
  .refine((name) => !CONTROL.test(name), "nameInvalid");

const Id = z.string({ error: "notFound" }).min(1, "notFound").max(64, "notFound");

/** The index query as the page's URL search string ("?tag=VIP&page=2"); parsed and made canonical before storing. */
const Query = z.string({ error: "queryInvalid" }).max(2_000, "queryInvalid");

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: Name, query: Query }),
  z.object({ intent: z.literal("rename"), id: Id, name: Name }),
  z.object({ intent: z.literal("save"), id: Id, query: Query }),
  z.object({ intent: z.literal("duplicate"), id: Id, name: Name }),
  z.object({ intent: z.literal("delete"), id: Id }),
]);

function dateParam(value: Date): string {
  const iso = value.toISOString();
  // The date filters send plain days; keep them as the merchant typed them.
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

/**
 * The canonical form of an index query as stored in a view: only the parameters the index knows, in the order the
 * index declares them, without the page, so two queries that show the same customers compare equal.
 */
export function serializeViewQuery(query: CustomerIndexQuery): string {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === "page" || value === undefined || value === null || value === "") continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      out.append(key, item instanceof Date ? dateParam(item) : String(item));
    }
  }
  return out.toString();
}

/** Canonical view query from URL search parameters; null when a known parameter holds a value the index refuses. */
export function canonicalViewQuery(search: string | URLSearchParams): string | null {
  const params = new URLSearchParams(search);
  const parsed = CustomerIndexQuery.safeParse(Object.fromEntries(params));
  return parsed.success ? serializeViewQuery(parsed.data) : null;
}

/** The names "ＶＩＰ 顧客" and "vip 顧客" collide: compare after NFKC and case folding. */
function nameKey(name: string): string {
  return name.normalize("NFKC").trim().toLowerCase();
}

function toView(row: { id: string; name: string; query: string }): SavedView {
  // Re-canonicalised on read so views saved before an index change still compare equal to the same filters.
  return { id: row.id, name: row.name, query: canonicalViewQuery(row.query) ?? row.query };
}

const SELECT = { id: true, name: true, query: true } as const;

/** The shop's saved views in tab order. */
export async function listSavedViews(shop: string): Promise<SavedView[]> {
  const rows = await prisma.customerSavedView.findMany({ where: { shop }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: SELECT });
  return rows.map(toView);
}

async function nameTaken(shop: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await prisma.customerSavedView.findMany({ where: { shop }, select: { id: true, name: true } });
  const key = nameKey(name);
  return rows.some((row) => row.id !== exceptId && nameKey(row.name) === key);
}

function isUniqueConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

async function insertView(shop: string, userId: string | null, name: string, query: string): Promise<SavedViewResult> {
  if (await nameTaken(shop, name)) return { ok: false, code: "nameTaken" };
  try {
    const row = await prisma.$transaction(async (tx) => {
      const existing = await tx.customerSavedView.aggregate({ where: { shop }, _count: { _all: true }, _max: { position: true } });
      if (existing._count._all >= MAX_VIEWS_PER_SHOP) return null;
      return tx.customerSavedView.create({
        data: { shop, name, query, createdByUserId: userId, position: (existing._max.position ?? -1) + 1 },
        select: SELECT,
      });
    });
    return row ? { ok: true, view: toView(row) } : { ok: false, code: "tooManyViews" };
  } catch (error) {
    // Two staff members saving the same name at once: the unique index (shop, name) decides.
    if (isUniqueConflict(error)) return { ok: false, code: "nameTaken" };
    throw error;
  }
}

/** Saves the current index query as a new view at the end of the tabs. */
export async function createSavedView(shop: string, userId: string | null, input: { name: string; search: string }): Promise<SavedViewResult> {
  const query = canonicalViewQuery(input.search);
  if (query === null) return { ok: false, code: "queryInvalid" };
  return insertView(shop, userId, input.name, query);
}

/** A copy of a view under a new name, placed at the end of the tabs. */
export async function duplicateSavedView(shop: string, userId: string | null, id: string, name: string): Promise<SavedViewResult> {
  const source = await prisma.customerSavedView.findFirst({ where: { shop, id }, select: SELECT });
  if (!source) return { ok: false, code: "notFound" };
  return insertView(shop, userId, name, toView(source).query);
}

export async function renameSavedView(shop: string, id: string, name: string): Promise<SavedViewResult> {
  const existing = await prisma.customerSavedView.findFirst({ where: { shop, id }, select: { id: true } });
  if (!existing) return { ok: false, code: "notFound" };
  if (await nameTaken(shop, name, id)) return { ok: false, code: "nameTaken" };
  try {
    const { count } = await prisma.customerSavedView.updateMany({ where: { shop, id }, data: { name } });
    if (!count) return { ok: false, code: "notFound" };
  } catch (error) {
    if (isUniqueConflict(error)) return { ok: false, code: "nameTaken" };
    throw error;
  }
  return { ok: true, view: await findView(shop, id) };
}

/** "Save" on a modified view: the view now holds the current index query. */
export async function updateSavedViewQuery(shop: string, id: string, search: string): Promise<SavedViewResult> {
  const query = canonicalViewQuery(search);
  if (query === null) return { ok: false, code: "queryInvalid" };
  const { count } = await prisma.customerSavedView.updateMany({ where: { shop, id }, data: { query } });
  if (!count) return { ok: false, code: "notFound" };
  return { ok: true, view: await findView(shop, id) };
}

export async function deleteSavedView(shop: string, id: string): Promise<SavedViewResult> {
  const { count } = await prisma.customerSavedView.deleteMany({ where: { shop, id } });
  return count ? { ok: true, view: null } : { ok: false, code: "notFound" };
}

async function findView(shop: string, id: string): Promise<SavedView | null> {
  const row = await prisma.customerSavedView.findFirst({ where: { shop, id }, select: SELECT });
  return row ? toView(row) : null;
}

/**
 * One submission of the views' form (`intent` = create | rename | save | duplicate | delete), parsed with zod;
 * the first problem found is the answer, and nothing is written when there is one.
 */
export async function runSavedViewIntent(shop: string, userId: string | null, form: Record<string, unknown>): Promise<SavedViewResult> {
  const parsed = Intent.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.message as SavedViewErrorCode | undefined;
    const known: readonly string[] = ["nameRequired", "nameTooLong", "nameInvalid", "queryInvalid", "notFound"];
    return { ok: false, code: message && known.includes(message) ? message : "unknownIntent" };
  }
  const input = parsed.data;
  switch (input.intent) {
    case "create":
      return createSavedView(shop, userId, { name: input.name, search: input.query });
    case "rename":
      return renameSavedView(shop, input.id, input.name);
    case "save":
      return updateSavedViewQuery(shop, input.id, input.query);
    case "duplicate":
      return duplicateSavedView(shop, userId, input.id, input.name);
    case "delete":
      return deleteSavedView(shop, input.id);
    default:
      return assertUnreachable(input);
  }
}

/** What the customers index needs about views: the tabs, the one the URL selects, and whether the filters differ. */
export async function loadSavedViews(
  shop: string,
  viewId: string | null,
  current: CustomerIndexQuery,
): Promise<{ views: SavedView[]; selectedViewId: string | null; modified: boolean; indexParams: string[]; maxViews: number }> {
  const views = await listSavedViews(shop);
  const currentQuery = serializeViewQuery(current);
  const selected = viewId ? views.find((view) => view.id === viewId) : undefined;
  // "All customers" is the unfiltered index; any search, filter or sort away from it is a change to save as a view.
  const baseline = selected ? selected.query : serializeViewQuery(CustomerIndexQuery.parse({}));
  return {
    views,
    selectedViewId: selected?.id ?? null,
    modified: currentQuery !== baseline,
    indexParams: Object.keys(CustomerIndexQuery.shape),
    maxViews: MAX_VIEWS_PER_SHOP,
  };
}
