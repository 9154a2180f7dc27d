import { describe, expect, it } from "vitest";
import { checkoutRow, customerRow, gidNumber, groupBulkLines, orderRow, splitLines, type BulkBatch } from "./bulk-rows";

const encoder = new TextEncoder();

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield encoder.encode(part);
}

async function* linesOf(lines: object[]): AsyncGenerator<string> {
  for (const line of lines) yield JSON.stringify(line);
}

const order = (id: number) => ({ id: `gid://shopify/Order/${id}` });
const line = (id: number, parent: number) => ({ id: `gid://shopify/LineItem/${id}`, __parentId: `gid://shopify/Order/${parent}` });

describe("splitLines", () => {
  it("joins lines cut across chunks, including a multi-byte character cut in half", async () => {
    const bytes = encoder.encode('{"name":"山田"}\n{"name":"b"}');
    const streamed = (async function* () {
      yield bytes.slice(0, 11); // cuts 田 (3 bytes) in the middle
      yield bytes.slice(11);
    })();
    expect(await collect(splitLines(streamed))).toEqual(['{"name":"山田"}', '{"name":"b"}']);
  });

  it("reads a web ReadableStream and skips blank lines", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode("a\n\nb\n"));
        controller.close();
      },
    });
    expect(await collect(splitLines(stream))).toEqual(["a", "b"]);
    expect(await collect(splitLines(chunks("x\ny\n")))).toEqual(["x", "y"]);
  });
});

describe("groupBulkLines", () => {
  const file = [order(1), line(11, 1), line(12, 1), order(2), order(3), line(31, 3)];

  it("groups child lines under their parent and cuts batches only at root boundaries", async () => {
    const batches = await collect(groupBulkLines(linesOf(file), { batchSize: 2 }));
    expect(batches.map((b) => b.roots.map((r) => [r.node.id, r.children.length]))).toEqual([
      [
        ["gid://shopify/Order/1", 2],
        ["gid://shopify/Order/2", 0],
      ],
      [["gid://shopify/Order/3", 1]],
    ]);
    expect(batches.map((b) => b.linesConsumed)).toEqual([4, 6]);
  });

  it("resumes after the lines already applied, without repeating or losing a root", async () => {
    const first: BulkBatch[] = await collect(groupBulkLines(linesOf(file), { batchSize: 2 }));
    const resumed = await collect(groupBulkLines(linesOf(file), { batchSize: 2, skip: first[0]!.linesConsumed }));
    expect(resumed.flatMap((b) => b.roots.map((r) => r.node.id))).toEqual(["gid://shopify/Order/3"]);
    expect(resumed.at(-1)!.linesConsumed).toBe(6);
  });

  it("refuses a child whose parent is not in the batch", async () => {
    await expect(collect(groupBulkLines(linesOf([line(1, 9)]), { batchSize: 10 }))).rejects.toThrow(/parent gid:\/\/shopify\/Order\/9/);
  });
});

describe("row mappers", () => {
  it("maps a customer with the default address first and consent from the default email", () => {
    const row = customerRow({
      id: "gid://shopify/Customer/7",
      firstName: "太郎",
      lastName: "山田",
      email: "taro@example.jp",
      phone: null,
      locale: "ja",
      note: null,
      tags: ["VIP"],
      state: "ENABLED",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-02-01T00:00:00Z",
      defaultEmailAddress: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", marketingUpdatedAt: "2026-01-02T00:00:00Z" },
      defaultAddress: { id: "gid://shopify/MailingAddress/2?model_name=CustomerAddress" },
      addresses: [
        { id: "gid://shopify/MailingAddress/1?model_name=CustomerAddress", city: "大阪市", countryCodeV2: "JP" },
        { id: "gid://shopify/MailingAddress/2?model_name=CustomerAddress", city: "渋谷区", provinceCode: "JP-13", countryCodeV2: "JP", zip: "150-0002" },
      ],
    });
    expect(row).toMatchObject({
      shopifyId: "7",
      tags: ["VIP"],
      marketingState: "SUBSCRIBED",
      marketingConsentUpdatedAt: new Date("2026-01-02T00:00:00Z"),
      shopifyUpdatedAt: new Date("2026-02-01T00:00:00Z"),
    });
    expect(row.addresses.map((a) => a.city)).toEqual(["渋谷区", "大阪市"]);
    expect(row.addresses[0]).toMatchObject({ provinceCode: "JP-13", countryCode: "JP", zip: "150-0002", company: null });
  });

  it("maps an order with its line items and money as decimal strings", () => {
    const money = (amount: string) => ({ shopMoney: { amount } });
    const row = orderRow(
      {
        id: "gid://shopify/Order/5",
        name: "#1005",
        email: "a@example.com",
        currencyCode: "JPY",
        subtotalPriceSet: money("3000.0"),
        totalDiscountsSet: money("0.0"),
        totalShippingPriceSet: money("500.0"),
        totalTaxSet: money("300.0"),
        totalPriceSet: money("3800.0"),
        displayFinancialStatus: "PAID",
        displayFulfillmentStatus: "UNFULFILLED",
        sourceName: "web",
        discountCodes: ["WELCOME"],
        tags: [],
        processedAt: "2026-03-01T00:00:00Z",
        cancelledAt: null,
        createdAt: "2026-03-01T00:00:00Z",
        updatedAt: "2026-03-02T00:00:00Z",
        customer: { id: "gid://shopify/Customer/7" },
      },
      [
        {
          id: "gid://shopify/LineItem/51",
          title: "緑茶",
          variantTitle: "100g",
          sku: "TEA-1",
          quantity: 2,
          originalUnitPriceSet: money("1500.0"),
          product: { id: "gid://shopify/Product/9" },
          variant: null,
          __parentId: "gid://shopify/Order/5",
        },
      ],
    );
    expect(row).toMatchObject({ shopifyId: "5", customerShopifyId: "7", totalPrice: "3800.0", totalShipping: "500.0", discountCodes: ["WELCOME"] });
    expect(row.lineItems).toEqual([
      { shopifyId: "51", title: "緑茶", variantTitle: "100g", sku: "TEA-1", quantity: 2, unitPrice: "1500.0", productShopifyId: "9", variantShopifyId: null },
    ]);
  });

  it("maps an abandoned checkout, taking email from its customer", () => {
    const row = checkoutRow(
      {
        id: "gid://shopify/AbandonedCheckout/3",
        abandonedCheckoutUrl: "https://shop.example/recover/3",
        completedAt: null,
        createdAt: "2026-03-01T00:00:00Z",
        updatedAt: "2026-03-01T01:00:00Z",
        totalPriceSet: { shopMoney: { amount: "1980.0", currencyCode: "JPY" } },
        customer: { id: "gid://shopify/Customer/7", email: "taro@example.jp", phone: null },
      },
      [{ title: "緑茶", variantTitle: null, quantity: 1, originalUnitPriceSet: { shopMoney: { amount: "1980.0" } }, product: null, variant: null }],
    );
    expect(row).toMatchObject({ shopifyId: "3", customerShopifyId: "7", email: "taro@example.jp", currencyCode: "JPY", token: null });
    expect(row.lineItems).toHaveLength(1);
  });

  it("rejects a line that is not the shape the bulk query asked for", () => {
    expect(() => customerRow({ id: "gid://shopify/Customer/1" })).toThrow();
    expect(gidNumber("gid://shopify/MailingAddress/4?model_name=Address")).toBe("4");
  });
});
