/**
 * The support settings' shapes and fixed vocabularies, free of the database so the settings screens (browser) and
 * app/inquiries/settings.server.ts share them. Stored JSON columns of SupportSettings follow these types.
 */

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type SettingsPriority = (typeof PRIORITIES)[number];
export const ASSIGNMENT_MODES = ["manual", "round_robin", "least_loaded"] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];
export const CONTENT_LOCALES = ["ja", "en"] as const;
export type ContentLocale = (typeof CONTENT_LOCALES)[number];
/** Weekdays as stored (0 = Sunday), in the order the editor lists them (Monday first, as Japanese shops plan weeks). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;
/** The variables a reply template may use; `renderTemplate` (./templates.ts) fills them in. */
export { TEMPLATE_VARIABLE_NAMES as TEMPLATE_VARIABLES } from "./templates";

export const LIMITS = {
  address: 254,
  senderName: 100,
  autoReply: 2000,
  rangesPerDay: 4,
  closedDates: 366,
  /** 60 days of business minutes: a target beyond that is a typo. */
  slaMinutes: 60 * 24 * 60,
  categoryKey: 40,
  categoryName: 60,
  categories: 100,
  templateName: 100,
  templateBody: 5000,
  faqQuestion: 300,
  faqAnswer: 2000,
  faqKeywords: 300,
  rules: 100,
  ruleWords: 20,
  ruleWord: 50,
  position: 9999,
} as const;

/** A message key (inquirySettings.errors.*) and its values, shown in the staff member's language. */
export type FieldError = { message: string; values?: Record<string, string | number> };
export type FieldErrors = Partial<Record<string, FieldError>>;

export type TimeRange = { open: string; close: string };
/** Weekday ("0" = Sunday … "6") -> opening ranges; an empty or missing day is closed. */
export type BusinessHours = Partial<Record<string, TimeRange[]>>;
export type SlaTarget = { firstResponse: number; resolution: number };
export type SlaTargets = Partial<Record<SettingsPriority, SlaTarget>>;
export type TriageRule = { contains: string[]; category?: string | null; priority?: SettingsPriority | null };

export type GeneralSettingsView = {
  supportAddress: string;
  senderName: string;
  /** The stored zone, or "" for the shop's own. */
  timezone: string;
  businessHours: BusinessHours;
  observeJapaneseHolidays: boolean;
  closedDates: string[];
  autoReplyOutsideHours: boolean;
  autoReplyJa: string;
  autoReplyEn: string;
  slaTargets: SlaTargets;
};

export type CategoryView = {
  id: string;
  key: string;
  nameJa: string;
  nameEn: string;
  position: number;
  assignment: AssignmentMode;
  teamUserIds: string[];
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  archived: boolean;
};

export type TemplateView = { id: string; name: string; categoryKey: string | null; locale: ContentLocale; body: string; position: number };

export type FaqView = { id: string; locale: ContentLocale; question: string; answer: string; keywords: string; position: number; published: boolean };

export type ClassifierView = { examples: number; accuracy: number | null; trainedAt: string } | null;

export type StaffOption = { userId: string; name: string };

/** The braces of a template variable, built here so translation files never hold `{{…}}` of their own. */
export const variableToken = (name: string) => `{{${name}}}`;

/** Minutes as whole hours and the remaining minutes, for the hours + minutes inputs. */
export function splitMinutes(total: number | null | undefined): { hours: string; minutes: string } {
  if (total === null || total === undefined) return { hours: "", minutes: "" };
  return { hours: String(Math.floor(total / 60)), minutes: String(total % 60) };
}

/** Hours + minutes typed by staff back to minutes; both empty is "not set" (null); anything else non-numeric is NaN. */
export function joinMinutes(hours: string, minutes: string): number | null {
  if (hours.trim() === "" && minutes.trim() === "") return null;
  const h = hours.trim() === "" ? 0 : Number(hours);
  const m = minutes.trim() === "" ? 0 : Number(minutes);
  return Number.isInteger(h) && Number.isInteger(m) && h >= 0 && m >= 0 ? h * 60 + m : Number.NaN;
}
