import { describe, expect, it } from "vitest";
import { joinMinutes, splitMinutes } from "./settings";
import { parseCategoryInput, parseGeneralInput, parseRulesInput } from "./settings-validation";

describe("hours and minutes inputs", () => {
  it("round-trip minutes, treat both empty as not set and anything else as invalid", () => {
    expect(splitMinutes(90)).toEqual({ hours: "1", minutes: "30" });
    expect(splitMinutes(null)).toEqual({ hours: "", minutes: "" });
    expect(joinMinutes("1", "30")).toBe(90);
    expect(joinMinutes("", "45")).toBe(45);
    expect(joinMinutes(" ", "")).toBeNull();
    expect(joinMinutes("1.5", "")).toBeNaN();
    expect(joinMinutes("-1", "")).toBeNaN();
  });
});

describe("the form rules shared by browser and server", () => {
  it("accept a lunch break as two periods and a day that ends at 24:00", () => {
    const result = parseGeneralInput({
      supportAddress: "",
      businessHours: JSON.stringify({ "1": [{ open: "13:00", close: "24:00" }, { open: "09:00", close: "12:00" }] }),
      observeJapaneseHolidays: "false",
      autoReplyOutsideHours: "false",
      slaTargets: JSON.stringify(Object.fromEntries(["low", "normal", "high", "urgent"].map((p) => [p, { firstResponse: 60, resolution: 120 }]))),
    });
    expect(result.ok && result.data.businessHours["1"]).toEqual([
      { open: "09:00", close: "12:00" },
      { open: "13:00", close: "24:00" },
    ]);
  });

  it("refuse more than four periods a day and a time that is not HH:MM", () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ open: `0${i}:00`, close: `0${i}:30` }));
    const result = parseGeneralInput({ businessHours: JSON.stringify({ "2": five, "3": [{ open: "9:00", close: "18:00" }] }), autoReplyOutsideHours: "false", slaTargets: "{}" });
    expect(!result.ok && result.errors["businessHours.2"]).toEqual({ message: "inquirySettings.errors.tooManyRanges" });
    expect(!result.ok && result.errors["businessHours.3"]).toEqual({ message: "inquirySettings.errors.timeFormat" });
  });

  it("need a team for automatic assignment, not for manual", () => {
    const base = { key: "gift", nameJa: "ギフト", nameEn: "Gifts", teamUserIds: "[]" };
    expect(parseCategoryInput({ ...base, assignment: "manual" }).ok).toBe(true);
    expect(parseCategoryInput({ ...base, assignment: "round_robin" })).toEqual({ ok: false, errors: { teamUserIds: { message: "inquirySettings.errors.teamRequired" } } });
  });

  it("split nothing out of a rule list that is not JSON", () => {
    expect(parseRulesInput("not json")).toEqual({ ok: false, errors: { rules: { message: "inquirySettings.errors.invalid" } } });
  });
});
