import { describe, expect, it } from "vitest";
import { openDevstoreDb } from "../store/db";
import { toDecimal, toMinor } from "../store/money";
import type { CustomerRecord, OrderRecord } from "../types";
import { ensureDemoShops, seedShop } from "./index";

const anchor = new Date("2026-11-20T00:00:00Z");

function dump(db: ReturnType<typeof openDevstoreDb>) {
  const all = (table: string) => (db.prepare(`SELECT data FROM ${table} ORDER BY id`).all() as { data: string }[]).map((r) => r.data);
  return { customers: all("customers"), orders: all("orders"), checkouts: all("checkouts"), products: all("products") };
}

describe("seeding", () => {
  it("writes byte-identical rows for the same seed and anchor", () => {
    const a = openDevstoreDb(":memory:");
    const b = openDevstoreDb(":memory:");
    seedShop(a, { domain: "tsunagu-demo.myshopify.com", locale: "ja", size: "tiny", seed: 7, anchor });
    seedShop(b, { domain: "tsunagu-demo.myshopify.com", locale: "ja", size: "tiny", seed: 7, anchor });
    expect(dump(a)).toEqual(dump(b));
    const c = openDevstoreDb(":memory:");
    seedShop(c, { domain: "tsunagu-demo.myshopify.com", locale: "ja", size: "tiny", seed: 8, anchor });
    expect(dump(c).customers).not.toEqual(dump(a).customers);
  });

  it("keeps every customer's aggregates equal to their non-cancelled orders", () => {
    const db = openDevstoreDb(":memory:");
    const counts = seedShop(db, { domain: "tsunagu-demo.myshopify.com", locale: "ja", size: "tiny", anchor });
    expect(counts).toMatchObject({ customers: 40, orders: 120, checkouts: 15 });
    const orders = (db.prepare("SELECT data FROM orders ORDER BY processed_at, id").all() as { data: string }[]).map(
      (r) => JSON.parse(r.data) as OrderRecord,
    );
    const customers = (db.prepare("SELECT data FROM customers").all() as { data: string }[]).map((r) => JSON.parse(r.data) as CustomerRecord);
    for (const c of customers) {
      const mine = orders.filter((o) => o.customerId === c.id && !o.cancelledAt);
      expect(c.numberOfOrders).toBe(mine.length);
      expect(c.amountSpent).toBe(toDecimal(mine.reduce((s, o) => s + toMinor(o.totalPrice, "JPY"), 0), "JPY"));
      expect(c.lastOrderId).toBe(mine.at(-1)?.id ?? null);
    }
  });

  it("numbers orders from #1001 in time order and dates them before the anchor", () => {
    const db = openDevstoreDb(":memory:");
    seedShop(db, { domain: "tsunagu-demo.myshopify.com", locale: "ja", size: "tiny", anchor });
    const rows = db.prepare("SELECT number, processed_at FROM orders ORDER BY number").all() as { number: number; processed_at: string }[];
    expect(rows[0]!.number).toBe(1001);
    expect(rows.at(-1)!.number).toBe(1000 + rows.length);
    const times = rows.map((r) => r.processed_at);
    expect([...times].sort()).toEqual(times);
    expect(times.at(-1)! < anchor.toISOString()).toBe(true);
    expect(times[0]! > new Date(anchor.getTime() - 3.1 * 365 * 86_400_000).toISOString()).toBe(true);
  });

  it("gives Japanese customers kanji names, prefectures with JP codes, 〒 postal codes and E.164 phones", () => {
    const db = openDevstoreDb(":memory:");
    seedShop(db, { domain: "tsunagu-demo.myshopify.com", locale: "ja", size: "small", anchor });
    const customers = (db.prepare("SELECT data FROM customers").all() as { data: string }[]).map((r) => JSON.parse(r.data) as CustomerRecord);
    const emails = customers.flatMap((c) => (c.email ? [c.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
    const phones = customers.flatMap((c) => (c.phone ? [c.phone] : []));
    expect(new Set(phones).size).toBe(phones.length);
    for (const c of customers) {
      expect(c.lastName).toMatch(/^[\u4e00-\u9fff々]+$/);
      const a = c.addresses[0]!;
      expect(a.provinceCode).toMatch(/^JP-(0[1-9]|[1-3]\d|4[0-7])$/);
      expect(a.zip).toMatch(/^\d{3}-\d{4}$/);
      if (c.phone) expect(c.phone).toMatch(/^\+81(90|80|70|3)\d{8}$/);
    }
    const subscribed = customers.filter((c) => c.emailMarketingConsent?.marketingState === "SUBSCRIBED").length;
    expect(subscribed / customers.length).toBeGreaterThan(0.35);
    expect(subscribed / customers.length).toBeLessThan(0.5);
    const buyers = customers.filter((c) => c.numberOfOrders > 0);
    const oneTime = buyers.filter((c) => c.numberOfOrders === 1).length / buyers.length;
    expect(oneTime).toBeGreaterThan(0.5);
    expect(oneTime).toBeLessThan(0.7);
    const pos = db.prepare("SELECT AVG(json_extract(data, '$.sourceName') = 'pos') AS share FROM orders").get() as { share: number };
    expect(pos.share).toBeGreaterThan(0.1);
    expect(pos.share).toBeLessThan(0.2);
  });

  it("creates both demo shops once", () => {
    const db = openDevstoreDb(":memory:");
    expect(ensureDemoShops(db, "tiny", anchor).map((c) => c.shop)).toEqual([
      "tsunagu-demo.myshopify.com",
      "tsunagu-demo-en.myshopify.com",
    ]);
    expect(ensureDemoShops(db, "tiny", anchor)).toEqual([]);
    const en = db.prepare("SELECT data FROM shops WHERE domain = 'tsunagu-demo-en.myshopify.com'").get() as { data: string };
    expect(JSON.parse(en.data)).toMatchObject({ currencyCode: "USD", ianaTimezone: "America/New_York", primaryLocale: "en" });
  });
});
