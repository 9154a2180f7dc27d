/**
 * Similar past conversations (issue 4, smart help; ADR 015): resolved inquiries of the same shop whose shopper text
 * is most like this one's, each with the staff reply that answered it, shown beside the composer.
 *
 * Japanese has no spaces between words, so the search works on character trigrams, not words: SQLite's FTS5
 * `trigram` tokenizer over message bodies and subjects (external-content tables kept current by triggers, migration
 * 20261123193000_add_inquiry_search), PostgreSQL's pg_trgm GIN indexes (same migration) behind ILIKE. The database
 * finds candidates; they are ranked here by trigram overlap (cosine of the two trigram sets), the same on both
 * databases. A text with no run of 3 characters (「返品」, "tv") falls back to a substring scan of the shop's messages.
 */
import { isPostgresUrl } from "../env.server";
import prisma from "../db.server";
import { normalizeText } from "./classifier";

export type SimilarConversation = {
  inquiryId: string;
  number: number;
  subject: string | null;
  category: string | null;
  resolvedAt: Date | null;
  /** 0..1: trigram overlap of the two shoppers' texts. */
  score: number;
  /** The shopper's first message (shortened). */
  question: string;
  /** The last staff reply before it was resolved: what answered it. */
  reply: { body: string; authorName: string | null; createdAt: Date };
};

/** Trigrams sent to the database per query: the rarest-looking ones first (kanji, katakana, Latin before kana). */
const MAX_QUERY_TRIGRAMS = 32;
/** Messages the full-text query returns before they are grouped by inquiry. */
const CANDIDATE_MESSAGES = 150;
/** Inquiries ranked in memory. */
const MAX_CANDIDATES = 30;
const QUESTION_CHARS = 400;
/** Below this overlap a conversation is not "similar". */
const MIN_SCORE = 0.05;

const RUN = /[\p{L}\p{N}ー々]+/gu;
const KANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;

/** The distinct character trigrams of a text (NFKC, lower case, within runs of letters and digits). */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of normalizeText(text).match(RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 2 < chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  }
  return out;
}

/** Runs shorter than 3 characters: what trigrams cannot find (「返品」「tv」). */
export function shortWords(text: string): string[] {
  return [...new Set((normalizeText(text).match(RUN) ?? []).filter((w) => [...w].length === 2 && !KANA_ONLY.test(w)))];
}

/** Cosine overlap of two trigram sets. */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (large.has(t)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

function queryTrigrams(all: Set<string>): string[] {
  const weight = (t: string) => (KANA_ONLY.test(t) ? 1 : 0);
  return [...all].sort((x, y) => weight(x) - weight(y)).slice(0, MAX_QUERY_TRIGRAMS);
}

const ftsPhrase = (s: string) => `"${s.replace(/"/g, '""')}"`;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Inquiry ids of the shop whose shopper messages or subject contain any of the trigrams or short words. */
async function candidateIds(shop: string, exclude: string, grams: string[], short: string[]): Promise<string[]> {
  const pg = isPostgresUrl(process.env.DATABASE_URL ?? "");
  const ids = new Map<string, number>();
  const add = (rows: Array<{ inquiryId: string }>) => {
    for (const r of rows) if (r.inquiryId !== exclude) ids.set(r.inquiryId, (ids.get(r.inquiryId) ?? 0) + 1);
  };
  if (grams.length > 0) {
    if (pg) {
      const patterns = grams.map((g) => `%${likeEscape(g)}%`);
      const ors = patterns.map((_, i) => `"body" ILIKE $${i + 2}`).join(" OR ");
      add(
        await prisma.$queryRawUnsafe<Array<{ inquiryId: string }>>(
          `SELECT "inquiryId" FROM "InquiryMessage" WHERE "shop" = $1 AND "author" = 'shopper' AND (${ors}) LIMIT ${CANDIDATE_MESSAGES}`,
          shop,
          ...patterns,
        ),
      );
      const subjectOrs = patterns.map((_, i) => `"subject" ILIKE $${i + 2}`).join(" OR ");
      add(
        await prisma.$queryRawUnsafe<Array<{ inquiryId: string }>>(
          `SELECT "id" AS "inquiryId" FROM "Inquiry" WHERE "shop" = $1 AND "status" = 'resolved' AND (${subjectOrs}) LIMIT ${CANDIDATE_MESSAGES}`,
          shop,
          ...patterns,
        ),
      );
    } else {
      // Column filters: the shop (its trigrams; the join checks it exactly) and any of the text's trigrams.
      const match = `shop : ${ftsPhrase(shop)} AND body : (${grams.map(ftsPhrase).join(" OR ")})`;
      add(
        await prisma.$queryRawUnsafe<Array<{ inquiryId: string }>>(
          `SELECT m."inquiryId" AS "inquiryId" FROM "InquiryMessage_fts" f JOIN "InquiryMessage" m ON m."rowid" = f."rowid"
           WHERE "InquiryMessage_fts" MATCH ? AND m."shop" = ? AND m."author" = 'shopper' ORDER BY f."rank" LIMIT ${CANDIDATE_MESSAGES}`,
          match,
          shop,
        ),
      );
      const subjectMatch = `shop : ${ftsPhrase(shop)} AND subject : (${grams.map(ftsPhrase).join(" OR ")})`;
      add(
        await prisma.$queryRawUnsafe<Array<{ inquiryId: string }>>(
          `SELECT i."id" AS "inquiryId" FROM "Inquiry_fts" f JOIN "Inquiry" i ON i."rowid" = f."rowid"
           WHERE "Inquiry_fts" MATCH ? AND i."shop" = ? AND i."status" = 'resolved' ORDER BY f."rank" LIMIT ${CANDIDATE_MESSAGES}`,
          subjectMatch,
          shop,
        ),
      );
    }
  }
  if (short.length > 0) {
    // Two-character words have no trigram: a substring scan of this shop's shopper messages (bounded).
    const like = pg ? "ILIKE" : "LIKE";
    const patterns = short.map((w) => `%${likeEscape(w)}%`);
    const ors = patterns.map((_, i) => `"body" ${like} ${pg ? `$${i + 2}` : "?"} ESCAPE '\\'`).join(" OR ");
    add(
      await prisma.$queryRawUnsafe<Array<{ inquiryId: string }>>(
        `SELECT "inquiryId" FROM "InquiryMessage" WHERE "shop" = ${pg ? "$1" : "?"} AND "author" = 'shopper' AND (${ors}) LIMIT ${CANDIDATE_MESSAGES}`,
        shop,
        ...patterns,
      ),
    );
  }
  return [...ids.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

/**
 * Up to `limit` resolved inquiries of the shop most like `inquiryId` (by its subject and shopper messages), best
 * first, each with the staff reply that answered it. Empty when the inquiry is not the shop's.
 */
export async function similarConversations(shop: string, inquiryId: string, limit = 5): Promise<SimilarConversation[]> {
  const inquiry = await prisma.inquiry.findFirst({
    where: { shop, id: inquiryId },
    select: { subject: true, messages: { where: { shop, author: "shopper" }, orderBy: { createdAt: "asc" }, take: 5, select: { body: true } } },
  });
  if (!inquiry) return [];
  const text = [inquiry.subject ?? "", ...inquiry.messages.map((m) => m.body)].join("\n");
  const grams = trigrams(text);
  const short = shortWords(text);
  if (grams.size === 0 && short.length === 0) return [];

  const ids = (await candidateIds(shop, inquiryId, queryTrigrams(grams), short)).slice(0, MAX_CANDIDATES);
  if (ids.length === 0) return [];
  const candidates = await prisma.inquiry.findMany({
    where: { shop, id: { in: ids }, status: "resolved", redactedAt: null },
    take: MAX_CANDIDATES,
    select: {
      id: true,
      number: true,
      subject: true,
      category: true,
      resolvedAt: true,
      messages: {
        where: { shop, author: { in: ["shopper", "agent"] } },
        orderBy: { createdAt: "asc" },
        select: { author: true, body: true, authorName: true, createdAt: true },
      },
    },
  });

  const queryShort = new Set(short);
  const ranked: SimilarConversation[] = [];
  for (const c of candidates) {
    const shopper = c.messages.filter((m) => m.author === "shopper");
    const replies = c.messages.filter((m) => m.author === "agent");
    const reply = replies.at(-1);
    if (!reply || shopper.length === 0) continue;
    const candidateText = [c.subject ?? "", ...shopper.map((m) => m.body)].join("\n");
    let score = overlap(grams, trigrams(candidateText));
    if (queryShort.size > 0) {
      // Short words count as a share of the query's short words found in the candidate.
      const found = shortWords(candidateText).filter((w) => queryShort.has(w)).length;
      score = Math.max(score, (found / queryShort.size) * (grams.size === 0 ? 1 : 0.5));
    }
    if (score < MIN_SCORE) continue;
    ranked.push({
      inquiryId: c.id,
      number: c.number,
      subject: c.subject,
      category: c.category,
      resolvedAt: c.resolvedAt,
      score,
      question: shopper[0]!.body.slice(0, QUESTION_CHARS),
      reply: { body: reply.body, authorName: reply.authorName, createdAt: reply.createdAt },
    });
  }
  return ranked.sort((a, b) => b.score - a.score || b.number - a.number).slice(0, limit);
}
