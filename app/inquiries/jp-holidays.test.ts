import { describe, expect, it } from "vitest";
import { autumnalEquinoxDay, japaneseHoliday, japaneseHolidays, vernalEquinoxDay } from "./jp-holidays";

// The Cabinet Office's published lists (内閣府「国民の祝日について」), 振替休日 and 国民の休日 included.
const PUBLISHED: Record<number, string[]> = {
  2024: ["01-01", "01-08", "02-11", "02-12", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-15", "08-11", "08-12", "09-16", "09-22", "09-23", "10-14", "11-03", "11-04", "11-23"],
  2025: ["01-01", "01-13", "02-11", "02-23", "02-24", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-21", "08-11", "09-15", "09-23", "10-13", "11-03", "11-23", "11-24"],
  2026: ["01-01", "01-12", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-20", "08-11", "09-21", "09-22", "09-23", "10-12", "11-03", "11-23"],
  2027: ["01-01", "01-11", "02-11", "02-23", "03-21", "03-22", "04-29", "05-03", "05-04", "05-05", "07-19", "08-11", "09-20", "09-23", "10-11", "11-03", "11-23"],
};

describe("japaneseHolidays", () => {
  for (const [year, days] of Object.entries(PUBLISHED)) {
    it(`matches the published holidays of ${year}`, () => {
      expect([...japaneseHolidays(Number(year)).keys()]).toEqual(days.map((d) => `${year}-${d}`));
    });
  }

  it("names substitute holidays and the day between two holidays", () => {
    expect(japaneseHoliday("2024-02-12")).toBe("振替休日");
    expect(japaneseHoliday("2026-05-06")).toBe("振替休日");
    expect(japaneseHoliday("2026-09-22")).toBe("国民の休日");
    expect(japaneseHoliday("2027-03-22")).toBe("振替休日");
    expect(japaneseHoliday("2026-09-23")).toBe("秋分の日");
    expect(japaneseHoliday("2026-11-24")).toBeNull();
  });

  it("knows the one-off days of 2019 and the Olympic moves of 2020 and 2021", () => {
    expect(japaneseHoliday("2019-05-01")).toBe("即位の日");
    expect(japaneseHoliday("2019-04-30")).toBe("国民の休日");
    expect(japaneseHoliday("2019-05-02")).toBe("国民の休日");
    expect(japaneseHoliday("2019-10-22")).toBe("即位礼正殿の儀");
    expect(japaneseHoliday("2020-07-24")).toBe("スポーツの日");
    expect(japaneseHoliday("2021-08-09")).toBe("振替休日");
    expect(japaneseHoliday("2020-02-24")).toBe("振替休日");
  });

  it("computes the equinoxes the observatory announced", () => {
    expect([2023, 2024, 2025, 2026, 2027, 2028].map(vernalEquinoxDay)).toEqual([21, 20, 20, 20, 21, 20]);
    expect([2023, 2024, 2025, 2026, 2027, 2028].map(autumnalEquinoxDay)).toEqual([23, 22, 23, 23, 23, 22]);
  });
});
