/**
 * The name reading (フリガナ). Shopify has no kana field, so the app keeps the reading itself, stored as full-width
 * katakana so that sorting and search compare one script (GLOSSARY.md: 山田 太郎 → ヤマダ タロウ).
 */

// Hiragana ぁ (U+3041) .. ゖ (U+3096) and the iteration marks ゝゞ sit exactly 0x60 below their katakana forms.
const HIRAGANA = /[\u3041-\u3096\u309d\u309e]/g;

/**
 * Full-width katakana for a reading typed in hiragana, katakana or half-width katakana: NFKC (half-width ｶﾞ → ガ,
 * the ideographic space → a plain space), hiragana → katakana, runs of spaces collapsed to one, ends trimmed.
 * Anything else (kanji, latin letters) passes through unchanged; `isKanaReading` tells whether the result is a reading.
 */
export function toKatakana(input: string): string {
  return input
    .normalize("NFKC")
    .replace(HIRAGANA, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
    .replace(/\s+/g, " ")
    .trim();
}

// Katakana (with small forms, ヴ, ヵヶ), the long-vowel mark, the middle dot and iteration marks, separated by spaces.
const READING = /^[\u30a1-\u30fa\u30fc\u30fd\u30fe\u30fb]+(?: [\u30a1-\u30fa\u30fc\u30fd\u30fe\u30fb]+)*$/;

/** True when an already normalised value (see `toKatakana`) is made only of katakana words separated by single spaces. */
export function isKanaReading(normalised: string): boolean {
  return READING.test(normalised);
}

/** Longest reading kept; a generous bound for family and given name together. */
export const NAME_KANA_MAX_LENGTH = 100;
