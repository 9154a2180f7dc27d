/** Japanese names and addresses for seeded customers: common surnames and given names, all 47 prefectures. */

/** [kanji, romaji]; ordered roughly by frequency. */
export const JA_FAMILY_NAMES: readonly (readonly [string, string])[] = [
  ["佐藤", "sato"], ["鈴木", "suzuki"], ["高橋", "takahashi"], ["田中", "tanaka"], ["伊藤", "ito"],
  ["渡辺", "watanabe"], ["山本", "yamamoto"], ["中村", "nakamura"], ["小林", "kobayashi"], ["加藤", "kato"],
  ["吉田", "yoshida"], ["山田", "yamada"], ["佐々木", "sasaki"], ["山口", "yamaguchi"], ["松本", "matsumoto"],
  ["井上", "inoue"], ["木村", "kimura"], ["林", "hayashi"], ["斎藤", "saito"], ["清水", "shimizu"],
  ["山崎", "yamazaki"], ["森", "mori"], ["池田", "ikeda"], ["橋本", "hashimoto"], ["阿部", "abe"],
  ["石川", "ishikawa"], ["山下", "yamashita"], ["中島", "nakajima"], ["石井", "ishii"], ["小川", "ogawa"],
  ["前田", "maeda"], ["岡田", "okada"], ["長谷川", "hasegawa"], ["藤田", "fujita"], ["後藤", "goto"],
  ["近藤", "kondo"], ["村上", "murakami"], ["遠藤", "endo"], ["青木", "aoki"], ["坂本", "sakamoto"],
  ["斉藤", "saito"], ["福田", "fukuda"], ["太田", "ota"], ["西村", "nishimura"], ["藤井", "fujii"],
  ["金子", "kaneko"], ["岡本", "okamoto"], ["藤原", "fujiwara"], ["中野", "nakano"], ["三浦", "miura"],
  ["原田", "harada"], ["中川", "nakagawa"], ["松田", "matsuda"], ["竹内", "takeuchi"], ["小野", "ono"],
  ["田村", "tamura"], ["中山", "nakayama"], ["和田", "wada"], ["石田", "ishida"], ["森田", "morita"],
  ["上田", "ueda"], ["原", "hara"], ["内田", "uchida"], ["柴田", "shibata"], ["酒井", "sakai"],
  ["宮崎", "miyazaki"], ["横山", "yokoyama"], ["高木", "takagi"], ["安藤", "ando"], ["宮本", "miyamoto"],
  ["大野", "ono"], ["小島", "kojima"], ["谷口", "taniguchi"], ["今井", "imai"], ["工藤", "kudo"],
  ["高田", "takada"], ["増田", "masuda"], ["丸山", "maruyama"], ["杉山", "sugiyama"], ["村田", "murata"],
  ["大塚", "otsuka"], ["新井", "arai"], ["小山", "koyama"], ["平野", "hirano"], ["藤本", "fujimoto"],
  ["河野", "kono"], ["上野", "ueno"], ["野口", "noguchi"], ["武田", "takeda"], ["松井", "matsui"],
  ["千葉", "chiba"], ["岩崎", "iwasaki"], ["菅原", "sugawara"], ["木下", "kinoshita"], ["久保", "kubo"],
  ["佐野", "sano"], ["野村", "nomura"], ["松尾", "matsuo"], ["菊地", "kikuchi"], ["杉本", "sugimoto"],
];

export const JA_GIVEN_NAMES_FEMALE: readonly (readonly [string, string])[] = [
  ["陽葵", "himari"], ["凛", "rin"], ["結菜", "yuna"], ["葵", "aoi"], ["芽依", "mei"], ["紬", "tsumugi"],
  ["さくら", "sakura"], ["美咲", "misaki"], ["彩花", "ayaka"], ["優花", "yuka"], ["真央", "mao"], ["愛", "ai"],
  ["恵子", "keiko"], ["洋子", "yoko"], ["幸子", "sachiko"], ["直美", "naomi"], ["由美", "yumi"], ["久美子", "kumiko"],
  ["明美", "akemi"], ["裕子", "yuko"], ["智子", "tomoko"], ["美穂", "miho"], ["千尋", "chihiro"], ["麻衣", "mai"],
  ["沙織", "saori"], ["香織", "kaori"], ["舞", "mai"], ["遥", "haruka"], ["七海", "nanami"], ["菜々子", "nanako"],
  ["美香", "mika"], ["理恵", "rie"], ["加奈子", "kanako"], ["奈緒", "nao"], ["綾", "aya"], ["真由美", "mayumi"],
];

export const JA_GIVEN_NAMES_MALE: readonly (readonly [string, string])[] = [
  ["蓮", "ren"], ["陽翔", "haruto"], ["湊", "minato"], ["大翔", "hiroto"], ["悠真", "yuma"], ["樹", "itsuki"],
  ["翔太", "shota"], ["拓海", "takumi"], ["健太", "kenta"], ["大輔", "daisuke"], ["誠", "makoto"], ["浩", "hiroshi"],
  ["隆", "takashi"], ["剛", "tsuyoshi"], ["健一", "kenichi"], ["和也", "kazuya"], ["直樹", "naoki"], ["亮", "ryo"],
  ["翼", "tsubasa"], ["慎也", "shinya"], ["修", "osamu"], ["徹", "toru"], ["聡", "satoshi"], ["雄一", "yuichi"],
  ["康介", "kosuke"], ["一郎", "ichiro"], ["達也", "tatsuya"], ["裕太", "yuta"], ["駿", "shun"], ["優斗", "yuto"],
];

export type Prefecture = {
  /** ISO 3166-2, as Shopify's provinceCode */
  code: string;
  ja: string;
  /** Shopify's zone name (English) */
  en: string;
  /** Population in 10,000s, used as a weight */
  pop: number;
  /** First three postal digits, inclusive range */
  postal: readonly [number, number];
  cities: readonly string[];
};

export const PREFECTURES: readonly Prefecture[] = [
  { code: "JP-01", ja: "北海道", en: "Hokkaido", pop: 514, postal: [40, 99], cities: ["札幌市中央区", "札幌市北区", "旭川市", "函館市", "帯広市"] },
  { code: "JP-02", ja: "青森県", en: "Aomori", pop: 120, postal: [30, 39], cities: ["青森市", "弘前市", "八戸市"] },
  { code: "JP-03", ja: "岩手県", en: "Iwate", pop: 118, postal: [20, 29], cities: ["盛岡市", "一関市", "奥州市"] },
  { code: "JP-04", ja: "宮城県", en: "Miyagi", pop: 227, postal: [980, 989], cities: ["仙台市青葉区", "仙台市泉区", "石巻市"] },
  { code: "JP-05", ja: "秋田県", en: "Akita", pop: 93, postal: [10, 19], cities: ["秋田市", "横手市", "大仙市"] },
  { code: "JP-06", ja: "山形県", en: "Yamagata", pop: 104, postal: [990, 999], cities: ["山形市", "鶴岡市", "酒田市"] },
  { code: "JP-07", ja: "福島県", en: "Fukushima", pop: 179, postal: [960, 979], cities: ["福島市", "郡山市", "いわき市"] },
  { code: "JP-08", ja: "茨城県", en: "Ibaraki", pop: 284, postal: [300, 319], cities: ["水戸市", "つくば市", "日立市"] },
  { code: "JP-09", ja: "栃木県", en: "Tochigi", pop: 191, postal: [320, 329], cities: ["宇都宮市", "小山市", "栃木市"] },
  { code: "JP-10", ja: "群馬県", en: "Gunma", pop: 191, postal: [370, 379], cities: ["前橋市", "高崎市", "太田市"] },
  { code: "JP-11", ja: "埼玉県", en: "Saitama", pop: 733, postal: [330, 369], cities: ["さいたま市浦和区", "さいたま市大宮区", "川越市", "川口市", "所沢市"] },
  { code: "JP-12", ja: "千葉県", en: "Chiba", pop: 628, postal: [260, 299], cities: ["千葉市中央区", "船橋市", "柏市", "市川市", "松戸市"] },
  { code: "JP-13", ja: "東京都", en: "Tokyo", pop: 1404, postal: [100, 208], cities: ["渋谷区", "新宿区", "世田谷区", "港区", "目黒区", "杉並区", "練馬区", "江東区", "品川区", "武蔵野市", "八王子市"] },
  { code: "JP-14", ja: "神奈川県", en: "Kanagawa", pop: 923, postal: [210, 259], cities: ["横浜市中区", "横浜市青葉区", "川崎市中原区", "相模原市", "藤沢市", "鎌倉市"] },
  { code: "JP-15", ja: "新潟県", en: "Niigata", pop: 214, postal: [940, 959], cities: ["新潟市中央区", "長岡市", "上越市"] },
  { code: "JP-16", ja: "富山県", en: "Toyama", pop: 102, postal: [930, 939], cities: ["富山市", "高岡市"] },
  { code: "JP-17", ja: "石川県", en: "Ishikawa", pop: 111, postal: [920, 929], cities: ["金沢市", "白山市", "小松市"] },
  { code: "JP-18", ja: "福井県", en: "Fukui", pop: 75, postal: [910, 919], cities: ["福井市", "坂井市", "越前市"] },
  { code: "JP-19", ja: "山梨県", en: "Yamanashi", pop: 80, postal: [400, 409], cities: ["甲府市", "甲斐市", "富士吉田市"] },
  { code: "JP-20", ja: "長野県", en: "Nagano", pop: 200, postal: [380, 399], cities: ["長野市", "松本市", "上田市"] },
  { code: "JP-21", ja: "岐阜県", en: "Gifu", pop: 195, postal: [500, 509], cities: ["岐阜市", "大垣市", "高山市"] },
  { code: "JP-22", ja: "静岡県", en: "Shizuoka", pop: 355, postal: [410, 439], cities: ["静岡市葵区", "浜松市中央区", "沼津市", "富士市"] },
  { code: "JP-23", ja: "愛知県", en: "Aichi", pop: 748, postal: [440, 499], cities: ["名古屋市中区", "名古屋市千種区", "豊田市", "岡崎市", "一宮市"] },
  { code: "JP-24", ja: "三重県", en: "Mie", pop: 171, postal: [510, 519], cities: ["津市", "四日市市", "伊勢市"] },
  { code: "JP-25", ja: "滋賀県", en: "Shiga", pop: 140, postal: [520, 529], cities: ["大津市", "草津市", "彦根市"] },
  { code: "JP-26", ja: "京都府", en: "Kyoto", pop: 255, postal: [600, 629], cities: ["京都市中京区", "京都市左京区", "宇治市"] },
  { code: "JP-27", ja: "大阪府", en: "Osaka", pop: 877, postal: [530, 599], cities: ["大阪市北区", "大阪市中央区", "大阪市天王寺区", "堺市堺区", "豊中市", "吹田市"] },
  { code: "JP-28", ja: "兵庫県", en: "Hyogo", pop: 537, postal: [650, 679], cities: ["神戸市中央区", "神戸市東灘区", "姫路市", "西宮市", "尼崎市"] },
  { code: "JP-29", ja: "奈良県", en: "Nara", pop: 130, postal: [630, 639], cities: ["奈良市", "橿原市", "生駒市"] },
  { code: "JP-30", ja: "和歌山県", en: "Wakayama", pop: 90, postal: [640, 649], cities: ["和歌山市", "田辺市"] },
  { code: "JP-31", ja: "鳥取県", en: "Tottori", pop: 54, postal: [680, 689], cities: ["鳥取市", "米子市"] },
  { code: "JP-32", ja: "島根県", en: "Shimane", pop: 65, postal: [690, 699], cities: ["松江市", "出雲市"] },
  { code: "JP-33", ja: "岡山県", en: "Okayama", pop: 186, postal: [700, 719], cities: ["岡山市北区", "倉敷市", "津山市"] },
  { code: "JP-34", ja: "広島県", en: "Hiroshima", pop: 276, postal: [720, 739], cities: ["広島市中区", "福山市", "呉市"] },
  { code: "JP-35", ja: "山口県", en: "Yamaguchi", pop: 131, postal: [740, 759], cities: ["山口市", "下関市", "宇部市"] },
  { code: "JP-36", ja: "徳島県", en: "Tokushima", pop: 70, postal: [770, 779], cities: ["徳島市", "阿南市"] },
  { code: "JP-37", ja: "香川県", en: "Kagawa", pop: 94, postal: [760, 769], cities: ["高松市", "丸亀市"] },
  { code: "JP-38", ja: "愛媛県", en: "Ehime", pop: 131, postal: [790, 799], cities: ["松山市", "今治市", "新居浜市"] },
  { code: "JP-39", ja: "高知県", en: "Kochi", pop: 67, postal: [780, 789], cities: ["高知市", "南国市"] },
  { code: "JP-40", ja: "福岡県", en: "Fukuoka", pop: 511, postal: [800, 839], cities: ["福岡市中央区", "福岡市博多区", "北九州市小倉北区", "久留米市"] },
  { code: "JP-41", ja: "佐賀県", en: "Saga", pop: 80, postal: [840, 849], cities: ["佐賀市", "唐津市", "有田町"] },
  { code: "JP-42", ja: "長崎県", en: "Nagasaki", pop: 128, postal: [850, 859], cities: ["長崎市", "佐世保市"] },
  { code: "JP-43", ja: "熊本県", en: "Kumamoto", pop: 171, postal: [860, 869], cities: ["熊本市中央区", "八代市"] },
  { code: "JP-44", ja: "大分県", en: "Oita", pop: 111, postal: [870, 879], cities: ["大分市", "別府市"] },
  { code: "JP-45", ja: "宮崎県", en: "Miyazaki", pop: 105, postal: [880, 889], cities: ["宮崎市", "都城市"] },
  { code: "JP-46", ja: "鹿児島県", en: "Kagoshima", pop: 156, postal: [890, 899], cities: ["鹿児島市", "霧島市"] },
  { code: "JP-47", ja: "沖縄県", en: "Okinawa", pop: 147, postal: [900, 909], cities: ["那覇市", "沖縄市", "浦添市"] },
];

/** Town names used for the 町名 part of an address. */
export const JA_TOWNS: readonly string[] = [
  "本町", "中央", "栄町", "緑町", "旭町", "若葉", "桜木町", "東町", "西町", "南町", "北町", "幸町", "新町",
  "元町", "大通", "宮前", "松が丘", "青葉台", "日吉", "春日", "港町", "駅前", "神明町", "柳町",
];

export const JA_BUILDINGS: readonly string[] = [
  "グランドメゾン", "パークハウス", "ライオンズマンション", "コーポ", "ハイツ", "レジデンス", "メゾン", "サンシャイン",
];
