/** The admin chrome's own strings. The app's strings come from the app. */
export type AdminLocale = "ja" | "en";

export function parseAdminLocale(value: unknown): AdminLocale {
  return value === "ja" ? "ja" : "en";
}

export type AdminMessages = {
  mainNav: string;
  adminSections: string[];
  apps: string;
  settings: string;
  appFrameTitle: (app: string) => string;
  notifications: string;
  loading: string;
  dismiss: string;
  switchUser: string;
  roles: Record<"owner" | "agent" | "marketer", string>;
  language: string;
  storeIndexTitle: string;
  storeIndexIntro: string;
  openApp: (app: string) => string;
  noShops: string;
  shopNotFound: string;
  appNotFound: string;
  userNotFound: string;
  backToStores: string;
};

export const MESSAGES: Record<AdminLocale, AdminMessages> = {
  ja: {
    mainNav: "メインナビゲーション",
    adminSections: ["ホーム", "注文管理", "商品管理", "顧客管理", "マーケティング", "ディスカウント", "ストア分析"],
    apps: "アプリ",
    settings: "設定",
    appFrameTitle: (app) => `アプリ: ${app}`,
    notifications: "お知らせ",
    loading: "読み込み中",
    dismiss: "閉じる",
    switchUser: "スタッフを切り替える",
    roles: { owner: "ストアオーナー", agent: "サポート担当", marketer: "マーケティング担当" },
    language: "言語",
    storeIndexTitle: "開発用ストア",
    storeIndexIntro: "ストアを選んで、管理画面の中でアプリを開きます。",
    openApp: (app) => `${app} を開く`,
    noShops: "ストアがありません。シードを実行してください。",
    shopNotFound: "このストアは見つかりません。",
    appNotFound: "このアプリはこのストアにインストールされていません。",
    userNotFound: "このスタッフは見つかりません。",
    backToStores: "ストア一覧に戻る",
  },
  en: {
    mainNav: "Main navigation",
    adminSections: ["Home", "Orders", "Products", "Customers", "Marketing", "Discounts", "Analytics"],
    apps: "Apps",
    settings: "Settings",
    appFrameTitle: (app) => `App: ${app}`,
    notifications: "Notifications",
    loading: "Loading",
    dismiss: "Dismiss",
    switchUser: "Switch staff account",
    roles: { owner: "Store owner", agent: "Support", marketer: "Marketing" },
    language: "Language",
    storeIndexTitle: "Dev stores",
    storeIndexIntro: "Pick a store to open the app inside the admin.",
    openApp: (app) => `Open ${app}`,
    noShops: "There are no stores yet. Run the seed.",
    shopNotFound: "This store could not be found.",
    appNotFound: "This app is not installed on this store.",
    userNotFound: "This staff account could not be found.",
    backToStores: "Back to stores",
  },
};
