/**
 * Merchant-defined customer attributes (顧客属性): the rules for a definition and for a customer's value, free of the
 * database so the browser form and the tests share them. Values are stored as canonical text (a decimal, an ISO day,
 * "true"/"false", a choice, or a JSON array of choices) so that segments can compare them in SQL later.
 */
import { z } from "zod";
import type { Locale } from "../i18n/i18n";

export const ATTRIBUTE_TYPES = ["text", "number", "date", "boolean", "choice", "multi_choice"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
/** static: facts about the person (birthday, gender); dynamic: what changes (preferences), shown with when it changed. */
export const ATTRIBUTE_KINDS = ["static", "dynamic"] as const;
export type AttributeKind = (typeof ATTRIBUTE_KINDS)[number];

export const MAX_LABEL_LENGTH = 60;
export const MAX_KEY_LENGTH = 40;
export const MAX_CHOICES = 50;
export const MAX_CHOICE_LENGTH = 60;
export const MAX_TEXT_LENGTH = 500;
const MAX_NUMBER_DIGITS = 30;

/** A message key (attributes.errors.*) and what it interpolates, so the page says it in the staff member's language. */
export type FieldError = { message: string; values?: Record<string, string | number> };
export type FieldErrors = Partial<Record<string, FieldError>>;

export type AttributeDefinitionView = {
  id: string;
  key: string;
  label: string;
  kind: AttributeKind;
  type: AttributeType;
  choices: string[];
  position: number;
  archived: boolean;
};

export const isChoiceType = (type: AttributeType) => type === "choice" || type === "multi_choice";

const error = (message: string, values?: FieldError["values"]): FieldError => ({ message: `attributes.errors.${message}`, ...(values ? { values } : {}) });

function parseJsonArray(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== "string" || raw.trim() === "") return [];
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The stored choices of a definition; a damaged column reads as no choices rather than failing the page. */
export function readChoices(stored: string): string[] {
  const parsed = z.array(z.string()).safeParse(parseJsonArray(stored));
  return parsed.success ? parsed.data : [];
}

const DefinitionFields = z.object({
  key: z
    .string({ error: "attributes.errors.keyRequired" })
    .trim()
    .min(1, "attributes.errors.keyRequired")
    .max(MAX_KEY_LENGTH, "attributes.errors.keyTooLong")
    .regex(/^[a-z0-9_]+$/, "attributes.errors.keyFormat"),
  label: z
    .string({ error: "attributes.errors.labelRequired" })
    .trim()
    .min(1, "attributes.errors.labelRequired")
    .max(MAX_LABEL_LENGTH, "attributes.errors.labelTooLong"),
  kind: z.enum(ATTRIBUTE_KINDS, { error: "attributes.errors.kindInvalid" }),
  type: z.enum(ATTRIBUTE_TYPES, { error: "attributes.errors.typeInvalid" }),
  choices: z.preprocess(
    parseJsonArray,
    z.array(z.string({ error: "attributes.errors.choicesInvalid" }).trim().max(MAX_CHOICE_LENGTH, "attributes.errors.choiceTooLong"), {
      error: "attributes.errors.choicesInvalid",
    }),
  ),
});

export type DefinitionInput = { key: string; label: string; kind: AttributeKind; type: AttributeType; choices: string[] };

/**
 * Validates a definition from the settings form. Choices are kept only for choice types, where 1..50 distinct,
 * non-empty labels are required. The first problem of each field is reported.
 */
export function parseDefinitionInput(form: Record<string, unknown>): { ok: true; data: DefinitionInput } | { ok: false; errors: FieldErrors } {
  const parsed = DefinitionFields.safeParse(form);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      errors[field] ??= { message: issue.message.startsWith("attributes.") ? issue.message : "attributes.errors.invalid" };
    }
  }
  const type = parsed.success ? parsed.data.type : z.enum(ATTRIBUTE_TYPES).safeParse(form.type).data;
  let choices: string[] = [];
  if (type && isChoiceType(type) && !errors.choices) {
    choices = parsed.success ? parsed.data.choices : z.array(z.string()).catch([]).parse(parseJsonArray(form.choices)).map((c) => c.trim());
    const problem = choicesProblem(choices);
    if (problem) errors.choices = problem;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { ...parsed.data, choices } };
}

function choicesProblem(choices: string[]): FieldError | null {
  if (choices.length === 0) return error("choicesRequired");
  if (choices.length > MAX_CHOICES) return error("tooManyChoices", { max: MAX_CHOICES });
  if (choices.some((c) => c === "")) return error("choiceEmpty");
  const seen = new Set<string>();
  for (const choice of choices) {
    // 「Ｌ」 and "L" would look the same in a list of badges.
    const folded = choice.normalize("NFKC").toLowerCase();
    if (seen.has(folded)) return error("choiceDuplicate", { choice });
    seen.add(folded);
  }
  return null;
}

export type ValueResult = { ok: true; value: string | null } | { ok: false; error: FieldError };

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "") || (Array.isArray(raw) && raw.length === 0);
}

/** "1,234.50", "１２３" or "-0.0" → "1234.5", "123", "0"; null when the text is no decimal number. */
export function canonicalNumber(raw: string): string | null {
  const text = raw.normalize("NFKC").replace(/[\s,]/g, "");
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return null;
  const integer = (match[2] ?? "").replace(/^0+(?=\d)/, "") || "0";
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  const body = fraction ? `${integer}.${fraction}` : integer;
  return body === "0" || match[1] !== "-" ? body : `-${body}`;
}

/** "1990/4/1", "1990年4月1日" or "1990-04-01" → "1990-04-01"; null unless it is a real calendar day. */
export function canonicalDate(raw: string): string | null {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(raw.normalize("NFKC").trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const TRUE = new Set(["true", "on", "yes", "1"]);
const FALSE = new Set(["false", "off", "no", "0"]);

/**
 * The canonical stored text for a value entered for this definition, or null to clear it (an empty entry).
 * multi_choice takes a JSON array (or an array) and stores the picked choices in the definition's order.
 */
export function canonicalValue(definition: { type: AttributeType; choices: string[] }, raw: unknown): ValueResult {
  if (isBlank(raw)) return { ok: true, value: null };
  const text = typeof raw === "string" ? raw : Array.isArray(raw) ? "" : String(raw);
  switch (definition.type) {
    case "text": {
      const value = text.trim();
      return value.length > MAX_TEXT_LENGTH ? { ok: false, error: error("textTooLong", { max: MAX_TEXT_LENGTH }) } : { ok: true, value };
    }
    case "number": {
      const value = canonicalNumber(text);
      if (value === null) return { ok: false, error: error("numberInvalid") };
      return value.replace(/[-.]/g, "").length > MAX_NUMBER_DIGITS ? { ok: false, error: error("numberTooLong") } : { ok: true, value };
    }
    case "date": {
      const value = canonicalDate(text);
      return value === null ? { ok: false, error: error("dateInvalid") } : { ok: true, value };
    }
    case "boolean": {
      const word = text.trim().toLowerCase();
      if (TRUE.has(word)) return { ok: true, value: "true" };
      if (FALSE.has(word)) return { ok: true, value: "false" };
      return { ok: false, error: error("booleanInvalid") };
    }
    case "choice": {
      const value = text.trim();
      return definition.choices.includes(value) ? { ok: true, value } : { ok: false, error: error("choiceInvalid") };
    }
    case "multi_choice": {
      const picked = z.array(z.string()).safeParse(parseJsonArray(raw));
      if (!picked.success) return { ok: false, error: error("choiceInvalid") };
      const chosen = new Set(picked.data.map((c) => c.trim()));
      if ([...chosen].some((c) => !definition.choices.includes(c))) return { ok: false, error: error("choiceInvalid") };
      const ordered = definition.choices.filter((c) => chosen.has(c));
      return { ok: true, value: ordered.length ? JSON.stringify(ordered) : null };
    }
    default:
      return assertUnreachable(definition.type);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled attribute type: ${String(value)}`);
}

/** The choices a stored multi_choice value holds (empty for anything unreadable). */
export function storedChoices(value: string): string[] {
  return readChoices(value);
}

/** A stored value turned back into what the edit form shows in its input ("" for none). */
export function formValue(type: AttributeType, value: string | null): string {
  if (value === null) return "";
  return type === "multi_choice" ? JSON.stringify(storedChoices(value)) : value;
}

const INTL_LOCALE: Record<Locale, string> = { en: "en-US", ja: "ja-JP" };

/** An ISO day as the locale writes it (1990年4月1日 / Apr 1, 1990), never shifted by a time zone. */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

/** A canonical decimal with the locale's grouping, all its digits kept. */
export function formatDecimal(value: string, locale: Locale): string {
  // Intl formats a decimal string exactly (no float rounding); the cast names that overload for older lib typings.
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 20 }).format(value as unknown as number);
}
