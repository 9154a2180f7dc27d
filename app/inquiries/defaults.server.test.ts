import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { renderTemplate } from "./templates";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { ensureSupportDefaults, DEFAULT_CATEGORIES } = await import("./defaults.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `defaults-${randomUUID().slice(0, 8)}.myshopify.com`;

describe("ensureSupportDefaults", () => {
  it("gives a new shop six categories, hours, SLA targets, auto-replies and templates in ja and en", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    const settings = await prisma.supportSettings.findUniqueOrThrow({ where: { shop } });
    expect(JSON.parse(settings.businessHours)).toEqual(
      Object.fromEntries(["1", "2", "3", "4", "5"].map((d) => [d, [{ open: "09:00", close: "18:00" }]])),
    );
    expect(Object.keys(JSON.parse(settings.slaTargets)).sort()).toEqual(["high", "low", "normal", "urgent"]);
    expect(settings.autoReplyJa).toMatch(/営業時間外/);
    expect(settings.autoReplyEn).toMatch(/business hours/);
    const categories = await prisma.inquiryCategory.findMany({ where: { shop }, orderBy: { position: "asc" } });
    expect(categories.map((c) => c.key)).toEqual(DEFAULT_CATEGORIES.map((c) => c.key));
    expect(categories.every((c) => c.nameJa && c.nameEn)).toBe(true);
    const templates = await prisma.replyTemplate.findMany({ where: { shop } });
    for (const key of ["shipping", "returns", "product", "order_change", "payment"]) {
      for (const locale of ["ja", "en"]) expect(templates.some((t) => t.categoryKey === key && t.locale === locale)).toBe(true);
    }
    // Every default template renders with nothing unknown.
    for (const t of templates) expect(renderTemplate(t.body, { locale: t.locale === "en" ? "en" : "ja" }).unknown).toEqual([]);
  });

  it("is idempotent and keeps the merchant's changes", async () => {
    const shop = newShop();
    await Promise.all([ensureSupportDefaults(shop, "ja"), ensureSupportDefaults(shop, "ja")]);
    const templates = await prisma.replyTemplate.count({ where: { shop } });
    await prisma.supportSettings.update({ where: { shop }, data: { businessHours: JSON.stringify({ 6: [{ open: "10:00", close: "15:00" }] }), autoReplyJa: "独自の文面" } });
    await prisma.inquiryCategory.update({ where: { shop_key: { shop, key: "other" } }, data: { nameJa: "そのほか" } });
    await prisma.replyTemplate.deleteMany({ where: { shop, locale: "en" } });
    await ensureSupportDefaults(shop, "ja");
    const settings = await prisma.supportSettings.findUniqueOrThrow({ where: { shop } });
    expect(JSON.parse(settings.businessHours)).toEqual({ 6: [{ open: "10:00", close: "15:00" }] });
    expect(settings.autoReplyJa).toBe("独自の文面");
    expect((await prisma.inquiryCategory.findUniqueOrThrow({ where: { shop_key: { shop, key: "other" } } })).nameJa).toBe("そのほか");
    expect(await prisma.inquiryCategory.count({ where: { shop } })).toBe(6);
    expect(await prisma.replyTemplate.count({ where: { shop } })).toBe(templates / 2);
  });

  it("fills blank fields of settings someone else created first", async () => {
    const shop = newShop();
    await prisma.supportSettings.create({ data: { shop, supportAddress: `support@${shop}` } });
    await ensureSupportDefaults(shop, "en");
    const settings = await prisma.supportSettings.findUniqueOrThrow({ where: { shop } });
    expect(settings.supportAddress).toBe(`support@${shop}`);
    expect(settings.businessHours).not.toBe("{}");
    expect(await prisma.inquiryCategory.count({ where: { shop } })).toBe(6);
  });
});
