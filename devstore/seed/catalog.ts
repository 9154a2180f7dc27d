/** Product catalogs for the demo shops: believable Japanese D2C goods in JPY and an English catalog in USD. */
export type CatalogVariant = { title: string; price: number };
export type CatalogProduct = {
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  tags: string[];
  variants: CatalogVariant[];
  /** Relative popularity in generated orders. */
  weight: number;
};

const one = (price: number): CatalogVariant[] => [{ title: "Default Title", price }];

export const JA_CATALOG: readonly CatalogProduct[] = [
  { title: "八女茶 特上煎茶", handle: "yame-sencha", vendor: "つなぐ茶舗", productType: "お茶", tags: ["お茶", "定番"], weight: 10,
    variants: [{ title: "100g", price: 1620 }, { title: "200g", price: 2980 }] },
  { title: "宇治抹茶 薄茶用", handle: "uji-matcha", vendor: "つなぐ茶舗", productType: "お茶", tags: ["お茶", "抹茶"], weight: 8,
    variants: [{ title: "30g缶", price: 1980 }, { title: "100g袋", price: 4980 }] },
  { title: "水出し緑茶ティーバッグ", handle: "cold-brew-tea", vendor: "つなぐ茶舗", productType: "お茶", tags: ["お茶", "夏"], weight: 9, variants: one(980) },
  { title: "ほうじ茶ラテの素", handle: "hojicha-latte", vendor: "つなぐ茶舗", productType: "お茶", tags: ["お茶", "冬"], weight: 6, variants: one(1280) },
  { title: "有田焼 湯呑み 染付", handle: "arita-yunomi", vendor: "有田窯元", productType: "器", tags: ["有田焼", "ギフト"], weight: 5,
    variants: [{ title: "藍", price: 3300 }, { title: "白磁", price: 2980 }] },
  { title: "有田焼 夫婦茶碗セット", handle: "arita-meoto-chawan", vendor: "有田窯元", productType: "器", tags: ["有田焼", "ギフト", "結婚祝い"], weight: 3, variants: one(8800) },
  { title: "有田焼 豆皿 5枚組", handle: "arita-mamezara", vendor: "有田窯元", productType: "器", tags: ["有田焼"], weight: 4, variants: one(5500) },
  { title: "急須 常滑焼 朱泥", handle: "tokoname-kyusu", vendor: "常滑陶房", productType: "器", tags: ["急須"], weight: 3, variants: one(6600) },
  { title: "米ぬか洗顔フォーム", handle: "komenuka-face-wash", vendor: "つなぐコスメ", productType: "化粧品", tags: ["化粧品", "スキンケア"], weight: 8, variants: one(1980) },
  { title: "酒粕ローション", handle: "sakekasu-lotion", vendor: "つなぐコスメ", productType: "化粧品", tags: ["化粧品", "スキンケア"], weight: 7,
    variants: [{ title: "150ml", price: 2980 }, { title: "詰め替え 300ml", price: 4980 }] },
  { title: "椿油 ヘアオイル", handle: "tsubaki-hair-oil", vendor: "つなぐコスメ", productType: "化粧品", tags: ["化粧品", "ヘアケア"], weight: 5, variants: one(2480) },
  { title: "ゆず柚子 ハンドクリーム", handle: "yuzu-hand-cream", vendor: "つなぐコスメ", productType: "化粧品", tags: ["化粧品", "冬"], weight: 6, variants: one(1320) },
  { title: "スキンケア トライアルセット", handle: "skincare-trial", vendor: "つなぐコスメ", productType: "化粧品", tags: ["化粧品", "お試し"], weight: 6, variants: one(1100) },
  { title: "出汁パック 焼きあご入り", handle: "dashi-pack-ago", vendor: "つなぐ食堂", productType: "食品", tags: ["食品", "定番"], weight: 9,
    variants: [{ title: "8g×30袋", price: 1980 }, { title: "8g×60袋", price: 3680 }] },
  { title: "国産 天然はちみつ", handle: "honey-kokusan", vendor: "つなぐ食堂", productType: "食品", tags: ["食品"], weight: 5, variants: one(2700) },
  { title: "手延べ素麺 化粧箱", handle: "tenobe-somen", vendor: "つなぐ食堂", productType: "食品", tags: ["食品", "お中元", "ギフト"], weight: 4, variants: one(3240) },
  { title: "博多明太子 無着色", handle: "hakata-mentaiko", vendor: "つなぐ食堂", productType: "食品", tags: ["食品", "お歳暮", "ギフト"], weight: 4, variants: one(4320) },
  { title: "柚子胡椒 青", handle: "yuzu-kosho", vendor: "つなぐ食堂", productType: "食品", tags: ["食品"], weight: 5, variants: one(1080) },
  { title: "季節の和菓子 詰め合わせ", handle: "wagashi-assort", vendor: "つなぐ菓子舗", productType: "食品", tags: ["食品", "ギフト"], weight: 4, variants: one(3980) },
  { title: "今治タオル フェイスタオル 2枚組", handle: "imabari-towel", vendor: "今治織布", productType: "日用品", tags: ["今治タオル", "ギフト"], weight: 5, variants: one(2750) },
  { title: "南部鉄器 鉄瓶", handle: "nanbu-tetsubin", vendor: "盛岡鋳造所", productType: "器", tags: ["南部鉄器"], weight: 1, variants: one(19800) },
  { title: "ギフトセット 煎茶と有田焼", handle: "gift-sencha-arita", vendor: "つなぐ商店", productType: "ギフト", tags: ["ギフト", "お歳暮", "お中元"], weight: 3,
    variants: [{ title: "のし無し", price: 6480 }, { title: "のし付き", price: 6480 }] },
];

export const EN_CATALOG: readonly CatalogProduct[] = [
  { title: "Ceremonial Matcha", handle: "ceremonial-matcha", vendor: "Tsunagu Tea", productType: "Tea", tags: ["tea", "bestseller"], weight: 10,
    variants: [{ title: "30g tin", price: 29 }, { title: "100g pouch", price: 79 }] },
  { title: "Sencha Green Tea", handle: "sencha", vendor: "Tsunagu Tea", productType: "Tea", tags: ["tea"], weight: 8, variants: one(18) },
  { title: "Hojicha Roasted Tea", handle: "hojicha", vendor: "Tsunagu Tea", productType: "Tea", tags: ["tea"], weight: 6, variants: one(16) },
  { title: "Bamboo Whisk (Chasen)", handle: "chasen", vendor: "Tsunagu Tea", productType: "Accessories", tags: ["matcha tools"], weight: 5, variants: one(24) },
  { title: "Arita Porcelain Tea Cup", handle: "arita-cup", vendor: "Arita Kiln", productType: "Ceramics", tags: ["ceramics", "gift"], weight: 4,
    variants: [{ title: "Indigo", price: 38 }, { title: "White", price: 34 }] },
  { title: "Matcha Bowl", handle: "matcha-bowl", vendor: "Arita Kiln", productType: "Ceramics", tags: ["ceramics"], weight: 3, variants: one(58) },
  { title: "Rice Bran Face Wash", handle: "rice-bran-face-wash", vendor: "Tsunagu Beauty", productType: "Skincare", tags: ["skincare"], weight: 6, variants: one(22) },
  { title: "Camellia Hair Oil", handle: "camellia-hair-oil", vendor: "Tsunagu Beauty", productType: "Skincare", tags: ["skincare", "haircare"], weight: 4, variants: one(28) },
  { title: "Yuzu Hand Cream", handle: "yuzu-hand-cream", vendor: "Tsunagu Beauty", productType: "Skincare", tags: ["skincare"], weight: 5, variants: one(14.5) },
  { title: "Dashi Starter Kit", handle: "dashi-kit", vendor: "Tsunagu Pantry", productType: "Food", tags: ["pantry"], weight: 5, variants: one(32) },
  { title: "Yuzu Kosho Paste", handle: "yuzu-kosho", vendor: "Tsunagu Pantry", productType: "Food", tags: ["pantry"], weight: 4, variants: one(12) },
  { title: "Imabari Towel Set", handle: "imabari-towel-set", vendor: "Imabari Weavers", productType: "Home", tags: ["home", "gift"], weight: 3, variants: one(45) },
  { title: "Nanbu Cast Iron Kettle", handle: "nanbu-kettle", vendor: "Morioka Foundry", productType: "Home", tags: ["home"], weight: 1, variants: one(189) },
  { title: "Tea Lover Gift Box", handle: "tea-gift-box", vendor: "Tsunagu", productType: "Gift", tags: ["gift", "holiday"], weight: 3, variants: one(95) },
];

/**
 * Collections of the demo shops: custom ones list products by handle (in their manual order); smart ones select by a
 * product rule (store/collections.ts evaluates it). Seeded for every size, so even an "empty" shop has them.
 */
export type CatalogCollection = {
  title: string;
  handle: string;
  productHandles?: string[];
  ruleSet?: { appliedDisjunctively: boolean; rules: Array<{ column: "TAG" | "TYPE"; relation: "EQUALS"; condition: string }> };
};

export const JA_COLLECTIONS: readonly CatalogCollection[] = [
  { title: "新茶", handle: "shincha", productHandles: ["yame-sencha", "uji-matcha", "cold-brew-tea"] },
  {
    title: "ギフト",
    handle: "gift",
    productHandles: ["gift-sencha-arita", "arita-meoto-chawan", "tenobe-somen", "hakata-mentaiko", "wagashi-assort", "imabari-towel"],
  },
  { title: "茶器", handle: "chaki", productHandles: ["arita-yunomi", "tokoname-kyusu", "arita-mamezara", "nanbu-tetsubin"] },
  { title: "お茶", handle: "tea", ruleSet: { appliedDisjunctively: false, rules: [{ column: "TYPE", relation: "EQUALS", condition: "お茶" }] } },
  { title: "スキンケア", handle: "skincare", ruleSet: { appliedDisjunctively: false, rules: [{ column: "TAG", relation: "EQUALS", condition: "スキンケア" }] } },
];

export const EN_COLLECTIONS: readonly CatalogCollection[] = [
  { title: "New Harvest", handle: "new-harvest", productHandles: ["ceremonial-matcha", "sencha", "hojicha"] },
  { title: "Gifts", handle: "gifts", productHandles: ["tea-gift-box", "imabari-towel-set", "arita-cup"] },
  { title: "Teaware", handle: "teaware", productHandles: ["chasen", "arita-cup", "matcha-bowl", "nanbu-kettle"] },
  { title: "Tea", handle: "tea", ruleSet: { appliedDisjunctively: false, rules: [{ column: "TYPE", relation: "EQUALS", condition: "Tea" }] } },
  { title: "Skincare", handle: "skincare", ruleSet: { appliedDisjunctively: false, rules: [{ column: "TAG", relation: "EQUALS", condition: "skincare" }] } },
];
