import { describe, expect, it } from "vitest";
import { CARD_KEYS, DEFAULT_LAYOUT, deltaOf, isSnapshot, LayoutInput, moveCard, parseLayout, sourcesOf } from "./cards";
import { formatMinutes, formatValue } from "./format";
import { DashboardSettings, parseSettings, resolveRange } from "./range";

describe("the card registry", () => {
  it("has one entry per key, and the default layout shows every card once", () => {
    expect(new Set(CARD_KEYS).size).toBe(CARD_KEYS.length);
    expect([...DEFAULT_LAYOUT].sort()).toEqual([...CARD_KEYS].sort());
  });

  it("asks only for the sources the visible cards read", () => {
    expect([...sourcesOf(["aov", "revenue"])]).toEqual(["orders"]);
    expect([...sourcesOf(["f2", "ltv"])].sort()).toEqual(["buyers", "ltv"]);
    expect([...sourcesOf(["firstResponseTime", "slaBreachRate", "inquiriesChart"])]).toEqual(["inquiries"]);
  });

  it("leaves the open-inquiries snapshot out of the previous period", () => {
    expect(isSnapshot("openInquiries")).toBe(true);
    expect(isSnapshot("inquiriesReceived")).toBe(false);
    expect([...sourcesOf(["openInquiries", "orders"], { compared: true })]).toEqual(["orders"]);
    expect([...sourcesOf(["openInquiries", "orders"])].sort()).toEqual(["inquiriesNow", "orders"]);
  });

  it("shows response times as hours and minutes in the staff member's language", () => {
    expect(formatMinutes(130, "en")).toBe("2 hr 10 min");
    expect(formatMinutes(130, "ja")).toBe("2 時間 10 分");
    expect(formatMinutes(45, "en")).toBe("45 min");
    expect(formatMinutes(120, "ja")).toBe("2 時間");
    expect(formatValue(null, "duration", "ja", "JPY")).toBe("—");
  });
});

describe("layouts", () => {
  it("accept known keys once each, and refuse unknown keys and duplicates", () => {
    expect(LayoutInput.safeParse(["f2", "orders"]).success).toBe(true);
    expect(LayoutInput.safeParse([]).success).toBe(true);
    expect(LayoutInput.safeParse(["f2", "inquiries"]).error?.issues[0]?.message).toBe("unknown");
    expect(LayoutInput.safeParse(["f2", "f2"]).error?.issues[0]?.message).toBe("duplicate");
    expect(LayoutInput.safeParse("f2").success).toBe(false);
  });

  it("read back from storage dropping what is no longer known", () => {
    expect(parseLayout(JSON.stringify(["orders", "gone", "orders", "f2"]))).toEqual(["orders", "f2"]);
    expect(parseLayout("nonsense")).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout(null)).toEqual(DEFAULT_LAYOUT);
  });

  it("move a card one place and stay put at the ends", () => {
    expect(moveCard(["a", "b", "c"] as never, "b" as never, -1)).toEqual(["b", "a", "c"]);
    expect(moveCard(["a", "b", "c"] as never, "c" as never, 1)).toEqual(["a", "b", "c"]);
  });
});

describe("deltas", () => {
  it("are relative for counts and money, in points for rates, and absent when there is nothing to compare", () => {
    expect(deltaOf(150, 100, "number")).toBe(0.5);
    expect(deltaOf(50, 100, "money")).toBe(-0.5);
    expect(deltaOf(0.3, 0.25, "percent")).toBeCloseTo(0.05);
    expect(deltaOf(0, 0, "number")).toBe(0);
    expect(deltaOf(5, 0, "number")).toBeNull();
    expect(deltaOf(null, 3, "number")).toBeNull();
  });
});

describe("date ranges", () => {
  // 23 November 2026, 01:30 in Tokyo (still 22 November in UTC).
  const now = new Date("2026-11-22T16:30:00Z");
  const JST = 540;
  const days = (p: { from: Date; to: Date }) => [p.from.toISOString(), p.to.toISOString()];

  it("count calendar days in the shop's time zone, with the previous period just before", () => {
    const { current, previous } = resolveRange({ range: "7d", compare: true }, now, JST);
    // 17–23 November in Tokyo: from 16 Nov 15:00 UTC to 23 Nov 15:00 UTC.
    expect(days(current)).toEqual(["2026-11-16T15:00:00.000Z", "2026-11-23T15:00:00.000Z"]);
    expect(days(previous)).toEqual(["2026-11-09T15:00:00.000Z", "2026-11-16T15:00:00.000Z"]);
  });

  it("take last month whole and compare it with the same number of days before", () => {
    const { current, previous } = resolveRange({ range: "lastMonth", compare: true }, now, JST);
    expect(current.days).toBe(31);
    expect(days(current)).toEqual(["2026-09-30T15:00:00.000Z", "2026-10-31T15:00:00.000Z"]);
    expect(previous.days).toBe(31);
  });

  it("validate custom days", () => {
    expect(DashboardSettings.safeParse({ range: "custom", from: "2026-11-01", to: "2026-11-30" }).success).toBe(true);
    expect(DashboardSettings.safeParse({ range: "custom", from: "2026-13-01", to: "2026-11-30" }).success).toBe(false);
    expect(parseSettings("{broken")).toEqual({ range: "30d", compare: true });
  });
});
