/**
 * The rules of the support settings forms (zod), free of the database so the settings screens check a form before
 * sending it and app/inquiries/settings.server.ts checks it again on arrival. Field messages are translation keys
 * (inquirySettings.errors.*); checks that need the database (unique keys and addresses, staff, categories) are
 * the server module's.
 */
import { z } from "zod";
import { ASSIGNMENT_MODES, CONTENT_LOCALES, LIMITS, PRIORITIES, type FieldErrors } from "./settings";
import { templateVariables } from "./templates";

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export const E = (key: string) => `inquirySettings.errors.${key}`;

/** zod issues to the first message per field; nested paths join with dots ("businessHours.1", "rules.0"). */
function fieldErrors(error: z.ZodError, depth = 2): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length === 0 ? "form" : issue.path.slice(0, depth).map(String).join(".");
    errors[field] ??= { message: issue.message.startsWith("inquirySettings.") ? issue.message : E("invalid") };
  }
  return errors;
}

export function parseJson(raw: unknown, fallback: unknown): unknown {
  if (typeof raw !== "string") return raw ?? fallback;
  if (raw.trim() === "") return fallback;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export const json = <T extends z.ZodType>(schema: T, fallback: unknown) => z.preprocess((raw) => parseJson(raw, fallback), schema);
const bool = z.preprocess((raw) => raw === true || raw === "true" || raw === "on", z.boolean());
const text = (max: number, tooLong: string) => z.preprocess((raw) => (raw ?? ""), z.string({ error: E("invalid") }).trim().max(max, E(tooLong)));
const required = (max: number, missing: string, tooLong: string) => text(max, tooLong).pipe(z.string().min(1, E(missing)));
const position = z.preprocess(
  (raw) => (raw === undefined || raw === "" ? 0 : Number(raw)),
  z.number({ error: E("positionInvalid") }).int(E("positionInvalid")).min(0, E("positionInvalid")).max(LIMITS.position, E("positionInvalid")),
);
const minutes = z.number({ error: E("minutesInvalid") }).int(E("minutesInvalid")).min(1, E("minutesInvalid")).max(LIMITS.slaMinutes, E("minutesTooLarge"));
const optionalMinutes = z.preprocess((raw) => (raw === undefined || raw === null || raw === "" ? null : Number(raw)), minutes.nullable());

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const Range = z.object({
  open: z.string().regex(TIME, E("timeFormat")),
  close: z.string().regex(TIME, E("timeFormat")),
});
const DayRanges = z
  .array(Range)
  .max(LIMITS.rangesPerDay, E("tooManyRanges"))
  .superRefine((ranges, ctx) => {
    const sorted = [...ranges].sort((a, b) => a.open.localeCompare(b.open));
    for (const [i, range] of sorted.entries()) {
      if (range.open >= range.close) ctx.addIssue({ code: "custom", message: E("rangeOrder") });
      const previous = sorted[i - 1];
      if (previous && range.open < previous.close) ctx.addIssue({ code: "custom", message: E("rangeOverlap") });
    }
  })
  .transform((ranges) => [...ranges].sort((a, b) => a.open.localeCompare(b.open)));
const Hours = z.partialRecord(z.enum(["0", "1", "2", "3", "4", "5", "6"], { error: E("invalid") }), DayRanges);

function isCalendarDay(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
const ClosedDates = z
  .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, E("dateFormat")).refine(isCalendarDay, E("dateFormat")))
  .max(LIMITS.closedDates, E("tooManyDates"))
  .transform((dates) => [...new Set(dates)].sort());

const SlaTarget = z
  .object({ firstResponse: minutes, resolution: minutes }, { error: E("slaRequired") })
  .refine((t) => t.firstResponse <= t.resolution, { message: E("resolutionBeforeFirstResponse"), path: ["resolution"] });
// Every priority needs its targets: the SLA module reads the column as a complete record.
const Sla = z.object(Object.fromEntries(PRIORITIES.map((p) => [p, SlaTarget])) as Record<(typeof PRIORITIES)[number], typeof SlaTarget>);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const General = z
  .object({
    supportAddress: text(LIMITS.address, "addressTooLong").pipe(z.union([z.literal(""), z.email(E("addressFormat"))])).transform((a) => a.toLowerCase()),
    senderName: text(LIMITS.senderName, "senderNameTooLong"),
    timezone: text(64, "timezoneInvalid").refine((zone) => zone === "" || isTimeZone(zone), E("timezoneInvalid")),
    businessHours: json(Hours, {}),
    observeJapaneseHolidays: bool,
    closedDates: json(ClosedDates, []),
    autoReplyOutsideHours: bool,
    autoReplyJa: text(LIMITS.autoReply, "autoReplyTooLong"),
    autoReplyEn: text(LIMITS.autoReply, "autoReplyTooLong"),
    slaTargets: json(Sla, {}),
  })
  .superRefine((g, ctx) => {
    // An auto-reply that is switched on must have something to say in both languages shoppers write in.
    if (!g.autoReplyOutsideHours) return;
    if (!g.autoReplyJa) ctx.addIssue({ code: "custom", path: ["autoReplyJa"], message: E("autoReplyRequired") });
    if (!g.autoReplyEn) ctx.addIssue({ code: "custom", path: ["autoReplyEn"], message: E("autoReplyRequired") });
  });

const Category = z.object({
  key: required(LIMITS.categoryKey, "keyRequired", "keyTooLong").pipe(z.string().regex(/^[a-z0-9_]+$/, E("keyFormat"))),
  nameJa: required(LIMITS.categoryName, "nameRequired", "nameTooLong"),
  nameEn: required(LIMITS.categoryName, "nameRequired", "nameTooLong"),
  position,
  assignment: z.enum(ASSIGNMENT_MODES, { error: E("invalid") }),
  teamUserIds: json(z.array(z.string().min(1)).max(200), []).transform((ids) => [...new Set(ids)]),
  firstResponseMinutes: optionalMinutes,
  resolutionMinutes: optionalMinutes,
}).superRefine((c, ctx) => {
  // Round robin and least loaded pick from the team: without one, inquiries would silently stay unassigned.
  if (c.assignment !== "manual" && c.teamUserIds.length === 0) ctx.addIssue({ code: "custom", path: ["teamUserIds"], message: E("teamRequired") });
  if (c.firstResponseMinutes && c.resolutionMinutes && c.firstResponseMinutes > c.resolutionMinutes) {
    ctx.addIssue({ code: "custom", path: ["resolutionMinutes"], message: E("resolutionBeforeFirstResponse") });
  }
});
export type CategoryInput = z.infer<typeof Category>;

export const Ids = json(z.array(z.string().min(1)).min(1).max(500), []);

const Template = z.object({
  name: required(LIMITS.templateName, "nameRequired", "nameTooLong"),
  categoryKey: text(LIMITS.categoryKey, "invalid").transform((key) => key || null),
  locale: z.enum(CONTENT_LOCALES, { error: E("invalid") }),
  body: required(LIMITS.templateBody, "bodyRequired", "bodyTooLong").superRefine((body, ctx) => {
    // A typo such as {{custmer_name}} would reach the customer as written.
    const [name] = templateVariables(body).unknown;
    if (name !== undefined) ctx.addIssue({ code: "custom", message: E("unknownVariable"), params: { name } });
  }),
  position,
});

function templateErrors(error: z.ZodError): FieldErrors {
  const errors = fieldErrors(error, 1);
  const unknown = error.issues.find((i) => i.message === E("unknownVariable"));
  if (unknown && errors.body?.message === E("unknownVariable")) {
    errors.body = { message: E("unknownVariable"), values: { name: String((unknown as { params?: { name?: string } }).params?.name ?? "") } };
  }
  return errors;
}

const Faq = z.object({
  question: required(LIMITS.faqQuestion, "questionRequired", "questionTooLong"),
  answer: required(LIMITS.faqAnswer, "answerRequired", "answerTooLong"),
  // Space separated; 、and full-width spaces are separators too, as Japanese staff type them.
  keywords: text(LIMITS.faqKeywords, "keywordsTooLong").transform((k) => k.split(/[\s、,，]+/u).filter(Boolean).join(" ")),
  locale: z.enum(CONTENT_LOCALES, { error: E("invalid") }),
  published: bool,
  position,
});

const Rule = z
  .object({
    contains: z
      .array(z.string().trim().max(LIMITS.ruleWord, E("ruleWordTooLong")))
      .transform((words) => [...new Set(words.filter(Boolean))])
      .pipe(z.array(z.string()).min(1, E("ruleWordsRequired")).max(LIMITS.ruleWords, E("tooManyRuleWords"))),
    category: z.string().nullish().transform((c) => c || null),
    priority: z.enum(PRIORITIES).nullish().or(z.literal("")).transform((p) => p || null),
  })
  .refine((r) => r.category || r.priority, { message: E("ruleTargetRequired") });
const Rules = json(z.array(Rule, { error: E("invalid") }).max(LIMITS.rules, E("tooManyRules")), []);

function prefix(errors: FieldErrors, name: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([field, error]) => [field === "form" ? name : `${name}.${field}`, error]));
}

const parse =
  <T>(schema: z.ZodType<T>, errorsOf: (error: z.ZodError) => FieldErrors) =>
  (input: unknown): Parsed<T> => {
    const parsed = schema.safeParse(input);
    return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: errorsOf(parsed.error) };
  };

/** General settings: address format, hours (HH:MM, ordered, not overlapping), closed days, auto-reply, SLA. */
export const parseGeneralInput = parse(General, (e) => fieldErrors(e));
export type GeneralInput = z.infer<typeof General>;
/** A category form (key, names, order, assignment, team ids, SLA overrides in minutes). */
export const parseCategoryInput = parse(Category, (e) => fieldErrors(e, 1));
/** A reply template form; a variable the templates module does not know is refused by name. */
export const parseTemplateInput = parse(Template, templateErrors);
export const parseFaqInput = parse(Faq, (e) => fieldErrors(e, 1));
/** The list of triage rules (JSON); errors are keyed "rules.N". */
export const parseRulesInput = parse(Rules, (e) => prefix(fieldErrors(e, 1), "rules"));
