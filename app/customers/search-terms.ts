/**
 * How the customers index turns a search box into database conditions, without the database: the words, the forms
 * of each word that may match, and the one text every customer is searched in. Kept pure so the rules are unit tested
 * and the SQL (customer-index.server.ts) and the migrations' expression indexes share one definition.
 */
import { toKatakana } from "./kana";

/**
 * The text a customer is searched in: names, reading, email and phone joined by spaces. A search word never holds a
 * space, so a word cannot match across two fields. SQLite and PostgreSQL parse it alike, and the expression indexes
 * in prisma/migrations/20261123150000_add_customer_search_index and its PostgreSQL twin repeat it character for
 * character (the databases match an expression index only to the very same expression; a unit test checks both files).
 */
export const SEARCH_TEXT_SQL =
  `(coalesce("lastName", '') || ' ' || coalesce("firstName", '') || ' ' || coalesce("nameKana", '') || ' ' || ` +
  `coalesce("email", '') || ' ' || coalesce("phone", ''))`;

/** At most this many words are used; the rest of the query is ignored (as before). */
export const MAX_SEARCH_WORDS = 5;

export type SearchWord = {
  /** The word as typed. */
  word: string;
  /** Substrings of which one must occur in the search text (case-insensitive for ASCII), without LIKE escaping. */
  forms: string[];
  /**
   * The word held "-", so one form is the phone form (hyphens dropped). That form may only match the phone, so the
   * caller checks the fields one by one for these words: `{ text: word or its reading, phone: digits }`.
   */
  exact?: { text: string[]; phone: string };
};

/** Shopify order names are "#1001"; staff type "1001" or "#1001". */
export function orderNameOf(q: string): string | null {
  return /^#?\d+$/.test(q) ? `#${q.replace(/^#/, "")}` : null;
}

/**
 * The words of a query and the forms each may match in: as typed, as a katakana reading (hiragana and half-width
 * kana typed for ヤマダ find the reading; NFKC also folds full-width latin letters and digits), and for phone
 * numbers without hyphens. Every word must match (AND), each in any field.
 */
export function searchWords(q: string): SearchWord[] {
  return q
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_SEARCH_WORDS)
    .map((word) => {
      const reading = toKatakana(word);
      const text = unique([word, reading].filter(Boolean));
      const phone = word.replace(/-/g, "");
      if (phone === word || phone === "") return { word, forms: text };
      return { word, forms: unique([...text, phone]), exact: { text, phone } };
    });
}

/** `%text%` for LIKE with `\` as the escape character, so `%` and `_` typed by staff match themselves. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
