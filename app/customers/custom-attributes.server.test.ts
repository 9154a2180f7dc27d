import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const attributes = await import("./custom-attributes.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `attributes-${randomUUID().slice(0, 8)}.myshopify.com`;
const at = new Date("2026-11-01T00:00:00Z");

async function customer(shop: string, shopifyId: string, patch: { redactedAt?: Date } = {}) {
  await prisma.customer.create({ data: { shop, shopifyId, shopifyCreatedAt: at, shopifyUpdatedAt: at, ...patch } });
  return shopifyId;
}

async function define(shop: string, input: Record<string, unknown>) {
  const result = await attributes.createDefinition(shop, { kind: "static", choices: "[]", ...input });
  if (!result.ok) throw new Error(`definition refused: ${JSON.stringify(result.errors)}`);
  return result.definition;
}

describe("attribute definitions", () => {
  it("are listed per shop in the order they were added, archived ones only when asked", async () => {
    const shop = newShop();
    const other = newShop();
    const birthday = await define(shop, { key: "birthday", label: "誕生日", type: "date" });
    const gender = await define(shop, { key: "gender", label: "性別", type: "choice", choices: '["女性","男性"]' });
    await define(other, { key: "birthday", label: "Birthday", type: "date" });

    await attributes.archiveDefinition(shop, birthday.id);

    expect((await attributes.listDefinitions(shop)).map((d) => d.label)).toEqual(["性別"]);
    const all = await attributes.listDefinitions(shop, { includeArchived: true });
    expect(all.map((d) => [d.label, d.archived, d.choices])).toEqual([
      ["誕生日", true, []],
      ["性別", false, ["女性", "男性"]],
    ]);
    expect(gender.position).toBeGreaterThan(birthday.position);
    expect((await attributes.listDefinitions(other)).map((d) => d.label)).toEqual(["Birthday"]);
  });

  it("refuse a key the shop already uses, with a field message, and write nothing", async () => {
    const shop = newShop();
    await define(shop, { key: "birthday", label: "誕生日", type: "date" });

    const again = await attributes.createDefinition(shop, { key: "birthday", label: "生年月日", kind: "static", type: "date", choices: "[]" });

    expect(again).toEqual({ ok: false, code: "keyTaken", errors: { key: { message: "attributes.errors.keyTaken", values: { key: "birthday" } } } });
    expect(attributes.attributeFailureStatus("keyTaken")).toBe(409);
    expect(await prisma.customAttributeDefinition.count({ where: { shop } })).toBe(1);
  });

  it("refuse invalid input with 400 and localized field keys", async () => {
    const shop = newShop();
    const result = await attributes.createDefinition(shop, { key: "size", label: "サイズ", kind: "static", type: "choice", choices: "[]" });
    expect(result).toEqual({ ok: false, code: "invalid", errors: { choices: { message: "attributes.errors.choicesRequired" } } });
    expect(attributes.attributeFailureStatus("invalid")).toBe(400);
    expect(await prisma.customAttributeDefinition.count({ where: { shop } })).toBe(0);
  });

  it("change label, kind and choices but keep the key", async () => {
    const shop = newShop();
    const tea = await define(shop, { key: "tea", label: "好きなお茶", type: "multi_choice", choices: '["緑茶","紅茶"]' });

    const result = await attributes.updateDefinition(shop, tea.id, { key: "other", label: "お好みのお茶", kind: "dynamic", type: "multi_choice", choices: '["緑茶","紅茶","ほうじ茶"]' });

    expect(result.ok).toBe(true);
    const [stored] = await attributes.listDefinitions(shop);
    expect(stored).toMatchObject({ key: "tea", label: "お好みのお茶", kind: "dynamic", choices: ["緑茶", "紅茶", "ほうじ茶"] });
  });

  it("lock the type once a customer has a value, and allow it before", async () => {
    const shop = newShop();
    const id = await customer(shop, "1001");
    const note = await define(shop, { key: "size", label: "サイズ", type: "text" });
    const changed = await attributes.updateDefinition(shop, note.id, { label: "サイズ", kind: "static", type: "choice", choices: '["S","M","L"]' });
    expect(changed.ok).toBe(true);
    await attributes.setCustomerAttributeValue(shop, id, note.id, "M", null);

    const locked = await attributes.updateDefinition(shop, note.id, { label: "サイズ", kind: "static", type: "text", choices: "[]" });

    expect(locked).toEqual({ ok: false, code: "typeLocked", errors: { type: { message: "attributes.errors.typeLocked" } } });
    expect((await attributes.listDefinitions(shop))[0]!.type).toBe("choice");
  });

  it("keep a choice that customers still have from being removed", async () => {
    const shop = newShop();
    const id = await customer(shop, "1002");
    const tea = await define(shop, { key: "tea", label: "好きなお茶", type: "multi_choice", choices: '["緑茶","紅茶","ほうじ茶"]' });
    await attributes.setCustomerAttributeValue(shop, id, tea.id, '["紅茶"]', null);

    const refused = await attributes.updateDefinition(shop, tea.id, { label: "好きなお茶", kind: "static", type: "multi_choice", choices: '["緑茶","ほうじ茶"]' });
    const allowed = await attributes.updateDefinition(shop, tea.id, { label: "好きなお茶", kind: "static", type: "multi_choice", choices: '["紅茶","緑茶"]' });

    expect(refused).toMatchObject({ ok: false, code: "choiceInUse", errors: { choices: { values: { choice: "紅茶", count: 1 } } } });
    expect(allowed.ok).toBe(true);
  });

  it("move up and down among the active definitions, and refuse a stale order", async () => {
    const shop = newShop();
    const [a, b, c] = [
      await define(shop, { key: "a", label: "A", type: "text" }),
      await define(shop, { key: "b", label: "B", type: "text" }),
      await define(shop, { key: "c", label: "C", type: "text" }),
    ];
    await attributes.moveDefinition(shop, c.id, "up");
    expect((await attributes.listDefinitions(shop)).map((d) => d.key)).toEqual(["a", "c", "b"]);
    await attributes.moveDefinition(shop, a.id, "up");
    await attributes.moveDefinition(shop, a.id, "down");
    expect((await attributes.listDefinitions(shop)).map((d) => d.key)).toEqual(["c", "a", "b"]);

    expect(await attributes.reorderDefinitions(shop, [b.id, a.id])).toMatchObject({ ok: false, code: "staleOrder" });
    expect(await attributes.reorderDefinitions(shop, [b.id, a.id, c.id])).toEqual({ ok: true });
    expect((await attributes.listDefinitions(shop)).map((d) => d.key)).toEqual(["b", "a", "c"]);
  });

  it("answer not found for another shop's definition and leave it untouched", async () => {
    const shop = newShop();
    const intruder = newShop();
    const birthday = await define(shop, { key: "birthday", label: "誕生日", type: "date" });

    expect(await attributes.archiveDefinition(intruder, birthday.id)).toMatchObject({ ok: false, code: "notFound" });
    expect(await attributes.updateDefinition(intruder, birthday.id, { label: "x", kind: "static", type: "date" })).toMatchObject({ ok: false, code: "notFound" });
    expect(await attributes.moveDefinition(intruder, birthday.id, "up")).toMatchObject({ ok: false, code: "notFound" });
    expect(attributes.attributeFailureStatus("notFound")).toBe(404);
    expect((await attributes.listDefinitions(shop))[0]).toMatchObject({ label: "誕生日", archived: false });
  });

  it("restore an archived definition with the customers' values kept", async () => {
    const shop = newShop();
    const id = await customer(shop, "1003");
    const birthday = await define(shop, { key: "birthday", label: "誕生日", type: "date" });
    await attributes.setCustomerAttributeValue(shop, id, birthday.id, "1990-04-01", null);

    await attributes.archiveDefinition(shop, birthday.id);
    expect(await attributes.loadCustomerAttributes(shop, id)).toEqual([]);
    await attributes.restoreDefinition(shop, birthday.id);

    expect((await attributes.loadCustomerAttributes(shop, id)).map((a) => a.value)).toEqual(["1990-04-01"]);
  });
});

describe("a customer's attribute values", () => {
  async function shopWithAttributes() {
    const shop = newShop();
    const id = await customer(shop, "2001");
    const birthday = await define(shop, { key: "birthday", label: "誕生日", type: "date" });
    const gender = await define(shop, { key: "gender", label: "性別", type: "choice", choices: '["女性","男性"]' });
    const points = await define(shop, { key: "points", label: "ポイント", type: "number", kind: "dynamic" });
    return { shop, id, birthday, gender, points };
  }

  it("are saved in canonical form and loaded with their definitions in order", async () => {
    const { shop, id, birthday, gender, points } = await shopWithAttributes();

    const result = await attributes.saveCustomerAttributes(shop, id, "staff-1", {
      [attributes.attributeField(birthday.id)]: "1990/4/1",
      [attributes.attributeField(gender.id)]: "女性",
      [attributes.attributeField(points.id)]: "1,200",
    });

    expect(result).toEqual({ ok: true, changed: 3 });
    const loaded = await attributes.loadCustomerAttributes(shop, id);
    expect(loaded.map((a) => [a.definition.key, a.value, a.updatedByUserId])).toEqual([
      ["birthday", "1990-04-01", "staff-1"],
      ["gender", "女性", "staff-1"],
      ["points", "1200", "staff-1"],
    ]);
    expect(loaded[0]!.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("write nothing when one field is wrong, and say which", async () => {
    const { shop, id, birthday, gender } = await shopWithAttributes();

    const result = await attributes.saveCustomerAttributes(shop, id, null, {
      [attributes.attributeField(birthday.id)]: "1990-02-30",
      [attributes.attributeField(gender.id)]: "女性",
    });

    expect(result).toEqual({
      ok: false,
      code: "invalid",
      errors: { [attributes.attributeField(birthday.id)]: { message: "attributes.errors.dateInvalid" } },
    });
    expect(await prisma.customerAttributeValue.count({ where: { shop } })).toBe(0);
  });

  it("clear a value when the field is emptied, and leave fields not sent alone", async () => {
    const { shop, id, birthday, gender } = await shopWithAttributes();
    await attributes.setCustomerAttributeValue(shop, id, birthday.id, "1990-04-01", null);
    await attributes.setCustomerAttributeValue(shop, id, gender.id, "男性", null);

    await attributes.saveCustomerAttributes(shop, id, null, { [attributes.attributeField(birthday.id)]: "" });

    expect((await attributes.loadCustomerAttributes(shop, id)).map((a) => a.value)).toEqual([null, "男性", null]);
  });

  it("do not rewrite an unchanged value, so its updated date stays", async () => {
    const { shop, id, points } = await shopWithAttributes();
    await attributes.setCustomerAttributeValue(shop, id, points.id, "10", "staff-1");
    const before = await prisma.customerAttributeValue.findFirstOrThrow({ where: { shop, customerShopifyId: id } });

    const again = await attributes.setCustomerAttributeValue(shop, id, points.id, "10.0", "staff-2");

    expect(again).toEqual({ ok: true, changed: 0 });
    const after = await prisma.customerAttributeValue.findFirstOrThrow({ where: { shop, customerShopifyId: id } });
    expect(after).toEqual(before);
  });

  it("refuse a value for an archived definition or an unknown customer", async () => {
    const { shop, id, birthday } = await shopWithAttributes();
    await attributes.archiveDefinition(shop, birthday.id);

    expect(await attributes.setCustomerAttributeValue(shop, id, birthday.id, "1990-04-01", null)).toMatchObject({ ok: false, code: "notFound" });
    expect(await attributes.setCustomerAttributeValue(shop, "9999", birthday.id, "1990-04-01", null)).toMatchObject({ ok: false, code: "customerNotFound" });
    const redacted = await customer(shop, "2002", { redactedAt: at });
    expect(await attributes.setCustomerAttributeValue(shop, redacted, birthday.id, "1990-04-01", null)).toMatchObject({ ok: false, code: "customerNotFound" });
    expect(await prisma.customerAttributeValue.count({ where: { shop } })).toBe(0);
  });

  it("cannot be written through another shop's definition", async () => {
    const { shop, birthday } = await shopWithAttributes();
    const intruder = newShop();
    const theirs = await customer(intruder, "2001");

    const result = await attributes.setCustomerAttributeValue(intruder, theirs, birthday.id, "1990-04-01", null);

    expect(result).toMatchObject({ ok: false, code: "notFound" });
    expect(await prisma.customerAttributeValue.count({ where: { shop: { in: [shop, intruder] } } })).toBe(0);
  });
});
