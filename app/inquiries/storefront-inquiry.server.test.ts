import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

// The storefront fast path (openStorefrontInquiry: snapshot of the settings, grouped driver write; ADR 017) must write
// what openInquiry writes. Each case opens the same submission both ways and compares the rows.
const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { openInquiry, openStorefrontInquiry, inquiryEvents } = await import("./conversations.server");
const { ensureSupportDefaults } = await import("./defaults.server");
const { closeInquiryStore } = await import("./inquiry-store.server");
const { invalidateSupportSnapshot } = await import("./support-cache.server");

afterAll(async () => {
  await closeInquiryStore();
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `fast-${randomUUID().slice(0, 8)}.myshopify.com`;
const MONDAY_10 = new Date("2026-11-30T01:00:00Z");
const SUNDAY_10 = new Date("2026-11-29T01:00:00Z");

type Input = Parameters<typeof openInquiry>[0];
const submission = (shop: string, extra: Partial<Input> = {}): Input => ({
  shop,
  channel: "form",
  locale: "ja",
  contact: { name: " 山田 花子 ", email: "Hanako@Example.com", phone: "090-1234-5678" },
  subject: "配送について",
  body: "注文した商品がまだ届きません。<b>至急</b>",
  orderNumber: "#1001",
  pageUrl: "https://shop.example/pages/contact",
  pagesViewed: [{ url: "/products/mug", title: "マグ", at: "2026-11-23T10:00:00.000Z" }],
  ...extra,
});

const IGNORED = new Set(["id", "number", "updatedAt", "inquiryId"]);
const comparable = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([key]) => !IGNORED.has(key)));

async function written(shop: string, id: string) {
  const inquiry = await prisma.inquiry.findFirstOrThrow({ where: { shop, id } });
  const messages = await prisma.inquiryMessage.findMany({ where: { shop, inquiryId: id }, orderBy: { createdAt: "asc" } });
  return { inquiry: comparable(inquiry), messages: messages.map((m) => comparable({ ...m, id: undefined })) };
}

async function bothWays(shop: string, extra: Partial<Input>) {
  const slow = await openInquiry(submission(shop, extra));
  const fast = await openStorefrontInquiry(submission(shop, extra));
  return { slow: await written(shop, slow.id), fast: await written(shop, fast.id), numbers: [slow.number, fast.number] };
}

describe("the storefront fast path", () => {
  it("writes the same inquiry and message as openInquiry while the desk is open (triage by rule, due times)", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    await prisma.supportSettings.update({ where: { shop }, data: { triageRules: JSON.stringify([{ contains: ["届きません"], category: "shipping" }]) } });
    invalidateSupportSnapshot(shop);
    const { slow, fast, numbers } = await bothWays(shop, { receivedAt: MONDAY_10 });
    expect(numbers).toEqual([1001, 1002]);
    expect(fast).toEqual(slow);
    expect(fast.inquiry).toMatchObject({ category: "shipping", categorySource: "rule", priority: "urgent", customerLink: "pending", staffUnread: true });
    expect(fast.messages).toHaveLength(1);
  });

  it("writes the same out-of-hours auto-reply, queued for mail, in the shopper's language", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    for (const locale of ["ja", "en"] as const) {
      const { slow, fast } = await bothWays(shop, { receivedAt: SUNDAY_10, locale });
      // openInquiry dates its auto-reply by the clock (before this test's future receivedAt); compare by author.
      const shape = (messages: typeof fast.messages) =>
        messages.map((m) => [m.author, m.authorName, m.channel, m.origin, m.deliveryState, m.body]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(shape(fast.messages)).toEqual(shape(slow.messages));
      expect(fast.messages[1]).toMatchObject({ author: "agent", origin: "auto_reply", deliveryState: "queued" });
      expect(fast.inquiry).toMatchObject({ status: slow.inquiry.status, staffUnread: slow.inquiry.staffUnread, firstRespondedAt: null });
    }
  });

  it("keeps the shopper's category, links the shop's customer by email and trusts the logged-in customer", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    const at = new Date("2026-01-01T00:00:00Z");
    await prisma.customer.create({ data: { shop, shopifyId: "101", email: "hanako@example.com", shopifyCreatedAt: at, shopifyUpdatedAt: at } });
    const byEmail = await bothWays(shop, { receivedAt: MONDAY_10, category: "payment" });
    expect(byEmail.fast).toEqual(byEmail.slow);
    expect(byEmail.fast.inquiry).toMatchObject({ category: "payment", categorySource: "shopper", customerShopifyId: "101", customerLink: "linked" });
    const loggedIn = await bothWays(shop, { receivedAt: MONDAY_10, customerShopifyId: "202" });
    expect(loggedIn.fast).toEqual(loggedIn.slow);
    expect(loggedIn.fast.inquiry).toMatchObject({ customerShopifyId: "202", customerLink: "linked" });
  });

  it("numbers a burst without gaps or duplicates, mixed with openInquiry, each shop on its own", async () => {
    const shop = newShop();
    const other = newShop();
    const opened = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? openInquiry(submission(shop)) : openStorefrontInquiry(submission(i % 2 ? shop : other)))),
    );
    const numbers = async (s: string) => (await prisma.inquiry.findMany({ where: { shop: s }, select: { number: true } })).map((r) => r.number).sort();
    const mine = await numbers(shop);
    expect(mine).toEqual(Array.from({ length: mine.length }, (_, i) => 1001 + i));
    const theirs = await numbers(other);
    expect(theirs).toEqual(Array.from({ length: theirs.length }, (_, i) => 1001 + i));
    expect(mine.length + theirs.length).toBe(40);
    expect(new Set(opened.map((o) => o.id)).size).toBe(40);
  });

  it("tells waiting screens, and assigns by the category's round robin right after answering", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    await prisma.inquiryCategory.update({ where: { shop_key: { shop, key: "shipping" } }, data: { assignment: "round_robin", teamUserIds: '["a","b"]' } });
    invalidateSupportSnapshot(shop);
    const events: string[] = [];
    const listener = (event: { shop: string; author: string }) => {
      if (event.shop === shop) events.push(event.author);
    };
    inquiryEvents.on("message", listener);
    const opened = await Promise.all([1, 2].map(() => openStorefrontInquiry(submission(shop, { category: "shipping", receivedAt: MONDAY_10 }))));
    inquiryEvents.off("message", listener);
    expect(events).toEqual(["shopper", "shopper"]);
    await vi.waitFor(
      async () => {
        const rows = await prisma.inquiry.findMany({ where: { shop, id: { in: opened.map((o) => o.id) } } });
        expect(rows.map((r) => r.assigneeUserId).sort()).toEqual(["a", "b"]);
      },
      { timeout: 5_000, interval: 50 },
    );
  });

  it("sees settings saved through the settings screens at once", async () => {
    const shop = newShop();
    await ensureSupportDefaults(shop, "ja");
    const first = await openStorefrontInquiry(submission(shop, { body: "ギフト包装はできますか", subject: null, receivedAt: MONDAY_10 }));
    expect(await prisma.inquiry.findFirstOrThrow({ where: { shop, id: first.id } })).toMatchObject({ categorySource: null, priority: "normal" });
    const { runSupportSettingsIntent } = await import("./settings.server");
    const saved = await runSupportSettingsIntent(shop, { intent: "saveRules", rules: JSON.stringify([{ contains: ["ギフト"], category: "other", priority: "low" }]) });
    expect(saved).toMatchObject({ ok: true });
    const second = await openStorefrontInquiry(submission(shop, { body: "ギフト包装はできますか", subject: null, receivedAt: MONDAY_10 }));
    expect(await prisma.inquiry.findFirstOrThrow({ where: { shop, id: second.id } })).toMatchObject({ category: "other", priority: "low", categorySource: "rule" });
  });
});
