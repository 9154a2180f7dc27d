/**
 * Japanese and English for every screen. The admin passes the staff member's `locale`; everything else falls back
 * to Accept-Language, then English. Shared by server and browser (no secrets here).
 */
import i18next, { type i18n as I18n } from "i18next";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisJa from "@shopify/polaris/locales/ja.json";
import enAnalytics from "./locales/en/analytics.json";
import enAttributes from "./locales/en/attributes.json";
import enCommon from "./locales/en/common.json";
import enCompliance from "./locales/en/compliance.json";
import enCustomers from "./locales/en/customers.json";
import enCohorts from "./locales/en/cohorts.json";
import enDashboard from "./locales/en/dashboard.json";
import enSegmentUse from "./locales/en/segment-use.json";
import enSegments from "./locales/en/segments.json";
import enSync from "./locales/en/sync.json";
import jaAnalytics from "./locales/ja/analytics.json";
import jaAttributes from "./locales/ja/attributes.json";
import jaCommon from "./locales/ja/common.json";
import jaCompliance from "./locales/ja/compliance.json";
import jaCustomers from "./locales/ja/customers.json";
import jaCohorts from "./locales/ja/cohorts.json";
import jaDashboard from "./locales/ja/dashboard.json";
import jaSegmentUse from "./locales/ja/segment-use.json";
import jaSegments from "./locales/ja/segments.json";
import jaSync from "./locales/ja/sync.json";
import enInbox from "./locales/en/inbox.json";
import jaInbox from "./locales/ja/inbox.json";
import enInquirySettings from "./locales/en/inquiry-settings.json";
import jaInquirySettings from "./locales/ja/inquiry-settings.json";
import enInquiryForm from "./locales/en/inquiry-form.json";
import jaInquiryForm from "./locales/ja/inquiry-form.json";
import enChat from "./locales/en/chat.json";
import jaChat from "./locales/ja/chat.json";
import enMail from "./locales/en/mail.json";
import jaMail from "./locales/ja/mail.json";

/** One file per feature area (common, sync, customers, compliance, attributes, analytics, segments, segment-use, dashboard, cohorts, inbox, inquiry-settings, inquiry-form, chat, mail); keys are namespaced by file: `sync.progress.title`. */
const en = { ...enCommon, sync: enSync, customers: enCustomers, compliance: enCompliance, attributes: enAttributes, analytics: enAnalytics, segments: enSegments, segmentUse: enSegmentUse, dashboard: enDashboard, cohorts: enCohorts, inbox: enInbox, inquirySettings: enInquirySettings, inquiryForm: enInquiryForm, chat: enChat, mail: enMail };
const ja = { ...jaCommon, sync: jaSync, customers: jaCustomers, compliance: jaCompliance, attributes: jaAttributes, analytics: jaAnalytics, segments: jaSegments, segmentUse: jaSegmentUse, dashboard: jaDashboard, cohorts: jaCohorts, inbox: jaInbox, inquirySettings: jaInquirySettings, inquiryForm: jaInquiryForm, chat: jaChat, mail: jaMail };

export const SUPPORTED_LOCALES = ["en", "ja"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export const messages: Record<Locale, typeof en> = { en, ja };
export const polarisTranslations: Record<Locale, typeof polarisEn> = { en: polarisEn, ja: polarisJa };

/** "ja", "ja-JP", "JA" → "ja"; anything unsupported → null. */
export function toLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const primary = value.trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(primary ?? "") ? (primary as Locale) : null;
}

/** The best supported locale from an Accept-Language header, honouring q-values. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag ?? "", q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of ranked) {
    const locale = toLocale(entry.tag);
    if (locale) return locale;
  }
  return null;
}

export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { en: { translation: en }, ja: { translation: ja } },
    interpolation: { escapeValue: false },
    initImmediate: false,
    returnNull: false,
  });
  return instance;
}
