import { describe, expect, it } from "vitest";
import { canonicalDate, canonicalNumber, canonicalValue, formatDay, formatDecimal, formValue, parseDefinitionInput } from "./custom-attributes";

const definition = (patch: Record<string, unknown> = {}) => ({ key: "gender", label: "性別", kind: "static", type: "choice", choices: '["女性","男性","回答しない"]', ...patch });

describe("parseDefinitionInput", () => {
  it("accepts a choice attribute and trims its label and choices", () => {
    const parsed = parseDefinitionInput(definition({ label: " 性別 ", choices: '[" 女性", "男性 "]' }));
    expect(parsed).toEqual({ ok: true, data: { key: "gender", label: "性別", kind: "static", type: "choice", choices: ["女性", "男性"] } });
  });

  it("drops choices for types that have none", () => {
    const parsed = parseDefinitionInput(definition({ key: "birthday", label: "誕生日", type: "date" }));
    expect(parsed.ok && parsed.data.choices).toEqual([]);
  });

  it("reports each bad field with its message key", () => {
    const parsed = parseDefinitionInput({ key: "Birth Day", label: "x".repeat(61), kind: "forever", type: "colour", choices: "[]" });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toEqual({
      key: { message: "attributes.errors.keyFormat" },
      label: { message: "attributes.errors.labelTooLong" },
      kind: { message: "attributes.errors.kindInvalid" },
      type: { message: "attributes.errors.typeInvalid" },
    });
  });

  it("asks for a label and a key when they are blank", () => {
    const parsed = parseDefinitionInput(definition({ key: " ", label: "  " }));
    expect(!parsed.ok && parsed.errors).toEqual({ key: { message: "attributes.errors.keyRequired" }, label: { message: "attributes.errors.labelRequired" } });
  });

  it("requires 1 to 50 distinct, non-empty choices for choice types", () => {
    const errorOf = (choices: unknown) => {
      const parsed = parseDefinitionInput(definition({ type: "multi_choice", choices }));
      return parsed.ok ? null : parsed.errors.choices;
    };
    expect(errorOf("[]")).toEqual({ message: "attributes.errors.choicesRequired" });
    expect(errorOf('["A", " "]')).toEqual({ message: "attributes.errors.choiceEmpty" });
    expect(errorOf('["Ｌ", "l"]')).toEqual({ message: "attributes.errors.choiceDuplicate", values: { choice: "l" } });
    expect(errorOf(JSON.stringify(Array.from({ length: 51 }, (_, i) => `c${i}`)))).toEqual({ message: "attributes.errors.tooManyChoices", values: { max: 50 } });
    expect(errorOf("not json")).toEqual({ message: "attributes.errors.choicesInvalid" });
    expect(errorOf(JSON.stringify(Array.from({ length: 50 }, (_, i) => `c${i}`)))).toBeNull();
  });
});

describe("canonicalValue", () => {
  const of = (type: string, raw: unknown, choices: string[] = []) => canonicalValue({ type: type as never, choices }, raw);

  it("clears the value when the entry is empty, whatever the type", () => {
    for (const type of ["text", "number", "date", "boolean", "choice", "multi_choice"]) {
      expect(of(type, "  ")).toEqual({ ok: true, value: null });
    }
    expect(of("multi_choice", "[]", ["a"])).toEqual({ ok: true, value: null });
  });

  it("stores numbers as canonical decimals", () => {
    expect(of("number", "1,234.50")).toEqual({ ok: true, value: "1234.5" });
    expect(of("number", "１２３")).toEqual({ ok: true, value: "123" });
    expect(of("number", "-0.00")).toEqual({ ok: true, value: "0" });
    expect(of("number", "007")).toEqual({ ok: true, value: "7" });
    expect(of("number", ".5")).toEqual({ ok: true, value: "0.5" });
    expect(of("number", "1e3")).toEqual({ ok: false, error: { message: "attributes.errors.numberInvalid" } });
    expect(of("number", "1".repeat(31))).toEqual({ ok: false, error: { message: "attributes.errors.numberTooLong" } });
  });

  it("stores dates as YYYY-MM-DD and refuses days the calendar lacks", () => {
    expect(of("date", "1990/4/1")).toEqual({ ok: true, value: "1990-04-01" });
    expect(of("date", "1990年4月1日")).toEqual({ ok: true, value: "1990-04-01" });
    expect(of("date", "2024-02-29")).toEqual({ ok: true, value: "2024-02-29" });
    expect(of("date", "2023-02-29")).toEqual({ ok: false, error: { message: "attributes.errors.dateInvalid" } });
    expect(of("date", "01/04/1990")).toEqual({ ok: false, error: { message: "attributes.errors.dateInvalid" } });
  });

  it("stores booleans as true or false", () => {
    expect(of("boolean", "true")).toEqual({ ok: true, value: "true" });
    expect(of("boolean", "no")).toEqual({ ok: true, value: "false" });
    expect(of("boolean", "maybe")).toEqual({ ok: false, error: { message: "attributes.errors.booleanInvalid" } });
  });

  it("accepts only the definition's choices", () => {
    expect(of("choice", " 女性 ", ["女性", "男性"])).toEqual({ ok: true, value: "女性" });
    expect(of("choice", "その他", ["女性", "男性"])).toEqual({ ok: false, error: { message: "attributes.errors.choiceInvalid" } });
  });

  it("stores several choices as a JSON array in the definition's order, without repeats", () => {
    expect(of("multi_choice", '["和菓子","緑茶","緑茶"]', ["緑茶", "紅茶", "和菓子"])).toEqual({ ok: true, value: '["緑茶","和菓子"]' });
    expect(of("multi_choice", ["紅茶"], ["緑茶", "紅茶"])).toEqual({ ok: true, value: '["紅茶"]' });
    expect(of("multi_choice", '["珈琲"]', ["緑茶"])).toEqual({ ok: false, error: { message: "attributes.errors.choiceInvalid" } });
    expect(of("multi_choice", "緑茶", ["緑茶"])).toEqual({ ok: false, error: { message: "attributes.errors.choiceInvalid" } });
  });

  it("keeps text up to 500 characters", () => {
    expect(of("text", " 甘いものが好き ")).toEqual({ ok: true, value: "甘いものが好き" });
    expect(of("text", "あ".repeat(501))).toEqual({ ok: false, error: { message: "attributes.errors.textTooLong", values: { max: 500 } } });
  });
});

describe("helpers", () => {
  it("parse the canonical forms", () => {
    expect(canonicalNumber("abc")).toBeNull();
    expect(canonicalDate("1990-13-01")).toBeNull();
    expect(formValue("multi_choice", '["a"]')).toBe('["a"]');
    expect(formValue("date", null)).toBe("");
  });

  it("format days and decimals in the staff member's language without shifting the day", () => {
    expect(formatDay("1990-04-01", "ja")).toBe("1990年4月1日");
    expect(formatDay("1990-04-01", "en")).toBe("April 1, 1990");
    expect(formatDecimal("12345678901234567890.5", "en")).toBe("12,345,678,901,234,567,890.5");
  });
});
