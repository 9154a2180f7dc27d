import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { csvCell, csvEncoder, csvLine, encodeCp932, neutraliseFormula, REPLACEMENT, toCp932Text } from "./export-csv";

describe("CSV cells (RFC 4180)", () => {
  it("quotes cells holding commas, quotes or line breaks and doubles the quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("東京都渋谷区")).toBe("東京都渋谷区");
  });

  it("writes empty cells for missing values and numbers as they are", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(12)).toBe("12");
    expect(csvCell(-3.5)).toBe("-3.5");
  });

  it("ends every record with CRLF", () => {
    expect(csvLine(["a", 1, null, "x,y"])).toBe('a,1,,"x,y"\r\n');
  });
});

describe("formula injection", () => {
  it.each(["=1+2", "+81 90", "-2", "@SUM(A1)", "\tcmd", "\rcmd"])("neutralises %j with a leading quote", (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it("leaves ordinary text alone and still quotes a neutralised cell that needs it", () => {
    expect(neutraliseFormula("山田 =")).toBe("山田 =");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("\r\n")).toBe(`"'\r\n"`);
  });
});

describe("CP932 (Shift_JIS as Windows writes it)", () => {
  const roundTrip = (text: string) => {
    const { bytes, replaced } = encodeCp932(text);
    return { decoded: iconv.decode(bytes, "cp932"), replaced };
  };

  it("keeps 髙, ①, ㈱ and the fullwidth tilde, and maps WAVE DASH to the tilde Excel shows", () => {
    expect(roundTrip("髙橋 ①番 ㈱つなぐ 10～20")).toEqual({ decoded: "髙橋 ①番 ㈱つなぐ 10～20", replaced: 0 });
    expect(roundTrip("10\u301C20")).toEqual({ decoded: "10\uFF5E20", replaced: 0 });
  });

  it("maps the other JIS/Microsoft split characters instead of losing them", () => {
    expect(roundTrip("\u2212\u2016\u2014\u00A2\u00A3\u00AC\u00A5")).toEqual({ decoded: "－∥―￠￡￢￥", replaced: 0 });
  });

  it("writes a visible 〓 for what CP932 cannot hold and counts each one", () => {
    expect(roundTrip("ありがとう😀 𠮷野家")).toEqual({ decoded: `ありがとう${REPLACEMENT} ${REPLACEMENT}野家`, replaced: 2 });
    // An emoji with a skin tone or a variation selector is one character to the reader: one 〓.
    expect(toCp932Text("👍🏽❤️")).toEqual({ text: `${REPLACEMENT}${REPLACEMENT}`, replaced: 2 });
  });

  it("does not count question marks that were in the text", () => {
    expect(roundTrip("本当? ?")).toEqual({ decoded: "本当? ?", replaced: 0 });
    expect(roundTrip("? 😀 ?")).toEqual({ decoded: `? ${REPLACEMENT} ?`, replaced: 1 });
  });

  it("composes decomposed kana before encoding (が written as か + ゛)", () => {
    expect(roundTrip("\u304B\u3099")).toEqual({ decoded: "が", replaced: 0 });
  });
});

describe("csvEncoder", () => {
  it("starts a UTF-8 file with EF BB BF once", () => {
    const encoder = csvEncoder("utf8bom");
    const first = encoder.encode("名前\r\n");
    const second = encoder.encode("山田\r\n");
    expect([...first.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(first.subarray(3).toString("utf8")).toBe("名前\r\n");
    expect(second.toString("utf8")).toBe("山田\r\n");
  });

  it("adds up replacements over chunks in CP932", () => {
    const encoder = csvEncoder("cp932");
    const bytes = Buffer.concat([encoder.encode("😀,a\r\n"), encoder.encode("b,😀😀\r\n")]);
    expect(encoder.replaced).toBe(3);
    expect(iconv.decode(bytes, "cp932")).toBe("〓,a\r\nb,〓〓\r\n");
    expect(bytes[0]).not.toBe(0xef);
  });
});
