import { describe, expect, it } from "vitest";
import { formatPhone, groupJapaneseNumber, japaneseNationalNumber } from "./phone";

describe("formatPhone", () => {
  it("shows a Japanese mobile number in the national format for Japanese staff", () => {
    expect(formatPhone("+819061346765", "ja")).toBe("090-6134-6765");
    expect(formatPhone("+817012345678", "ja")).toBe("070-1234-5678");
    expect(formatPhone("+818012345678", "ja")).toBe("080-1234-5678");
  });

  it("keeps the country code for English staff, with the same grouping and no trunk 0", () => {
    expect(formatPhone("+819061346765", "en")).toBe("+81 90-6134-6765");
    expect(formatPhone("+81312345678", "en")).toBe("+81 3-1234-5678");
  });

  it("leaves other countries' numbers in E.164 as stored", () => {
    expect(formatPhone("+14155550123", "ja")).toBe("+14155550123");
    expect(formatPhone("+442071234567", "en")).toBe("+442071234567");
  });

  it("regroups a number that staff or Shopify wrote in national form", () => {
    expect(formatPhone("090-6134-6765", "ja")).toBe("090-6134-6765");
    expect(formatPhone("０９０６１３４６７６５", "ja")).toBe("090-6134-6765");
    expect(formatPhone("+81 (0)3 1234 5678", "ja")).toBe("03-1234-5678");
  });

  it("shows a Japanese number of an unknown shape as stored rather than guessing", () => {
    expect(formatPhone("+8190123", "ja")).toBe("+8190123");
    expect(formatPhone("not a number", "ja")).toBe("not a number");
  });
});

describe("groupJapaneseNumber", () => {
  it("groups landlines by the length of their area code", () => {
    expect(groupJapaneseNumber("0312345678")).toBe("03-1234-5678");
    expect(groupJapaneseNumber("0661234567")).toBe("06-6123-4567");
    expect(groupJapaneseNumber("0451234567")).toBe("045-123-4567");
    expect(groupJapaneseNumber("0112345678")).toBe("011-234-5678");
    expect(groupJapaneseNumber("0466123456")).toBe("0466-12-3456");
    expect(groupJapaneseNumber("0154123456")).toBe("0154-12-3456");
    expect(groupJapaneseNumber("0499212345")).toBe("04992-1-2345");
  });

  it("tells two-digit areas inside three-digit prefixes apart (Tokorozawa 04-29, Kashiwa 04-71)", () => {
    expect(groupJapaneseNumber("0429123456")).toBe("04-2912-3456");
    expect(groupJapaneseNumber("0426123456")).toBe("042-612-3456");
    expect(groupJapaneseNumber("0471234567")).toBe("04-7123-4567");
    expect(groupJapaneseNumber("0473123456")).toBe("047-312-3456");
  });

  it("groups non-geographic numbers by their service", () => {
    expect(groupJapaneseNumber("05012345678")).toBe("050-1234-5678");
    expect(groupJapaneseNumber("0120123456")).toBe("0120-123-456");
    expect(groupJapaneseNumber("08001234567")).toBe("0800-123-4567");
    expect(groupJapaneseNumber("0570123456")).toBe("0570-123-456");
  });

  it("refuses digit strings that are no Japanese number", () => {
    expect(groupJapaneseNumber("0901234567")).toBeNull();
    expect(groupJapaneseNumber("031234567")).toBeNull();
    expect(groupJapaneseNumber("123456789012")).toBeNull();
    expect(groupJapaneseNumber("03123456789")).toBeNull();
  });
});

describe("japaneseNationalNumber", () => {
  it("reads +81 and national forms and nothing else", () => {
    expect(japaneseNationalNumber("+819061346765")).toBe("09061346765");
    expect(japaneseNationalNumber("03-1234-5678")).toBe("0312345678");
    expect(japaneseNationalNumber("+14155550123")).toBeNull();
  });
});
