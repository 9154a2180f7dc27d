/**
 * The inquiry desk's settings (issue 4): the support address, business hours and holidays, SLA defaults and the
 * auto-reply (SupportSettings), categories with their team and assignment (InquiryCategory), reply templates
 * (ReplyTemplate), FAQ answers for the chat widget (FaqEntry), the merchant's triage rules and the classifier's status.
 * Every input is parsed with zod at this edge; a problem comes back as field messages (inquirySettings.errors.*) and
 * nothing is written. Every query names the shop.
 */
import { invalidateSupportSnapshot } from "./support-cache.server";
import { z } from "zod";
import prisma from "../db.server";
import { shopCurrency } from "../customers/shop-settings.server";
import { ensureSupportDefaults } from "./defaults.server";
import {
  ASSIGNMENT_MODES,
  LIMITS,
  PRIORITIES,
  type BusinessHours,
  type CategoryView,
  type ClassifierView,
  type ContentLocale,
  type FaqView,
  type FieldErrors,
  type GeneralSettingsView,
  type SlaTargets,
  type StaffOption,
  type TemplateView,
  type TriageRule,
} from "./settings";
import { DEFAULT_SLA_TARGETS } from "./sla.server";
import { E, Ids, parseCategoryInput, parseFaqInput, parseGeneralInput, parseJson, parseRulesInput, parseTemplateInput, type CategoryInput } from "./settings-validation";
import { trainClassifier } from "./triage.server";

/** Why a request failed; `supportSettingsFailureStatus` maps each to its HTTP status in one place. */
export type SupportSettingsFailureCode = "invalid" | "addressTaken" | "keyTaken" | "notFound";
export type SupportSettingsFailure = { ok: false; code: SupportSettingsFailureCode; errors: FieldErrors };
type Result<T = object> = ({ ok: true } & T) | SupportSettingsFailure;

export function supportSettingsFailureStatus(code: SupportSettingsFailureCode): 400 | 404 | 409 {
  switch (code) {
    case "invalid":
      return 400;
    case "addressTaken":
    case "keyTaken":
      return 409;
    case "notFound":
      return 404;
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled support settings case: ${String(value)}`);
}


const fail = (code: SupportSettingsFailureCode, errors: FieldErrors = {}): SupportSettingsFailure => ({
  ok: false,
  code,
  errors: Object.keys(errors).length > 0 ? errors : { form: { message: E(code) } },
});

/** A damaged JSON column reads as its empty value rather than failing the page. */
function readJson<T>(stored: string, schema: z.ZodType<T>, fallback: T): T {
  const parsed = schema.safeParse(parseJson(stored, fallback));
  return parsed.success ? parsed.data : fallback;
}


// ---------------------------------------------------------------------------------------------------------------
// General: address, hours, holidays, auto-reply, SLA defaults


function isUniqueConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

const addressTaken = () => fail("addressTaken", { supportAddress: { message: E("addressTaken") } });

/**
 * Saves the general settings. The support address is unique across shops (inbound mail finds its shop by it), so a
 * second shop claiming one gets 409 with a field message.
 */
export async function saveGeneralSettings(shop: string, form: Record<string, unknown>): Promise<Result> {
  const parsed = parseGeneralInput(form);
  if (!parsed.ok) return fail("invalid", parsed.errors);
  const g = parsed.data;
  const address = g.supportAddress || null;
  if (address && (await prisma.supportSettings.count({ where: { supportAddress: address, NOT: { shop } } }))) return addressTaken();
  const data = {
    supportAddress: address,
    senderName: g.senderName || null,
    timezone: g.timezone || null,
    businessHours: JSON.stringify(g.businessHours),
    observeJapaneseHolidays: g.observeJapaneseHolidays,
    closedDates: JSON.stringify(g.closedDates),
    autoReplyOutsideHours: g.autoReplyOutsideHours,
    autoReplyJa: g.autoReplyJa || null,
    autoReplyEn: g.autoReplyEn || null,
    slaTargets: JSON.stringify(g.slaTargets),
  };
  try {
    await prisma.supportSettings.upsert({ where: { shop }, update: data, create: { shop, ...data } });
  } catch (error) {
    // Two shops saving the same address at once: the unique index decides.
    if (isUniqueConflict(error)) return addressTaken();
    throw error;
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Categories


type CategoryRow = {
  id: string;
  key: string;
  nameJa: string;
  nameEn: string;
  position: number;
  assignment: string;
  teamUserIds: string;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  archivedAt: Date | null;
};

function categoryView(row: CategoryRow): CategoryView {
  return {
    id: row.id,
    key: row.key,
    nameJa: row.nameJa,
    nameEn: row.nameEn,
    position: row.position,
    assignment: (ASSIGNMENT_MODES as readonly string[]).includes(row.assignment) ? (row.assignment as CategoryView["assignment"]) : "manual",
    teamUserIds: readJson(row.teamUserIds, z.array(z.string()), []),
    firstResponseMinutes: row.firstResponseMinutes,
    resolutionMinutes: row.resolutionMinutes,
    archived: row.archivedAt !== null,
  };
}

/** The form check that needs the database: team members are the shop's staff. */
async function checkCategory(shop: string, input: CategoryInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (input.teamUserIds.length > 0) {
    const known = await prisma.staffMember.count({ where: { shop, userId: { in: input.teamUserIds } } });
    if (known !== input.teamUserIds.length) errors.teamUserIds = { message: E("unknownStaff") };
  }
  return errors;
}

const categoryData = (input: CategoryInput) => ({
  nameJa: input.nameJa,
  nameEn: input.nameEn,
  position: input.position,
  assignment: input.assignment,
  teamUserIds: JSON.stringify(input.teamUserIds),
  firstResponseMinutes: input.firstResponseMinutes,
  resolutionMinutes: input.resolutionMinutes,
});

const keyTaken = (key: string) => fail("keyTaken", { key: { message: E("keyTaken"), values: { key } } });

/** Adds a category. The key is the stable name inquiries, templates and rules refer to; it never changes. */
export async function createCategory(shop: string, form: Record<string, unknown>): Promise<Result<{ category: CategoryView }>> {
  const parsed = parseCategoryInput(form);
  if (!parsed.ok) return fail("invalid", parsed.errors);
  const errors = await checkCategory(shop, parsed.data);
  if (Object.keys(errors).length > 0) return fail("invalid", errors);
  if (await prisma.inquiryCategory.count({ where: { shop, key: parsed.data.key } })) return keyTaken(parsed.data.key);
  if ((await prisma.inquiryCategory.count({ where: { shop } })) >= LIMITS.categories) return fail("invalid", { form: { message: E("tooManyCategories") } });
  try {
    const row = await prisma.inquiryCategory.create({ data: { shop, key: parsed.data.key, ...categoryData(parsed.data) } });
    return { ok: true, category: categoryView(row) };
  } catch (error) {
    if (isUniqueConflict(error)) return keyTaken(parsed.data.key);
    throw error;
  }
}

/** Changes a category's names, order, team, assignment and SLA overrides; the key stays. */
export async function updateCategory(shop: string, id: string, form: Record<string, unknown>): Promise<Result<{ category: CategoryView }>> {
  const existing = await prisma.inquiryCategory.findFirst({ where: { shop, id } });
  if (!existing) return fail("notFound");
  const parsed = parseCategoryInput({ ...form, key: existing.key });
  if (!parsed.ok) return fail("invalid", parsed.errors);
  const errors = await checkCategory(shop, parsed.data);
  if (Object.keys(errors).length > 0) return fail("invalid", errors);
  const data = categoryData(parsed.data);
  // Someone else's edit of the team moved the round-robin order; start it again rather than skip a member.
  const cursor = data.teamUserIds === existing.teamUserIds ? {} : { roundRobinCursor: -1 };
  const { count } = await prisma.inquiryCategory.updateMany({ where: { shop, id }, data: { ...data, ...cursor } });
  if (!count) return fail("notFound");
  return { ok: true, category: categoryView({ ...existing, ...data }) };
}


/**
 * Archives (hides from new inquiries, keeps on old ones) or restores several categories at once. Every id must be
 * one of the shop's, or nothing changes.
 */
export async function setCategoriesArchived(shop: string, rawIds: unknown, archived: boolean, now = new Date()): Promise<Result<{ count: number }>> {
  const ids = Ids.safeParse(rawIds);
  if (!ids.success) return fail("invalid", { ids: { message: E("nothingSelected") } });
  const unique = [...new Set(ids.data)];
  const owned = await prisma.inquiryCategory.count({ where: { shop, id: { in: unique } } });
  if (owned !== unique.length) return fail("notFound");
  // Archiving twice keeps the first date.
  const { count } = archived
    ? await prisma.inquiryCategory.updateMany({ where: { shop, id: { in: unique }, archivedAt: null }, data: { archivedAt: now } })
    : await prisma.inquiryCategory.updateMany({ where: { shop, id: { in: unique } }, data: { archivedAt: null } });
  return { ok: true, count };
}

// ---------------------------------------------------------------------------------------------------------------
// Reply templates


function templateView(row: { id: string; name: string; categoryKey: string | null; locale: string; body: string; position: number }): TemplateView {
  return { id: row.id, name: row.name, categoryKey: row.categoryKey, locale: row.locale === "en" ? "en" : "ja", body: row.body, position: row.position };
}

async function parseTemplate(shop: string, form: Record<string, unknown>) {
  const parsed = parseTemplateInput(form);
  if (!parsed.ok) return fail("invalid", parsed.errors);
  const { categoryKey } = parsed.data;
  if (categoryKey && !(await prisma.inquiryCategory.count({ where: { shop, key: categoryKey } }))) {
    return fail("invalid", { categoryKey: { message: E("unknownCategory") } });
  }
  return { ok: true as const, data: parsed.data };
}

export async function createTemplate(shop: string, form: Record<string, unknown>): Promise<Result<{ template: TemplateView }>> {
  const parsed = await parseTemplate(shop, form);
  if (!parsed.ok) return parsed;
  return { ok: true, template: templateView(await prisma.replyTemplate.create({ data: { shop, ...parsed.data } })) };
}

export async function updateTemplate(shop: string, id: string, form: Record<string, unknown>): Promise<Result> {
  if (!(await prisma.replyTemplate.count({ where: { shop, id } }))) return fail("notFound");
  const parsed = await parseTemplate(shop, form);
  if (!parsed.ok) return parsed;
  const { count } = await prisma.replyTemplate.updateMany({ where: { shop, id }, data: parsed.data });
  return count ? { ok: true } : fail("notFound");
}

export async function deleteTemplate(shop: string, id: string): Promise<Result> {
  const { count } = await prisma.replyTemplate.deleteMany({ where: { shop, id } });
  return count ? { ok: true } : fail("notFound");
}

// ---------------------------------------------------------------------------------------------------------------
// FAQ entries (the chat widget suggests them before a shopper sends a message)


function faqView(row: { id: string; locale: string; question: string; answer: string; keywords: string; position: number; published: boolean }): FaqView {
  const { id, question, answer, keywords, position, published } = row;
  return { id, locale: row.locale === "en" ? "en" : "ja", question, answer, keywords, position, published };
}

export async function createFaq(shop: string, form: Record<string, unknown>): Promise<Result<{ faq: FaqView }>> {
  const parsed = parseFaqInput(form);
  if (!parsed.ok) return fail("invalid", parsed.errors);
  return { ok: true, faq: faqView(await prisma.faqEntry.create({ data: { shop, ...parsed.data } })) };
}

export async function updateFaq(shop: string, id: string, form: Record<string, unknown>): Promise<Result> {
  const parsed = parseFaqInput(form);
  if (!parsed.ok) return fail("invalid", parsed.errors);
  const { count } = await prisma.faqEntry.updateMany({ where: { shop, id }, data: parsed.data });
  return count ? { ok: true } : fail("notFound");
}

/** Publishes, unpublishes or deletes several entries; every id must be the shop's, or nothing changes. */
export async function bulkFaq(shop: string, rawIds: unknown, action: "publish" | "unpublish" | "delete"): Promise<Result<{ count: number }>> {
  const ids = Ids.safeParse(rawIds);
  if (!ids.success) return fail("invalid", { ids: { message: E("nothingSelected") } });
  const unique = [...new Set(ids.data)];
  if ((await prisma.faqEntry.count({ where: { shop, id: { in: unique } } })) !== unique.length) return fail("notFound");
  const where = { shop, id: { in: unique } };
  const { count } =
    action === "delete" ? await prisma.faqEntry.deleteMany({ where }) : await prisma.faqEntry.updateMany({ where, data: { published: action === "publish" } });
  return { ok: true, count };
}

// ---------------------------------------------------------------------------------------------------------------
// Triage rules and the classifier


/** Replaces the shop's triage rules ("contains any of these words -> category and/or priority"), checked in order. */
export async function saveTriageRules(shop: string, form: Record<string, unknown>): Promise<Result> {
  const parsed = parseRulesInput(form.rules);
  if (!parsed.ok) return fail("invalid", parsed.errors);
  const keys = new Set((await prisma.inquiryCategory.findMany({ where: { shop }, select: { key: true } })).map((c) => c.key));
  const errors: FieldErrors = {};
  parsed.data.forEach((rule, i) => {
    if (rule.category && !keys.has(rule.category)) errors[`rules.${i}`] = { message: E("unknownCategory") };
  });
  if (Object.keys(errors).length > 0) return fail("invalid", errors);
  const rules: TriageRule[] = parsed.data;
  const triageRules = JSON.stringify(rules);
  await prisma.supportSettings.upsert({ where: { shop }, update: { triageRules }, create: { shop, triageRules } });
  return { ok: true };
}

/** Trains the shop's classifier on its labelled inquiries now (the smart-help module owns how). */
export async function retrainClassifier(shop: string): Promise<Result<{ classifier: ClassifierView }>> {
  await trainClassifier(shop);
  return { ok: true, classifier: await classifierStatus(shop) };
}

async function classifierStatus(shop: string): Promise<ClassifierView> {
  const row = await prisma.inquiryClassifier.findUnique({ where: { shop }, select: { examples: true, accuracy: true, trainedAt: true } });
  return row ? { examples: row.examples, accuracy: row.accuracy, trainedAt: row.trainedAt.toISOString() } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// The page

export type SupportSettingsPage = {
  general: GeneralSettingsView;
  shopTimezone: string;
  categories: CategoryView[];
  templates: TemplateView[];
  faq: FaqView[];
  rules: TriageRule[];
  classifier: ClassifierView;
  staff: StaffOption[];
};

const StoredHours = z.record(z.string(), z.array(z.object({ open: z.string(), close: z.string() })));
const StoredSla = z.partialRecord(z.enum(PRIORITIES), z.object({ firstResponse: z.number(), resolution: z.number() }));
const StoredRules = z.array(
  z.object({ contains: z.array(z.string()), category: z.string().nullish(), priority: z.enum(PRIORITIES).nullish() }),
);

/** The staff members to pick a team from: everyone who opened the app, named by the staff directory (else their latest session). */
async function staffOptions(shop: string): Promise<StaffOption[]> {
  const [members, sessions] = await Promise.all([
    prisma.staffMember.findMany({ where: { shop }, select: { userId: true, name: true, email: true }, orderBy: { createdAt: "asc" } }),
    prisma.session.findMany({ where: { shop, userId: { not: null } }, select: { userId: true, firstName: true, lastName: true, email: true } }),
  ]);
  const names = new Map(
    sessions.map((s) => [String(s.userId), [s.lastName, s.firstName].filter(Boolean).join(" ") || s.email || ""] as const),
  );
  return members.map((m) => ({ userId: m.userId, name: m.name || names.get(m.userId) || m.email || m.userId }));
}

/**
 * Everything the settings screens show. On the shop's first visit the smart-help module's defaults (categories,
 * templates, hours) are written first, in the staff member's language.
 */
export async function loadSupportSettings(shop: string, locale: ContentLocale): Promise<SupportSettingsPage> {
  if (!(await prisma.supportSettings.count({ where: { shop } }))) await ensureSupportDefaults(shop, locale);
  const [settings, categories, templates, faq, classifier, staff, shopInfo] = await Promise.all([
    prisma.supportSettings.findUnique({ where: { shop } }),
    prisma.inquiryCategory.findMany({ where: { shop }, orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }] }),
    prisma.replyTemplate.findMany({ where: { shop }, orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }] }),
    prisma.faqEntry.findMany({ where: { shop }, orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }] }),
    classifierStatus(shop),
    staffOptions(shop),
    shopCurrency(shop),
  ]);
  const general: GeneralSettingsView = {
    supportAddress: settings?.supportAddress ?? "",
    senderName: settings?.senderName ?? "",
    timezone: settings?.timezone ?? "",
    businessHours: readJson<BusinessHours>(settings?.businessHours ?? "{}", StoredHours, {}),
    observeJapaneseHolidays: settings?.observeJapaneseHolidays ?? true,
    closedDates: readJson(settings?.closedDates ?? "[]", z.array(z.string()), []),
    autoReplyOutsideHours: settings?.autoReplyOutsideHours ?? true,
    autoReplyJa: settings?.autoReplyJa ?? "",
    autoReplyEn: settings?.autoReplyEn ?? "",
    // A priority without its own targets shows the defaults the SLA module applies to it.
    slaTargets: { ...DEFAULT_SLA_TARGETS, ...(readJson(settings?.slaTargets ?? "{}", StoredSla, {}) as SlaTargets) },
  };
  return {
    general,
    shopTimezone: shopInfo.timeZone,
    categories: categories.map(categoryView),
    templates: templates.map(templateView),
    faq: faq.map(faqView),
    rules: readJson(settings?.triageRules ?? "[]", StoredRules, []),
    classifier,
    staff,
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("saveGeneral") }),
  z.object({ intent: z.literal("createCategory") }),
  z.object({ intent: z.literal("updateCategory"), id: z.string().min(1) }),
  z.object({ intent: z.literal("archiveCategories") }),
  z.object({ intent: z.literal("restoreCategories") }),
  z.object({ intent: z.literal("createTemplate") }),
  z.object({ intent: z.literal("updateTemplate"), id: z.string().min(1) }),
  z.object({ intent: z.literal("deleteTemplate"), id: z.string().min(1) }),
  z.object({ intent: z.literal("createFaq") }),
  z.object({ intent: z.literal("updateFaq"), id: z.string().min(1) }),
  z.object({ intent: z.literal("publishFaq") }),
  z.object({ intent: z.literal("unpublishFaq") }),
  z.object({ intent: z.literal("deleteFaq") }),
  z.object({ intent: z.literal("saveRules") }),
  z.object({ intent: z.literal("retrain") }),
]);
export type SupportSettingsIntent = z.infer<typeof Intent>["intent"];

export type SupportSettingsResult = { ok: true; intent: string } | (SupportSettingsFailure & { intent: string });

/** One submission of the settings screens, dispatched by its `intent` field. */
export async function runSupportSettingsIntent(shop: string, form: Record<string, unknown>): Promise<SupportSettingsResult> {
  const parsed = Intent.safeParse(form);
  if (!parsed.success) return { ...fail("invalid"), intent: String(form.intent ?? "") };
  const input = parsed.data;
  const result: Result = await (() => {
    switch (input.intent) {
      case "saveGeneral":
        return saveGeneralSettings(shop, form);
      case "createCategory":
        return createCategory(shop, form);
      case "updateCategory":
        return updateCategory(shop, input.id, form);
      case "archiveCategories":
        return setCategoriesArchived(shop, form.ids, true);
      case "restoreCategories":
        return setCategoriesArchived(shop, form.ids, false);
      case "createTemplate":
        return createTemplate(shop, form);
      case "updateTemplate":
        return updateTemplate(shop, input.id, form);
      case "deleteTemplate":
        return deleteTemplate(shop, input.id);
      case "createFaq":
        return createFaq(shop, form);
      case "updateFaq":
        return updateFaq(shop, input.id, form);
      case "publishFaq":
        return bulkFaq(shop, form.ids, "publish");
      case "unpublishFaq":
        return bulkFaq(shop, form.ids, "unpublish");
      case "deleteFaq":
        return bulkFaq(shop, form.ids, "delete");
      case "saveRules":
        return saveTriageRules(shop, form);
      case "retrain":
        return retrainClassifier(shop);
      default:
        return assertUnreachable(input);
    }
  })();
  // The storefront fast path's per-process snapshot of these settings reads them again (ADR 017).
  invalidateSupportSnapshot(shop);
  return result.ok ? { ok: true, intent: input.intent } : { ok: false, code: result.code, errors: result.errors, intent: input.intent };
}
