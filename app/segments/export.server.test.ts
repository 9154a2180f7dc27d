import { randomUUID } from "node:crypto";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { contentDisposition, exportFileName, ExportRequest, segmentCsvStream } = await import("./export.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const BUYERS = { type: "group" as const, op: "and" as const, children: [{ type: "condition" as const, field: "ordersCount" as const, operator: "gte" as const, value: 1 }] };

async function makeShop() {
  const shop = `export-${randomUUID().slice(0, 8)}.myshopify.com`;
  await prisma.shop.create({ data: { domain: shop, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
  const at = new Date("2026-01-01T00:00:00Z");
  const address = (zip: string, city: string, address1: string, address2: string | null, company: string | null) =>
    JSON.stringify([{ firstName: null, lastName: null, company, address1, address2, city, province: null, provinceCode: "JP-13", country: "Japan", countryCode: "JP", zip, phone: null }]);
  await prisma.customer.createMany({
    data: [
      {
        shop,
        shopifyId: "1001",
        lastName: "髙橋",
        firstName: "花子",
        nameKana: "タカハシ ハナコ",
        email: "hanako@example.jp",
        phone: "+819061346765",
        addresses: address("150-0001", "渋谷区", "神宮前1-2-3", "つなぐビル①", "㈱つなぐ"),
        marketingState: "SUBSCRIBED",
        tags: "vip, 常連",
        ordersCount: 3,
        totalSpent: "45000",
        averageOrderValue: "15000",
        firstOrderAt: new Date("2025-03-31T15:30:00Z"), // 1 April in Tokyo
        lastOrderAt: new Date("2026-11-01T03:00:00Z"),
        shopifyCreatedAt: at,
        shopifyUpdatedAt: at,
      },
      {
        shop,
        shopifyId: "1002",
        lastName: "=cmd|' /C calc'!A0",
        email: "x@example.com",
        addresses: address("100-0001", "千代田区", "丸の内1〜2", "101号室😀", null),
        ordersCount: 1,
        totalSpent: "1200.5",
        averageOrderValue: "1200.5",
        shopifyCreatedAt: at,
        shopifyUpdatedAt: at,
      },
      { shop, shopifyId: "1003", lastName: "Morgan", firstName: "Alex", ordersCount: 2, totalSpent: "10", averageOrderValue: "5", shopifyCreatedAt: at, shopifyUpdatedAt: at },
      // Not a member: no orders.
      { shop, shopifyId: "0999", lastName: "未購入", ordersCount: 0, shopifyCreatedAt: at, shopifyUpdatedAt: at },
    ],
  });
  await prisma.customerAnalysis.create({
    data: { shop, customerShopifyId: "1001", recencyScore: 5, frequencyScore: 5, monetaryScore: 5, rfmClass: "champions", cpmClass: "cpm_yuryo_active", computedAt: at },
  });
  return shop;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(Buffer.from(next.value));
  return Buffer.concat(chunks);
}

describe("segment CSV export", () => {
  it("writes UTF-8 with a BOM, headers in the staff member's language, members in id order across pages", async () => {
    const shop = await makeShop();
    const columns = ExportRequest.parse({ columns: "name,nameKana,zip,prefecture,city,address1,address2,company,phone,email,tags,consent,ordersCount,totalSpent,firstOrderAt,rfmClass,cpmClass", encoding: "utf8bom" });
    let summary;
    const bytes = await readAll(segmentCsvStream(shop, BUYERS, { ...columns, locale: "ja", pageSize: 2, onDone: (s) => (summary = s) }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe("氏名,フリガナ,メールアドレス,電話番号,郵便番号,都道府県,市区町村,番地,建物名・部屋番号,会社名,タグ,メール配信,購入回数,購入金額,初回購入日,RFM分類,CPM分類");
    expect(lines[1]).toBe(
      `髙橋 花子,タカハシ ハナコ,hanako@example.jp,090-6134-6765,150-0001,東京都,渋谷区,神宮前1-2-3,つなぐビル①,㈱つなぐ,"vip, 常連",購読中,3,45000,2025-04-01,優良顧客,優良・現役`,
    );
    expect(lines[2]).toBe(`'=cmd|' /C calc'!A0,,x@example.com,,100-0001,東京都,千代田区,丸の内1〜2,101号室😀,,,,1,1200.5,,,`);
    expect(lines[3]!.startsWith("Alex Morgan,")).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe("");
    expect(summary).toEqual({ rows: 3, replaced: 0, bytes: bytes.length });
  });

  it("writes CP932 that decodes to the same Japanese text, with 〜 as ～ and the emoji as a counted 〓", async () => {
    const shop = await makeShop();
    const options = ExportRequest.parse({ columns: "name,address1,address2,company", encoding: "cp932" });
    let summary;
    const bytes = await readAll(segmentCsvStream(shop, BUYERS, { ...options, locale: "en", onDone: (s) => (summary = s) }));
    expect(bytes[0]).not.toBe(0xef);
    const text = iconv.decode(bytes, "cp932");
    expect(text).toBe(
      "Name,Address,Building and room,Company\r\n" +
        "髙橋 花子,神宮前1-2-3,つなぐビル①,㈱つなぐ\r\n" +
        `'=cmd|' /C calc'!A0,丸の内1～2,101号室〓,\r\n` +
        "Alex Morgan,,,\r\n",
    );
    expect(summary).toMatchObject({ rows: 3, replaced: 1 });
  });

  it("exports more members than one page holds, each once, in id order (2,000 ids per page stay one parameter)", async () => {
    const shop = await makeShop();
    const at = new Date("2026-01-01T00:00:00Z");
    const ids = Array.from({ length: 2500 }, (_, i) => `5${String(i).padStart(5, "0")}`);
    await prisma.customer.createMany({ data: ids.map((shopifyId) => ({ shop, shopifyId, email: `${shopifyId}@example.jp`, ordersCount: 1, shopifyCreatedAt: at, shopifyUpdatedAt: at })) });
    let summary;
    const bytes = await readAll(segmentCsvStream(shop, BUYERS, { columns: ["email"], encoding: "utf8bom", locale: "en", onDone: (s) => (summary = s) }));
    const emails = bytes.subarray(3).toString("utf8").split("\r\n").slice(1, -1);
    expect(emails).toHaveLength(2503);
    expect(emails.slice(3)).toEqual(ids.map((id) => `${id}@example.jp`));
    expect(summary).toMatchObject({ rows: 2503 });
  });

  it("writes only the header for a segment without members", async () => {
    const shop = await makeShop();
    const nobody = { type: "group" as const, op: "and" as const, children: [{ type: "condition" as const, field: "ordersCount" as const, operator: "gte" as const, value: 99 }] };
    const bytes = await readAll(segmentCsvStream(shop, nobody, { columns: ["email"], encoding: "utf8bom", locale: "en" }));
    expect(bytes.subarray(3).toString("utf8")).toBe("Email\r\n");
  });

  it("refuses unknown columns, no columns and unknown encodings with message keys", () => {
    const issues = (input: object) => ExportRequest.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(issues({ columns: "name,password", encoding: "utf8bom" })).toEqual(["columns.1:segmentUse.export.errors.columnUnknown"]);
    expect(issues({ columns: " , ", encoding: "utf8bom" })).toEqual(["columns:segmentUse.export.errors.columnsRequired"]);
    expect(issues({ columns: "name", encoding: "latin1" })).toEqual(["encoding:segmentUse.export.errors.encodingInvalid"]);
    expect(ExportRequest.parse({ columns: "email,name,email", encoding: "cp932" }).columns).toEqual(["name", "email"]);
  });

  it("names the file after the segment and the day, with an RFC 5987 filename*", () => {
    expect(exportFileName("VIP/顧客: 2026", "2026-11-23")).toBe("VIP_顧客_ 2026_2026-11-23.csv");
    expect(contentDisposition("VIP顧客 (冬)_2026-11-23.csv")).toBe(
      `attachment; filename="VIP__ (_)_2026-11-23.csv"; filename*=UTF-8''VIP%E9%A1%A7%E5%AE%A2%20%28%E5%86%AC%29_2026-11-23.csv`,
    );
  });
});
