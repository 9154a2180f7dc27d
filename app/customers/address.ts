/**
 * Addresses written the way the customer's country writes them. Japan: 〒postal code, prefecture, city, street and
 * number, building (GLOSSARY.md); elsewhere street first.
 */
import type { AddressRow } from "../sync/types";
import { prefectureName } from "./prefectures";

export function addressLines(address: AddressRow, locale: "ja" | "en"): string[] {
  const name = [address.lastName, address.firstName].filter(Boolean).join(" ");
  if (address.countryCode === "JP") {
    const prefecture = prefectureName(address.provinceCode, locale) ?? address.province ?? "";
    if (locale === "ja") {
      return [
        address.zip ? `〒${address.zip}` : "",
        `${prefecture}${address.city ?? ""}${address.address1 ?? ""}`,
        address.address2 ?? "",
        address.company ?? "",
        name,
      ].filter(Boolean);
    }
    // English for a Japanese address keeps the postal code first and the prefecture named in English.
    return [
      address.zip ? `〒${address.zip}` : "",
      [prefecture, address.city].filter(Boolean).join(", "),
      [address.address1, address.address2].filter(Boolean).join(" "),
      address.company ?? "",
      [address.firstName, address.lastName].filter(Boolean).join(" "),
    ].filter(Boolean);
  }
  return [
    [address.firstName, address.lastName].filter(Boolean).join(" "),
    address.company ?? "",
    address.address1 ?? "",
    address.address2 ?? "",
    [address.city, [address.provinceCode?.split("-").pop(), address.zip].filter(Boolean).join(" ")].filter(Boolean).join(", "),
    address.country ?? "",
  ].filter(Boolean);
}

/** 山田 花子 for Japanese names (family name first), Alex Morgan otherwise. */
export function personName(first: string | null, last: string | null): string {
  const japanese = /[\u3040-\u30ff\u3400-\u9fff]/.test(`${last ?? ""}${first ?? ""}`);
  return (japanese ? [last, first] : [first, last]).filter(Boolean).join(" ");
}
