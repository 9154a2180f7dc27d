/** Segments through the running app: the live count route, saving, the list, members in the customers index, tenants. */
import { describe, expect, it } from "vitest";
import { appDb, devstore, openAdmin, stack, syncedShop } from "../support/clients";

type Shop = Awaited<ReturnType<typeof devstore.createShop>>;

const installed = (locale: "ja" | "en" = "ja") => syncedShop(locale);

async function post(shop: Shop, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const token = await devstore.sessionToken(shop.handle);
  return fetch(`${stack().appUrl}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { authorization: `Bearer ${token}`, "user-agent": "Mozilla/5.0 Chrome/156.0", ...headers },
  });
}

async function customer(shop: Shop, shopifyId: string, fields: { lastName: string; tags: string[]; ordersCount: number }) {
  const at = new Date("2026-11-01T00:00:00Z");
  await appDb().customer.create({
    data: {
      shop: shop.domain,
      shopifyId,
      lastName: fields.lastName,
      firstName: "花子",
      email: `${shopifyId}@example.jp`,
      tags: fields.tags.join(", "),
      ordersCount: fields.ordersCount,
      totalSpent: fields.ordersCount * 1000,
      lastOrderAt: fields.ordersCount ? at : null,
      shopifyCreatedAt: at,
      // Far in the future so a webhook for the same customer never wins over these fixture values.
      shopifyUpdatedAt: new Date("2099-01-01T00:00:00Z"),
    },
  });
  await appDb().customerTag.createMany({ data: fields.tags.map((tag) => ({ shop: shop.domain, customerShopifyId: shopifyId, tag })) });
}

const rule = (...children: unknown[]) => JSON.stringify({ type: "group", op: "and", children });
const vip = { type: "condition", field: "tags", operator: "includesAny", value: ["VIP"] };
const repeat = { type: "condition", field: "ordersCount", operator: "gte", value: 2 };

describe("the segment builder over HTTP", () => {
  it("counts live as the rule changes, with a sample of members", async () => {
    const shop = await installed("ja");
    await customer(shop, "9101", { lastName: "山田", tags: ["VIP"], ordersCount: 3 });
    await customer(shop, "9102", { lastName: "佐藤", tags: ["VIP"], ordersCount: 1 });
    await customer(shop, "9103", { lastName: "鈴木", tags: [], ordersCount: 5 });

    const counts: number[] = [];
    for (const r of [rule(), rule(vip), rule(vip, repeat)]) {
      const response = await post(shop, "/app/segments/count", { rule: r });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { count: number; sample: Array<{ shopifyId: string; name: string }> };
      counts.push(body.count);
      if (r === rule(vip, repeat)) expect(body.sample).toEqual([expect.objectContaining({ shopifyId: "9101", name: "山田 花子" })]);
    }
    expect(counts).toEqual([3, 2, 1]);
  });

  it("refuses a bad rule with 400 and a message in the staff member's language", async () => {
    const bad = rule({ type: "condition", field: "ordersCount", operator: "gte", value: "many" });
    const en = await post(await installed("en"), "/app/segments/count", { rule: bad });
    expect(en.status).toBe(400);
    expect(await en.json()).toEqual({ ok: false, errors: [{ field: "rule", message: "Check this value.", path: "children.0" }] });
    const ja = await post(await installed("ja"), "/app/segments/count", { rule: bad });
    expect(ja.status).toBe(400);
    expect(((await ja.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toBe("値を確認してください。");
  });

  it("saves a segment, lists it with its count, opens its members and updates it", async () => {
    const shop = await installed("ja");
    await customer(shop, "9201", { lastName: "山田", tags: ["VIP"], ordersCount: 3 });
    await customer(shop, "9202", { lastName: "佐藤", tags: [], ordersCount: 1 });

    const created = await post(shop, "/app/segments/new", { intent: "create", name: "VIP顧客", description: "上得意様", rule: rule(vip) });
    expect(created.status).toBe(201);
    const saved = await appDb().segment.findFirstOrThrow({ where: { shop: shop.domain } });
    expect(saved).toMatchObject({ name: "VIP顧客", description: "上得意様", memberCount: 1 });

    const list = await openAdmin(shop, "ja", "/app/segments");
    expect(list.status).toBe(200);
    expect(list.html).toContain("VIP顧客");
    expect(list.html).toContain("上得意様");

    const members = await openAdmin(shop, "ja", `/app/customers?segment=${saved.id}`);
    expect(members.html).toContain("セグメント：VIP顧客");
    expect(members.html).toContain("山田 花子");
    expect(members.html).not.toContain("佐藤 花子");

    const page = await openAdmin(shop, "ja", `/app/segments/${saved.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("顧客を表示");

    const updated = await post(shop, `/app/segments/${saved.id}`, { intent: "update", name: "全員", description: "", rule: rule() });
    expect(updated.status).toBe(200);
    expect(await appDb().segment.findUniqueOrThrow({ where: { id: saved.id } })).toMatchObject({ name: "全員", memberCount: 2 });
  });

  it("refuses a taken name with 409 and an empty one with 400, writing nothing", async () => {
    const shop = await installed("ja");
    expect((await post(shop, "/app/segments/new", { intent: "create", name: "VIP", description: "", rule: rule(vip) })).status).toBe(201);
    const taken = await post(shop, "/app/segments/new", { intent: "create", name: "ｖｉｐ", description: "", rule: rule() });
    const empty = await post(shop, "/app/segments/new", { intent: "create", name: " ", description: "", rule: rule() });
    expect([taken.status, empty.status]).toEqual([409, 400]);
    expect(await appDb().segment.count({ where: { shop: shop.domain } })).toBe(1);
  });

  it("keeps every shop to its own segments and customers", async () => {
    const mine = await installed("ja");
    const other = await installed("ja");
    await customer(other, "9301", { lastName: "他店", tags: ["VIP"], ordersCount: 2 });
    await post(other, "/app/segments/new", { intent: "create", name: "他店VIP", description: "", rule: rule(vip) });
    const theirs = await appDb().segment.findFirstOrThrow({ where: { shop: other.domain } });

    const count = await post(mine, "/app/segments/count", { rule: rule(vip) });
    expect(((await count.json()) as { count: number }).count).toBe(0);
    expect((await openAdmin(mine, "ja", `/app/segments/${theirs.id}`)).status).toBe(404);
    expect((await post(mine, `/app/segments/${theirs.id}`, { intent: "update", name: "x", description: "", rule: rule() })).status).toBe(404);
    const members = await openAdmin(mine, "ja", `/app/customers?segment=${theirs.id}`);
    expect(members.html).not.toContain("他店 花子");
    expect(members.html).toContain("セグメントが見つかりません");
    await post(mine, "/app/segments", { intent: "delete", ids: theirs.id });
    expect(await appDb().segment.count({ where: { id: theirs.id } })).toBe(1);
  });

  it("counts customers by their inquiries, names the shop's categories in the staff member's language, and never counts guests or other shops", async () => {
    const shop = await installed("ja");
    const other = await installed("ja");
    await customer(shop, "9401", { lastName: "問合", tags: [], ordersCount: 1 });
    await customer(shop, "9402", { lastName: "静香", tags: [], ordersCount: 1 });
    await appDb().inquiryCategory.createMany({
      data: [
        // Keys of their own (the install may have added default categories).
        { shop: shop.domain, key: "sampling", nameJa: "試供品", nameEn: "Samples", position: 90 },
        { shop: shop.domain, key: "giftwrap", nameJa: "ギフト包装", nameEn: "Gift wrapping", position: 91 },
      ],
    });
    const at = new Date();
    await appDb().inquiry.createMany({
      data: [
        { shop: shop.domain, number: 1001, channel: "form", status: "open", category: "sampling", customerShopifyId: "9401", customerLink: "linked", createdAt: at },
        { shop: shop.domain, number: 1002, channel: "email", status: "resolved", category: "giftwrap", customerShopifyId: "9401", customerLink: "linked", createdAt: at },
        // A guest writing with 静香's address, not linked yet, and another shop's customer with the same id.
        { shop: shop.domain, number: 1003, channel: "chat", status: "new", category: "giftwrap", contactEmail: "9402@example.jp", customerLink: "pending", createdAt: at },
        { shop: other.domain, number: 1001, channel: "form", status: "new", category: "giftwrap", customerShopifyId: "9402", customerLink: "linked", createdAt: at },
      ],
    });
    const countOf = async (...children: unknown[]) => {
      const response = await post(shop, "/app/segments/count", { rule: rule(...children) });
      expect(response.status).toBe(200);
      return ((await response.json()) as { count: number }).count;
    };
    expect(await countOf({ type: "condition", field: "inquiriesCount", operator: "gte", value: 2 })).toBe(1);
    expect(await countOf({ type: "condition", field: "openInquiry", operator: "isSet" })).toBe(1);
    expect(await countOf({ type: "condition", field: "inquiryCategory", operator: "in", value: ["giftwrap"] })).toBe(1);
    expect(await countOf({ type: "condition", field: "inquiryCategory", operator: "notIn", value: ["giftwrap"] })).toBe(1);
    expect(await countOf({ type: "condition", field: "lastInquiryAt", operator: "isNotSet" })).toBe(1);

    const created = await post(shop, "/app/segments/new", {
      intent: "create",
      name: "ギフト包装の問い合わせ",
      description: "",
      rule: rule({ type: "condition", field: "inquiryCategory", operator: "in", value: ["giftwrap"] }),
    });
    expect(created.status).toBe(201);
    const saved = await appDb().segment.findFirstOrThrow({ where: { shop: shop.domain } });
    expect(saved.memberCount).toBe(1);
    // The saved rule's category shows by its Japanese name, under the field's own label.
    const page = await openAdmin(shop, "ja", `/app/segments/${saved.id}`);
    expect(page.html).toContain("ギフト包装");
    expect(page.html).toContain("問い合わせカテゴリ（いずれかの問い合わせ）");
    expect(page.html).not.toContain("問い合わせの条件（件数、対応中の問い合わせ、カテゴリ）は");
  });
});
