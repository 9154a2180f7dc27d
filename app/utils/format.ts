/** Locale-aware formatting shared by admin screens. */
import type { Locale } from "../i18n/i18n";

const INTL_LOCALE: Record<Locale, string> = { en: "en-US", ja: "ja-JP" };

export function formatMoney(amount: string | number, currencyCode: string, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: "currency", currency: currencyCode }).format(Number(amount));
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(value);
}

/** Date and time in the shop's time zone, so every staff member sees the same calendar day. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(iso),
  );
}
