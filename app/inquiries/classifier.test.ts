import { describe, expect, it } from "vitest";
import { accuracy, crossValidate, parseModel, predict, stratifiedFolds, tokenize, train, trainWithHoldout, trainWithHoldoutInSlices } from "./classifier";
import { CATEGORY_KEYS, LABELLED_INQUIRIES, UNSEEN_INQUIRIES } from "./fixtures/labelled-inquiries";

describe("tokenize", () => {
  it("segments Japanese into words and compound bigrams, dropping particles and punctuation", () => {
    const tokens = tokenize("注文した商品がまだ届きません。");
    expect(tokens).toContain("w:注文");
    expect(tokens).toContain("w:商品");
    expect(tokens).toContain("b:商品");
    expect(tokens).not.toContain("w:が");
    expect(tokens).not.toContain("w:。");
    // No bigram across a kanji/kana boundary.
    expect(tokens).not.toContain("b:品が");
  });

  it("folds width and case (NFKC) and stems English words", () => {
    expect(tokenize("ＲＥＦＵＮＤＳ")).toEqual(tokenize("refund"));
    expect(tokenize("ｷｬﾝｾﾙ")).toEqual(tokenize("キャンセル"));
    expect(tokenize("shipped")).toContain("w:ship");
    expect(tokenize("The order")).not.toContain("w:the");
  });

  it("folds numbers into one token and adds the category cue features", () => {
    expect(tokenize("#1043")).toContain("w:#");
    expect(tokenize("返品したいです")).toContain("k:returns");
    expect(tokenize("My card was declined")).toContain("k:payment");
  });
});

describe("naive Bayes classifier", () => {
  it("has about 30 labelled Japanese and English inquiries per category", () => {
    for (const key of CATEGORY_KEYS) {
      const rows = LABELLED_INQUIRIES.filter((e) => e.label === key);
      expect(rows.length).toBeGreaterThanOrEqual(30);
      expect(rows.filter((e) => e.locale === "ja").length).toBeGreaterThanOrEqual(15);
      expect(rows.filter((e) => e.locale === "en").length).toBeGreaterThanOrEqual(15);
    }
  });

  it("reaches at least 80% top-1 accuracy on held-out inquiries (train on 70%, test on 30%)", () => {
    const folds = stratifiedFolds(LABELLED_INQUIRIES, 10);
    const test = folds.slice(0, 3).flat();
    const model = train(folds.slice(3).flat());
    expect(test.length).toBeGreaterThanOrEqual(50);
    expect(accuracy(model, test)).toBeGreaterThanOrEqual(0.8);
  });

  it("reaches at least 80% in 5-fold cross-validation, in both languages", () => {
    expect(crossValidate(LABELLED_INQUIRIES, 5).accuracy).toBeGreaterThanOrEqual(0.8);
    for (const locale of ["ja", "en"] as const) {
      const folds = stratifiedFolds(LABELLED_INQUIRIES, 5);
      const model = train(folds.slice(1).flat());
      expect(accuracy(model, folds[0]!.filter((e) => "locale" in e && e.locale === locale))).toBeGreaterThanOrEqual(0.75);
    }
  });

  it("labels phrasings it never saw", () => {
    expect(accuracy(train(LABELLED_INQUIRIES), UNSEEN_INQUIRIES)).toBeGreaterThanOrEqual(0.75);
  });

  it("gives a posterior probability as confidence, with the words that decided it", () => {
    const prediction = predict(train(LABELLED_INQUIRIES), "返品して返金してほしいです。サイズが合いませんでした。")!;
    expect(prediction.label).toBe("returns");
    expect(prediction.confidence).toBeGreaterThan(0.5);
    expect(prediction.confidence).toBeLessThanOrEqual(1);
    expect(prediction.ranking.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 6);
    expect(prediction.reasons.length).toBeGreaterThan(0);
  });

  it("learns a shop's own categories from its labels", () => {
    const examples = [
      ...["ワインの産地を教えて", "赤ワインのおすすめは", "白ワインは辛口ですか", "ワインの保存方法", "ヴィンテージについて", "ワインに合う料理"].map((text) => ({ text, label: "wine" })),
      ...["日本酒の精米歩合は", "純米酒はありますか", "日本酒の保存温度", "熱燗に向く日本酒", "吟醸酒の違い", "日本酒の賞味期限"].map((text) => ({ text, label: "sake" })),
    ];
    const model = train(examples);
    expect(predict(model, "おすすめの純米吟醸の日本酒")!.label).toBe("sake");
    expect(predict(model, "辛口の白ワインを探しています")!.label).toBe("wine");
  });

  it("survives a round trip through JSON and reports held-out accuracy only with enough examples", () => {
    const { model, accuracy: heldOut } = trainWithHoldout(LABELLED_INQUIRIES);
    expect(heldOut).toBeGreaterThanOrEqual(0.8);
    const restored = parseModel(JSON.stringify(model))!;
    expect(predict(restored, "配送状況を教えてください")).toEqual(predict(model, "配送状況を教えてください"));
    expect(trainWithHoldout(LABELLED_INQUIRIES.slice(0, 10)).accuracy).toBeNull();
    expect(parseModel("{}")).toBeNull();
    expect(parseModel("not json")).toBeNull();
  });

  it("trains the same model in slices as in one go", async () => {
    const whole = trainWithHoldout(LABELLED_INQUIRIES);
    const sliced = await trainWithHoldoutInSlices(LABELLED_INQUIRIES, 7);
    expect(sliced.accuracy).toBe(whole.accuracy);
    expect(JSON.parse(JSON.stringify(sliced.model))).toEqual(JSON.parse(JSON.stringify(whole.model)));
  });
});
