import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { computeDueTimes, businessStatus, businessMinutesBetween, measureResponse, overdueWhere, DEFAULT_SLA_TARGETS } = await import("./sla.server");
const { ensureSupportDefaults } = await import("./defaults.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `sla-${randomUUID().slice(0, 8)}.myshopify.com`;
const jst = (iso: string) => new Date(`${iso}+09:00`);

describe("computeDueTimes", () => {
  it("counts the priority's targets in business minutes (Mon–Fri 9–18, holidays closed)", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    // Friday 2026-11-20 17:00; Monday 23rd is 勤労感謝の日.
    const due = await computeDueTimes(shop, { category: null, priority: "normal", from: jst("2026-11-20T17:00:00") });
    expect(due.firstResponseMinutes).toBe(DEFAULT_SLA_TARGETS.normal.firstResponse);
    expect(due.firstResponseDueAt).toEqual(jst("2026-11-24T12:00:00"));
  });

  it("lets the category's targets override the priority's, and the shop's SLA settings override the defaults", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    await prisma.supportSettings.update({ where: { shop }, data: { slaTargets: JSON.stringify({ urgent: { firstResponse: 30, resolution: 120 } }) } });
    await prisma.inquiryCategory.update({ where: { shop_key: { shop, key: "returns" } }, data: { firstResponseMinutes: 90 } });
    const from = jst("2026-11-24T10:00:00");
    const urgent = await computeDueTimes(shop, { category: "shipping", priority: "urgent", from });
    expect(urgent.firstResponseDueAt).toEqual(jst("2026-11-24T10:30:00"));
    expect(urgent.resolutionDueAt).toEqual(jst("2026-11-24T12:00:00"));
    const returns = await computeDueTimes(shop, { category: "returns", priority: "urgent", from });
    expect(returns.firstResponseDueAt).toEqual(jst("2026-11-24T11:30:00"));
    expect(returns.resolutionMinutes).toBe(120);
  });

  it("uses the settings' time zone, else the shop's, else Tokyo", async () => {
    const shop = newShop();
    await prisma.shop.create({ data: { domain: shop, ianaTimezone: "Europe/London" } });
    await ensureSupportDefaults(shop, "en");
    // 09:30 in Tokyo is 00:30 in London: closed until 09:00 London (GMT in November).
    expect(await businessStatus(shop, jst("2026-11-24T09:30:00"))).toEqual({ open: false, nextOpenAt: new Date("2026-11-24T09:00:00Z") });
    await prisma.supportSettings.update({ where: { shop }, data: { timezone: "Asia/Tokyo" } });
    expect((await businessStatus(shop, jst("2026-11-24T09:30:00"))).open).toBe(true);
  });
});

describe("reports", () => {
  it("records business minutes to the first reply and whether it breached", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    const receivedAt = jst("2026-11-27T17:30:00");
    expect(await businessMinutesBetween(shop, receivedAt, jst("2026-11-30T09:45:00"))).toBe(75);
    expect(await measureResponse(shop, { receivedAt, dueAt: jst("2026-11-30T09:30:00"), at: jst("2026-11-30T09:45:00") })).toEqual({ minutes: 75, breached: true });
  });

  it("finds overdue inquiries of the shop", async () => {
    const shop = newShop();
    const now = jst("2026-11-24T12:00:00");
    const make = (number: number, data: object) => prisma.inquiry.create({ data: { shop, number, channel: "form", ...data } });
    await make(1, { firstResponseDueAt: jst("2026-11-24T11:00:00") });
    await make(2, { firstResponseDueAt: jst("2026-11-24T11:00:00"), firstRespondedAt: jst("2026-11-24T10:00:00"), resolutionDueAt: jst("2026-11-25T10:00:00") });
    await make(3, { firstResponseDueAt: jst("2026-11-24T11:00:00"), status: "resolved" });
    await make(4, { firstResponseDueAt: jst("2026-11-24T13:00:00") });
    const rows = await prisma.inquiry.findMany({ where: { shop, ...overdueWhere(now) }, select: { number: true } });
    expect(rows.map((r) => r.number)).toEqual([1]);
  });
});
