/**
 * Workload "classifier" (issue 4, smart help; ADR 015), in one child on a migrated app database:
 * - accuracy: 5-fold cross-validated top-1 accuracy of the naive Bayes classifier on the labelled set
 *   (app/inquiries/fixtures/labelled-inquiries.ts), overall and per language, and on phrasings it never saw;
 * - cost: training time on the labelled set and on a synthetic history of `trainingExamples` inquiries (pairs of
 *   same-category texts), the stored model's size, and predictions per second;
 * - triage: `triageInquiry` latency with the shop's model trained (the step every new inquiry goes through);
 * - similar conversations: `similarConversations` latency over `inquiries` resolved conversations of one shop
 *   (FTS5 trigram on SQLite, pg_trgm on PostgreSQL), `runs` queries of other conversations' texts.
 */
import prisma from "../../app/db.server";
import { accuracy, crossValidate, predict, stratifiedFolds, train, type Example } from "../../app/inquiries/classifier";
import { LABELLED_INQUIRIES, UNSEEN_INQUIRIES } from "../../app/inquiries/fixtures/labelled-inquiries";
import { similarConversations } from "../../app/inquiries/similar.server";
import { trainClassifier, triageInquiry } from "../../app/inquiries/triage.server";
import { childMain } from "../lib/child";
import { type Latency, latency } from "../lib/stats";

export type ClassifierInput = { database: "sqlite" | "postgresql"; shop: string; inquiries: number; trainingExamples: number; runs: number };

export type ClassifierResult = {
  database: "sqlite" | "postgresql";
  labelled: number;
  crossValidation: { folds: number; accuracy: number; ja: number; en: number; perFold: number[] };
  unseen: { examples: number; accuracy: number };
  trainLabelledMs: number;
  trainSynthetic: { examples: number; ms: number; modelBytes: number };
  predictionsPerSecond: number;
  shopTraining: { examples: number; ms: number; heldOutAccuracy: number | null };
  triageMs: Latency;
  similar: { inquiries: number; messages: number; runs: number; latencyMs: Latency; meanResults: number; insertSeconds: number };
};

/** Deterministic pseudo-random numbers (the same workload every run). */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function synthetic(count: number, rand: () => number): Example[] {
  const byLabel = new Map<string, string[]>();
  for (const e of LABELLED_INQUIRIES) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e.text]);
  const labels = [...byLabel.keys()];
  return Array.from({ length: count }, (_, i) => {
    const label = labels[i % labels.length]!;
    const texts = byLabel.get(label)!;
    return { label, text: `${texts[Math.floor(rand() * texts.length)]} ${texts[Math.floor(rand() * texts.length)]}` };
  });
}

async function run(input: ClassifierInput): Promise<ClassifierResult> {
  const rand = random(42);
  const folds = 5;
  const cv = crossValidate(LABELLED_INQUIRIES, folds);
  const perLanguage = (locale: "ja" | "en") => {
    const parts = stratifiedFolds(LABELLED_INQUIRIES, folds);
    let right = 0;
    let total = 0;
    parts.forEach((test, i) => {
      const model = train(parts.filter((_, j) => j !== i).flat());
      const subset = test.filter((e) => (e as Example & { locale?: string }).locale === locale);
      right += accuracy(model, subset) * subset.length;
      total += subset.length;
    });
    return right / total;
  };

  let t = performance.now();
  const labelledModel = train(LABELLED_INQUIRIES);
  const trainLabelledMs = performance.now() - t;

  const big = synthetic(input.trainingExamples, rand);
  t = performance.now();
  const bigModel = train(big);
  const trainSyntheticMs = performance.now() - t;

  const probes = synthetic(2_000, rand);
  t = performance.now();
  for (const p of probes) predict(bigModel, p.text);
  const predictionsPerSecond = probes.length / ((performance.now() - t) / 1000);

  // The shop's history in the app database: resolved conversations labelled by agents, with a reply each.
  const shop = input.shop;
  const history = synthetic(input.inquiries, rand);
  t = performance.now();
  const batch = 500;
  for (let start = 0; start < history.length; start += batch) {
    const slice = history.slice(start, start + batch);
    await prisma.inquiry.createMany({
      data: slice.map((e, i) => ({
        id: `bench-inq-${start + i}`,
        shop,
        number: 1001 + start + i,
        channel: "form",
        status: "resolved",
        category: e.label,
        categorySource: "agent",
        resolvedAt: new Date(),
      })),
    });
    await prisma.inquiryMessage.createMany({
      data: slice.flatMap((e, i) => [
        { shop, inquiryId: `bench-inq-${start + i}`, author: "shopper", channel: "form", body: e.text },
        { shop, inquiryId: `bench-inq-${start + i}`, author: "agent", channel: "inbox", body: "お問い合わせありがとうございます。確認してご連絡いたします。" },
      ]),
    });
  }
  const insertSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  const trained = await trainClassifier(shop);
  const shopTrainingMs = performance.now() - t;

  const triageSamples: number[] = [];
  for (let i = 0; i < input.runs; i++) {
    const e = LABELLED_INQUIRIES[Math.floor(rand() * LABELLED_INQUIRIES.length)]!;
    const s = performance.now();
    await triageInquiry(shop, { body: e.text }, "ja");
    triageSamples.push(performance.now() - s);
  }

  const similarSamples: number[] = [];
  let results = 0;
  for (let i = 0; i < input.runs; i++) {
    const id = `bench-inq-${Math.floor(rand() * input.inquiries)}`;
    const s = performance.now();
    results += (await similarConversations(shop, id, 5)).length;
    similarSamples.push(performance.now() - s);
  }

  return {
    database: input.database,
    labelled: LABELLED_INQUIRIES.length,
    crossValidation: { folds, accuracy: cv.accuracy, ja: perLanguage("ja"), en: perLanguage("en"), perFold: cv.folds },
    unseen: { examples: UNSEEN_INQUIRIES.length, accuracy: accuracy(labelledModel, UNSEEN_INQUIRIES) },
    trainLabelledMs,
    trainSynthetic: { examples: big.length, ms: trainSyntheticMs, modelBytes: Buffer.byteLength(JSON.stringify(bigModel)) },
    predictionsPerSecond,
    shopTraining: { examples: trained?.examples ?? 0, ms: shopTrainingMs, heldOutAccuracy: trained?.accuracy ?? null },
    triageMs: latency(triageSamples),
    similar: { inquiries: input.inquiries, messages: input.inquiries * 2, runs: input.runs, latencyMs: latency(similarSamples), meanResults: results / input.runs, insertSeconds },
  };
}

childMain(run);
