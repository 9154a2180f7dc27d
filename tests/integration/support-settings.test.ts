/** The support settings screens through the running app: defaults, saving, refusals, tenant isolation, inert text. */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appDb, devstore, openAdmin, stack, syncedShop } from "../support/clients";

type Shop = Awaited<ReturnType<typeof devstore.createShop>>;

const SETTINGS = "/app/settings/support";

async function post(shop: Shop, fields: Record<string, string>) {
  const token = await devstore.sessionToken(shop.handle);
  const response = await fetch(`${stack().appUrl}${SETTINGS}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { authorization: `Bearer ${token}`, "user-agent": "Mozilla/5.0 Chrome/156.0" },
  });
  // A document POST: the page comes back with the action's status and its result (field message keys) in the data.
  return { status: response.status, html: await response.text() };
}

const SLA = JSON.stringify({
  low: { firstResponse: 540, resolution: 2700 },
  normal: { firstResponse: 240, resolution: 1620 },
  high: { firstResponse: 120, resolution: 540 },
  urgent: { firstResponse: 60, resolution: 240 },
});
const general = (patch: Record<string, string> = {}) => ({
  intent: "saveGeneral",
  supportAddress: `support-${randomUUID().slice(0, 8)}@tsunagu-shop.jp`,
  senderName: "つなぐ商店",
  timezone: "",
  businessHours: JSON.stringify({ "1": [{ open: "10:00", close: "17:00" }] }),
  observeJapaneseHolidays: "true",
  closedDates: JSON.stringify(["2026-12-31"]),
  autoReplyOutsideHours: "true",
  autoReplyJa: "ただいま営業時間外です。",
  autoReplyEn: "We are closed right now.",
  slaTargets: SLA,
  ...patch,
});

describe("the support settings page", () => {
  it("opens in Japanese with the shop's defaults, and in English", async () => {
    const shop = await syncedShop("ja");

    const ja = await openAdmin(shop, "ja", SETTINGS);
    expect(ja.status).toBe(200);
    expect(ja.html).toContain("サポート設定");
    expect(ja.html).toContain("営業時間");
    expect(ja.html).toContain("日本の祝日は休業");
    expect(await appDb().inquiryCategory.count({ where: { shop: shop.domain } })).toBeGreaterThan(0);

    const en = await openAdmin(shop, "en", `${SETTINGS}?tab=categories`);
    expect(en.html).toContain("Add category");
    const first = await appDb().inquiryCategory.findFirstOrThrow({ where: { shop: shop.domain }, orderBy: { position: "asc" } });
    expect(en.html).toContain(first.nameEn.replaceAll("&", "&amp;"));
  });

  it("saves the general settings, refuses bad hours with 400 and writes nothing", async () => {
    const shop = await syncedShop("ja");
    const saved = await post(shop, general({ supportAddress: `Desk-${shop.handle}@Tsunagu-Shop.jp` }));
    expect(saved.status).toBe(200);

    const bad = await post(shop, general({ businessHours: JSON.stringify({ "2": [{ open: "18:00", close: "09:00" }] }), autoReplyJa: "" }));

    expect(bad.status).toBe(400);
    expect(bad.html).toContain("inquirySettings.errors.rangeOrder");
    expect(bad.html).toContain("inquirySettings.errors.autoReplyRequired");
    const row = await appDb().supportSettings.findUniqueOrThrow({ where: { shop: shop.domain } });
    expect(row.supportAddress).toBe(`desk-${shop.handle}@tsunagu-shop.jp`);
    expect(JSON.parse(row.businessHours)).toEqual({ "1": [{ open: "10:00", close: "17:00" }] });
    const page = await openAdmin(shop, "ja", SETTINGS);
    expect(page.html).toContain(`desk-${shop.handle}@tsunagu-shop.jp`);
  });

  it("answers 409 when a second shop claims a support address in use", async () => {
    const first = await syncedShop("ja");
    const second = await syncedShop("en");
    const address = `shared-${randomUUID().slice(0, 8)}@tsunagu-shop.jp`;
    expect((await post(first, general({ supportAddress: address }))).status).toBe(200);

    const taken = await post(second, general({ supportAddress: address }));

    expect(taken.status).toBe(409);
    expect(taken.html).toContain("inquirySettings.errors.addressTaken");
    expect((await appDb().supportSettings.findUniqueOrThrow({ where: { shop: second.domain } })).supportAddress).toBeNull();
  });

  it("answers 404 when another shop archives a category or edits a template, and changes nothing", async () => {
    const mine = await syncedShop("ja");
    const intruder = await syncedShop("ja");
    await openAdmin(mine, "ja", SETTINGS);
    const category = await appDb().inquiryCategory.findFirstOrThrow({ where: { shop: mine.domain } });
    const template = await appDb().replyTemplate.findFirstOrThrow({ where: { shop: mine.domain } });

    const archive = await post(intruder, { intent: "archiveCategories", ids: JSON.stringify([category.id]) });
    const edit = await post(intruder, { intent: "updateTemplate", id: template.id, name: "盗み見", categoryKey: "", locale: "ja", body: "x" });

    expect([archive.status, edit.status]).toEqual([404, 404]);
    expect(await appDb().inquiryCategory.findUniqueOrThrow({ where: { id: category.id } })).toEqual(category);
    expect(await appDb().replyTemplate.findUniqueOrThrow({ where: { id: template.id } })).toEqual(template);
  });

  it("shows markup typed into a template and an FAQ answer as text, never as HTML", async () => {
    const shop = await syncedShop("en");
    const attack = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    expect((await post(shop, { intent: "createTemplate", name: attack, categoryKey: "", locale: "en", body: `Dear {{customer_name}}, ${attack}` })).status).toBe(200);
    expect((await post(shop, { intent: "createFaq", question: attack, answer: attack, keywords: "", locale: "en", published: "true" })).status).toBe(200);

    const templates = await openAdmin(shop, "en", `${SETTINGS}?tab=templates`);
    const faq = await openAdmin(shop, "en", `${SETTINGS}?tab=faq`);

    for (const page of [templates, faq]) {
      expect(page.html).not.toContain("<img src=x");
      expect(page.html).not.toContain("<script>alert(2)");
      expect(page.html).toContain("&lt;img src=x");
    }
  });
});
