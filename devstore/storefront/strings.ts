/** Shopper-facing strings of the dev store's own storefront pages (the theme around the app embed). */

export type StorefrontLocale = "ja" | "en";

export const LOCALES: readonly StorefrontLocale[] = ["ja", "en"];

const STRINGS = {
  en: {
    devBanner: "Local dev store: not a real shop, nothing is charged.",
    home: "Home",
    products: "Products",
    noProducts: "No products yet.",
    soldOut: "Sold out",
    from: "From {price}",
    vendor: "Vendor",
    variants: "Options",
    contact: "Contact",
    contactIntro: "Questions about an order or a product? Send us a message.",
    name: "Name",
    email: "Email",
    message: "Message",
    send: "Send",
    contactThanks: "Thanks for contacting us. We'll get back to you as soon as possible.",
    contactInvalid: "Please enter your email and a message.",
    login: "Log in",
    loginIntro: "Dev store login: choose one of this shop's customers (no password).",
    chooseCustomer: "Customer",
    loginFailed: "No customer with that email in this shop.",
    logout: "Log out",
    account: "Account",
    hello: "Hello, {name}",
    ordersCount: "Orders: {count}",
    notFound: "Page not found",
    language: "Language",
    proxyError: "The app did not answer.",
  },
  ja: {
    devBanner: "ローカル開発ストアです。実在のショップではなく、請求は発生しません。",
    home: "ホーム",
    products: "商品一覧",
    noProducts: "まだ商品がありません。",
    soldOut: "売り切れ",
    from: "{price}から",
    vendor: "販売元",
    variants: "種類",
    contact: "お問い合わせ",
    contactIntro: "ご注文や商品についてのご質問は、こちらからお送りください。",
    name: "お名前",
    email: "メールアドレス",
    message: "お問い合わせ内容",
    send: "送信する",
    contactThanks: "お問い合わせありがとうございます。担当者より折り返しご連絡いたします。",
    contactInvalid: "メールアドレスとお問い合わせ内容を入力してください。",
    login: "ログイン",
    loginIntro: "開発ストア用ログイン：このショップの顧客を選んでください（パスワード不要）。",
    chooseCustomer: "顧客",
    loginFailed: "このメールアドレスの顧客はこのショップにいません。",
    logout: "ログアウト",
    account: "アカウント",
    hello: "{name} 様",
    ordersCount: "ご注文数：{count}",
    notFound: "ページが見つかりません",
    language: "言語",
    proxyError: "アプリから応答がありませんでした。",
  },
} as const;

export type StringKey = keyof (typeof STRINGS)["en"];

export function text(locale: StorefrontLocale, key: StringKey, vars: Record<string, string | number> = {}): string {
  return STRINGS[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));
}

export function toStorefrontLocale(value: string | null | undefined): StorefrontLocale {
  return value?.toLowerCase().startsWith("en") ? "en" : "ja";
}

export const LOCALE_NAMES: Record<StorefrontLocale, { name: string; endonym: string }> = {
  ja: { name: "Japanese", endonym: "日本語" },
  en: { name: "English", endonym: "English" },
};

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
