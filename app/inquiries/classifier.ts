/**
 * The inquiry classifier (issue 4, smart help; ADR 015): multinomial naive Bayes over binary features of the text,
 * trained on the shop's own labelled inquiries. No cloud model, no dependency: words come from `Intl.Segmenter`
 * (Japanese and English alike), plus character bigrams of Japanese runs, which carry the meaning of compounds the
 * segmenter splits differently from one phrasing to the next (配送 / 配達 / 発送 share 配・送・達 bigrams with their
 * neighbours). Confidence is the posterior probability of the chosen category. Pure: triage.server.ts stores and loads it.
 */

export type Example = { text: string; label: string };

export type ClassifierModel = {
  version: 1;
  /** Laplace smoothing. */
  alpha: number;
  labels: string[];
  /** Training examples per label. */
  docs: Record<string, number>;
  /** Per label: feature -> number of examples containing it. */
  features: Record<string, Record<string, number>>;
  /** Per label: the sum of its feature counts. */
  totals: Record<string, number>;
  vocabulary: number;
};

export type Prediction = {
  label: string;
  /** Posterior probability of `label`, 0..1. */
  confidence: number;
  /** Every label's posterior, best first. */
  ranking: Array<{ label: string; probability: number }>;
  /** The features that spoke most for `label` (for the agent: why this category). */
  reasons: string[];
};

const DEFAULT_ALPHA = 0.5;

const segmenter = new Intl.Segmenter("ja", { granularity: "word" });

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー々]/u;
const COMPOUND_RUN = /[\p{Script=Han}々]{2,}|[\p{Script=Katakana}ー]{2,}/gu;
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const NUMBER = /^[\d.,#-]+$/;

/** Function words that say nothing about the category (ja particles, auxiliaries, politeness; en stopwords). */
const STOPWORDS = new Set(
  (
    "の に は を た が で て と し れ さ ある いる も する から な こと として い や れる など なっ ない この ため その あっ よう また もの " +
    "という あり まで られ なる へ か だ これ ず なり られる ば なく でき き つ いう でも ら たり ます ん です でし ませ まし " +
    "ござい ござ いただ いただき いただけ 頂き 頂け ください 下さい お願い 願い よろしく 宜しく おり おります 致し いたし いたします " +
    "ご お 私 わたし 様 さま 先日 今回 こちら そちら 件 ね よ わ って けど けれど ので のに 思い 思っ 思う 方 など " +
    "a an the and or but if then of to in on at for from by with about as is are was were be been being am do does did " +
    "i me my we our you your he she it its they them their this that these those there here what which who whom " +
    "can could would should will shall may might must have has had having not no so just also too very please thanks " +
    "thank hi hello dear regards best kind sir madam team would like want get got"
  ).split(/\s+/),
);

/**
 * Cue words of the six default categories (defaults.server.ts), ja and en: general shop vocabulary, not phrases of
 * any training set. A text that holds any of a category's cues gets one feature "k:<category>"; the model learns
 * from the shop's labels how much each cue feature says (so a shop that renamed or added categories loses nothing:
 * the feature is then just one more word). With the few dozen examples a shop labels in its first weeks, words
 * alone rarely repeat; the cue features do.
 */
const CUE_WORDS: Record<string, string[]> = {
  shipping: [
    "配送", "発送", "配達", "届", "到着", "着く", "着か", "着き", "追跡", "送料", "出荷", "再配達", "置き配", "不在", "運送", "宅配",
    "ヤマト", "佐川", "郵便", "荷物", "日時指定", "最短", "海外", "着日", "便",
    "ship", "deliver", "arriv", "tracking", "track", "courier", "parcel", "package", "dispatch", "transit", "express",
    "where is my order", "postal", "in stock by",
  ],
  returns: [
    "返品", "返金", "交換", "破損", "不良", "壊れ", "割れ", "傷", "汚れ", "初期不良", "違う商品", "異なる商品", "返送", "送り返", "取り替", "取替",
    "合わな", "イメージと違", "違う色", "間違った商品", "欠品", "へこ",
    "return", "refund", "exchange", "damage", "broken", "defective", "faulty", "scratch", "wrong item", "wrong colour", "wrong color",
    "wrong size", "send back", "send it back", "replacement", "money back", "doesn't fit", "does not fit", "too small", "too big", "too large",
    "swap", "cracked", "torn", "stain",
  ],
  product: [
    "素材", "生地", "サイズ表", "寸法", "着丈", "身幅", "肩幅", "在庫", "再入荷", "成分", "原材料", "アレルギー", "賞味期限", "使い方", "説明書",
    "保証", "洗濯", "電池", "充電", "容量", "重さ", "材質", "仕様", "入りますか", "履け", "敏感肌", "対応していますか", "色違い", "実物", "産地",
    "原産", "グラム", "防水", "違い", "サイズ展開", "入荷",
    "material", "fabric", "size chart", "measurement", "dimension", "stock", "ingredient", "allerg", "gluten", "nuts", "warranty", "manual",
    "instruction", "batter", "compatible", "waterproof", "washable", "suitable", "caffeine", "spec", "weight", "capacity", "made of",
    "how long does", "does it come with", "does this", "is this", "is the", "are the", "difference between", "available in", "waterproof",
  ],
  order_change: [
    "キャンセル", "取り消", "取消", "変更", "修正", "訂正", "同梱", "追加", "間違えて", "誤って", "注文し直", "スキップ", "定期便", "まとめて",
    "数量", "書き忘れ", "入れ忘れ",
    "cancel", "change my order", "modify", "edit", "update the", "change the", "add another", "add to my order", "combine", "by mistake",
    "accidentally", "ordered twice", "skip", "subscription", "correct it", "fix it", "switch", "forgot to", "too late",
  ],
  payment: [
    "決済", "支払", "払い", "請求", "領収書", "代引", "代金引換", "振込", "引き落と", "クレジット", "カード", "paypay", "コンビニ払", "後払",
    "分割", "ポイント", "インボイス", "適格請求書", "二重", "クーポン", "割引", "金額", "口座", "入金", "振り込", "visa", "jcb", "master",
    "payment", "pay ", "paid", "charge", "card", "declined", "invoice", "receipt", "bank transfer", "paypal", "apple pay", "cash on delivery",
    "instal", "discount code", "coupon", "points", "billing", "amount", "unpaid", "authoris", "authoriz", "tax", "jcb", "visa", "mastercard",
  ],
  other: [
    "実店舗", "店舗", "パスワード", "ログイン", "アカウント", "会員登録", "メルマガ", "ニュースレター", "配信停止", "退会", "法人", "卸", "取材",
    "求人", "採用", "コラボ", "提案", "個人情報", "電話番号", "営業時間", "サイト", "表示", "感謝", "ポップアップ", "見積", "メールアドレス",
    "カタログ", "取引", "募集", "登録",
    "store", "visit", "password", "log in", "login", "account", "newsletter", "unsubscribe", "wholesale", "bulk", "quote", "journalist", "press",
    "hiring", "job", "collaborat", "partnership", "affiliate", "privacy", "personal data", "website", "opening hours", "phone number", "thank",
    "pop-up", "showroom", "email address", "catalog", "sign in", "sign up", "register",
  ],
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Latin cues match at a word start ("card" not in "discard"); Japanese cues anywhere. */
const CUES: Array<[string, RegExp]> = Object.entries(CUE_WORDS).map(([key, words]) => [
  key,
  new RegExp(words.map((w) => (/^[a-z]/.test(w) ? `\\b${escapeRegExp(w)}` : escapeRegExp(w))).join("|"), "u"),
]);

/** How much more a cue feature weighs than a word (tuned by cross-validation on the labelled set, bench "classifier"). */
export const CUE_WEIGHT = 3;

/** A crude English stemmer: enough that "refunds", "refunded" and "refunding" meet. */
function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 4) return word;
  for (const suffix of ["ingly", "edly", "ing", "ied", "ies", "ed", "es", "ly", "s"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      if (suffix === "ied" || suffix === "ies") return `${base}y`;
      // "shipped" -> "shipp" -> "ship"
      return base.length >= 4 && base.at(-1) === base.at(-2) ? base.slice(0, -1) : base;
    }
  }
  return word;
}

/** Text as the classifier and the search see it: NFKC (full/half width folded), lower case. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/**
 * The features of a text: "w:" words (stopwords and punctuation dropped, numbers folded into one token, English
 * stemmed) and "b:" character bigrams of Japanese runs that hold at least one katakana or kanji.
 */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text);
  const out: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(normalized)) {
    if (!isWordLike || !HAS_LETTER_OR_DIGIT.test(segment)) continue;
    if (NUMBER.test(segment)) {
      out.push("w:#");
      continue;
    }
    if (STOPWORDS.has(segment)) continue;
    if (JAPANESE.test(segment)) {
      if (HIRAGANA_ONLY.test(segment) && segment.length < 2) continue;
      out.push(`w:${segment}`);
    } else if (segment.length >= 2) {
      out.push(`w:${stem(segment)}`);
    }
  }
  // Bigrams inside runs of one script (kanji compounds, katakana loanwords): 「配送」「送料」「キャン」…; a bigram
  // across a kanji/kana boundary (「品が」「だ届」) is grammar, not topic.
  for (const run of normalized.match(COMPOUND_RUN) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(`b:${run.slice(i, i + 2)}`);
  }
  for (const [key, cue] of CUES) if (cue.test(normalized)) out.push(`k:${key}`);
  return out;
}

/** Distinct features: each counts once per inquiry (short texts; a repeated word is not more evidence). */
function featureSet(text: string): Set<string> {
  return new Set(tokenize(text));
}

/**
 * Naive Bayes counts are additive: a trainer takes examples one at a time, and `model()` reads the counts so far
 * (the held-out figure is measured before the held-out fifth is added, so every text is segmented once).
 */
export class Trainer {
  private readonly docs: Record<string, number> = {};
  private readonly features: Record<string, Record<string, number>> = {};
  private readonly totals: Record<string, number> = {};
  private readonly vocabulary = new Set<string>();
  constructor(private readonly alpha = DEFAULT_ALPHA) {}

  add({ text, label }: Example): void {
    this.docs[label] = (this.docs[label] ?? 0) + 1;
    const counts = (this.features[label] ??= {});
    this.totals[label] ??= 0;
    for (const f of featureSet(text)) {
      counts[f] = (counts[f] ?? 0) + 1;
      this.totals[label]++;
      this.vocabulary.add(f);
    }
  }

  /** The model of the examples added so far (it shares the trainer's counts: read it before adding more). */
  model(): ClassifierModel {
    const { alpha, docs, features, totals } = this;
    return { version: 1, alpha, labels: Object.keys(docs).sort(), docs, features, totals, vocabulary: this.vocabulary.size };
  }
}

/** Trains a model on labelled examples (any number of labels; at least one example). */
export function train(examples: Example[], alpha = DEFAULT_ALPHA): ClassifierModel {
  const trainer = new Trainer(alpha);
  for (const e of examples) trainer.add(e);
  return trainer.model();
}

/** The label with the highest posterior for `text` (null for a model without labels). */
export function predict(model: ClassifierModel, text: string): Prediction | null {
  if (model.labels.length === 0) return null;
  const present = [...featureSet(text)];
  const allDocs = model.labels.reduce((s, l) => s + model.docs[l]!, 0);
  const v = model.vocabulary + 1;
  const scores = model.labels.map((label) => {
    const counts = model.features[label] ?? {};
    const denominator = Math.log((model.totals[label] ?? 0) + model.alpha * v);
    let score = Math.log(model.docs[label]! / allDocs);
    for (const f of present) {
      // Features the model never saw in any label carry no evidence either way.
      if (!model.labels.some((l) => model.features[l]?.[f])) continue;
      score += (f.startsWith("k:") ? CUE_WEIGHT : 1) * (Math.log((counts[f] ?? 0) + model.alpha) - denominator);
    }
    return { label, score };
  });
  const max = Math.max(...scores.map((s) => s.score));
  const exp = scores.map((s) => Math.exp(s.score - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  const ranking = scores.map((s, i) => ({ label: s.label, probability: exp[i]! / sum })).sort((a, b) => b.probability - a.probability);
  const best = ranking[0]!;
  return { label: best.label, confidence: best.probability, ranking, reasons: reasons(model, best.label, present) };
}

/** The features whose likelihood ratio favours `label` most against the other labels. */
function reasons(model: ClassifierModel, label: string, present: string[], limit = 3): string[] {
  const v = model.vocabulary + 1;
  const p = (l: string, f: string) => ((model.features[l]?.[f] ?? 0) + model.alpha) / ((model.totals[l] ?? 0) + model.alpha * v);
  const others = model.labels.filter((l) => l !== label);
  return present
    .filter((f) => (model.features[label]?.[f] ?? 0) > 0)
    .map((f) => ({ f, lift: Math.log(p(label, f)) - (others.length ? Math.max(...others.map((o) => Math.log(p(o, f)))) : 0) }))
    .filter((x) => x.lift > 0)
    .sort((a, b) => b.lift - a.lift)
    .slice(0, limit)
    .map((x) => x.f.slice(2));
}

/** A deterministic stratified split: every k-th example of each label (by order) is held out. */
export function stratifiedFolds(examples: Example[], k: number): Example[][] {
  const folds: Example[][] = Array.from({ length: k }, () => []);
  const seen: Record<string, number> = {};
  for (const e of examples) {
    const i = seen[e.label] ?? 0;
    seen[e.label] = i + 1;
    folds[i % k]!.push(e);
  }
  return folds;
}

/** Share of `test` the model labels right (top-1). */
export function accuracy(model: ClassifierModel, test: Example[]): number {
  if (test.length === 0) return Number.NaN;
  let right = 0;
  for (const e of test) if (predict(model, e.text)?.label === e.label) right++;
  return right / test.length;
}

/** k-fold cross-validated top-1 accuracy (each fold held out once). */
export function crossValidate(examples: Example[], k = 5, alpha = DEFAULT_ALPHA): { accuracy: number; folds: number[] } {
  const folds = stratifiedFolds(examples, k);
  const perFold = folds.map((test, i) => accuracy(train(folds.filter((_, j) => j !== i).flat(), alpha), test));
  const tested = folds.reduce((s, f) => s + f.length, 0);
  const weighted = folds.reduce((s, f, i) => s + (f.length ? perFold[i]! * f.length : 0), 0) / tested;
  return { accuracy: weighted, folds: perFold };
}

/** Below this many labelled examples the held-out accuracy says nothing and is not reported. */
export const MIN_EXAMPLES_FOR_ACCURACY = 20;

/**
 * Trains on everything, and measures accuracy on a held-out fifth first (the model of the other four fifths): the
 * figure the settings screen shows beside the classifier. Null below MIN_EXAMPLES_FOR_ACCURACY examples.
 */
export function trainWithHoldout(examples: Example[], alpha = DEFAULT_ALPHA): { model: ClassifierModel; accuracy: number | null } {
  const trainer = new Trainer(alpha);
  const { rest, heldOut } = holdoutSplit(examples);
  for (const e of rest) trainer.add(e);
  const measured = heldOut.length ? accuracy(trainer.model(), heldOut) : null;
  for (const e of heldOut) trainer.add(e);
  return { model: trainer.model(), accuracy: measured };
}

/**
 * trainWithHoldout in slices of `slice` examples with a macrotask between them, so training thousands of inquiries
 * in the web process does not hold its event loop for a second.
 */
export async function trainWithHoldoutInSlices(examples: Example[], slice = 200, alpha = DEFAULT_ALPHA): Promise<{ model: ClassifierModel; accuracy: number | null }> {
  const trainer = new Trainer(alpha);
  const { rest, heldOut } = holdoutSplit(examples);
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
  const addAll = async (list: Example[]) => {
    for (let i = 0; i < list.length; i++) {
      trainer.add(list[i]!);
      if ((i + 1) % slice === 0) await pause();
    }
  };
  await addAll(rest);
  let measured: number | null = null;
  if (heldOut.length) {
    const model = trainer.model();
    let right = 0;
    for (let i = 0; i < heldOut.length; i++) {
      if (predict(model, heldOut[i]!.text)?.label === heldOut[i]!.label) right++;
      if ((i + 1) % slice === 0) await pause();
    }
    measured = right / heldOut.length;
  }
  await addAll(heldOut);
  return { model: trainer.model(), accuracy: measured };
}

function holdoutSplit(examples: Example[]): { rest: Example[]; heldOut: Example[] } {
  if (examples.length < MIN_EXAMPLES_FOR_ACCURACY) return { rest: examples, heldOut: [] };
  const folds = stratifiedFolds(examples, 5);
  return { rest: folds.slice(1).flat(), heldOut: folds[0]! };
}

/** Reads a stored model, or null when it is not one of ours. */
export function parseModel(json: string): ClassifierModel | null {
  try {
    const value = JSON.parse(json) as Partial<ClassifierModel> | null;
    if (!value || value.version !== 1 || !Array.isArray(value.labels) || typeof value.features !== "object") return null;
    return value as ClassifierModel;
  } catch {
    return null;
  }
}
