import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetweenIn,
  businessStatusAt,
  isOverdue,
  slaState,
} from "./business-hours";

const weekdays9to18 = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ open: "09:00", close: "18:00" }]]));
const tokyo: BusinessCalendar = { timeZone: "Asia/Tokyo", hours: weekdays9to18, observeJapaneseHolidays: true, closedDates: [] };
/** Tokyo wall-clock time as an instant (JST is UTC+9, no DST). */
const jst = (iso: string) => new Date(`${iso}+09:00`);

describe("businessStatusAt", () => {
  it("is open on a weekday inside the hours", () => {
    expect(businessStatusAt(tokyo, jst("2026-11-24T10:00:00"))).toEqual({ open: true, nextOpenAt: jst("2026-11-24T10:00:00") });
  });

  it("after closing on Friday opens next on Monday at 9:00", () => {
    expect(businessStatusAt(tokyo, jst("2026-11-27T18:30:00"))).toEqual({ open: false, nextOpenAt: jst("2026-11-30T09:00:00") });
  });

  it("stays closed over Golden Week holidays and the 振替休日", () => {
    // 2026-05-02 is a Saturday; 3, 4, 5 holidays, 6 a substitute holiday.
    expect(businessStatusAt(tokyo, jst("2026-05-01T19:00:00")).nextOpenAt).toEqual(jst("2026-05-07T09:00:00"));
  });

  it("treats the merchant's closed dates as whole closed days", () => {
    const calendar = { ...tokyo, closedDates: ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-02", "2027-01-03", "2027-01-04"] };
    expect(businessStatusAt(calendar, jst("2026-12-29T10:00:00"))).toEqual({ open: false, nextOpenAt: jst("2027-01-05T09:00:00") });
  });

  it("ignores holidays when the shop opens on them", () => {
    const calendar = { ...tokyo, observeJapaneseHolidays: false };
    expect(businessStatusAt(calendar, jst("2026-11-23T10:00:00")).open).toBe(true);
    expect(businessStatusAt(tokyo, jst("2026-11-23T10:00:00")).open).toBe(false);
  });

  it("counts hours never set as always open, except closed days", () => {
    const always: BusinessCalendar = { timeZone: "Asia/Tokyo", hours: {}, observeJapaneseHolidays: false, closedDates: [] };
    expect(businessStatusAt(always, jst("2026-11-29T03:00:00")).open).toBe(true);
    const withHolidays = { ...always, observeJapaneseHolidays: true };
    expect(businessStatusAt(withHolidays, jst("2026-11-23T03:00:00"))).toEqual({ open: false, nextOpenAt: jst("2026-11-24T00:00:00") });
  });

  it("reads the hours in the shop's own time zone", () => {
    const newYork: BusinessCalendar = { timeZone: "America/New_York", hours: weekdays9to18, observeJapaneseHolidays: false, closedDates: [] };
    // 2026-11-24 14:00 UTC = 09:00 EST.
    expect(businessStatusAt(newYork, new Date("2026-11-24T13:59:00Z")).open).toBe(false);
    expect(businessStatusAt(newYork, new Date("2026-11-24T14:00:00Z")).open).toBe(true);
    // Across the DST change: 2026-03-09 (Monday, EDT) opens at 13:00 UTC.
    expect(businessStatusAt(newYork, new Date("2026-03-08T20:00:00Z")).nextOpenAt).toEqual(new Date("2026-03-09T13:00:00Z"));
  });

  it("supports split shifts (lunch break)", () => {
    const split: BusinessCalendar = { ...tokyo, hours: { 2: [{ open: "13:00", close: "18:00" }, { open: "09:00", close: "12:00" }] } };
    expect(businessStatusAt(split, jst("2026-11-24T12:30:00"))).toEqual({ open: false, nextOpenAt: jst("2026-11-24T13:00:00") });
  });
});

describe("addBusinessMinutes", () => {
  it("counts four business hours from Friday 16:00 into Monday", () => {
    expect(addBusinessMinutes(tokyo, jst("2026-11-27T16:00:00"), 240)).toEqual(jst("2026-11-30T11:00:00"));
  });

  it("starts counting at opening time when the inquiry arrives at night", () => {
    expect(addBusinessMinutes(tokyo, jst("2026-11-24T22:00:00"), 60)).toEqual(jst("2026-11-25T10:00:00"));
  });

  it("skips a holiday (勤労感謝の日 2026-11-23, a Monday)", () => {
    expect(addBusinessMinutes(tokyo, jst("2026-11-20T17:00:00"), 120)).toEqual(jst("2026-11-24T10:00:00"));
  });

  it("returns null when every weekday is set closed", () => {
    const never = { ...tokyo, hours: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] } };
    expect(addBusinessMinutes(never, jst("2026-11-24T10:00:00"), 10)).toBeNull();
    expect(businessStatusAt(never, jst("2026-11-24T10:00:00"))).toEqual({ open: false, nextOpenAt: null });
  });

  it("returns null when the calendar never opens", () => {
    const closed = { ...tokyo, hours: { 1: [{ open: "10:00", close: "10:00" }] } };
    expect(addBusinessMinutes(closed, jst("2026-11-24T10:00:00"), 10)).toBeNull();
  });
});

describe("businessMinutesBetweenIn", () => {
  it("counts only open minutes between two instants", () => {
    expect(businessMinutesBetweenIn(tokyo, jst("2026-11-27T17:00:00"), jst("2026-11-30T10:30:00"))).toBe(150);
    expect(businessMinutesBetweenIn(tokyo, jst("2026-11-24T10:00:00"), jst("2026-11-24T09:00:00"))).toBe(0);
  });

  it("agrees with addBusinessMinutes", () => {
    const from = jst("2026-12-25T15:12:00");
    const due = addBusinessMinutes(tokyo, from, 1_000)!;
    expect(businessMinutesBetweenIn(tokyo, from, due)).toBe(1_000);
  });
});

describe("overdue helpers", () => {
  const base = { status: "open", firstRespondedAt: null, firstResponseDueAt: jst("2026-11-24T12:00:00"), resolutionDueAt: jst("2026-11-26T12:00:00") };

  it("marks the inquiry overdue when no reply within the SLA", () => {
    expect(isOverdue(base, jst("2026-11-24T12:00:01"))).toBe(true);
    expect(slaState(base, jst("2026-11-24T12:00:01"))).toBe("overdue");
  });

  it("is due soon within the hour and on track before", () => {
    expect(slaState(base, jst("2026-11-24T11:30:00"))).toBe("due_soon");
    expect(slaState(base, jst("2026-11-24T09:00:00"))).toBe("on_track");
  });

  it("after the first reply only the resolution due time counts; resolved is never overdue", () => {
    const replied = { ...base, firstRespondedAt: jst("2026-11-24T13:00:00") };
    expect(isOverdue(replied, jst("2026-11-25T09:00:00"))).toBe(false);
    expect(isOverdue(replied, jst("2026-11-26T12:30:00"))).toBe(true);
    expect(isOverdue({ ...replied, status: "resolved" }, jst("2026-12-01T00:00:00"))).toBe(false);
  });
});
