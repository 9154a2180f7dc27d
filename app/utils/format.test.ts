import { describe, expect, it } from "vitest";
import { formatDateTime, formatMoney } from "./format";

describe("formatMoney", () => {
  it("writes yen without decimals in Japanese and English", () => {
    expect(formatMoney("12800.0", "JPY", "ja")).toBe("￥12,800");
    expect(formatMoney("12800.0", "JPY", "en")).toBe("¥12,800");
  });

  it("writes dollars with cents", () => {
    expect(formatMoney("19.5", "USD", "en")).toBe("$19.50");
  });
});

describe("formatDateTime", () => {
  it("shows the shop's calendar day, not the server's", () => {
    // 2026-11-22T16:30Z is already the 23rd in Tokyo.
    expect(formatDateTime("2026-11-22T16:30:00Z", "ja", "Asia/Tokyo")).toContain("2026/11/23");
    expect(formatDateTime("2026-11-22T16:30:00Z", "en", "America/New_York")).toContain("Nov 22, 2026");
  });
});
