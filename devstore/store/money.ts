/**
 * Money arithmetic in minor units (integers), so totals never drift. JPY has no minor unit; USD has cents.
 * Records carry Shopify's Decimal scalar ("1980.0", "19.99"); REST payloads carry currency-formatted strings
 * ("1980", "19.99").
 */
import type { Decimal } from "../types";

const DIGITS: Record<string, number> = { JPY: 0, KRW: 0, USD: 2, EUR: 2, GBP: 2, CAD: 2, AUD: 2 };

export function currencyDigits(currency: string): number {
  return DIGITS[currency] ?? 2;
}

/** Parses a Decimal or a plain number into minor units of the currency. */
export function toMinor(amount: Decimal | number, currency: string): number {
  return Math.round(Number(amount) * 10 ** currencyDigits(currency));
}

/** Minor units to Shopify's Decimal scalar: no trailing zeros beyond one, e.g. "1980.0", "19.9", "20.0". */
export function toDecimal(minor: number, currency: string): Decimal {
  const digits = currencyDigits(currency);
  const text = (minor / 10 ** digits).toFixed(digits);
  if (!text.includes(".")) return `${text}.0`;
  const trimmed = text.replace(/0+$/, "");
  return trimmed.endsWith(".") ? `${trimmed}0` : trimmed;
}

/** Decimal to the string REST payloads use: fixed to the currency's digits ("1980", "19.90"). */
export function formatMoney(amount: Decimal | number, currency: string): string {
  return Number(amount).toFixed(currencyDigits(currency));
}
