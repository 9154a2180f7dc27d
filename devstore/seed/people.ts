/**
 * Deterministic customer profiles: profile(i) depends only on the seed and i, so the generator can rebuild a
 * customer when writing its orders instead of keeping 100k profiles in memory.
 */
import type { EmailMarketingState, MailingAddressRecord, MarketingOptInLevel } from "../types";
import { EN_FIRST_NAMES, EN_LAST_NAMES, US_PLACES, US_STREETS } from "./data-en";
import {
  JA_BUILDINGS,
  JA_FAMILY_NAMES,
  JA_GIVEN_NAMES_FEMALE,
  JA_GIVEN_NAMES_MALE,
  JA_TOWNS,
  PREFECTURES,
} from "./data-ja";
import { createRng, type Rng, seedOf } from "./prng";

export type Address = Omit<MailingAddressRecord, "id">;

export type Profile = {
  firstName: string;
  lastName: string;
  /** Local part and domain before de-duplication; see `emailOf`. */
  emailLocal: string | null;
  emailDomain: string;
  phone: string | null;
  locale: string;
  address: Address;
  /** Accounts created on the storefront are ENABLED; most customers never make one. */
  accountEnabled: boolean;
  consent: { state: EmailMarketingState; level: MarketingOptInLevel } | null;
  note: string | null;
  wholesale: boolean;
  flagged: boolean;
};

const JA_MAIL_DOMAINS = ["gmail.com", "yahoo.co.jp", "icloud.com", "docomo.ne.jp", "ezweb.ne.jp", "outlook.jp", "softbank.ne.jp"];
const JA_MAIL_WEIGHTS = [40, 24, 14, 6, 4, 7, 5];
const EN_MAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "proton.me"];
const EN_MAIL_WEIGHTS = [45, 12, 14, 16, 8, 5];
const JA_NOTES = ["ギフト包装の希望が多い", "配送は午前中指定", "法人のお客様・請求書払い", "アレルギー: 小麦", "置き配希望", "店舗で購入後オンラインへ"];
const EN_NOTES = ["Prefers gift wrapping", "Wholesale inquiry pending", "Allergic to nuts", "Leave at the door"];

const PREF_WEIGHTS = PREFECTURES.map((p) => p.pop);
const US_WEIGHTS = US_PLACES.map((p) => p.weight);

function digits(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

/** An injective 8-digit number for index i, so phone numbers never collide within a shop. */
function uniqueDigits(i: number, salt: number, width: number): string {
  const mod = 10 ** width;
  // 48271 is prime and coprime with 10^width: i -> (a*i + b) mod 10^width is a permutation.
  return String((((i * 48271) % mod) + (salt % mod)) % mod).padStart(width, "0");
}

function consentOf(rng: Rng): Profile["consent"] {
  const state = rng.weighted<EmailMarketingState | null>(
    ["SUBSCRIBED", "NOT_SUBSCRIBED", "UNSUBSCRIBED", "PENDING", null],
    [45, 30, 15, 3, 7],
  );
  if (!state) return null;
  const level: MarketingOptInLevel =
    state === "PENDING" ? "CONFIRMED_OPT_IN" : rng.chance(0.2) ? "CONFIRMED_OPT_IN" : "SINGLE_OPT_IN";
  return { state, level };
}

export function jaAddress(rng: Rng, firstName: string, lastName: string, phone: string | null): Address {
  const pref = rng.weighted(PREFECTURES, PREF_WEIGHTS);
  const prefix = rng.int(pref.postal[0], pref.postal[1]);
  const building = rng.chance(0.4) ? `${rng.pick(JA_BUILDINGS)}${rng.pick(JA_TOWNS)} ${rng.int(1, 12)}0${rng.int(1, 9)}` : null;
  return {
    firstName,
    lastName,
    company: rng.chance(0.04) ? "株式会社つなぐ商事" : null,
    address1: `${rng.pick(JA_TOWNS)}${rng.int(1, 5)}-${rng.int(1, 30)}-${rng.int(1, 20)}`,
    address2: building,
    city: rng.pick(pref.cities),
    province: pref.en,
    provinceCode: pref.code,
    country: "Japan",
    countryCodeV2: "JP",
    zip: `${String(prefix).padStart(3, "0")}-${digits(rng, 4)}`,
    phone,
  };
}

export function usAddress(rng: Rng, firstName: string, lastName: string, phone: string | null): Address {
  const place = rng.weighted(US_PLACES, US_WEIGHTS);
  return {
    firstName,
    lastName,
    company: null,
    address1: `${rng.int(10, 9899)} ${rng.pick(US_STREETS)}`,
    address2: rng.chance(0.25) ? `Apt ${rng.int(1, 40)}${rng.pick(["A", "B", "C", ""])}` : null,
    city: place.city,
    province: place.state,
    provinceCode: place.code,
    country: "United States",
    countryCodeV2: "US",
    zip: String(rng.int(place.zip[0], place.zip[1])).padStart(5, "0"),
    phone,
  };
}

export function jaProfile(seed: number, i: number): Profile {
  const rng = createRng(seedOf(seed, "customer", i));
  const [family, familyRomaji] = rng.pick(JA_FAMILY_NAMES);
  const [given, givenRomaji] = rng.pick(rng.chance(0.62) ? JA_GIVEN_NAMES_FEMALE : JA_GIVEN_NAMES_MALE);
  const hasEmail = rng.chance(0.95);
  const hasPhone = !hasEmail || rng.chance(0.7);
  const mobile = rng.weighted(["90", "80", "70", "3"], [45, 35, 10, 10]);
  const phone = hasPhone ? `+81${mobile}${uniqueDigits(i, seed, 8)}` : null;
  const style = rng.int(0, 3);
  const year = rng.int(1955, 2004);
  const local = [
    `${givenRomaji}.${familyRomaji}`,
    `${familyRomaji}${year}`,
    `${givenRomaji}_${familyRomaji}${String(year).slice(2)}`,
    `${givenRomaji[0]}${familyRomaji}`,
  ][style]!;
  const emailDomain = rng.weighted(JA_MAIL_DOMAINS, JA_MAIL_WEIGHTS);
  return {
    firstName: given,
    lastName: family,
    emailLocal: hasEmail ? local : null,
    emailDomain,
    phone,
    locale: rng.chance(0.03) ? "en" : "ja",
    address: jaAddress(rng, given, family, phone),
    accountEnabled: rng.chance(0.3),
    consent: hasEmail ? consentOf(rng) : null,
    note: rng.chance(0.05) ? rng.pick(JA_NOTES) : null,
    wholesale: rng.chance(0.02),
    flagged: rng.chance(0.01),
  };
}

export function enProfile(seed: number, i: number): Profile {
  const rng = createRng(seedOf(seed, "customer", i));
  const first = rng.pick(EN_FIRST_NAMES);
  const last = rng.pick(EN_LAST_NAMES);
  const hasEmail = rng.chance(0.96);
  const place = rng.weighted(US_PLACES, US_WEIGHTS);
  const phone = !hasEmail || rng.chance(0.6) ? `+1${rng.pick(place.area)}${uniqueDigits(i, seed, 7)}` : null;
  const style = rng.int(0, 2);
  const local = [`${first}.${last}`, `${first[0]}${last}`, `${first}${last}${rng.int(1, 99)}`][style]!.toLowerCase();
  return {
    firstName: first,
    lastName: last,
    emailLocal: hasEmail ? local : null,
    emailDomain: rng.weighted(EN_MAIL_DOMAINS, EN_MAIL_WEIGHTS),
    phone,
    locale: "en",
    address: usAddress(rng, first, last, phone),
    accountEnabled: rng.chance(0.35),
    consent: hasEmail ? consentOf(rng) : null,
    note: rng.chance(0.05) ? rng.pick(EN_NOTES) : null,
    wholesale: rng.chance(0.02),
    flagged: rng.chance(0.01),
  };
}

/** The email after de-duplication: the n-th customer with the same base address gets a number appended. */
export function emailOf(p: Profile, dup: number): string | null {
  if (!p.emailLocal) return null;
  return dup === 0 ? `${p.emailLocal}@${p.emailDomain}` : `${p.emailLocal}${dup + 1}@${p.emailDomain}`;
}
