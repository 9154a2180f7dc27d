import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { overlap, shortWords, trigrams } from "./similar.server";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { similarConversations } = await import("./similar.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `similar-${randomUUID().slice(0, 8)}.myshopify.com`;
let number = 5000;

/** A conversation: the shopper's message, and when `reply` is given, a staff reply. */
async function conversation(shop: string, body: string, reply?: string, status = reply ? "resolved" : "open", subject?: string) {
  return prisma.inquiry.create({
    data: {
      shop,
      number: number++,
      channel: "form",
      status,
      subject,
      messages: {
        create: [
          { shop, author: "shopper", channel: "form", body, createdAt: new Date(Date.now() - 60_000) },
          ...(reply ? [{ shop, author: "agent", channel: "inbox", body: reply, authorName: "佐藤" }] : []),
          { shop, author: "note", channel: "inbox", body: "社内メモ" },
        ],
      },
    },
  });
}

describe("trigram helpers", () => {
  it("makes trigrams of Japanese and English runs, folding width and case", () => {
    expect([...trigrams("返品したい")]).toEqual(["返品し", "品した", "したい"]);
    expect(trigrams("ＡＢＣＤ")).toEqual(trigrams("abcd"));
    expect(shortWords("返品 tv ok です")).toEqual(["返品", "tv", "ok"]);
    expect(overlap(trigrams("サイズ交換したい"), trigrams("サイズ交換したい"))).toBeCloseTo(1);
    expect(overlap(trigrams("サイズ交換"), trigrams("配送状況"))).toBe(0);
  });
});

describe("similarConversations", () => {
  it("finds resolved Japanese conversations like this one, with the reply that answered them", async () => {
    const shop = newShop();
    const past = await conversation(shop, "購入したシャツのサイズ交換をお願いしたいです。Mを注文しましたがLに替えたいです。", "サイズ交換を承りました。返送用の伝票をお送りします。");
    await conversation(shop, "配送状況を確認したいです。追跡番号を教えてください。", "追跡番号は123です。");
    await conversation(shop, "サイズ交換をしたいのですが", undefined, "open");
    const current = await conversation(shop, "届いたパンツのサイズ交換をしたいです。Lに替えられますか？");
    const similar = await similarConversations(shop, current.id, 5);
    expect(similar[0]).toMatchObject({ inquiryId: past.id, reply: { body: "サイズ交換を承りました。返送用の伝票をお送りします。", authorName: "佐藤" } });
    expect(similar[0]!.score).toBeGreaterThan(0.1);
    // Open conversations, the inquiry itself and internal notes are never offered.
    expect(similar.map((s) => s.inquiryId)).not.toContain(current.id);
    expect(similar.every((s) => s.reply.body !== "社内メモ")).toBe(true);
  });

  it("never returns another shop's conversations", async () => {
    const a = newShop();
    const b = newShop();
    await conversation(a, "Where is my parcel? Tracking has not updated in a week.", "It is on its way.");
    const current = await conversation(b, "Where is my parcel? Tracking has not updated for days.");
    expect(await similarConversations(b, current.id)).toEqual([]);
    expect(await similarConversations(a, current.id)).toEqual([]);
  });

  it("matches on the subject too, and short words through the fallback", async () => {
    const shop = newShop();
    const bySubject = await conversation(shop, "よろしくお願いします", "領収書を添付しました。", "resolved", "領収書の発行について");
    const current = await conversation(shop, "領収書の発行をお願いできますか");
    expect((await similarConversations(shop, current.id)).map((s) => s.inquiryId)).toContain(bySubject.id);

    const short = await conversation(shop, "tv 返品", "返品を承りました。");
    const ask = await conversation(shop, "返品 tv");
    expect((await similarConversations(shop, ask.id)).map((s) => s.inquiryId)).toContain(short.id);
  });

  it("keeps the search index current on edits and deletes (triggers)", async () => {
    const shop = newShop();
    const past = await conversation(shop, "ギフトラッピングは有料ですか？", "無料で承っております。");
    const current = await conversation(shop, "ギフトラッピングをお願いできますか？");
    expect((await similarConversations(shop, current.id)).map((s) => s.inquiryId)).toEqual([past.id]);
    // Redaction rewrites the shopper's text: the old words no longer find it.
    await prisma.inquiryMessage.updateMany({ where: { shop, inquiryId: past.id, author: "shopper" }, data: { body: "(削除済み)" } });
    expect(await similarConversations(shop, current.id)).toEqual([]);
    // A deleted inquiry (messages cascade) leaves nothing behind in the index.
    await prisma.inquiry.delete({ where: { id: past.id } });
    // PostgreSQL's trigram indexes are ordinary indexes; SQLite's FTS tables are kept by the triggers.
    if (database.url.startsWith("postgres")) return;
    const leftovers = await prisma.$queryRawUnsafe<Array<{ n: number | bigint }>>(
      `SELECT count(*) AS n FROM "InquiryMessage_fts" WHERE "InquiryMessage_fts" MATCH ?`,
      `shop : "${shop}"`,
    );
    const remaining = await prisma.inquiryMessage.count({ where: { shop } });
    expect(Number(leftovers[0]!.n)).toBe(remaining);
  });
});
