/**
 * CSV text for spreadsheets, pure: RFC 4180 quoting with CRLF line ends, spreadsheet formula injection neutralised,
 * and the two encodings Japanese merchants ask for: UTF-8 with a byte order mark (Excel then reads it as UTF-8) and
 * Shift_JIS as Windows writes it (CP932), which older Excel and many mailing-label tools expect.
 *
 * CP932 cannot hold every character. The few that Unicode spells differently from CP932 (WAVE DASH 〜 and its kin,
 * see /work/shared/PLATFORM.md) are mapped to the character CP932 has; anything else it cannot hold (emoji, rare
 * kanji such as 𠮷) becomes a visible 〓 (GETA MARK, the customary stand-in in Japanese print) and is counted, never
 * dropped.
 */
import iconv from "iconv-lite";

export const EXPORT_ENCODINGS = ["utf8bom", "cp932"] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
export const CRLF = "\r\n";
/** Written for a character CP932 cannot hold. */
export const REPLACEMENT = "〓";

// Cells a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, and tab / CR which some programs skip.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell made inert for spreadsheets: a leading ' when it would start a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell: text is neutralised and quoted when needed (RFC 4180); numbers are written as they are. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = neutraliseFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF. */
export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells.map(csvCell).join(",") + CRLF;
}

/**
 * Characters whose usual Unicode form is not the one CP932 decodes to (the JIS X 0208 / Microsoft mapping split):
 * mapped so they survive instead of becoming replacements. Checked against iconv-lite's cp932 table.
 */
export const CP932_PREFERRED: Readonly<Record<string, string>> = {
  "\u301C": "\uFF5E", // WAVE DASH 〜 → FULLWIDTH TILDE ～
  "\u2016": "\u2225", // DOUBLE VERTICAL LINE ‖ → PARALLEL TO ∥
  "\u2212": "\uFF0D", // MINUS SIGN − → FULLWIDTH HYPHEN-MINUS －
  "\u2014": "\u2015", // EM DASH — → HORIZONTAL BAR ―
  "\u00A2": "\uFFE0", // ¢ → ￠
  "\u00A3": "\uFFE1", // £ → ￡
  "\u00AC": "\uFFE2", // ¬ → ￢
  "\u00A6": "\uFFE4", // ¦ → ￤
  "\u00A5": "\uFFE5", // ¥ → ￥ (iconv-lite would write 0x5C, which reads back as a backslash)
  "\u00A0": " ", // NO-BREAK SPACE → space
};

// Code points that only modify the character before them (ZWJ, variation selectors, skin tones, tag characters):
// after a replaced character they belong to the same 〓.
function isModifier(char: string): boolean {
  const cp = char.codePointAt(0) ?? 0;
  return cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f);
}
// eslint-disable-next-line no-control-regex
const ONLY_ASCII = /^[\x00-\x7F]*$/;

const encodable = new Map<string, boolean>();
function cp932CanHold(char: string): boolean {
  let known = encodable.get(char);
  if (known === undefined) {
    const bytes = iconv.encode(char, "cp932");
    // iconv-lite writes "?" for what it cannot encode.
    known = !(bytes.length === 1 && bytes[0] === 0x3f);
    encodable.set(char, known);
  }
  return known;
}

/** Text CP932 can hold in full, and how many characters had to become 〓. */
export function toCp932Text(text: string): { text: string; replaced: number } {
  if (ONLY_ASCII.test(text)) return { text, replaced: 0 };
  let out = "";
  let replaced = 0;
  let previousReplaced = false;
  for (const raw of text.normalize("NFC")) {
    const char = CP932_PREFERRED[raw] ?? raw;
    if (char.length === 1 && char.charCodeAt(0) < 0x80) {
      out += char;
      previousReplaced = false;
    } else if (cp932CanHold(char)) {
      out += char;
      previousReplaced = false;
    } else if (previousReplaced && isModifier(char)) {
      // part of the emoji already replaced
    } else {
      out += REPLACEMENT;
      replaced++;
      previousReplaced = true;
    }
  }
  return { text: out, replaced };
}

const PREFERRED = new RegExp(`[${Object.keys(CP932_PREFERRED).join("")}]`, "g");

function countOf(haystack: Uint8Array | string, needle: number): number {
  let n = 0;
  if (typeof haystack === "string") {
    for (let i = haystack.indexOf(String.fromCharCode(needle)); i !== -1; i = haystack.indexOf(String.fromCharCode(needle), i + 1)) n++;
  } else {
    for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) n++;
  }
  return n;
}

/**
 * CP932 bytes of the text and the number of 〓 written. Fast path: encode at once and compare the "?" bytes with the
 * "?" characters (0x3F is never the second byte of a CP932 character, so each extra one is a character iconv-lite
 * could not encode); only text with such characters is walked character by character.
 */
export function encodeCp932(text: string): { bytes: Buffer; replaced: number } {
  const mapped = text.normalize("NFC").replace(PREFERRED, (c) => CP932_PREFERRED[c] ?? c);
  const bytes = iconv.encode(mapped, "cp932");
  if (countOf(bytes, 0x3f) === countOf(mapped, 0x3f)) return { bytes, replaced: 0 };
  const converted = toCp932Text(mapped);
  return { bytes: iconv.encode(converted.text, "cp932"), replaced: converted.replaced };
}

/** Turns CSV text into bytes of the chosen encoding, one chunk after another; the UTF-8 file starts with a BOM. */
export function csvEncoder(encoding: ExportEncoding): { encode(text: string): Buffer; readonly replaced: number } {
  let first = true;
  let replaced = 0;
  return {
    encode(text) {
      let bytes: Buffer;
      if (encoding === "utf8bom") {
        bytes = first ? Buffer.concat([UTF8_BOM, Buffer.from(text, "utf8")]) : Buffer.from(text, "utf8");
      } else {
        const converted = encodeCp932(text);
        replaced += converted.replaced;
        bytes = converted.bytes;
      }
      first = false;
      return bytes;
    },
    get replaced() {
      return replaced;
    },
  };
}
