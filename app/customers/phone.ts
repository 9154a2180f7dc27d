/**
 * Phone numbers as Japanese staff write them. Shopify stores E.164 (+819061346765); a Japanese number is shown in the
 * national format with hyphens at the standard boundaries (090-6134-6765, 03-1234-5678, 045-123-4567,
 * 0466-12-3456, 0120-123-456) when the staff member reads Japanese, and as +81 90-6134-6765 (the same grouping after
 * the country code) in English. Numbers of other countries stay in E.164 as stored. See
 * docs/decisions/006-custom-attributes-kana-phones.md.
 */
import type { Locale } from "../i18n/i18n";

/**
 * Landline area codes by the first digits of the national number (longest prefix wins). A landline has ten digits:
 * area code and local exchange together take six (the leading 0 counted), the subscriber number four, so the area
 * code's length decides the grouping. Codes not listed are four digits long, the most common length; the listed
 * three-digit codes carry their four-digit exceptions (0466 Fujisawa inside 046), and 04-29 / 04-71 are the
 * two-digit areas of Tokorozawa and Kashiwa inside 042 and 047.
 */
const AREA_CODE_LENGTH: ReadonlyMap<string, number> = new Map([
  ...["03", "06", "0429", "0471"].map((p) => [p, 2] as const),
  ...[
    "011", "017", "018", "019", "022", "023", "024", "025", "026", "027", "028", "029", "042", "043", "044", "045",
    "046", "047", "048", "049", "052", "053", "054", "055", "058", "059", "072", "073", "075", "076", "077", "078",
    "079", "082", "083", "084", "086", "087", "088", "089", "092", "093", "095", "096", "097", "098", "099",
  ].map((p) => [p, 3] as const),
  ...[
    "0172", "0173", "0174", "0175", "0176", "0178", "0179", "0182", "0183", "0184", "0185", "0186", "0187", "0191",
    "0192", "0193", "0194", "0195", "0197", "0198", "0220", "0223", "0224", "0225", "0226", "0228", "0229", "0233",
    "0234", "0235", "0237", "0238", "0240", "0241", "0242", "0243", "0244", "0246", "0247", "0248", "0250", "0254",
    "0255", "0256", "0257", "0258", "0259", "0260", "0261", "0263", "0264", "0265", "0266", "0267", "0268", "0269",
    "0270", "0274", "0276", "0277", "0278", "0279", "0280", "0282", "0283", "0284", "0285", "0287", "0288", "0289",
    "0291", "0293", "0294", "0295", "0296", "0297", "0299", "0422", "0428", "0436", "0438", "0439", "0460", "0463",
    "0465", "0466", "0467", "0470", "0475", "0476", "0478", "0479", "0480", "0493", "0494", "0495", "0531", "0532",
    "0533", "0536", "0537", "0538", "0539", "0544", "0545", "0547", "0548", "0550", "0551", "0553", "0554", "0555",
    "0556", "0557", "0558", "0581", "0584", "0585", "0586", "0587", "0594", "0595", "0596", "0597", "0598", "0599",
    "0721", "0725", "0735", "0736", "0737", "0738", "0739", "0761", "0763", "0765", "0766", "0767", "0768", "0770",
    "0771", "0772", "0773", "0774", "0776", "0778", "0779", "0790", "0791", "0794", "0795", "0796", "0797", "0798",
    "0799", "0820", "0823", "0824", "0826", "0827", "0829", "0833", "0834", "0835", "0836", "0837", "0838", "0845",
    "0846", "0847", "0848", "0863", "0865", "0866", "0867", "0868", "0869", "0875", "0877", "0879", "0880", "0883",
    "0884", "0885", "0887", "0889", "0892", "0893", "0894", "0895", "0896", "0897", "0898", "0920", "0950", "0956",
    "0957", "0959", "0964", "0965", "0966", "0967", "0968", "0969", "0972", "0973", "0974", "0977", "0978", "0979",
    "0980", "0982", "0983", "0984", "0985", "0986", "0987", "0993", "0994", "0995", "0996", "0997",
  ].map((p) => [p, 4] as const),
  ...[
    "01267", "01372", "01374", "01377", "01392", "01397", "01398", "01456", "01457", "01466", "01547", "01558",
    "01564", "01586", "01587", "01632", "01634", "01635", "01648", "01654", "01655", "01656", "01658", "04992",
    "04994", "04996", "04998", "05769", "05979", "07468", "08387", "08388", "08396", "08477", "08512", "08514",
    "09496", "09802", "09912", "09913", "09969",
  ].map((p) => [p, 5] as const),
]);

function landlineAreaLength(national: string): number {
  for (let length = 5; length >= 2; length--) {
    const found = AREA_CODE_LENGTH.get(national.slice(0, length));
    if (found) return found;
  }
  return 4;
}

const group = (digits: string, sizes: number[]) => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join("-");
};

/**
 * 090-6134-6765 for the national number 09061346765; null when the digits are not a Japanese number of a known shape
 * (mobile, IP, toll-free, navi dial, landline).
 */
export function groupJapaneseNumber(national: string): string | null {
  if (!/^0\d{9,10}$/.test(national)) return null;
  if (national.length === 11) {
    // Mobile 070/080/090, IP 050, M2M 020 and 060: 3-4-4. Toll-free 0800: 4-3-4.
    if (/^0[25-9]0/.test(national) && !national.startsWith("0800")) return group(national, [3, 4, 4]);
    if (national.startsWith("0800")) return group(national, [4, 3, 4]);
    return null;
  }
  // Toll-free 0120, navi dial 0570, premium 0990: 4-3-3.
  if (/^0(120|570|990)/.test(national)) return group(national, [4, 3, 3]);
  if (/^0[1-9]/.test(national) && !/^0[25-9]0/.test(national)) {
    const area = landlineAreaLength(national);
    return group(national, [area, 6 - area, 4]);
  }
  return null;
}

/** The national number (0 + digits) of a Japanese phone number written as +81…, 81… with +, or 0… ; otherwise null. */
export function japaneseNationalNumber(phone: string): string | null {
  const compact = phone.normalize("NFKC").replace(/[\s\-().]/g, "");
  if (/^\+81\d+$/.test(compact)) return `0${compact.slice(3).replace(/^0/, "")}`;
  if (/^0\d+$/.test(compact)) return compact;
  return null;
}

/**
 * The phone number as staff expect to read it: Japanese numbers grouped (national format in Japanese, +81 with the
 * leading 0 dropped in English); anything else as stored.
 */
export function formatPhone(phone: string, locale: Locale): string {
  const national = japaneseNationalNumber(phone);
  const grouped = national ? groupJapaneseNumber(national) : null;
  if (!grouped) return phone;
  return locale === "ja" ? grouped : `+81 ${grouped.slice(1)}`;
}
