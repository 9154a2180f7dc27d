/** The inbox over the running app: staff directory, list, conversation, replies, notes, logged calls, presence. */
import { describe, expect, it } from "vitest";
import { appDb, devstore, eventually, openAdmin, stack, syncedShop } from "../support/clients";

type Shop = Awaited<ReturnType<typeof devstore.createShop>>;

async function appRequest(shop: Shop, path: string, init: RequestInit = {}, user = 1) {
  const token = await devstore.sessionToken(shop.handle, user);
  return fetch(`${stack().appUrl}${path}`, {
    redirect: "manual",
    ...init,
    headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}`, "user-agent": "Mozilla/5.0 Chrome/156.0" },
  });
}

const post = (shop: Shop, path: string, fields: Record<string, string>, user = 1) =>
  appRequest(shop, path, { method: "POST", body: new URLSearchParams(fields) }, user);

let numbers = 5000;

async function seedInquiry(shop: Shop, fields: { channel?: string; subject: string; body: string; contactName?: string; contactEmail?: string; customerShopifyId?: string }) {
  const { body, ...rest } = fields;
  const inquiry = await appDb().inquiry.create({ data: { shop: shop.domain, number: ++numbers, channel: "email", locale: "ja", ...rest } });
  await appDb().inquiryMessage.create({ data: { shop: shop.domain, inquiryId: inquiry.id, author: "shopper", channel: inquiry.channel, body } });
  return inquiry;
}

describe("the staff directory", () => {
  it("learns a staff member's name and address once, from an online-token exchange", async () => {
    const shop = await syncedShop("ja");
    await openAdmin(shop, "ja", "/app/inbox");
    const member = await appDb().staffMember.findUnique({ where: { shop_userId: { shop: shop.domain, userId: "1" } } });
    expect(member).toMatchObject({ name: "山田 花子", email: "hanako.yamada@example.com" });
  });
});

describe("the inbox", () => {
  it("lists inquiries with tab counts and shows a conversation's shopper text as text, never as HTML", async () => {
    const shop = await syncedShop("ja");
    const inquiry = await seedInquiry(shop, { subject: "返品について", body: `<img src=x onerror="alert(1)">返品したいです`, contactName: "佐藤 一郎" });

    const list = await openAdmin(shop, "ja", "/app/inbox");
    expect(list.status).toBe(200);
    expect(list.html).toContain("返品について");
    expect(list.html).toContain("佐藤 一郎");

    const page = await openAdmin(shop, "ja", `/app/inbox/${inquiry.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("&lt;img src=x onerror=");
    expect(page.html).not.toContain(`<img src=x onerror="alert(1)">`);
    // Opening it marks it read for staff.
    expect((await appDb().inquiry.findUniqueOrThrow({ where: { id: inquiry.id } })).staffUnread).toBe(false);
  });

  it("answers 404 for another shop's conversation", async () => {
    const mine = await syncedShop("ja");
    const other = await syncedShop("ja");
    const theirs = await seedInquiry(other, { subject: "他店", body: "秘密" });
    expect((await openAdmin(mine, "ja", `/app/inbox/${theirs.id}`)).status).toBe(404);
    expect((await post(mine, `/app/inbox/${theirs.id}`, { intent: "reply", body: "x", status: "pending" })).status).toBe(404);
  });

  it("sends a reply as mail (queued for the mail module) and keeps a note internal", async () => {
    const shop = await syncedShop("ja");
    const inquiry = await seedInquiry(shop, { subject: "配送", body: "いつ届きますか", contactEmail: "ichiro@example.jp" });
    await openAdmin(shop, "ja", "/app/inbox"); // the directory knows user 1

    const reply = await post(shop, `/app/inbox/${inquiry.id}`, { intent: "reply", body: "明日お届けします", status: "pending" });
    expect(reply.status).toBe(200);
    const note = await post(shop, `/app/inbox/${inquiry.id}`, { intent: "note", body: "倉庫に確認済み @山田花子", mentions: "1" });
    expect(note.status).toBe(200);

    const messages = await appDb().inquiryMessage.findMany({ where: { inquiryId: inquiry.id }, orderBy: { createdAt: "asc" } });
    expect(messages.find((m) => m.author === "agent")).toMatchObject({ body: "明日お届けします", authorUserId: "1", authorName: "山田 花子" });
    expect(messages.find((m) => m.author === "agent")?.deliveryState).toMatch(/queued|sending|sent/);
    expect(messages.find((m) => m.author === "note")).toMatchObject({ body: "倉庫に確認済み @山田花子", deliveryState: null, mentions: JSON.stringify(["1"]) });
    expect((await appDb().inquiry.findUniqueOrThrow({ where: { id: inquiry.id } })).status).toBe("pending");
  });

  it("refuses an empty reply with a localized field message and writes nothing", async () => {
    const shop = await syncedShop("en");
    const inquiry = await seedInquiry(shop, { subject: "Size", body: "Which size?" });
    const response = await post(shop, `/app/inbox/${inquiry.id}`, { intent: "reply", body: "   ", status: "pending" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Write a message.");
    expect(await appDb().inquiryMessage.count({ where: { inquiryId: inquiry.id } })).toBe(1);
  });

  it("assigns and resolves several inquiries at once", async () => {
    const shop = await syncedShop("ja");
    const a = await seedInquiry(shop, { subject: "A", body: "a" });
    const b = await seedInquiry(shop, { subject: "B", body: "b" });
    await openAdmin(shop, "ja", "/app/inbox");

    expect((await post(shop, "/app/inbox?index", { intent: "assign", ids: `${a.id},${b.id}`, assignee: "1" })).status).toBe(200);
    expect((await post(shop, "/app/inbox?index", { intent: "status", ids: `${a.id},${b.id}`, status: "resolved" })).status).toBe(200);
    const rows = await appDb().inquiry.findMany({ where: { shop: shop.domain }, orderBy: { number: "asc" } });
    expect(rows.map((r) => [r.assigneeUserId, r.status])).toEqual([
      ["1", "resolved"],
      ["1", "resolved"],
    ]);
    const mine = await openAdmin(shop, "ja", "/app/inbox?view=resolved&assignee=1");
    expect(mine.html).toContain("#" + a.number);
  });

  it("warns an agent that another agent is replying to the same conversation", async () => {
    const shop = await syncedShop("ja");
    const inquiry = await seedInquiry(shop, { subject: "同時対応", body: "至急" });
    await openAdmin(shop, "ja", "/app/inbox");

    await post(shop, `/app/inbox/${inquiry.id}/presence`, { state: "replying" }, 1);
    const seen = await post(shop, `/app/inbox/${inquiry.id}/presence`, { state: "viewing" }, 2);
    expect(seen.status).toBe(200);
    expect(await seen.json()).toMatchObject({ others: [{ userId: "1", userName: "山田 花子", state: "replying" }] });
  });
});

describe("logging a call", () => {
  it("opens a phone inquiry for a found customer, shown in the customer's timeline", async () => {
    const shop = await syncedShop("ja");
    const { customer } = await devstore.control<{ customer: { id: number } }>("POST", `/shops/${shop.domain}/customers`, {
      firstName: "花子",
      lastName: "田中",
      email: `call-${Date.now()}@example.jp`,
      phone: "+819012345678",
    });
    await devstore.waitForWebhooks();
    const shopifyId = String(customer.id);
    await eventually(() => appDb().customer.count({ where: { shop: shop.domain, shopifyId } }), (n) => n === 1);

    const found = await (await appRequest(shop, `/app/inbox/customers?q=${encodeURIComponent("田中")}`)).json();
    expect(found.customers.map((c: { shopifyId: string }) => c.shopifyId)).toEqual([shopifyId]);

    const response = await post(shop, "/app/inbox/new", { channel: "phone", customerId: shopifyId, subject: "電話での問い合わせ", body: "ギフト包装はできますか", locale: "ja" });
    expect(response.status).toBe(302);
    const inquiry = await appDb().inquiry.findFirstOrThrow({ where: { shop: shop.domain, channel: "phone" } });
    expect(inquiry).toMatchObject({ customerShopifyId: shopifyId, createdByUserId: "1" });

    const page = await openAdmin(shop, "ja", `/app/customers/${shopifyId}`);
    expect(page.html).toContain(`問い合わせ #${inquiry.number}：電話での問い合わせ`);
  });

  it("refuses a call without contact details with a field message", async () => {
    const shop = await syncedShop("en");
    const response = await post(shop, "/app/inbox/new", { channel: "phone", body: "A question" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Choose a customer or enter a name, email or phone number.");
    expect(await appDb().inquiry.count({ where: { shop: shop.domain } })).toBe(0);
  });
});
