/**
 * The mandatory compliance webhooks end to end: the dev store sends the real signed customers/data_request,
 * customers/redact and shop/redact webhooks, the app records them and its worker acts on them.
 */
import { randomUUID } from "node:crypto";
import { Prisma } from "@tsunagu-generated/prisma-sqlite";
import { describe, expect, it } from "vitest";
import { appDb, devstore, eventually, openAdmin, stack } from "../support/clients";

type Row = Record<string, unknown>;

async function installedShop(locale: "ja" | "en") {
  const shop = await devstore.createShop(locale);
  expect((await openAdmin(shop, locale)).status).toBe(200);
  return shop;
}

/** A customer in the dev store with an address and an order, whose webhooks the app has recorded. */
async function customerWithOrder(domain: string) {
  const tag = randomUUID().slice(0, 8);
  const person = {
    firstName: `花子${tag}`,
    lastName: `山田${tag}`,
    email: `hanako-${tag}@example.jp`,
    phone: `+8190${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    address1: `神南${tag}-2-3`,
    nameKana: `ヤマダ${tag}`,
  };
  const { customer } = await devstore.control<{ customer: { id: number } }>("POST", `/shops/${domain}/customers`, {
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    phone: person.phone,
    addresses: [{ firstName: person.firstName, lastName: person.lastName, address1: person.address1, city: "渋谷区", zip: "150-0041", countryCodeV2: "JP" }],
  });
  const { products } = await devstore.control<{ products: Array<{ variants: Array<{ id: number }> }> }>("GET", `/shops/${domain}/products`);
  const { order } = await devstore.control<{ order: { id: number } }>("POST", `/shops/${domain}/orders`, {
    customerId: customer.id,
    lines: [{ variantId: products[0]!.variants[0]!.id, quantity: 1 }],
  });
  await devstore.waitForWebhooks();
  // The sync (app/sync) may or may not hold the customer yet; a staff note is the app's own data either way.
  // Written as single statements (createMany, updateMany, INSERT … ON CONFLICT): Prisma runs create/update/upsert on
  // SQLite as a read-then-write transaction, which fails at once (SQLITE_BUSY, "Operation has timed out") when the
  // app's worker commits between its read and its write; a single statement just waits for the write lock.
  await appDb().customerNote.createMany({ data: [{ shop: domain, customerShopifyId: String(customer.id), body: `${person.lastName}様は夜のみ連絡可`, caution: true }] });
  // The reading (フリガナ) and custom attribute values are the app's own too, kept on the synced customer row.
  const where = { shop_shopifyId: { shop: domain, shopifyId: String(customer.id) } };
  await eventually(() => appDb().customer.findUnique({ where }), (row) => row !== null);
  await appDb().customer.updateMany({ where: { shop: domain, shopifyId: String(customer.id) }, data: { nameKana: person.nameKana } });
  await appDb().$executeRaw`INSERT INTO "CustomAttributeDefinition" ("id", "shop", "key", "label", "type", "updatedAt")
    VALUES (${randomUUID()}, ${domain}, 'memo', '接客メモ', 'text', ${new Date()}) ON CONFLICT ("shop", "key") DO NOTHING`;
  const definition = await appDb().customAttributeDefinition.findUniqueOrThrow({ where: { shop_key: { shop: domain, key: "memo" } } });
  await appDb().customerAttributeValue.createMany({
    data: [{ shop: domain, customerShopifyId: String(customer.id), definitionId: definition.id, value: `${person.lastName}様は${person.address1}の店舗で受け取り` }],
  });
  return { id: String(customer.id), orderId: String(order.id), ...person };
}

async function compliance(domain: string, topic: string, customerId?: string) {
  await devstore.control("POST", `/shops/${domain}/compliance`, { topic, ...(customerId ? { customerId: Number(customerId) } : {}) });
  await devstore.waitForWebhooks();
  return eventually(
    () => appDb().webhookEvent.findMany({ where: { shop: domain, topic } }),
    (rows) => rows.length > 0 && rows.every((r) => r.status === "processed" || r.status === "skipped" || r.status === "failed"),
  );
}

// authenticate.admin turns away requests that look like bots; the download is a browser's fetch.
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

async function downloadExport(handle: string, id: string) {
  const token = await devstore.sessionToken(handle);
  return fetch(`${stack().appUrl}/app/data-requests/${id}`, { headers: { authorization: `Bearer ${token}`, "user-agent": BROWSER } });
}

const MODELS = Prisma.dmmf.datamodel.models.map((m) => m.name);

async function everyRow(): Promise<Array<{ model: string; text: string; row: Row }>> {
  const db = appDb() as unknown as Record<string, { findMany(): Promise<Row[]> }>;
  const rows: Array<{ model: string; text: string; row: Row }> = [];
  for (const model of MODELS) {
    for (const row of await db[model[0]!.toLowerCase() + model.slice(1)]!.findMany()) {
      rows.push({ model, row, text: JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) });
    }
  }
  return rows;
}

describe("compliance webhooks from the dev store", () => {
  it("customers/data_request stores an export the merchant lists and downloads", async () => {
    const shop = await installedShop("en");
    const customer = await customerWithOrder(shop.domain);

    const events = await compliance(shop.domain, "customers/data_request", customer.id);
    await devstore.control("POST", `/shops/${shop.domain}/webhooks/${events[0]!.webhookId}/redeliver`);
    await devstore.waitForWebhooks();

    expect(events.map((e) => e.status)).toEqual(["processed"]);
    const exports = await appDb().dataRequestExport.findMany({ where: { shop: shop.domain, customerShopifyId: customer.id } });
    expect(exports).toHaveLength(1);
    const doc = JSON.parse(exports[0]!.payload) as {
      customer: { emails: string[] };
      profile: { nameKana: string };
      customAttributes: Array<{ label: string; value: string }>;
      ordersRequested: string[];
      staffNotes: unknown[];
      webhooks: Array<{ topic: string }>;
    };
    expect(doc.customer.emails).toContain(customer.email);
    expect(doc.ordersRequested).toEqual([customer.orderId]);
    expect(doc.staffNotes).toHaveLength(1);
    expect(doc.profile.nameKana).toBe(customer.nameKana);
    expect(doc.customAttributes).toEqual([expect.objectContaining({ label: "接客メモ", value: expect.stringContaining(customer.lastName) })]);
    expect(doc.webhooks.map((w) => w.topic)).toEqual(expect.arrayContaining(["customers/create", "orders/create", "customers/data_request"]));

    const page = await openAdmin(shop, "en", "/app/data-requests");
    expect(page.status).toBe(200);
    expect(page.html).toContain("Customer data requests");
    expect(page.html).toContain(customer.email);

    const download = await downloadExport(shop.handle, exports[0]!.id);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain(`customer-${customer.id}-data-request-`);
    expect(await download.json()).toEqual(JSON.parse(exports[0]!.payload));
  });

  it("does not hand one shop's export to another shop", async () => {
    const shop = await installedShop("en");
    const customer = await customerWithOrder(shop.domain);
    await compliance(shop.domain, "customers/data_request", customer.id);
    const [exported] = await appDb().dataRequestExport.findMany({ where: { shop: shop.domain } });
    const intruder = await installedShop("en");

    const response = await downloadExport(intruder.handle, exported!.id);

    expect(response.status).toBe(404);
  });

  it("customers/redact leaves the customer's name, email, phone and address in no table", async () => {
    const shop = await installedShop("ja");
    const customer = await customerWithOrder(shop.domain);
    const bystander = await customerWithOrder(shop.domain);
    await compliance(shop.domain, "customers/data_request", customer.id);
    const pii = [customer.firstName, customer.lastName, customer.nameKana, customer.email, customer.phone, customer.address1];
    expect((await everyRow()).filter((r) => pii.some((s) => r.text.includes(s)))).not.toEqual([]);

    // Shopify's request, and the same request again (a new webhook): both processed, the second finding nothing left.
    await compliance(shop.domain, "customers/redact", customer.id);
    await compliance(shop.domain, "customers/redact", customer.id);
    const events = await eventually(
      () => appDb().webhookEvent.findMany({ where: { shop: shop.domain, topic: "customers/redact" } }),
      (rows) => rows.length === 2 && rows.every((r) => r.status === "processed"),
    );
    expect(events.map((e) => e.payload)).toEqual(['{"redacted":true}', '{"redacted":true}']);
    const leaks = (await everyRow()).flatMap((r) => pii.filter((s) => r.text.includes(s)).map((s) => `${r.model}: ${s}`));
    expect(leaks).toEqual([]);
    const tombstone = await appDb().customer.findUnique({ where: { shop_shopifyId: { shop: shop.domain, shopifyId: customer.id } } });
    expect(tombstone?.redactedAt).toBeInstanceOf(Date);
    expect(await appDb().customerNote.count({ where: { shop: shop.domain, customerShopifyId: customer.id } })).toBe(0);
    expect(await appDb().customerAttributeValue.count({ where: { shop: shop.domain, customerShopifyId: customer.id } })).toBe(0);
    // The other customer keeps everything.
    expect(await appDb().customerNote.count({ where: { shop: shop.domain, customerShopifyId: bystander.id } })).toBe(1);
    expect(await appDb().customerAttributeValue.count({ where: { shop: shop.domain, customerShopifyId: bystander.id } })).toBe(1);
    const bystanderRow = await appDb().customer.findUnique({ where: { shop_shopifyId: { shop: shop.domain, shopifyId: bystander.id } } });
    expect(bystanderRow?.nameKana).toBe(bystander.nameKana);
    const bystanderEvents = await appDb().webhookEvent.findMany({ where: { shop: shop.domain, payload: { contains: bystander.email } } });
    expect(bystanderEvents.map((e) => e.topic)).toEqual(expect.arrayContaining(["customers/create", "orders/create"]));
  });

  it("shop/redact removes every row of the shop, sessions included", async () => {
    const shop = await installedShop("ja");
    await customerWithOrder(shop.domain);
    await compliance(shop.domain, "customers/data_request", (await appDb().customerNote.findFirstOrThrow({ where: { shop: shop.domain } })).customerShopifyId);
    await appDb().customerSavedView.createMany({ data: [{ shop: shop.domain, name: "VIP", query: "tag=VIP" }] });
    expect(await appDb().session.count({ where: { shop: shop.domain } })).toBeGreaterThan(0);
    // The app's own tables hold rows of the shop before the request: definitions, values, saved views.
    expect(await appDb().customAttributeDefinition.count({ where: { shop: shop.domain } })).toBe(1);
    expect(await appDb().customerAttributeValue.count({ where: { shop: shop.domain } })).toBe(1);

    await devstore.control("POST", `/shops/${shop.domain}/app/uninstall`);
    // Shopify's request, and the same request again: the second finds nothing left to delete.
    for (let i = 0; i < 2; i++) {
      await devstore.control("POST", `/shops/${shop.domain}/compliance`, { topic: "shop/redact" });
      await devstore.waitForWebhooks();
    }
    const deliveries = await devstore.deliveries(shop.domain, "shop/redact");
    expect(deliveries.map((d) => d.lastStatus)).toEqual([200, 200]);
    // Nothing of the shop remains, not even the record of the request (the worker's own row goes too).
    const left = await eventually(
      async () => (await everyRow()).filter((r) => Object.values(r.row).includes(shop.domain)),
      (rows) => rows.length === 0,
    );
    expect(left).toEqual([]);
  });
});
