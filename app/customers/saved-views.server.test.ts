import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { createI18n } = await import("../i18n/i18n");
const { parseCustomerIndexQuery } = await import("./customer-index.server");
const views = await import("./saved-views.server");
const { MAX_VIEWS_PER_SHOP, canonicalViewQuery, createSavedView, listSavedViews, loadSavedViews, runSavedViewIntent, savedViewError } = views;

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `views-${randomUUID().slice(0, 8)}.myshopify.com`;

async function create(shop: string, name: string, search = "tag=VIP") {
  const result = await runSavedViewIntent(shop, "staff-1", { intent: "create", name, query: search });
  if (!result.ok || !result.view) throw new Error(`create failed: ${JSON.stringify(result)}`);
  return result.view;
}

describe("canonical view queries", () => {
  it("keep only the index's own parameters, in the index's order, without the page", () => {
    const query = canonicalViewQuery("?page=3&embedded=1&host=abc&tag=VIP&q=%E5%B1%B1%E7%94%B0&sort=name&dir=asc&minOrders=2&lastOrderFrom=2026-01-05");
    expect(query).toBe("q=%E5%B1%B1%E7%94%B0&tag=VIP&minOrders=2&lastOrderFrom=2026-01-05&sort=name&dir=asc");
  });

  it("make the same filters written differently compare equal", () => {
    expect(canonicalViewQuery("dir=desc&tag=VIP&sort=lastOrderAt&q=")).toBe(canonicalViewQuery("tag=VIP"));
    expect(canonicalViewQuery("minSpent=5000.0")).toBe(canonicalViewQuery("minSpent=5000"));
  });

  it("refuse a value the index would refuse", () => {
    expect(canonicalViewQuery("minOrders=-1")).toBeNull();
  });
});

describe("saved views", () => {
  it("are listed in the order they were created, with their canonical query", async () => {
    const shop = newShop();
    await create(shop, "VIP", "tag=VIP&page=4&host=xyz");
    await create(shop, "東京の購読者", "province=JP-13&consent=SUBSCRIBED");
    const list = await listSavedViews(shop);
    expect(list.map((v) => v.name)).toEqual(["VIP", "東京の購読者"]);
    expect(list[0]!.query).toBe("tag=VIP&sort=lastOrderAt&dir=desc");
    expect(list[1]!.query).toBe("consent=SUBSCRIBED&province=JP-13&sort=lastOrderAt&dir=desc");
    const row = await prisma.customerSavedView.findFirstOrThrow({ where: { shop, name: "VIP" } });
    expect(row.createdByUserId).toBe("staff-1");
  });

  it("never show or change another shop's views", async () => {
    const mine = newShop();
    const other = newShop();
    const theirs = await create(other, "Secret");
    expect(await listSavedViews(mine)).toEqual([]);
    for (const form of [
      { intent: "rename", id: theirs.id, name: "Mine now" },
      { intent: "save", id: theirs.id, query: "tag=X" },
      { intent: "duplicate", id: theirs.id, name: "Copy" },
      { intent: "delete", id: theirs.id },
    ]) {
      expect(await runSavedViewIntent(mine, null, form)).toEqual({ ok: false, code: "notFound" });
    }
    const stored = await prisma.customerSavedView.findUniqueOrThrow({ where: { id: theirs.id } });
    expect({ name: stored.name, query: stored.query }).toEqual({ name: "Secret", query: "tag=VIP&sort=lastOrderAt&dir=desc" });
    expect(await prisma.customerSavedView.count({ where: { shop: mine } })).toBe(0);
  });

  it("refuse a name another view of the shop has, ignoring case and full-width forms", async () => {
    const shop = newShop();
    await create(shop, "VIP customers");
    expect(await runSavedViewIntent(shop, null, { intent: "create", name: "vip CUSTOMERS", query: "" })).toEqual({ ok: false, code: "nameTaken" });
    expect(await runSavedViewIntent(shop, null, { intent: "create", name: "ＶＩＰ　customers", query: "" })).toEqual({ ok: false, code: "nameTaken" });
    expect(await prisma.customerSavedView.count({ where: { shop } })).toBe(1);
    // Another shop may use the same name.
    expect((await runSavedViewIntent(newShop(), null, { intent: "create", name: "VIP customers", query: "" })).ok).toBe(true);
  });

  it("need a name of 1 to 40 characters without control characters", async () => {
    const shop = newShop();
    const attempt = (name: unknown) => runSavedViewIntent(shop, null, { intent: "create", name, query: "tag=VIP" });
    expect(await attempt("   ")).toEqual({ ok: false, code: "nameRequired" });
    expect(await attempt(undefined)).toEqual({ ok: false, code: "nameRequired" });
    expect(await attempt("あ".repeat(41))).toEqual({ ok: false, code: "nameTooLong" });
    expect(await attempt("line\nbreak")).toEqual({ ok: false, code: "nameInvalid" });
    expect(await prisma.customerSavedView.count({ where: { shop } })).toBe(0);
    const ok = await attempt(`  ${"あ".repeat(40)}  `);
    expect(ok.ok && ok.view?.name).toBe("あ".repeat(40));
  });

  it(`stop at ${MAX_VIEWS_PER_SHOP} views per shop`, async () => {
    const shop = newShop();
    for (let i = 1; i <= MAX_VIEWS_PER_SHOP; i++) await create(shop, `View ${i}`);
    expect(await createSavedView(shop, null, { name: "One more", search: "" })).toEqual({ ok: false, code: "tooManyViews" });
    const first = (await listSavedViews(shop))[0]!;
    expect(await runSavedViewIntent(shop, null, { intent: "duplicate", id: first.id, name: "Copy" })).toEqual({ ok: false, code: "tooManyViews" });
    expect(await prisma.customerSavedView.count({ where: { shop } })).toBe(MAX_VIEWS_PER_SHOP);
  });

  it("rename a view, keeping its own name allowed in another case", async () => {
    const shop = newShop();
    const view = await create(shop, "repeaters");
    await create(shop, "Lapsed");
    expect(await runSavedViewIntent(shop, null, { intent: "rename", id: view.id, name: "lapsed" })).toEqual({ ok: false, code: "nameTaken" });
    const renamed = await runSavedViewIntent(shop, null, { intent: "rename", id: view.id, name: "Repeaters" });
    expect(renamed).toEqual({ ok: true, view: { ...view, name: "Repeaters" } });
    expect((await listSavedViews(shop)).map((v) => v.name)).toEqual(["Repeaters", "Lapsed"]);
  });

  it("save the current filters into a view", async () => {
    const shop = newShop();
    const view = await create(shop, "VIP");
    const saved = await runSavedViewIntent(shop, null, { intent: "save", id: view.id, query: "tag=VIP&minOrders=2&sort=totalSpent&dir=desc&page=2" });
    expect(saved).toEqual({ ok: true, view: { ...view, query: "tag=VIP&minOrders=2&sort=totalSpent&dir=desc" } });
    expect(await runSavedViewIntent(shop, null, { intent: "save", id: view.id, query: "minOrders=-5" })).toEqual({ ok: false, code: "queryInvalid" });
    expect((await listSavedViews(shop))[0]!.query).toBe("tag=VIP&minOrders=2&sort=totalSpent&dir=desc");
  });

  it("duplicate a view under a new name at the end, and delete one", async () => {
    const shop = newShop();
    const vip = await create(shop, "VIP", "tag=VIP&consent=SUBSCRIBED");
    const other = await create(shop, "Other", "channel=pos");
    expect(await runSavedViewIntent(shop, null, { intent: "duplicate", id: vip.id, name: "vip" })).toEqual({ ok: false, code: "nameTaken" });
    const copy = await runSavedViewIntent(shop, "staff-2", { intent: "duplicate", id: vip.id, name: "VIP のコピー" });
    expect(copy.ok && copy.view?.query).toBe(vip.query);
    expect((await listSavedViews(shop)).map((v) => v.name)).toEqual(["VIP", "Other", "VIP のコピー"]);

    expect(await runSavedViewIntent(shop, null, { intent: "delete", id: other.id })).toEqual({ ok: true, view: null });
    expect(await runSavedViewIntent(shop, null, { intent: "delete", id: other.id })).toEqual({ ok: false, code: "notFound" });
    expect((await listSavedViews(shop)).map((v) => v.name)).toEqual(["VIP", "VIP のコピー"]);
  });

  it("answer an unknown intent without writing", async () => {
    const shop = newShop();
    expect(await runSavedViewIntent(shop, null, { intent: "drop-table", name: "x" })).toEqual({ ok: false, code: "unknownIntent" });
    expect(await runSavedViewIntent(shop, null, {})).toEqual({ ok: false, code: "unknownIntent" });
    expect(await prisma.customerSavedView.count({ where: { shop } })).toBe(0);
  });
});

describe("the index's view state", () => {
  it("selects the view the URL names and tells whether the filters differ from it", async () => {
    const shop = newShop();
    const vip = await create(shop, "VIP", "tag=VIP");
    const state = (search: string) => {
      const params = new URLSearchParams(search);
      return loadSavedViews(shop, params.get("view"), parseCustomerIndexQuery(params));
    };
    expect(await state(`view=${vip.id}&tag=VIP&page=2`)).toMatchObject({ selectedViewId: vip.id, modified: false });
    expect(await state(`view=${vip.id}&tag=VIP&minOrders=1`)).toMatchObject({ selectedViewId: vip.id, modified: true });
    expect(await state(`view=${vip.id}&tag=VIP&sort=name&dir=asc`)).toMatchObject({ selectedViewId: vip.id, modified: true });
    expect(await state("")).toMatchObject({ selectedViewId: null, modified: false });
    expect(await state("tag=VIP")).toMatchObject({ selectedViewId: null, modified: true });

    // A view of another shop (or a deleted one) selects "All customers".
    const theirs = await create(newShop(), "Theirs", "tag=VIP");
    expect(await state(`view=${theirs.id}&tag=VIP`)).toMatchObject({ selectedViewId: null, views: [vip] });
  });
});

describe("saved view errors", () => {
  it("map to a 4xx status and the field the merchant can fix", () => {
    expect(savedViewError("nameTaken")).toEqual({ status: 409, field: "name", messageKey: "customers.views.errors.nameTaken" });
    expect(savedViewError("nameTooLong").status).toBe(400);
    expect(savedViewError("tooManyViews")).toMatchObject({ status: 422, field: "name" });
    expect(savedViewError("notFound")).toMatchObject({ status: 404, field: "id" });
  });

  it("have a message in Japanese and English for every code", () => {
    const codes = ["nameRequired", "nameTooLong", "nameInvalid", "nameTaken", "tooManyViews", "queryInvalid", "notFound", "unknownIntent"] as const;
    for (const locale of ["ja", "en"] as const) {
      const i18n = createI18n(locale);
      for (const code of codes) {
        const key = savedViewError(code).messageKey;
        expect(i18n.exists(key), `${locale} ${key}`).toBe(true);
      }
    }
    expect(createI18n("ja").t(savedViewError("nameTaken").messageKey)).toBe("同じ名前のビューがすでにあります。");
  });
});
