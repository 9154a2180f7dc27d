import { describe, expect, it } from "vitest";
import { isKanaReading, toKatakana } from "./kana";

describe("toKatakana", () => {
  it("turns hiragana into full-width katakana", () => {
    expect(toKatakana("やまだ たろう")).toBe("ヤマダ タロウ");
    expect(toKatakana("ぢゅゔぁゝ")).toBe("ヂュヴァヽ");
  });

  it("widens half-width katakana and joins its voiced marks", () => {
    expect(toKatakana("ﾔﾏﾀﾞ ﾀﾛｳ")).toBe("ヤマダ タロウ");
    expect(toKatakana("ﾊﾟｰｸ")).toBe("パーク");
  });

  it("keeps katakana as it is and collapses full-width and repeated spaces", () => {
    expect(toKatakana("ヤマダ　　タロウ ")).toBe("ヤマダ タロウ");
    expect(toKatakana("  サトウ\tハナコ")).toBe("サトウ ハナコ");
  });

  it("leaves kanji and latin letters alone so validation can reject them", () => {
    expect(toKatakana("山田 たろう")).toBe("山田 タロウ");
    expect(toKatakana("ＡＢＣ")).toBe("ABC");
  });
});

describe("isKanaReading", () => {
  it("accepts katakana words with long-vowel marks and middle dots", () => {
    expect(isKanaReading("ヤマダ タロウ")).toBe(true);
    expect(isKanaReading("スミス・ジョン")).toBe(true);
    expect(isKanaReading("コーヒー")).toBe(true);
  });

  it("rejects kanji, hiragana, latin letters, empty text and stray spaces", () => {
    expect(isKanaReading("山田 タロウ")).toBe(false);
    expect(isKanaReading("やまだ")).toBe(false);
    expect(isKanaReading("ABC")).toBe(false);
    expect(isKanaReading("")).toBe(false);
    expect(isKanaReading(" ヤマダ")).toBe(false);
  });
});
