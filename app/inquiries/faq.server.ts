/**
 * FAQ suggestions for the chat widget: the answers the merchant wrote (FaqEntry), matched against what the shopper is
 * typing so they can help themselves before sending (issue 4, deliverable 2). Words come from Intl.Segmenter, which
 * splits Japanese without spaces; CJK runs also contribute character bigrams so 「返品したい」 still meets 「返品」.
 */
import prisma from "../db.server";

export type FaqLocale = "ja" | "en";

export type FaqSuggestion = { id: string; question: string; answer: string; score: number };

type FaqRow = { id: string; question: string; answer: string; keywords: string };

/** The longest text we segment: suggestions are for a chat message, not a document. */
const MAX_QUERY_CHARS = 500;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;

/** Words carrying no meaning on their own (particles, copulas, question words common to every question). */
const STOP_WORDS = new Set([
  "a", "an", "the", "is", "are", "am", "be", "do", "does", "did", "i", "you", "my", "your", "me", "we", "it", "to", "of",
  "in", "on", "for", "and", "or", "can", "could", "how", "what", "when", "where", "why", "which", "will", "would",
  "with", "about", "this", "that", "there", "please", "hi", "hello", "thanks",
  "です", "ます", "ください", "でしょう", "ありますか", "ですか", "ますか", "こと", "もの", "よう", "について", "どう", "いつ",
  "どこ", "なに", "何", "したい", "いる", "ある", "する", "なる", "お願い", "こんにちは",
]);

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: FaqLocale): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: "word" });
    segmenters.set(locale, s);
  }
  return s;
}

/** Normalized content words of a text, plus bigrams of CJK words (so partial Japanese words still match). */
export function faqTerms(text: string, locale: FaqLocale): string[] {
  const normalized = text.slice(0, MAX_QUERY_CHARS).normalize("NFKC").toLowerCase();
  const terms = new Set<string>();
  for (const part of segmenter(locale).segment(normalized)) {
    if (!part.isWordLike) continue;
    const word = part.segment.trim();
    if (!word || STOP_WORDS.has(word)) continue;
    if (CJK.test(word)) {
      // A lone hiragana word is nearly always a particle or an ending (は, を, ので).
      if (HIRAGANA_ONLY.test(word) && word.length < 3) continue;
      if (word.length >= 2 || !HIRAGANA_ONLY.test(word)) terms.add(word);
      for (let i = 0; i + 2 <= word.length; i += 1) {
        const bigram = word.slice(i, i + 2);
        if (!HIRAGANA_ONLY.test(bigram)) terms.add(`~${bigram}`);
      }
    } else if (word.length >= 2) {
      // A crude English stem: "returns" meets "return", "shipping" meets "ship".
      terms.add(word.replace(/(ing|es|s)$/u, "") || word);
    }
  }
  return [...terms];
}

/**
 * Ranks FAQ entries against the shopper's text: each query term found in the question or keywords counts twice, in
 * the answer once; whole words outweigh bigrams. Entries that share no content word are left out.
 */
export function rankFaq(rows: FaqRow[], query: string, locale: FaqLocale, limit = 3): FaqSuggestion[] {
  const queryTerms = faqTerms(query, locale);
  if (queryTerms.length === 0) return [];
  const scored: FaqSuggestion[] = [];
  for (const row of rows) {
    const head = new Set(faqTerms(`${row.question} ${row.keywords}`, locale));
    const body = new Set(faqTerms(row.answer, locale));
    let score = 0;
    let wholeWords = 0;
    for (const term of queryTerms) {
      const weight = term.startsWith("~") ? 0.5 : 1;
      if (head.has(term)) score += 2 * weight;
      else if (body.has(term)) score += weight;
      else continue;
      if (!term.startsWith("~")) wholeWords += 1;
    }
    // Bigrams alone (one shared kanji pair) must add up to something more than chance.
    if (score === 0 || (wholeWords === 0 && score < 2)) continue;
    scored.push({ id: row.id, question: row.question, answer: row.answer, score: score / Math.sqrt(queryTerms.length) });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** The shop's published FAQ answers in the shopper's language that best match their text. */
export async function suggestFaq(shop: string, locale: FaqLocale, query: string, limit = 3): Promise<FaqSuggestion[]> {
  if (!query.trim()) return [];
  const rows = await prisma.faqEntry.findMany({
    where: { shop, locale, published: true },
    select: { id: true, question: true, answer: true, keywords: true },
    orderBy: { position: "asc" },
    take: 500,
  });
  return rankFaq(rows, query, locale, limit);
}
