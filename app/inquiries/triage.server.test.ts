import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { stratifiedFolds } from "./classifier";
import { LABELLED_INQUIRIES } from "./fixtures/labelled-inquiries";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { triageInquiry, trainClassifier, learnCorrection, labelledExamples } = await import("./triage.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `triage-${randomUUID().slice(0, 8)}.myshopify.com`;
let number = 1000;

/** An inquiry with its first shopper message, labelled by `categorySource`. */
async function inquiry(shop: string, body: string, category: string | null, categorySource: string | null = category ? "agent" : null) {
  return prisma.inquiry.create({
    data: {
      shop,
      number: number++,
      channel: "form",
      category,
      categorySource,
      messages: { create: { shop, author: "shopper", channel: "form", body } },
    },
  });
}

async function rules(shop: string, value: unknown) {
  await prisma.supportSettings.create({ data: { shop, triageRules: JSON.stringify(value) } });
}

describe("triageInquiry with the merchant's rules", () => {
  it("applies the first matching rule, width- and case-insensitively", async () => {
    const shop = newShop();
    await rules(shop, [
      { contains: ["ＶＩＰ", "法人"], priority: "high" },
      { contains: ["のし", "ギフト"], category: "product" },
      { contains: ["gift"], category: "other", priority: "low" },
    ]);
    const r = await triageInquiry(shop, { subject: "vip 会員です", body: "ｷﾞﾌﾄ用に包装できますか? Gift wrap" }, "ja");
    expect(r).toMatchObject({ category: "product", categorySource: "rule", categoryConfidence: 1, priority: "high", prioritySource: "rule" });
  });

  it("raises the priority on urgent words when no rule set it", async () => {
    const shop = newShop();
    expect(await triageInquiry(shop, { body: "至急ご確認ください" }, "ja")).toMatchObject({ priority: "urgent", prioritySource: "classifier" });
    expect(await triageInquiry(shop, { body: "Package never arrived" }, "en")).toMatchObject({ priority: "high" });
    expect(await triageInquiry(shop, { body: "商品がまだ届かないのですが" }, "ja")).toMatchObject({ priority: "high" });
    expect(await triageInquiry(shop, { body: "色について教えてください" }, "ja")).toMatchObject({ priority: "normal", prioritySource: "default", category: null, categorySource: null });
  });
});

describe("the shop's classifier", () => {
  it("trains on inquiries people labelled and categorizes new ones above the threshold", async () => {
    const shop = newShop();
    const folds = stratifiedFolds(LABELLED_INQUIRIES, 5);
    for (const e of folds.slice(1).flat()) await inquiry(shop, e.text, e.label, "agent");
    // Triage's own guesses are not training data.
    await inquiry(shop, "返品したいです", "shipping", "classifier");
    const trained = await trainClassifier(shop);
    expect(trained!.examples).toBe(folds.slice(1).flat().length);
    expect(trained!.accuracy).toBeGreaterThanOrEqual(0.8);

    let right = 0;
    for (const e of folds[0]!) {
      const r = await triageInquiry(shop, { body: e.text }, "ja");
      if (r.category === e.label) {
        right++;
        expect(r.categorySource).toBe("classifier");
        expect(r.categoryConfidence).toBeGreaterThanOrEqual(0.6);
      }
    }
    expect(right / folds[0]!.length).toBeGreaterThanOrEqual(0.8);
  });

  it("does not see another shop's model or labels", async () => {
    const a = newShop();
    const b = newShop();
    for (const e of LABELLED_INQUIRIES.slice(0, 60)) await inquiry(a, e.text, e.label);
    await trainClassifier(a);
    expect(await labelledExamples(b)).toEqual([]);
    expect((await triageInquiry(b, { body: "配送状況を教えてください" }, "ja")).categorySource).toBeNull();
  });

  it("learns from an agent's correction", async () => {
    const shop = newShop();
    const seed = [
      ["ラッピングはできますか", "gift"],
      ["のし紙をつけてほしい", "gift"],
      ["贈り物用の包装をお願いします", "gift"],
      ["配送状況を知りたい", "shipping"],
      ["いつ届きますか", "shipping"],
      ["発送はいつですか", "shipping"],
    ] as const;
    for (const [text, label] of seed) await inquiry(shop, text, label);
    await learnCorrection(shop);
    const before = await prisma.inquiryClassifier.findUniqueOrThrow({ where: { shop } });
    expect(before.examples).toBe(6);

    const corrected = await inquiry(shop, "熨斗の名入れについて", "shipping", "classifier");
    await prisma.inquiry.update({ where: { id: corrected.id }, data: { category: "gift", categorySource: "agent" } });
    await Promise.all([learnCorrection(shop), learnCorrection(shop)]);
    const after = await prisma.inquiryClassifier.findUniqueOrThrow({ where: { shop } });
    expect(after.examples).toBe(7);
    expect(after.trainedAt.getTime()).toBeGreaterThanOrEqual(before.trainedAt.getTime());
  });

  it("trains nothing from too little history and removes a stale model", async () => {
    const shop = newShop();
    await inquiry(shop, "返品したい", "returns");
    await inquiry(shop, "いつ届く", "shipping");
    expect(await trainClassifier(shop)).toBeNull();
    expect(await prisma.inquiryClassifier.count({ where: { shop } })).toBe(0);
  });
});
