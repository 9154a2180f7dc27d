/**
 * A shop's inquiry desk defaults (issue 4): the six categories with ja/en names, SLA targets, Mon–Fri 9:00–18:00
 * business hours with Japanese holidays, out-of-hours auto-reply texts and a few reply templates per category in ja
 * and en. Idempotent and respectful of the merchant's edits: settings fields are filled only while still blank,
 * categories only while the shop has none, templates only while it has none.
 */
import prisma from "../db.server";
import { DEFAULT_BUSINESS_HOURS, DEFAULT_SLA_TARGETS } from "./sla.server";

export const DEFAULT_CATEGORIES = [
  { key: "shipping", nameJa: "配送・お届け", nameEn: "Shipping & delivery" },
  { key: "returns", nameJa: "返品・交換", nameEn: "Returns & exchanges" },
  { key: "product", nameJa: "商品について", nameEn: "Product questions" },
  { key: "order_change", nameJa: "注文の変更・キャンセル", nameEn: "Order changes & cancellations" },
  { key: "payment", nameJa: "お支払い", nameEn: "Payment" },
  { key: "other", nameJa: "その他", nameEn: "Other" },
] as const;

export const DEFAULT_AUTO_REPLY = {
  ja:
    "お問い合わせいただきありがとうございます。\n" +
    "ただいま営業時間外のため、次の営業日に担当者より順にご返信いたします（営業時間：平日 9:00〜18:00、土日祝は休業）。\n" +
    "今しばらくお待ちくださいますよう、お願い申し上げます。",
  en:
    "Thank you for contacting us.\n" +
    "We are outside our business hours right now; a member of our team will reply on the next business day " +
    "(Monday to Friday, 9:00–18:00 Japan time, closed on Japanese public holidays).",
};

type TemplateSeed = { categoryKey: string | null; ja: { name: string; body: string }[]; en: { name: string; body: string }[] };

const JA_CLOSING = "\n\n今後とも{{shop_name}}をよろしくお願いいたします。\n{{shop_name}} {{agent_name}}";
const EN_CLOSING = "\n\nKind regards,\n{{agent_name}}\n{{shop_name}}";

export const DEFAULT_TEMPLATES: TemplateSeed[] = [
  {
    categoryKey: "shipping",
    ja: [
      {
        name: "発送済み・追跡のご案内",
        body:
          "{{customer_name}}\n\nお問い合わせいただきありがとうございます。\nご注文{{order_number}}の商品は発送済みです。" +
          "配送状況は以下のページからご確認いただけます。\n{{tracking_url}}" + JA_CLOSING,
      },
      {
        name: "発送までのお日にち",
        body:
          "{{customer_name}}\n\nお問い合わせいただきありがとうございます。\nご注文{{order_number}}は現在出荷の準備を進めております。" +
          "発送が完了しましたら、追跡番号をメールでお知らせいたします。" + JA_CLOSING,
      },
    ],
    en: [
      {
        name: "Shipped, tracking link",
        body: "Dear {{customer_name}},\n\nThank you for getting in touch. Your order {{order_number}} has shipped; you can follow it here:\n{{tracking_url}}" + EN_CLOSING,
      },
      {
        name: "Preparing to ship",
        body: "Dear {{customer_name}},\n\nThank you for your message. We are preparing order {{order_number}} for shipping and will email you the tracking number as soon as it leaves us." + EN_CLOSING,
      },
    ],
  },
  {
    categoryKey: "returns",
    ja: [
      {
        name: "返品・交換の手順",
        body:
          "{{customer_name}}\n\nこのたびはご迷惑をおかけし、誠に申し訳ございません。\nご注文{{order_number}}の返品・交換を承ります。" +
          "お手数ですが、商品の状態がわかるお写真をこのメールへの返信でお送りください。確認のうえ、返送方法をご案内いたします。" + JA_CLOSING,
      },
    ],
    en: [
      {
        name: "Return or exchange steps",
        body:
          "Dear {{customer_name}},\n\nWe are sorry about this. We will gladly arrange a return or exchange for order {{order_number}}. " +
          "Please reply with a photo of the item, and we will send you the return instructions." + EN_CLOSING,
      },
    ],
  },
  {
    categoryKey: "product",
    ja: [
      {
        name: "商品についてのご回答",
        body: "{{customer_name}}\n\nお問い合わせいただきありがとうございます。\nご質問の商品について、以下のとおりご案内いたします。\n\n" + JA_CLOSING.trimStart(),
      },
    ],
    en: [
      {
        name: "Product answer",
        body: "Dear {{customer_name}},\n\nThank you for your question about this product. Here is what we can tell you:\n\n" + EN_CLOSING.trimStart(),
      },
    ],
  },
  {
    categoryKey: "order_change",
    ja: [
      {
        name: "注文の変更・キャンセル完了",
        body: "{{customer_name}}\n\nお問い合わせいただきありがとうございます。\nご依頼のとおり、ご注文{{order_number}}の変更（キャンセル）を承りました。" + JA_CLOSING,
      },
    ],
    en: [
      {
        name: "Order change confirmed",
        body: "Dear {{customer_name}},\n\nThank you for letting us know. We have made the change you asked for to order {{order_number}}." + EN_CLOSING,
      },
    ],
  },
  {
    categoryKey: "payment",
    ja: [
      {
        name: "お支払いの確認",
        body:
          "{{customer_name}}\n\nお問い合わせいただきありがとうございます。\nご注文{{order_number}}のお支払い状況を確認いたしました。" +
          "詳細は以下のとおりです。\n\n" + JA_CLOSING.trimStart(),
      },
    ],
    en: [
      {
        name: "Payment checked",
        body: "Dear {{customer_name}},\n\nThank you for your message. We have checked the payment for order {{order_number}}:\n\n" + EN_CLOSING.trimStart(),
      },
    ],
  },
  {
    categoryKey: null,
    ja: [
      {
        name: "受付のご連絡",
        body: "{{customer_name}}\n\nお問い合わせいただきありがとうございます（受付番号 {{inquiry_number}}）。\n内容を確認のうえ、改めてご連絡いたします。" + JA_CLOSING,
      },
    ],
    en: [
      {
        name: "We have your message",
        body: "Dear {{customer_name}},\n\nThank you for contacting us (reference {{inquiry_number}}). We are looking into it and will get back to you shortly." + EN_CLOSING,
      },
    ],
  },
];

const isUniqueViolation = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";

const inFlight = new Map<string, Promise<void>>();

/** Gives the shop its inquiry desk defaults; calling it again changes nothing the merchant has set. */
export function ensureSupportDefaults(shop: string, locale: string = "ja"): Promise<void> {
  const running = inFlight.get(shop);
  if (running) return running;
  const work = seed(shop, locale === "en" ? "en" : "ja").finally(() => inFlight.delete(shop));
  inFlight.set(shop, work);
  return work;
}

async function seed(shop: string, primary: "ja" | "en"): Promise<void> {
  const defaults = {
    businessHours: JSON.stringify(DEFAULT_BUSINESS_HOURS),
    slaTargets: JSON.stringify(DEFAULT_SLA_TARGETS),
    autoReplyJa: DEFAULT_AUTO_REPLY.ja,
    autoReplyEn: DEFAULT_AUTO_REPLY.en,
  };
  const existing = await prisma.supportSettings.findUnique({ where: { shop } });
  if (!existing) {
    try {
      await prisma.supportSettings.create({ data: { shop, observeJapaneseHolidays: true, autoReplyOutsideHours: true, ...defaults } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  } else {
    const blanks: Partial<typeof defaults> = {};
    if (existing.businessHours === "{}") blanks.businessHours = defaults.businessHours;
    if (existing.slaTargets === "{}") blanks.slaTargets = defaults.slaTargets;
    if (!existing.autoReplyJa) blanks.autoReplyJa = defaults.autoReplyJa;
    if (!existing.autoReplyEn) blanks.autoReplyEn = defaults.autoReplyEn;
    if (Object.keys(blanks).length > 0) await prisma.supportSettings.update({ where: { shop }, data: blanks });
  }

  if ((await prisma.inquiryCategory.count({ where: { shop } })) === 0) {
    for (const [position, c] of DEFAULT_CATEGORIES.entries()) {
      try {
        await prisma.inquiryCategory.create({ data: { shop, key: c.key, nameJa: c.nameJa, nameEn: c.nameEn, position } });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  if ((await prisma.replyTemplate.count({ where: { shop } })) === 0) {
    const secondary: "ja" | "en" = primary === "ja" ? "en" : "ja";
    const rows = DEFAULT_TEMPLATES.flatMap((seedRow) =>
      ([primary, secondary] as const).flatMap((locale, localeIndex) =>
        seedRow[locale].map((t, i) => ({ shop, name: t.name, categoryKey: seedRow.categoryKey, locale, body: t.body, position: localeIndex * 10 + i })),
      ),
    );
    await prisma.replyTemplate.createMany({ data: rows });
  }
}
