/**
 * The compliance handlers against a real migrated database (SQLite; PostgreSQL with TEST_DATABASE=postgresql). Every
 * model of the schema is seeded for two shops and several customers, and every table is scanned afterwards: models
 * come from the Prisma client's DMMF, so a model added later is scanned (and must be seeded) without editing this file.
 */
import { Prisma } from "@tsunagu-generated/prisma-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKind } from "../../tests/support/databases";
import { migrate } from "../../tests/support/stack";
import type { Db } from "../db.server";

type Row = Record<string, unknown>;
type Compliance = typeof import("./compliance.server");

let db: Db;
let compliance: Compliance;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase(testDatabaseKind());
  await migrate(database.url);
  dropDatabase = database.drop;
  // app/db.server.ts reads DATABASE_URL when first imported.
  process.env.DATABASE_URL = database.url;
  db = (await import("../db.server")).default;
  compliance = await import("./compliance.server");
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase?.();
});

const MODELS = Prisma.dmmf.datamodel.models.map((m) => m.name);

async function allRows(model: string): Promise<Row[]> {
  const delegate = (db as unknown as Record<string, { findMany(): Promise<Row[]> }>)[model[0]!.toLowerCase() + model.slice(1)];
  if (!delegate) throw new Error(`no Prisma delegate for model ${model}`);
  return delegate.findMany();
}

function rowText(row: Row): string {
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

/** Every row in every table containing one of the strings, as "Model: string". */
async function findAnywhere(needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const model of MODELS) {
    for (const row of await allRows(model)) {
      const text = rowText(row);
      for (const needle of needles) if (text.includes(needle)) found.push(`${model}: ${needle}`);
    }
  }
  return found;
}

/** Every row in every table with a column equal to the shop's domain. */
async function rowsOfShop(shop: string): Promise<Array<{ model: string; row: Row }>> {
  const found: Array<{ model: string; row: Row }> = [];
  for (const model of MODELS) {
    for (const row of await allRows(model)) if (Object.values(row).includes(shop)) found.push({ model, row });
  }
  return found;
}

async function snapshotOfShop(shop: string) {
  return (await rowsOfShop(shop)).map(({ model, row }) => `${model} ${rowText(row)}`).sort();
}

let shopCounter = 0;
function newShop(): string {
  return `compliance-${process.pid}-${++shopCounter}-${Date.now()}.myshopify.com`;
}

/** One person's identifying strings; every value is unique to them, so a scan can tell them apart. */
type Person = {
  id: string;
  firstName: string;
  lastName: string;
  /** The name reading (フリガナ) the app keeps itself. */
  nameKana: string;
  email: string;
  phone: string;
  address1: string;
  address2: string;
  city: string;
  zip: string;
};

function person(n: number, shop: string): Person {
  const tag = `${shopCounter}x${n}`;
  return {
    id: String(7_000_000_000 + shopCounter * 100 + n),
    firstName: `花子${tag}`,
    lastName: `山田${tag}`,
    nameKana: `ヤマダ${tag}`,
    email: `hanako.${tag}@example.jp`,
    phone: `+8190${String(shopCounter).padStart(3, "0")}${String(n).padStart(5, "0")}`,
    address1: `神南${tag}-2-3`,
    address2: `サンプルビル${tag}`,
    city: `渋谷区${tag}`,
    zip: `150-${String(shopCounter).padStart(2, "0")}${n}${shop.length % 10}`,
  };
}

function piiOf(p: Person): string[] {
  return [p.firstName, p.lastName, p.nameKana, p.email, p.phone, p.address1, p.address2, p.city, p.zip];
}

function restCustomer(p: Person) {
  const address = {
    customer_id: Number(p.id),
    first_name: p.firstName,
    last_name: p.lastName,
    address1: p.address1,
    address2: p.address2,
    city: p.city,
    zip: p.zip,
    phone: p.phone,
    country_code: "JP",
    province_code: "13",
  };
  return {
    id: Number(p.id),
    email: p.email,
    first_name: p.firstName,
    last_name: p.lastName,
    phone: p.phone,
    addresses: [address],
    default_address: address,
    admin_graphql_api_id: `gid://shopify/Customer/${p.id}`,
  };
}

const at = new Date("2026-10-01T00:00:00Z");
let idCounter = 0;
const nextId = () => String(9_000_000_000 + ++idCounter);

type Seeded = { ownOrderId: string; guestOrderId: string; requestedOrderId: string };
/** The shop's custom attributes: a date, a choice and free text (which can hold personal data). */
type Definitions = { birthday: string; tea: string; memo: string };

/** Rows about one customer in every customer-related table: profile, tags, orders (own, guest, requested), checkouts, notes, an export, webhooks. */
async function seedCustomer(shop: string, p: Person, definitions: Definitions): Promise<Seeded> {
  await db.customer.create({
    data: {
      shop,
      shopifyId: p.id,
      firstName: p.firstName,
      lastName: p.lastName,
      nameKana: p.nameKana,
      email: p.email,
      phone: p.phone,
      locale: "ja",
      note: `${p.lastName}様は午前中の配達を希望`,
      tags: "VIP, 定期便",
      marketingState: "SUBSCRIBED",
      addresses: JSON.stringify([
        { firstName: p.firstName, lastName: p.lastName, address1: p.address1, address2: p.address2, city: p.city, zip: p.zip, phone: p.phone },
      ]),
      provinceCode: "JP-13",
      countryCode: "JP",
      zip: p.zip,
      shopifyCreatedAt: at,
      shopifyUpdatedAt: at,
      ordersCount: 2,
      totalSpent: "12000",
    },
  });
  await db.customerTag.createMany({ data: ["VIP", "定期便"].map((tag) => ({ shop, customerShopifyId: p.id, tag })) });
  await db.customerAnalysis.create({
    data: { shop, customerShopifyId: p.id, recencyScore: 5, frequencyScore: 4, monetaryScore: 4, rfmClass: "loyal", cpmClass: "cpm_kotsukotsu_active", computedAt: at },
  });
  await db.cpmSnapshot.createMany({
    data: ["2026-09", "2026-10"].map((month) => ({ shop, month, customerShopifyId: p.id, cpmClass: "cpm_kotsukotsu_active" })),
  });
  await db.customerAttributeValue.createMany({
    data: [
      { shop, customerShopifyId: p.id, definitionId: definitions.birthday, value: "1990-04-01", updatedByUserId: "42" },
      { shop, customerShopifyId: p.id, definitionId: definitions.tea, value: '["緑茶"]' },
      { shop, customerShopifyId: p.id, definitionId: definitions.memo, value: `${p.lastName}様は ${p.address1} の店舗をご利用` },
    ],
  });
  const order = async (customerShopifyId: string | null, email: string | null, phone: string | null, note: string | null) => {
    const shopifyId = nextId();
    await db.order.create({
      data: {
        shop,
        shopifyId,
        customerShopifyId,
        name: `#${shopifyId.slice(-4)}`,
        email,
        phone,
        note,
        currencyCode: "JPY",
        totalPrice: "6000",
        processedAt: at,
        shopifyCreatedAt: at,
        shopifyUpdatedAt: at,
        lineItems: { create: [{ shop, shopifyId: nextId(), title: "緑茶 100g", quantity: 2, unitPrice: "3000" }] },
      },
    });
    return shopifyId;
  };
  const ownOrderId = await order(p.id, p.email, p.phone, `${p.address1} ${p.address2} へ配送`);
  const guestOrderId = await order(null, p.email, null, null);
  // Known only through orders_to_redact / orders_requested: no customer id, email or phone on the row.
  const requestedOrderId = await order(null, null, null, `宛名: ${p.lastName} ${p.firstName}`);
  await db.abandonedCheckout.create({
    data: {
      shop,
      shopifyId: nextId(),
      token: `tok-${p.id}`,
      customerShopifyId: p.id,
      email: p.email,
      phone: p.phone,
      currencyCode: "JPY",
      totalPrice: "3000",
      lineItems: JSON.stringify([
        { title: "緑茶 100g", variantTitle: null, quantity: 1, unitPrice: "3000", productShopifyId: "1", variantShopifyId: "2", properties: { engraving: p.firstName } },
      ]),
      recoveryUrl: `https://${shop}/checkouts/tok-${p.id}/recover?key=abc&email=${encodeURIComponent(p.email)}`,
      shopifyCreatedAt: at,
      shopifyUpdatedAt: at,
    },
  });
  await db.abandonedCheckout.create({
    data: { shop, shopifyId: nextId(), phone: p.phone, currencyCode: "JPY", totalPrice: "1500", shopifyCreatedAt: at, shopifyUpdatedAt: at },
  });
  await db.customerNote.create({ data: { shop, customerShopifyId: p.id, body: `${p.lastName}様: 電話 ${p.phone} は夜のみ`, caution: true } });
  await db.dataRequestExport.create({
    data: { shop, customerShopifyId: p.id, dataRequestId: `old-${p.id}`, payload: JSON.stringify({ profile: restCustomer(p) }) },
  });
  const event = (topic: string, payload: unknown, status = "processed") =>
    db.webhookEvent.create({ data: { shop, webhookId: `wh-${nextId()}`, topic, payload: JSON.stringify(payload), status } });
  // A conversation linked to the customer, and one they started as a guest under their email (not linked yet).
  const inquiry = async (number: number, linked: boolean) => {
    const row = await db.inquiry.create({
      data: {
        shop,
        number,
        channel: linked ? "form" : "email",
        subject: `${p.lastName}様 配送について`,
        customerShopifyId: linked ? p.id : null,
        customerLink: linked ? "linked" : "pending",
        contactName: `${p.lastName} ${p.firstName}`,
        contactEmail: p.email,
        contactPhone: p.phone,
        orderNumber: "#1001",
        pageUrl: `https://${shop}/pages/contact?email=${encodeURIComponent(p.email)}`,
        pagesViewed: JSON.stringify([{ url: `https://${shop}/account?name=${encodeURIComponent(p.lastName)}` }]),
        chatTokenHash: `hash-${p.id}-${number}`,
      },
    });
    await db.inquiryMessage.createMany({
      data: [
        { shop, inquiryId: row.id, author: "shopper", authorName: p.lastName, channel: "form", body: `${p.address1} に住んでいます。電話 ${p.phone}`, attachments: JSON.stringify([{ filename: `${p.lastName}.jpg`, contentType: "image/jpeg", size: 10 }]) },
        { shop, inquiryId: row.id, author: "agent", authorName: "佐藤", channel: "inbox", body: `${p.lastName} ${p.firstName} 様、お問い合わせありがとうございます。`, deliveryState: "sent" },
        { shop, inquiryId: row.id, author: "note", authorName: "佐藤", channel: "inbox", body: `${p.firstName}さんは ${p.email} でも連絡可` },
        { shop, inquiryId: row.id, author: "system", channel: "inbox", body: '{"event":"status","to":"pending","by":"42"}' },
      ],
    });
    await db.inquiryPresence.create({ data: { shop, inquiryId: row.id, userId: "42", state: "viewing", seenAt: at } });
  };
  await inquiry(Number(p.id.slice(-4)) * 2, true);
  await inquiry(Number(p.id.slice(-4)) * 2 + 1, false);
  await event("customers/update", restCustomer(p));
  await event("orders/create", { id: Number(ownOrderId), email: p.email, customer: restCustomer(p), shipping_address: restCustomer(p).default_address });
  await event("orders/updated", { id: Number(requestedOrderId), note: `宛名: ${p.lastName} ${p.firstName}` });
  await event("checkouts/update", { id: Number(nextId()), email: p.email, phone: p.phone }, "received");
  await event("customers/data_request", { shop_domain: shop, customer: { id: Number(p.id), email: p.email, phone: p.phone }, data_request: { id: 1 } });
  return { ownOrderId, guestOrderId, requestedOrderId };
}

/** A shop with rows in every model, its target customer and two other customers. */
async function seedShop() {
  const shop = newShop();
  const [target, other, third] = [person(1, shop), person(2, shop), person(3, shop)];
  await db.shop.create({ data: { domain: shop, name: "テスト茶舗", email: `owner@${shop}`, ianaTimezone: "Asia/Tokyo" } });
  await db.session.create({ data: { id: `offline_${shop}`, shop, state: "s", accessToken: "shpat_test", userId: BigInt(42) } });
  await db.staffMember.create({ data: { shop, userId: "42", locale: "ja" } });
  await db.syncRun.create({ data: { shop, kind: "initial", status: "completed", customersSynced: 3 } });
  await db.webhookEvent.create({ data: { shop, webhookId: `wh-${nextId()}`, topic: "app/scopes_update", payload: JSON.stringify({ current: ["read_customers"] }) } });
  const definition = async (key: string, label: string, type: string, choices: string[] = []) =>
    (await db.customAttributeDefinition.create({ data: { shop, key, label, type, choices: JSON.stringify(choices) } })).id;
  const definitions: Definitions = {
    birthday: await definition("birthday", "誕生日", "date"),
    tea: await definition("tea", "好きなお茶", "multi_choice", ["緑茶", "ほうじ茶"]),
    memo: await definition("memo", "接客メモ", "text"),
  };
  await db.customerSavedView.create({ data: { shop, name: "VIP", query: "tag=VIP", createdByUserId: "42" } });
  await db.analysisSettings.create({ data: { shop, rfmWindowDays: 365, lastComputedAt: new Date() } });
  const segment = await db.segment.create({ data: { shop, name: "Repeat buyers", rule: '{"op":"and","conditions":[]}' } });
  await db.segmentPush.create({ data: { shop, segmentId: segment.id, kind: "tags", tag: "repeat" } });
  await db.dashboardLayout.create({ data: { shop, userId: "42", cards: '["customers"]' } });
  await db.analyticsReport.create({ data: { shop, kind: "cohorts", data: "{}", computedAt: new Date() } });
  await db.inquiryCounter.create({ data: { shop, next: 2000 } });
  await db.inquiryCategory.create({ data: { shop, key: "shipping", nameJa: "配送", nameEn: "Shipping", teamUserIds: '["42"]' } });
  await db.replyTemplate.create({ data: { shop, name: "お礼", locale: "ja", body: "{{customer_name}}、ありがとうございます。" } });
  await db.faqEntry.create({ data: { shop, locale: "ja", question: "送料は？", answer: "全国一律500円です。" } });
  await db.supportSettings.create({ data: { shop, supportAddress: `support@${shop}` } });
  await db.inquiryClassifier.create({ data: { shop, model: "{}", examples: 0, trainedAt: at } });
  await db.collection.create({ data: { shop, shopifyId: "301", title: "新茶", handle: "shincha" } });
  await db.collectionProduct.create({ data: { shop, collectionShopifyId: "301", productShopifyId: "1" } });
  const seeded = await seedCustomer(shop, target, definitions);
  await seedCustomer(shop, other, definitions);
  await seedCustomer(shop, third, definitions);
  return { shop, target, other, third, seeded, definitions };
}

// Each model must be seeded above, or the scans would pass vacuously for it.
const SEEDED_MODELS = [
  "Session",
  "Shop",
  "StaffMember",
  "WebhookEvent",
  "Customer",
  "CustomerTag",
  "Order",
  "OrderLineItem",
  "AbandonedCheckout",
  "SyncRun",
  "CustomerNote",
  "DataRequestExport",
  "CustomAttributeDefinition",
  "CustomerAttributeValue",
  "CustomerSavedView",
  "CustomerAnalysis",
  "CpmSnapshot",
  "AnalysisSettings",
  "Segment",
  "SegmentPush",
  "DashboardLayout",
  "AnalyticsReport",
  "Inquiry",
  "InquiryCounter",
  "InquiryMessage",
  "InquiryCategory",
  "ReplyTemplate",
  "FaqEntry",
  "SupportSettings",
  "InquiryClassifier",
  "InquiryPresence",
  "Collection",
  "CollectionProduct",
];

describe("the compliance tests", () => {
  it("seed every model of the schema", async () => {
    const { shop } = await seedShop();
    expect([...MODELS].sort()).toEqual([...SEEDED_MODELS].sort());
    const rows = await rowsOfShop(shop);
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(MODELS));
  });
});

describe("customers/redact", () => {
  async function redact(shop: string, p: Person, ordersToRedact: string[]) {
    // As the worker would find it: the redact webhook itself is stored, mid-processing, with the customer's contact.
    const payload = { shop_id: 1, shop_domain: shop, customer: { id: Number(p.id), email: p.email, phone: p.phone }, orders_to_redact: ordersToRedact.map(Number) };
    await db.webhookEvent.upsert({
      where: { shop_webhookId: { shop, webhookId: `redact-${p.id}` } },
      update: {},
      create: { shop, webhookId: `redact-${p.id}`, topic: "customers/redact", payload: JSON.stringify(payload), status: "processing" },
    });
    return compliance.handleCustomerRedact(shop, payload);
  }

  it("leaves none of the customer's name, email, phone or address in any table, and is harmless twice", async () => {
    const { shop, target, other, third, seeded } = await seedShop();
    const elsewhere = await seedShop();
    const othersBefore = await db.customer.findMany({ where: { shop, shopifyId: { in: [other.id, third.id] } }, orderBy: { shopifyId: "asc" } });
    const elsewhereBefore = await snapshotOfShop(elsewhere.shop);
    expect(await findAnywhere(piiOf(target))).not.toEqual([]);

    for (let run = 0; run < 2; run++) {
      const outcome = await redact(shop, target, [seeded.requestedOrderId]);
      expect(outcome.status).toBe("processed");
      expect(await findAnywhere(piiOf(target))).toEqual([]);
    }

    // The tombstone stays, marked, with its facts; the personal fields are gone.
    const tombstone = await db.customer.findUniqueOrThrow({ where: { shop_shopifyId: { shop, shopifyId: target.id } } });
    expect(tombstone).toMatchObject({ email: null, phone: null, firstName: null, lastName: null, nameKana: null, note: null, tags: "", addresses: "[]", ordersCount: 2 });
    expect(tombstone.redactedAt).toBeInstanceOf(Date);
    expect(await db.customerTag.count({ where: { shop, customerShopifyId: target.id } })).toBe(0);
    expect(await db.customerNote.count({ where: { shop, customerShopifyId: target.id } })).toBe(0);
    expect(await db.customerAttributeValue.count({ where: { shop, customerShopifyId: target.id } })).toBe(0);
    expect(await db.customerAnalysis.count({ where: { shop, customerShopifyId: target.id } })).toBe(0);
    expect(await db.cpmSnapshot.count({ where: { shop, customerShopifyId: target.id } })).toBe(0);
    expect(await db.customerAnalysis.count({ where: { shop, customerShopifyId: { in: [other.id, third.id] } } })).toBe(2);
    expect(await db.cpmSnapshot.count({ where: { shop, customerShopifyId: { in: [other.id, third.id] } } })).toBe(4);
    // The shop's attribute definitions stay: they describe the shop, not the customer.
    expect(await db.customAttributeDefinition.count({ where: { shop } })).toBe(3);
    expect(await db.customerAttributeValue.count({ where: { shop, customerShopifyId: { in: [other.id, third.id] } } })).toBe(6);
    expect(await db.dataRequestExport.count({ where: { shop, customerShopifyId: target.id } })).toBe(0);
    // Orders keep their amounts for the merchant's books.
    const orders = await db.order.findMany({ where: { shop, shopifyId: { in: Object.values(seeded) } } });
    expect(orders.map((o) => [o.totalPrice.toString(), o.email, o.phone, o.note, o.redactedAt !== null])).toEqual(
      orders.map(() => ["6000", null, null, null, true]),
    );
    const checkouts = await db.abandonedCheckout.findMany({ where: { shop, redactedAt: { not: null } } });
    expect(checkouts).toHaveLength(2);
    expect(checkouts.every((c) => c.recoveryUrl === null && c.token === null && c.email === null)).toBe(true);
    expect(JSON.parse(checkouts.find((c) => c.lineItems !== "[]")!.lineItems)).toEqual([
      { title: "緑茶 100g", variantTitle: null, quantity: 1, unitPrice: "3000", productShopifyId: "1", variantShopifyId: "2" },
    ]);
    // Their conversations (linked and as a guest) stay for the shop's figures, without a word of what was written.
    const conversations = await db.inquiry.findMany({ where: { shop, redactedAt: { not: null } }, include: { messages: true } });
    expect(conversations).toHaveLength(2);
    expect(conversations.flatMap((c) => c.messages.filter((m) => m.author !== "system").map((m) => m.body))).toEqual(Array(6).fill(""));
    expect(conversations.every((c) => c.contactEmail === null && c.chatTokenHash === null && c.pagesViewed === "[]")).toBe(true);
    // A queued webhook about the customer is not processed any more.
    const queued = await db.webhookEvent.findMany({ where: { shop, topic: "checkouts/update", payload: '{"redacted":true}' } });
    expect(queued.map((e) => e.status)).toEqual(["skipped"]);

    // Everyone else is untouched: the other customers' data and the other shop.
    const othersAfter = await db.customer.findMany({ where: { shop, shopifyId: { in: [other.id, third.id] } }, orderBy: { shopifyId: "asc" } });
    expect(othersAfter).toEqual(othersBefore);
    for (const p of [other, third]) {
      const remaining = await findAnywhere(piiOf(p));
      expect(new Set(remaining.map((r) => r.split(": ")[0]))).toEqual(
        new Set(["Customer", "CustomerAttributeValue", "Order", "AbandonedCheckout", "CustomerNote", "DataRequestExport", "WebhookEvent", "Inquiry", "InquiryMessage"]),
      );
    }
    expect(await snapshotOfShop(elsewhere.shop)).toEqual(elsewhereBefore);
  });

  it("keeps a tombstone for a customer the app never synced, so a late webhook cannot add them", async () => {
    const { shop } = await seedShop();
    const stranger = person(9, shop);

    await redact(shop, stranger, []);
    await redact(shop, stranger, []);

    const rows = await db.customer.findMany({ where: { shop, shopifyId: stranger.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: null, firstName: null });
    expect(rows[0]!.redactedAt).toBeInstanceOf(Date);
  });
});

describe("customers/data_request", () => {
  const request = (shop: string, p: Person, ordersRequested: string[], id: number) => ({
    shop_id: 1,
    shop_domain: shop,
    orders_requested: ordersRequested.map(Number),
    customer: { id: Number(p.id), email: p.email, phone: p.phone },
    data_request: { id },
  });

  it("stores one export with everything the app holds about the customer and nothing about anyone else", async () => {
    const { shop, target, other, seeded } = await seedShop();

    const first = await compliance.handleCustomerDataRequest(shop, request(shop, target, [seeded.requestedOrderId], 555));
    const again = await compliance.handleCustomerDataRequest(shop, request(shop, target, [seeded.requestedOrderId], 555));

    expect([first.status, again.status]).toEqual(["processed", "skipped"]);
    const rows = await db.dataRequestExport.findMany({ where: { shop, customerShopifyId: target.id, dataRequestId: "555" } });
    expect(rows).toHaveLength(1);
    const doc = JSON.parse(rows[0]!.payload) as {
      profile: { firstName: string; nameKana: string; addresses: Array<{ address1: string }> };
      tags: string[];
      customAttributes: Array<{ key: string; label: string; value: unknown; updatedByUserId: string | null }>;
      analysis: { rfm: { class: string }; cpmClass: string; cpmByMonth: Array<{ month: string; cpmClass: string }> };
      orders: Array<{ shopifyId: string; totalPrice: string; lineItems: Array<{ title: string }> }>;
      abandonedCheckouts: Array<{ recoveryUrl: string | null }>;
      staffNotes: Array<{ body: string; caution: boolean }>;
      inquiries: Array<{ channel: string; chatTokenHash?: string; messages: Array<{ author: string; body: string }> }>;
      webhooks: Array<{ topic: string }>;
    };
    expect(doc.profile.firstName).toBe(target.firstName);
    expect(doc.profile.addresses[0]!.address1).toBe(target.address1);
    expect(doc.tags).toEqual(["VIP", "定期便"]);
    expect(doc.profile.nameKana).toBe(target.nameKana);
    expect(doc.customAttributes.map((a) => [a.key, a.label, a.value])).toEqual([
      ["birthday", "誕生日", "1990-04-01"],
      ["tea", "好きなお茶", ["緑茶"]],
      ["memo", "接客メモ", `${target.lastName}様は ${target.address1} の店舗をご利用`],
    ]);
    expect(doc.analysis.rfm.class).toBe("loyal");
    expect(doc.analysis.cpmByMonth.map((m) => m.month)).toEqual(["2026-09", "2026-10"]);
    expect(doc.orders.map((o) => o.shopifyId).sort()).toEqual(Object.values(seeded).sort());
    expect(doc.orders[0]!.totalPrice).toBe("6000");
    expect(doc.orders[0]!.lineItems.map((l) => l.title)).toEqual(["緑茶 100g"]);
    expect(doc.abandonedCheckouts).toHaveLength(2);
    expect(doc.staffNotes).toEqual([expect.objectContaining({ caution: true })]);
    // Both conversations (linked, and as a guest by email), with what the customer and staff wrote; never the chat secret.
    expect(doc.inquiries.map((i) => i.channel).sort()).toEqual(["email", "form"]);
    expect(doc.inquiries[0]!.messages.map((m) => m.author)).toEqual(["shopper", "agent", "note"]);
    expect(doc.inquiries[0]!.messages[0]!.body).toContain(target.address1);
    expect(doc.inquiries.every((i) => i.chatTokenHash === undefined)).toBe(true);
    expect(doc.webhooks.map((w) => w.topic).sort()).toEqual(
      ["checkouts/update", "customers/data_request", "customers/update", "orders/create", "orders/updated"].sort(),
    );
    const text = rows[0]!.payload;
    for (const s of piiOf(other)) expect(text).not.toContain(s);
  });

  it("stores a second export when Shopify sends a new request for the same customer", async () => {
    const { shop, target } = await seedShop();
    await compliance.handleCustomerDataRequest(shop, request(shop, target, [], 1));
    await compliance.handleCustomerDataRequest(shop, request(shop, target, [], 2));
    expect(await db.dataRequestExport.count({ where: { shop, customerShopifyId: target.id, dataRequestId: { in: ["1", "2"] } } })).toBe(2);
  });

  it("refuses a payload that is not a data request", async () => {
    const { shop } = await seedShop();
    await expect(compliance.handleCustomerDataRequest(shop, { customer: { email: "x@example.com" } })).rejects.toThrow();
  });
});

describe("shop/redact", () => {
  it("deletes every row of the shop in every table, sessions included, and is harmless twice", async () => {
    const { shop } = await seedShop();
    const elsewhere = await seedShop();
    const elsewhereBefore = await snapshotOfShop(elsewhere.shop);
    await db.webhookEvent.create({
      data: { shop, webhookId: "shop-redact", topic: "shop/redact", payload: JSON.stringify({ shop_id: 1, shop_domain: shop }), status: "processing" },
    });

    for (let run = 0; run < 2; run++) {
      const outcome = await compliance.handleShopRedact(shop, { shop_id: 1, shop_domain: shop });
      expect(outcome.status).toBe("processed");
      // Nothing of the shop remains, not even the record of the request.
      expect(await rowsOfShop(shop)).toEqual([]);
    }
    expect(await snapshotOfShop(elsewhere.shop)).toEqual(elsewhereBefore);
  });

  it("does nothing when the payload names another shop", async () => {
    const { shop } = await seedShop();
    const before = await snapshotOfShop(shop);
    const outcome = await compliance.handleShopRedact(shop, { shop_id: 1, shop_domain: "someone-else.myshopify.com" });
    expect(outcome.status).toBe("skipped");
    expect(await snapshotOfShop(shop)).toEqual(before);
  });
});
