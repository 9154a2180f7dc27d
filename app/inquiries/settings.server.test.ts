import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const settings = await import("./settings.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `support-${randomUUID().slice(0, 8)}.myshopify.com`;

const HOURS = { "1": [{ open: "13:00", close: "18:00" }, { open: "09:00", close: "12:00" }], "2": [{ open: "09:00", close: "18:00" }] };
const SLA = {
  low: { firstResponse: 600, resolution: 3000 },
  normal: { firstResponse: 240, resolution: 1620 },
  high: { firstResponse: 120, resolution: 540 },
  urgent: { firstResponse: 30, resolution: 240 },
};
const general = (patch: Record<string, string> = {}) => ({
  intent: "saveGeneral",
  // Addresses are unique across shops, so each call claims its own unless the test names one.
  supportAddress: `Support-${randomUUID().slice(0, 8)}@Example-Shop.jp`,
  senderName: "つなぐ商店 サポート",
  timezone: "Asia/Tokyo",
  businessHours: JSON.stringify(HOURS),
  observeJapaneseHolidays: "true",
  closedDates: JSON.stringify(["2027-01-02", "2026-12-31", "2027-01-02"]),
  autoReplyOutsideHours: "true",
  autoReplyJa: "営業時間外のため、翌営業日にご連絡します。",
  autoReplyEn: "We are closed now and will reply on the next business day.",
  slaTargets: JSON.stringify(SLA),
  ...patch,
});

async function staff(shop: string, userId: string, name?: { firstName: string; lastName: string }) {
  await prisma.staffMember.create({ data: { shop, userId } });
  if (name) {
    await prisma.session.create({ data: { id: `offline_${shop}_${userId}`, shop, state: "s", accessToken: "x", userId: BigInt(userId), ...name } });
  }
}

describe("the support settings page", () => {
  it("gives a shop its defaults on the first visit: categories, templates, hours and every priority's SLA", async () => {
    const shop = newShop();

    const page = await settings.loadSupportSettings(shop, "ja");

    expect(page.categories.length).toBeGreaterThan(0);
    expect(page.templates.some((t) => t.locale === "ja")).toBe(true);
    expect(Object.keys(page.general.businessHours).length).toBeGreaterThan(0);
    expect(Object.keys(page.general.slaTargets).sort()).toEqual(["high", "low", "normal", "urgent"]);
    expect(page.general.autoReplyJa).not.toBe("");
    expect(page.shopTimezone).toBe("Asia/Tokyo");
    expect(page.classifier).toBeNull();
  });

  it("names the shop's staff from their sessions for the team picker, and never another shop's", async () => {
    const shop = newShop();
    const other = newShop();
    await staff(shop, "101", { firstName: "花子", lastName: "佐藤" });
    await staff(shop, "102");
    await staff(other, "201", { firstName: "Intruder", lastName: "X" });

    const page = await settings.loadSupportSettings(shop, "en");

    expect(page.staff).toEqual([
      { userId: "101", name: "佐藤 花子" },
      { userId: "102", name: "102" },
    ]);
  });
});

describe("general settings", () => {
  it("save the address in lower case, hours sorted, closed dates sorted once each", async () => {
    const shop = newShop();

    const result = await settings.runSupportSettingsIntent(shop, general({ supportAddress: `Help-${shop}` .replace(".myshopify.com", "@Example-Shop.jp") }));

    expect(result).toEqual({ ok: true, intent: "saveGeneral" });
    const page = await settings.loadSupportSettings(shop, "ja");
    expect(page.general).toMatchObject({
      supportAddress: `help-${shop}`.replace(".myshopify.com", "@example-shop.jp"),
      timezone: "Asia/Tokyo",
      closedDates: ["2026-12-31", "2027-01-02"],
      observeJapaneseHolidays: true,
      slaTargets: SLA,
    });
    expect(page.general.businessHours["1"]).toEqual([
      { open: "09:00", close: "12:00" },
      { open: "13:00", close: "18:00" },
    ]);
  });

  it("refuse overlapping or reversed hours, a bad day, an empty auto-reply and a short resolution, writing nothing", async () => {
    const shop = newShop();
    await settings.runSupportSettingsIntent(shop, general());
    const before = await prisma.supportSettings.findUniqueOrThrow({ where: { shop } });

    const result = await settings.runSupportSettingsIntent(
      shop,
      general({
        supportAddress: "not-an-address",
        businessHours: JSON.stringify({ "1": [{ open: "09:00", close: "12:00" }, { open: "11:00", close: "18:00" }], "3": [{ open: "18:00", close: "09:00" }] }),
        closedDates: JSON.stringify(["2026-02-30"]),
        autoReplyEn: "",
        slaTargets: JSON.stringify({ ...SLA, high: { firstResponse: 600, resolution: 60 } }),
        timezone: "Mars/Olympus",
      }),
    );

    expect(result).toMatchObject({ ok: false, code: "invalid" });
    expect(!result.ok && result.errors).toEqual({
      supportAddress: { message: "inquirySettings.errors.addressFormat" },
      timezone: { message: "inquirySettings.errors.timezoneInvalid" },
      "businessHours.1": { message: "inquirySettings.errors.rangeOverlap" },
      "businessHours.3": { message: "inquirySettings.errors.rangeOrder" },
      "closedDates.0": { message: "inquirySettings.errors.dateFormat" },
      autoReplyEn: { message: "inquirySettings.errors.autoReplyRequired" },
      "slaTargets.high": { message: "inquirySettings.errors.resolutionBeforeFirstResponse" },
    });
    expect(settings.supportSettingsFailureStatus("invalid")).toBe(400);
    expect(await prisma.supportSettings.findUniqueOrThrow({ where: { shop } })).toEqual(before);
  });

  it("require targets for every priority", async () => {
    const shop = newShop();
    const { high: _high, ...withoutHigh } = SLA;

    const result = await settings.saveGeneralSettings(shop, general({ slaTargets: JSON.stringify(withoutHigh) }));

    expect(result).toEqual({ ok: false, code: "invalid", errors: { "slaTargets.high": { message: "inquirySettings.errors.slaRequired" } } });
  });

  it("keep a support address to one shop: a second shop gets 409 with a field message", async () => {
    const first = newShop();
    const second = newShop();
    const address = `desk-${randomUUID().slice(0, 8)}@example-shop.jp`;
    await settings.saveGeneralSettings(first, general({ supportAddress: address }));

    const result = await settings.saveGeneralSettings(second, general({ supportAddress: address.toUpperCase() }));

    expect(result).toEqual({ ok: false, code: "addressTaken", errors: { supportAddress: { message: "inquirySettings.errors.addressTaken" } } });
    expect(settings.supportSettingsFailureStatus("addressTaken")).toBe(409);
    expect(await prisma.supportSettings.count({ where: { shop: second } })).toBe(0);
    // Saving again under the shop that owns it is fine.
    expect(await settings.saveGeneralSettings(first, general({ supportAddress: address }))).toEqual({ ok: true });
  });
});

describe("categories", () => {
  const category = (patch: Record<string, string> = {}) => ({
    key: "gift",
    nameJa: "ギフト",
    nameEn: "Gifts",
    position: "5",
    assignment: "manual",
    teamUserIds: "[]",
    firstResponseMinutes: "",
    resolutionMinutes: "",
    ...patch,
  });

  it("are added with a team and SLA overrides, and edited without changing their key", async () => {
    const shop = newShop();
    await staff(shop, "11");
    await staff(shop, "12");

    const created = await settings.createCategory(shop, category({ assignment: "round_robin", teamUserIds: '["11","12"]', firstResponseMinutes: "90", resolutionMinutes: "480" }));
    expect(created.ok).toBe(true);
    const id = created.ok ? created.category.id : "";

    const updated = await settings.updateCategory(shop, id, category({ key: "other", nameJa: "贈り物", assignment: "least_loaded", teamUserIds: '["12"]' }));

    expect(updated.ok).toBe(true);
    const row = await prisma.inquiryCategory.findFirstOrThrow({ where: { shop, id } });
    expect(row).toMatchObject({ key: "gift", nameJa: "贈り物", assignment: "least_loaded", teamUserIds: '["12"]', firstResponseMinutes: null, roundRobinCursor: -1 });
  });

  it("refuse a taken key (409), a bad key, unknown staff and automatic assignment without a team (400)", async () => {
    const shop = newShop();
    const other = newShop();
    await staff(other, "99");
    await settings.createCategory(shop, category());

    const taken = await settings.createCategory(shop, category({ nameJa: "別" }));
    const bad = await settings.createCategory(shop, category({ key: "Gift Box", nameEn: "" }));
    const stranger = await settings.createCategory(shop, category({ key: "vip", teamUserIds: '["99"]', assignment: "round_robin" }));
    const noTeam = await settings.createCategory(shop, category({ key: "vip", assignment: "least_loaded" }));
    const slow = await settings.createCategory(shop, category({ key: "vip", firstResponseMinutes: "600", resolutionMinutes: "60" }));

    expect(taken).toEqual({ ok: false, code: "keyTaken", errors: { key: { message: "inquirySettings.errors.keyTaken", values: { key: "gift" } } } });
    expect(bad).toEqual({
      ok: false,
      code: "invalid",
      errors: { key: { message: "inquirySettings.errors.keyFormat" }, nameEn: { message: "inquirySettings.errors.nameRequired" } },
    });
    expect(stranger).toEqual({ ok: false, code: "invalid", errors: { teamUserIds: { message: "inquirySettings.errors.unknownStaff" } } });
    expect(noTeam).toEqual({ ok: false, code: "invalid", errors: { teamUserIds: { message: "inquirySettings.errors.teamRequired" } } });
    expect(slow).toEqual({ ok: false, code: "invalid", errors: { resolutionMinutes: { message: "inquirySettings.errors.resolutionBeforeFirstResponse" } } });
    expect(await prisma.inquiryCategory.count({ where: { shop } })).toBe(1);
  });

  it("are archived and restored in bulk, and a list holding another shop's id changes nothing", async () => {
    const shop = newShop();
    const other = newShop();
    const a = await settings.createCategory(shop, category({ key: "a" }));
    const b = await settings.createCategory(shop, category({ key: "b" }));
    const foreign = await settings.createCategory(other, category({ key: "c" }));
    const ids = [a, b, foreign].map((r) => (r.ok ? r.category.id : ""));

    const mixed = await settings.runSupportSettingsIntent(shop, { intent: "archiveCategories", ids: JSON.stringify(ids) });
    expect(mixed).toMatchObject({ ok: false, code: "notFound" });
    expect(await prisma.inquiryCategory.count({ where: { archivedAt: { not: null }, id: { in: ids } } })).toBe(0);

    expect(await settings.runSupportSettingsIntent(shop, { intent: "archiveCategories", ids: JSON.stringify(ids.slice(0, 2)) })).toEqual({ ok: true, intent: "archiveCategories" });
    expect(await prisma.inquiryCategory.count({ where: { shop, archivedAt: { not: null } } })).toBe(2);
    await settings.runSupportSettingsIntent(shop, { intent: "restoreCategories", ids: JSON.stringify([ids[0]]) });
    expect((await prisma.inquiryCategory.findMany({ where: { shop, archivedAt: null } })).map((c) => c.key)).toEqual(["a"]);
  });
});

describe("reply templates", () => {
  it("are saved per category and language, and refuse an unknown variable or category by name", async () => {
    const shop = newShop();
    await settings.createCategory(shop, { key: "shipping", nameJa: "配送", nameEn: "Shipping", assignment: "manual" });

    const ok = await settings.createTemplate(shop, { name: "発送のご連絡", categoryKey: "shipping", locale: "ja", body: "{{customer_name}}\nご注文 {{order_number}} を発送しました。{{tracking_url}}" });
    const typo = await settings.createTemplate(shop, { name: "x", categoryKey: "", locale: "ja", body: "{{custmer_name}} 様" });
    const unknownCategory = await settings.createTemplate(shop, { name: "x", categoryKey: "nope", locale: "en", body: "Hello" });
    const badLocale = await settings.createTemplate(shop, { name: "x", categoryKey: "", locale: "fr", body: "Bonjour" });

    expect(ok).toMatchObject({ ok: true, template: { categoryKey: "shipping", locale: "ja" } });
    expect(typo).toEqual({ ok: false, code: "invalid", errors: { body: { message: "inquirySettings.errors.unknownVariable", values: { name: "custmer_name" } } } });
    expect(unknownCategory).toEqual({ ok: false, code: "invalid", errors: { categoryKey: { message: "inquirySettings.errors.unknownCategory" } } });
    expect(badLocale).toMatchObject({ ok: false, code: "invalid", errors: { locale: { message: "inquirySettings.errors.invalid" } } });
    expect(await prisma.replyTemplate.count({ where: { shop } })).toBe(1);
  });

  it("cannot be edited or deleted from another shop", async () => {
    const shop = newShop();
    const created = await settings.createTemplate(shop, { name: "Thanks", categoryKey: "", locale: "en", body: "Dear {{customer_name}}," });
    const id = created.ok ? created.template.id : "";

    const edit = await settings.updateTemplate(newShop(), id, { name: "Stolen", categoryKey: "", locale: "en", body: "x" });
    const remove = await settings.deleteTemplate(newShop(), id);

    expect([edit, remove].map((r) => !r.ok && r.code)).toEqual(["notFound", "notFound"]);
    expect(await prisma.replyTemplate.findFirstOrThrow({ where: { id } })).toMatchObject({ shop, name: "Thanks" });
  });
});

describe("FAQ entries", () => {
  it("keep keywords space separated and are published, unpublished and deleted in bulk within the shop", async () => {
    const shop = newShop();
    const a = await settings.createFaq(shop, { question: "送料はいくらですか？", answer: "全国一律600円です。", keywords: "送料、配送料　shipping", locale: "ja", published: "true" });
    const b = await settings.createFaq(shop, { question: "Can I return an item?", answer: "Within 7 days.", keywords: "", locale: "en", published: "false" });
    const ids = [a, b].map((r) => (r.ok ? r.faq.id : ""));
    expect(a).toMatchObject({ ok: true, faq: { keywords: "送料 配送料 shipping", published: true } });

    expect(await settings.bulkFaq(newShop(), JSON.stringify(ids), "delete")).toMatchObject({ ok: false, code: "notFound" });
    expect(await settings.bulkFaq(shop, JSON.stringify(ids), "publish")).toEqual({ ok: true, count: 2 });
    expect(await prisma.faqEntry.count({ where: { shop, published: true } })).toBe(2);
    expect(await settings.bulkFaq(shop, JSON.stringify([ids[0]]), "delete")).toEqual({ ok: true, count: 1 });
    expect((await prisma.faqEntry.findMany({ where: { shop } })).map((f) => f.question)).toEqual(["Can I return an item?"]);
  });

  it("refuse an empty answer and an overlong question", async () => {
    const result = await settings.createFaq(newShop(), { question: "あ".repeat(301), answer: " ", keywords: "", locale: "ja", published: "true" });
    expect(result).toEqual({
      ok: false,
      code: "invalid",
      errors: { question: { message: "inquirySettings.errors.questionTooLong" }, answer: { message: "inquirySettings.errors.answerRequired" } },
    });
  });
});

describe("triage rules", () => {
  it("are saved in order with their words deduplicated", async () => {
    const shop = newShop();
    await settings.createCategory(shop, { key: "returns", nameJa: "返品", nameEn: "Returns", assignment: "manual" });
    const rules = [
      { contains: ["返品", " 交換 ", "返品"], category: "returns", priority: null },
      { contains: ["至急", "urgent"], category: null, priority: "urgent" },
    ];

    expect(await settings.saveTriageRules(shop, { rules: JSON.stringify(rules) })).toEqual({ ok: true });

    expect((await settings.loadSupportSettings(shop, "ja")).rules).toEqual([
      { contains: ["返品", "交換"], category: "returns", priority: null },
      { contains: ["至急", "urgent"], category: null, priority: "urgent" },
    ]);
  });

  it("refuse a rule without words, without a target or with an unknown category", async () => {
    const shop = newShop();
    const empty = await settings.saveTriageRules(shop, { rules: JSON.stringify([{ contains: [" "], category: null, priority: "high" }, { contains: ["a"], category: null, priority: null }]) });
    const unknown = await settings.saveTriageRules(shop, { rules: JSON.stringify([{ contains: ["gift"], category: "gifts", priority: null }]) });

    expect(empty).toEqual({
      ok: false,
      code: "invalid",
      errors: { "rules.0": { message: "inquirySettings.errors.ruleWordsRequired" }, "rules.1": { message: "inquirySettings.errors.ruleTargetRequired" } },
    });
    expect(unknown).toEqual({ ok: false, code: "invalid", errors: { "rules.0": { message: "inquirySettings.errors.unknownCategory" } } });
    expect(await prisma.supportSettings.count({ where: { shop } })).toBe(0);
  });
});

describe("the classifier", () => {
  it("is retrained on the shop's labelled inquiries and its status shown", async () => {
    const shop = newShop();
    const labelled = [
      ["shipping", "荷物がまだ届きません"],
      ["shipping", "配送状況を教えてください"],
      ["shipping", "いつ発送されますか"],
      ["shipping", "Where is my parcel"],
      ["returns", "返品したいです"],
      ["returns", "サイズが合わないので交換したい"],
      ["returns", "返金をお願いします"],
      ["returns", "I want to return this"],
    ];
    for (const [n, [category, body]] of labelled.entries()) {
      await prisma.inquiry.create({
        data: { shop, number: 1001 + n, channel: "form", category, categorySource: "agent", messages: { create: { shop, author: "shopper", channel: "form", body: body! } } },
      });
    }

    const result = await settings.runSupportSettingsIntent(shop, { intent: "retrain" });

    expect(result).toEqual({ ok: true, intent: "retrain" });
    expect((await settings.loadSupportSettings(shop, "ja")).classifier).toMatchObject({ examples: 8 });
  });
});

describe("a submission", () => {
  it("with an unknown intent is refused as invalid", async () => {
    expect(await settings.runSupportSettingsIntent(newShop(), { intent: "dropTables" })).toMatchObject({ ok: false, code: "invalid", intent: "dropTables" });
  });
});
