import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { faqTerms, rankFaq, suggestFaq } = await import("./faq.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const JA = [
  { id: "ship", question: "送料はいくらですか？", answer: "全国一律600円、5,000円以上のご注文で送料無料です。", keywords: "配送 送料無料" },
  { id: "return", question: "返品・交換はできますか？", answer: "商品到着後7日以内であれば返品を承ります。", keywords: "返金 キャンセル" },
  { id: "pay", question: "支払い方法を教えてください", answer: "クレジットカード、コンビニ払い、代引きがご利用いただけます。", keywords: "決済 カード" },
];

const EN = [
  { id: "ship", question: "How much is shipping?", answer: "Shipping is free on orders over $50.", keywords: "delivery postage" },
  { id: "return", question: "Can I return an item?", answer: "Returns are accepted within 30 days.", keywords: "refund exchange" },
];

describe("FAQ terms", () => {
  it("segments Japanese into content words and drops particles", () => {
    const terms = faqTerms("送料はいくらですか", "ja");
    expect(terms).toContain("送料");
    expect(terms).not.toContain("は");
    expect(terms).not.toContain("か");
  });

  it("normalizes full-width letters and case", () => {
    expect(faqTerms("ＳＨＩＰＰＩＮＧ", "en")).toEqual(faqTerms("shipping", "en"));
  });
});

describe("FAQ ranking", () => {
  it("suggests the shipping answer for a Japanese question worded differently", () => {
    const ranked = rankFaq(JA, "配送料金を知りたいです。送料は？", "ja");
    expect(ranked[0]?.id).toBe("ship");
  });

  it("matches a verb form against the noun the merchant wrote (返品したい → 返品)", () => {
    expect(rankFaq(JA, "返品したいのですが", "ja")[0]?.id).toBe("return");
  });

  it("matches the merchant's extra keywords", () => {
    expect(rankFaq(JA, "カードで決済できますか", "ja")[0]?.id).toBe("pay");
  });

  it("ranks English by words, ignoring plurals", () => {
    expect(rankFaq(EN, "Do you accept returns?", "en")[0]?.id).toBe("return");
    expect(rankFaq(EN, "what does delivery cost", "en")[0]?.id).toBe("ship");
  });

  it("suggests nothing for text that shares no content word", () => {
    expect(rankFaq(JA, "こんにちは", "ja")).toEqual([]);
    expect(rankFaq(EN, "hello there", "en")).toEqual([]);
  });
});

describe("FAQ suggestions from the database", () => {
  it("offers only the shop's published entries in the shopper's language", async () => {
    const shop = `faq-${randomUUID().slice(0, 8)}.myshopify.com`;
    const other = `faq-${randomUUID().slice(0, 8)}.myshopify.com`;
    await prisma.faqEntry.createMany({
      data: [
        { shop, locale: "ja", question: "送料はいくらですか？", answer: "600円です。" },
        { shop, locale: "ja", question: "送料の下書き", answer: "非公開", published: false },
        { shop, locale: "en", question: "Shipping cost", answer: "Free over $50" },
        { shop: other, locale: "ja", question: "送料について（別のショップ）", answer: "別" },
      ],
    });

    const suggestions = await suggestFaq(shop, "ja", "送料を教えて");

    expect(suggestions.map((s) => s.question)).toEqual(["送料はいくらですか？"]);
  });
});
