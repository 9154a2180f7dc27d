/** The admin chrome's own strings. The app's strings come from the app. */
export type AdminLocale = "ja" | "en";

export function parseAdminLocale(value: unknown): AdminLocale {
  return value === "ja" ? "ja" : "en";
}

/** The admin's main sections, in sidebar order; resource pages mark theirs as current. */
export const ADMIN_SECTIONS = ["home", "orders", "products", "customers", "marketing", "discounts", "analytics"] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** Labels of the order, customer and product pages (the targets of shopify://admin/... links). */
export type ResourceMessages = {
  skipToContent: string;
  orderNotFound: string;
  customerNotFound: string;
  productNotFound: string;
  backToApp: (app: string) => string;
  orderDate: string;
  customer: string;
  guest: string;
  channel: string;
  channels: Record<string, string>;
  paymentStatus: string;
  fulfillmentStatus: string;
  financialStatuses: Record<string, string>;
  fulfillmentStatuses: Record<string, string>;
  cancelled: string;
  testOrder: string;
  items: string;
  itemsCaption: (order: string) => string;
  product: string;
  sku: string;
  quantity: string;
  unitPrice: string;
  lineTotal: string;
  summary: string;
  subtotal: string;
  discounts: string;
  shipping: string;
  tax: string;
  total: string;
  contact: string;
  email: string;
  phone: string;
  defaultAddress: string;
  activity: string;
  orderCount: string;
  amountSpent: string;
  tags: string;
  note: string;
  none: string;
  noName: string;
  status: string;
  productStatuses: Record<string, string>;
  vendor: string;
  productType: string;
  variants: string;
  variantsCaption: (product: string) => string;
  variant: string;
  price: string;
  inventory: string;
  available: string;
  soldOut: string;
};

export type AdminMessages = {
  mainNav: string;
  adminSections: Record<AdminSection, string>;
  resource: ResourceMessages;
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
    adminSections: {
      home: "ホーム",
      orders: "注文管理",
      products: "商品管理",
      customers: "顧客管理",
      marketing: "マーケティング",
      discounts: "ディスカウント",
      analytics: "ストア分析",
    },
    resource: {
      skipToContent: "メインコンテンツにスキップ",
      orderNotFound: "この注文は見つかりません。",
      customerNotFound: "このお客様は見つかりません。",
      productNotFound: "この商品は見つかりません。",
      backToApp: (app) => `${app} に戻る`,
      orderDate: "注文日時",
      customer: "お客様",
      guest: "ゲスト",
      channel: "販売チャネル",
      channels: { web: "オンラインストア", pos: "POS" },
      paymentStatus: "支払いステータス",
      fulfillmentStatus: "発送ステータス",
      financialStatuses: {
        PAID: "支払い済み",
        PENDING: "保留中",
        AUTHORIZED: "オーソリ済み",
        PARTIALLY_PAID: "一部支払い済み",
        REFUNDED: "返金済み",
        PARTIALLY_REFUNDED: "一部返金済み",
        VOIDED: "無効",
        EXPIRED: "期限切れ",
      },
      fulfillmentStatuses: {
        FULFILLED: "発送済み",
        UNFULFILLED: "未発送",
        PARTIALLY_FULFILLED: "一部発送済み",
        IN_PROGRESS: "処理中",
        ON_HOLD: "保留中",
        SCHEDULED: "予定済み",
      },
      cancelled: "キャンセル済み",
      testOrder: "テスト注文",
      items: "商品",
      itemsCaption: (order) => `${order} の商品`,
      product: "商品",
      sku: "SKU",
      quantity: "数量",
      unitPrice: "単価",
      lineTotal: "小計",
      summary: "お支払い",
      subtotal: "小計",
      discounts: "割引",
      shipping: "配送料",
      tax: "税金",
      total: "合計",
      contact: "連絡先情報",
      email: "メールアドレス",
      phone: "電話番号",
      defaultAddress: "デフォルトの住所",
      activity: "購入履歴",
      orderCount: "注文数",
      amountSpent: "購入金額",
      tags: "タグ",
      note: "メモ",
      none: "なし",
      noName: "（名前なし）",
      status: "ステータス",
      productStatuses: { ACTIVE: "販売中", ARCHIVED: "アーカイブ済み", DRAFT: "下書き" },
      vendor: "販売元",
      productType: "商品タイプ",
      variants: "バリエーション",
      variantsCaption: (product) => `${product} のバリエーション`,
      variant: "バリエーション",
      price: "価格",
      inventory: "在庫",
      available: "販売可能",
      soldOut: "売り切れ",
    },
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
    adminSections: {
      home: "Home",
      orders: "Orders",
      products: "Products",
      customers: "Customers",
      marketing: "Marketing",
      discounts: "Discounts",
      analytics: "Analytics",
    },
    resource: {
      skipToContent: "Skip to content",
      orderNotFound: "This order could not be found.",
      customerNotFound: "This customer could not be found.",
      productNotFound: "This product could not be found.",
      backToApp: (app) => `Back to ${app}`,
      orderDate: "Date",
      customer: "Customer",
      guest: "Guest",
      channel: "Sales channel",
      channels: { web: "Online Store", pos: "Point of Sale" },
      paymentStatus: "Payment status",
      fulfillmentStatus: "Fulfillment status",
      financialStatuses: {
        PAID: "Paid",
        PENDING: "Payment pending",
        AUTHORIZED: "Authorized",
        PARTIALLY_PAID: "Partially paid",
        REFUNDED: "Refunded",
        PARTIALLY_REFUNDED: "Partially refunded",
        VOIDED: "Voided",
        EXPIRED: "Expired",
      },
      fulfillmentStatuses: {
        FULFILLED: "Fulfilled",
        UNFULFILLED: "Unfulfilled",
        PARTIALLY_FULFILLED: "Partially fulfilled",
        IN_PROGRESS: "In progress",
        ON_HOLD: "On hold",
        SCHEDULED: "Scheduled",
      },
      cancelled: "Cancelled",
      testOrder: "Test order",
      items: "Items",
      itemsCaption: (order) => `Items in ${order}`,
      product: "Product",
      sku: "SKU",
      quantity: "Quantity",
      unitPrice: "Price",
      lineTotal: "Total",
      summary: "Payment",
      subtotal: "Subtotal",
      discounts: "Discounts",
      shipping: "Shipping",
      tax: "Taxes",
      total: "Total",
      contact: "Contact information",
      email: "Email",
      phone: "Phone",
      defaultAddress: "Default address",
      activity: "Purchase history",
      orderCount: "Orders",
      amountSpent: "Amount spent",
      tags: "Tags",
      note: "Note",
      none: "None",
      noName: "(No name)",
      status: "Status",
      productStatuses: { ACTIVE: "Active", ARCHIVED: "Archived", DRAFT: "Draft" },
      vendor: "Vendor",
      productType: "Product type",
      variants: "Variants",
      variantsCaption: (product) => `Variants of ${product}`,
      variant: "Variant",
      price: "Price",
      inventory: "Inventory",
      available: "Available",
      soldOut: "Sold out",
    },
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
