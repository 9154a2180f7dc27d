import { describe, expect, it } from "vitest";
import { duringIntake, intakeBusy, pauseAfterWork, SHARE_DURING_INTAKE } from "./wake.server";

describe("intake pressure", () => {
  it("is busy while a webhook is being received and for a moment after", async () => {
    let insideBusy = false;
    const result = await duringIntake(async () => {
      insideBusy = intakeBusy();
      return "answered";
    });
    expect(result).toBe("answered");
    expect(insideBusy).toBe(true);
    expect(intakeBusy()).toBe(true);
    expect(intakeBusy(performance.now() + 1000)).toBe(false);
  });

  it("counts a failed intake as finished", async () => {
    await expect(duringIntake(() => Promise.reject(new Error("bad hmac")))).rejects.toThrow("bad hmac");
    expect(intakeBusy(performance.now() + 1000)).toBe(false);
  });

  it("keeps the worker's share of the loop during a burst, and lets it run freely otherwise", () => {
    expect(pauseAfterWork(4, false)).toBe(0);
    const pause = pauseAfterWork(4, true);
    expect(4 / (4 + pause)).toBeCloseTo(SHARE_DURING_INTAKE);
    expect(pauseAfterWork(0, true)).toBe(1);
    expect(pauseAfterWork(10_000, true)).toBe(1000);
  });
});
