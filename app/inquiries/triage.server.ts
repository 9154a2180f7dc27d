/**
 * Triage of a new inquiry (issue 4, smart help; ADR 015): category and priority from its text. The merchant's rules
 * decide first ("contains any of these words -> category and/or priority"), then the shop's own classifier when it is
 * confident enough, then built-in urgent words for the priority. Corrections by agents retrain the classifier.
 */
import { z } from "zod";
import prisma from "../db.server";
import { invalidateSupportSnapshot } from "./support-cache.server";
import { type ClassifierModel, type Example, normalizeText, parseModel, predict, trainWithHoldoutInSlices } from "./classifier";
import type { Priority } from "./types";

export type TriageResult = {
  category: string | null;
  categoryConfidence: number | null;
  categorySource: "rule" | "classifier" | null;
  priority: Priority;
  prioritySource: "rule" | "classifier" | "default";
  /** The words that spoke for the classifier's category (empty otherwise). */
  reasons: string[];
};

/** The classifier's category is applied only at or above this posterior probability. */
export const CLASSIFIER_THRESHOLD = 0.6;
/** A model whose held-out accuracy is below this is kept (for the settings figure) but not applied. */
const MIN_APPLIED_ACCURACY = 0.5;
/** Fewer labelled inquiries than this (or a single category) train nothing. */
export const MIN_TRAINING_EXAMPLES = 6;
/** The newest labelled inquiries a model learns from. */
const MAX_TRAINING_EXAMPLES = 5000;
/** Who labelled an inquiry for it to count as truth: a person, never triage itself. */
const HUMAN_SOURCES = ["agent", "shopper"];

const PRIORITY = z.enum(["low", "normal", "high", "urgent"]);
const StoredRule = z.object({
  contains: z.array(z.string()),
  category: z.string().nullish(),
  priority: PRIORITY.nullish(),
});
const StoredRules = z.array(StoredRule);
type Rule = z.infer<typeof StoredRule>;

/** Built-in words that raise the priority when no rule set it (NFKC, lower case; substring match). */
const URGENT_WORDS = ["至急", "大至急", "緊急", "急ぎ", "今日中", "本日中", "urgent", "asap", "immediately", "emergency", "right away"];
const HIGH_WORDS = [
  "届かない", "届いていない", "届いてない", "届きません", "届いておりません", "未着", "破損", "壊れ", "不良品", "二重", "詐欺", "返金されない",
  "消費者センター", "弁護士", "not received", "never arrived", "hasn't arrived", "has not arrived", "haven't received", "didn't receive",
  "damaged", "broken", "charged twice", "double charged", "fraud", "scam", "lawyer", "chargeback",
];

/** Rule words match case- and width-insensitively (NFKC folds full-width ＡＢＣ and half-width ｶﾅ). */
function matches(text: string, words: string[]): boolean {
  return words.some((w) => {
    const word = normalizeText(w).trim();
    return word.length > 0 && text.includes(word);
  });
}

async function loadRules(shop: string): Promise<Rule[]> {
  const settings = await prisma.supportSettings.findUnique({ where: { shop }, select: { triageRules: true } });
  return parseTriageRules(shop, settings?.triageRules);
}

export type TriageRule = Rule;

/** The merchant's stored rules (SupportSettings.triageRules); invalid text counts as none. */
export function parseTriageRules(shop: string, stored: string | null | undefined): Rule[] {
  if (stored === null || stored === undefined) return [];
  try {
    const parsed = StoredRules.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  console.error("[triage] ignoring invalid triage rules", { shop });
  return [];
}

/** Per process: the shop's model as of its trainedAt (a retrain anywhere shows up as a newer trainedAt). */
const modelCache = new Map<string, { trainedAt: number; accuracy: number | null; model: ClassifierModel | null }>();

export async function currentModel(shop: string): Promise<{ model: ClassifierModel; accuracy: number | null } | null> {
  const head = await prisma.inquiryClassifier.findUnique({ where: { shop }, select: { trainedAt: true } });
  if (!head) {
    modelCache.delete(shop);
    return null;
  }
  let cached = modelCache.get(shop);
  if (!cached || cached.trainedAt !== head.trainedAt.getTime()) {
    const row = await prisma.inquiryClassifier.findUnique({ where: { shop } });
    if (!row) return null;
    cached = { trainedAt: row.trainedAt.getTime(), accuracy: row.accuracy, model: parseModel(row.model) };
    modelCache.set(shop, cached);
  }
  return cached.model ? { model: cached.model, accuracy: cached.accuracy } : null;
}

/** The text triage reads: the subject, then the body. */
const triageText = (subject: string | null | undefined, body: string) => (subject ? `${subject}\n${body}` : body);

/**
 * Category and priority for a new inquiry's text. `locale` is the shopper's language; the features are the same
 * for both (one model per shop serves ja and en).
 */
export async function triageInquiry(shop: string, input: { subject?: string | null; body: string }, _locale: "ja" | "en"): Promise<TriageResult> {
  const rules = await loadRules(shop);
  return triageWith(rules, () => currentModel(shop), input);
}

/**
 * The same decision from rules and a model already at hand (the storefront fast path keeps both in a per-process
 * cache, app/inquiries/support-cache.server.ts). `model` is asked only when no rule chose the category.
 */
export async function triageWith(
  rules: Rule[],
  model: () => Promise<{ model: ClassifierModel; accuracy: number | null } | null> | { model: ClassifierModel; accuracy: number | null } | null,
  input: { subject?: string | null; body: string },
): Promise<TriageResult> {
  const raw = triageText(input.subject, input.body);
  const text = normalizeText(raw);
  const result: TriageResult = { category: null, categoryConfidence: null, categorySource: null, priority: "normal", prioritySource: "default", reasons: [] };

  for (const rule of rules) {
    if (!matches(text, rule.contains)) continue;
    if (rule.category && !result.categorySource) {
      result.category = rule.category;
      result.categorySource = "rule";
      result.categoryConfidence = 1;
    }
    if (rule.priority && result.prioritySource === "default") {
      result.priority = rule.priority;
      result.prioritySource = "rule";
    }
  }

  if (!result.categorySource) {
    const current = await model();
    const prediction = current && (current.accuracy === null || current.accuracy >= MIN_APPLIED_ACCURACY) ? predict(current.model, raw) : null;
    if (prediction && prediction.confidence >= CLASSIFIER_THRESHOLD) {
      result.category = prediction.label;
      result.categoryConfidence = prediction.confidence;
      result.categorySource = "classifier";
      result.reasons = prediction.reasons;
    }
  }

  if (result.prioritySource === "default") {
    if (matches(text, URGENT_WORDS)) result.priority = "urgent";
    else if (matches(text, HIGH_WORDS)) result.priority = "high";
    if (result.priority !== "normal") result.prioritySource = "classifier";
  }
  return result;
}

/** The shop's labelled history: inquiries whose category a person set (an agent, or the shopper on the form). */
export async function labelledExamples(shop: string): Promise<Example[]> {
  const [rows, categories] = await Promise.all([
    prisma.inquiry.findMany({
      where: { shop, category: { not: null }, categorySource: { in: HUMAN_SOURCES }, redactedAt: null },
      orderBy: { createdAt: "desc" },
      take: MAX_TRAINING_EXAMPLES,
      select: {
        subject: true,
        category: true,
        messages: { where: { shop, author: "shopper" }, orderBy: { createdAt: "asc" }, take: 1, select: { body: true } },
      },
    }),
    prisma.inquiryCategory.findMany({ where: { shop, archivedAt: null }, select: { key: true } }),
  ]);
  // Only categories the shop still uses (when it has any rows at all: a shop before its defaults keeps every label).
  const live = new Set(categories.map((c) => c.key));
  return rows
    .filter((r) => live.size === 0 || live.has(r.category!))
    .map((r) => ({ label: r.category!, text: triageText(r.subject, r.messages[0]?.body ?? "") }))
    .filter((e) => e.text.trim().length > 0)
    .reverse();
}

export type TrainedClassifier = { examples: number; accuracy: number | null; trainedAt: Date } | null;

/**
 * Trains the shop's classifier on its labelled history now and stores it with its held-out accuracy (null below
 * 20 examples). Too little history (fewer than MIN_TRAINING_EXAMPLES, or one category) removes the model.
 */
export async function trainClassifier(shop: string): Promise<TrainedClassifier> {
  const examples = await labelledExamples(shop);
  const labels = new Set(examples.map((e) => e.label));
  if (examples.length < MIN_TRAINING_EXAMPLES || labels.size < 2) {
    await prisma.inquiryClassifier.deleteMany({ where: { shop } });
    modelCache.delete(shop);
    invalidateSupportSnapshot(shop);
    return null;
  }
  const { model, accuracy } = await trainWithHoldoutInSlices(examples);
  const trainedAt = new Date();
  const data = { model: JSON.stringify(model), examples: examples.length, accuracy, trainedAt };
  await prisma.inquiryClassifier.upsert({ where: { shop }, update: data, create: { shop, ...data } });
  modelCache.set(shop, { trainedAt: trainedAt.getTime(), accuracy, model });
  invalidateSupportSnapshot(shop);
  return { examples: examples.length, accuracy, trainedAt };
}

const training = new Map<string, { running: Promise<void>; again: boolean }>();

/**
 * An agent corrected a category: retrain now (training a shop's history takes milliseconds to a second), so the
 * next inquiry already benefits. Corrections arriving while a training runs are folded into one more run.
 */
export function learnCorrection(shop: string): Promise<void> {
  const current = training.get(shop);
  if (current) {
    current.again = true;
    return current.running;
  }
  const state = { running: Promise.resolve(), again: false };
  state.running = (async () => {
    try {
      do {
        state.again = false;
        await trainClassifier(shop);
      } while (state.again);
    } catch (error) {
      console.error("[triage] retraining after a correction failed", { shop, error: error instanceof Error ? error.message : String(error) });
    } finally {
      training.delete(shop);
    }
  })();
  training.set(shop, state);
  return state.running;
}
