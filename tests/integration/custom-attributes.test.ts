/** Custom attributes and the name reading through the running app: settings page, customer page, tenant isolation. */
import { describe, expect, it } from "vitest";
import { appDb, devstore, openAdmin, stack, syncedShop } from "../support/clients";

type Shop = Awaited<ReturnType<typeof devstore.createShop>>;

const installed = (locale: "ja" | "en" = "ja") => syncedShop(locale);

async function post(shop: Shop, path: string, fields: Record<string, string>) {
  const token = await devstore.sessionToken(shop.handle);
  return fetch(`${stack().appUrl}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { authorization: `Bearer ${token}`, "user-agent": "Mozilla/5.0 Chrome/156.0" },
  });
}

async function customer(shop: Shop, shopifyId: string) {
  const at = new Date("2026-11-01T00:00:00Z");
  await appDb().customer.create({
    data: { shop: shop.domain, shopifyId, firstName: "太郎", lastName: "山田", phone: "+81312345678", shopifyCreatedAt: at, shopifyUpdatedAt: at },
  });
}

const SETTINGS = "/app/settings/attributes";

describe("the attributes settings page", () => {
  it("shows the empty state in Japanese and adds an attribute", async () => {
    const shop = await installed("ja");
    const empty = await openAdmin(shop, "ja", SETTINGS);
    expect(empty.status).toBe(200);
    expect(empty.html).toContain("顧客について記録したい項目を追加しましょう");

    const created = await post(shop, SETTINGS, { intent: "create", key: "gender", label: "性別", kind: "static", type: "choice", choices: '["女性","男性"]' });

    expect(created.status).toBe(200);
    const page = await openAdmin(shop, "ja", SETTINGS);
    expect(page.html).toContain("性別");
    expect(page.html).toContain("単一選択");
  });

  it("refuses a bad key with 400 and a taken key with 409, writing nothing", async () => {
    const shop = await installed("en");
    await post(shop, SETTINGS, { intent: "create", key: "birthday", label: "Birthday", kind: "static", type: "date", choices: "[]" });

    const bad = await post(shop, SETTINGS, { intent: "create", key: "Birth Day", label: "Birthday", kind: "static", type: "date", choices: "[]" });
    const taken = await post(shop, SETTINGS, { intent: "create", key: "birthday", label: "Date of birth", kind: "static", type: "date", choices: "[]" });

    expect([bad.status, taken.status]).toEqual([400, 409]);
    expect(await appDb().customAttributeDefinition.findMany({ where: { shop: shop.domain }, select: { label: true } })).toEqual([{ label: "Birthday" }]);
  });

  it("answers 404 when another shop archives or edits a definition, and changes nothing", async () => {
    const mine = await installed();
    const intruder = await installed();
    await post(mine, SETTINGS, { intent: "create", key: "tea", label: "好きなお茶", kind: "dynamic", type: "text", choices: "[]" });
    const definition = await appDb().customAttributeDefinition.findFirstOrThrow({ where: { shop: mine.domain } });

    const archive = await post(intruder, SETTINGS, { intent: "archive", id: definition.id });
    const edit = await post(intruder, SETTINGS, { intent: "update", id: definition.id, label: "盗み見", kind: "static", type: "text", choices: "[]" });

    expect([archive.status, edit.status]).toEqual([404, 404]);
    expect(await appDb().customAttributeDefinition.findUniqueOrThrow({ where: { id: definition.id } })).toEqual(definition);
  });
});

describe("the customer page", () => {
  it("saves attribute values and the reading, and shows them formatted with the phone in national form", async () => {
    const shop = await installed("ja");
    await customer(shop, "801");
    await post(shop, SETTINGS, { intent: "create", key: "birthday", label: "誕生日", kind: "static", type: "date", choices: "[]" });
    await post(shop, SETTINGS, { intent: "create", key: "dm", label: "DM希望", kind: "dynamic", type: "boolean", choices: "[]" });
    const [birthday, dm] = await appDb().customAttributeDefinition.findMany({ where: { shop: shop.domain }, orderBy: { position: "asc" } });

    const wrong = await post(shop, "/app/customers/801", { intent: "attributes", [`attribute.${birthday!.id}`]: "1990-02-30", [`attribute.${dm!.id}`]: "true" });
    expect(wrong.status).toBe(400);
    expect(await appDb().customerAttributeValue.count({ where: { shop: shop.domain } })).toBe(0);

    const saved = await post(shop, "/app/customers/801", { intent: "attributes", [`attribute.${birthday!.id}`]: "1990-04-01", [`attribute.${dm!.id}`]: "true" });
    const kana = await post(shop, "/app/customers/801", { intent: "nameKana", nameKana: "やまだ たろう" });
    const kanji = await post(shop, "/app/customers/801", { intent: "nameKana", nameKana: "山田" });

    expect([saved.status, kana.status, kanji.status]).toEqual([200, 200, 400]);
    const page = await openAdmin(shop, "ja", "/app/customers/801");
    expect(page.html).toContain("1990年4月1日");
    expect(page.html).toContain("はい");
    expect(page.html).toContain("<rt>ヤマダ タロウ</rt>");
    expect(page.html).toContain("03-1234-5678");
    const english = await openAdmin(shop, "en", "/app/customers/801");
    expect(english.html).toContain("April 1, 1990");
    expect(english.html).toContain("+81 3-1234-5678");
  });

  it("does not let another shop write to a customer with the same id", async () => {
    const mine = await installed();
    const intruder = await installed();
    await customer(mine, "901");

    const response = await post(intruder, "/app/customers/901", { intent: "nameKana", nameKana: "ヌスミ" });

    expect(response.status).toBe(404);
    expect((await appDb().customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop: mine.domain, shopifyId: "901" } } })).nameKana).toBeNull();
  });
});
