import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { loadCustomer360, saveNameKana } = await import("./customer-360.server");
const { createDefinition, setCustomerAttributeValue } = await import("./custom-attributes.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `c360-${randomUUID().slice(0, 8)}.myshopify.com`;
const at = new Date("2026-11-01T00:00:00Z");

async function customer(shop: string, shopifyId = "3001") {
  await prisma.customer.create({ data: { shop, shopifyId, firstName: "太郎", lastName: "山田", shopifyCreatedAt: at, shopifyUpdatedAt: at } });
  return shopifyId;
}

describe("the name reading (フリガナ)", () => {
  it("is stored in full-width katakana whether typed in hiragana or half-width katakana", async () => {
    const shop = newShop();
    const id = await customer(shop);

    expect(await saveNameKana(shop, id, "やまだ　たろう")).toEqual({ ok: true });
    expect((await loadCustomer360(shop, id))?.nameKana).toBe("ヤマダ タロウ");
    await saveNameKana(shop, id, "ﾔﾏﾀﾞ ﾀﾛｳ");
    expect((await loadCustomer360(shop, id))?.nameKana).toBe("ヤマダ タロウ");
  });

  it("refuses kanji and latin letters with a field message and keeps the stored reading", async () => {
    const shop = newShop();
    const id = await customer(shop);
    await saveNameKana(shop, id, "ヤマダ");

    expect(await saveNameKana(shop, id, "山田")).toEqual({ ok: false, errors: { nameKana: "attributes.kana.errors.notKana" } });
    expect(await saveNameKana(shop, id, "Yamada")).toEqual({ ok: false, errors: { nameKana: "attributes.kana.errors.notKana" } });
    expect(await saveNameKana(shop, id, "ア".repeat(101))).toEqual({ ok: false, errors: { nameKana: "attributes.kana.errors.tooLong" } });
    expect((await loadCustomer360(shop, id))?.nameKana).toBe("ヤマダ");
  });

  it("is cleared by an empty entry", async () => {
    const shop = newShop();
    const id = await customer(shop);
    await saveNameKana(shop, id, "ヤマダ");

    await saveNameKana(shop, id, "  ");

    expect((await loadCustomer360(shop, id))?.nameKana).toBeNull();
  });

  it("cannot be written to another shop's customer", async () => {
    const shop = newShop();
    const id = await customer(shop);

    await expect(saveNameKana(newShop(), id, "ヤマダ")).rejects.toMatchObject({ status: 404 });
    expect((await loadCustomer360(shop, id))?.nameKana).toBeNull();
  });
});

describe("the customer page data", () => {
  it("carries the shop's active attributes with this customer's values", async () => {
    const shop = newShop();
    const id = await customer(shop);
    const other = await customer(shop, "3002");
    const created = await createDefinition(shop, { key: "birthday", label: "誕生日", kind: "static", type: "date" });
    if (!created.ok) throw new Error("definition refused");
    await setCustomerAttributeValue(shop, other, created.definition.id, "1985-12-24", null);
    await setCustomerAttributeValue(shop, id, created.definition.id, "1990-04-01", null);

    const page = await loadCustomer360(shop, id);

    expect(page?.attributes.map((a) => [a.definition.label, a.value])).toEqual([["誕生日", "1990-04-01"]]);
  });
});

describe("the timeline's inquiries", () => {
  it("lists the customer's inquiries of every channel among orders and notes, never another customer's", async () => {
    const shop = newShop();
    const id = await customer(shop);
    await prisma.inquiry.create({ data: { shop, number: 1001, channel: "email", customerShopifyId: id, subject: "配送について", createdAt: new Date("2026-11-02T00:00:00Z") } });
    await prisma.inquiry.create({ data: { shop, number: 1002, channel: "form", customerShopifyId: "9999", subject: "別のお客様" } });

    const timeline = (await loadCustomer360(shop, id))?.timeline ?? [];
    expect(timeline.filter((e) => e.kind === "inquiry")).toMatchObject([{ kind: "inquiry", number: 1001, subject: "配送について", channel: "email", status: "new" }]);
  });
});
