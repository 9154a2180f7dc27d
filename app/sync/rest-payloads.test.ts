import { describe, expect, it } from "vitest";
import { parseCheckoutPayload, parseCustomerDeletePayload, parseCustomerPayload, parseOrderPayload, PayloadError } from "./rest-payloads";

// The shape the dev store sends (devstore/webhooks/payloads.ts) for a Japanese shop.
const customer = {
  id: 7001,
  email: "hanako@example.jp",
  created_at: "2026-11-20T10:15:00+09:00",
  updated_at: "2026-11-21T09:00:05+09:00",
  first_name: "花子",
  last_name: "山田",
  state: "disabled",
  note: null,
  verified_email: true,
  multipass_identifier: null,
  tax_exempt: false,
  tags: "vip, リピーター",
  currency: "JPY",
  phone: "+819012345678",
  addresses: [
    { id: 1, customer_id: 7001, first_name: "花子", last_name: "山田", company: null, address1: "丸の内1-1", address2: null, city: "千代田区", province: "東京都", country: "Japan", zip: "100-0005", phone: null, name: "山田 花子", province_code: "JP-13", country_code: "JP", country_name: "Japan", default: false },
    { id: 2, customer_id: 7001, first_name: "花子", last_name: "山田", company: null, address1: "梅田2-2", address2: "101", city: "大阪市", province: "大阪府", country: "Japan", zip: "530-0001", phone: null, name: "山田 花子", province_code: "JP-27", country_code: "JP", country_name: "Japan", default: true },
  ],
  tax_exemptions: [],
  email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: "2026-11-20T10:15:00+09:00" },
  sms_marketing_consent: null,
  admin_graphql_api_id: "gid://shopify/Customer/7001",
};

const order = {
  id: 9001,
  admin_graphql_api_id: "gid://shopify/Order/9001",
  name: "#1001",
  email: "hanako@example.jp",
  phone: null,
  created_at: "2026-11-21T09:00:05+09:00",
  updated_at: "2026-11-21T09:30:00+09:00",
  processed_at: "2026-11-21T09:00:00+09:00",
  cancelled_at: null,
  currency: "JPY",
  presentment_currency: "JPY",
  subtotal_price: "3960",
  total_price: "4510",
  total_tax: "410",
  total_discounts: "0",
  total_shipping_price_set: { shop_money: { amount: "550", currency_code: "JPY" }, presentment_money: { amount: "550", currency_code: "JPY" } },
  financial_status: "paid",
  fulfillment_status: null,
  source_name: "web",
  discount_codes: [{ code: "WELCOME10", amount: "396", type: "percentage" }],
  tags: "",
  note: null,
  customer: { id: 7001, email: "hanako@example.jp" },
  line_items: [
    { id: 1, title: "緑茶", variant_title: "100g", sku: "TEA-100", quantity: 2, price: "1980", product_id: 11, variant_id: 12 },
  ],
};

describe("REST webhook payloads", () => {
  it("turns a customer payload into a row: string ids, upper-case consent, tags split, default address first", () => {
    const row = parseCustomerPayload(customer);

    expect(row).toMatchObject({
      shopifyId: "7001",
      firstName: "花子",
      lastName: "山田",
      email: "hanako@example.jp",
      phone: "+819012345678",
      tags: ["vip", "リピーター"],
      state: "DISABLED",
      marketingState: "SUBSCRIBED",
      marketingOptInLevel: "SINGLE_OPT_IN",
      locale: null,
    });
    expect(row.addresses.map((a) => a.city)).toEqual(["大阪市", "千代田区"]);
    expect(row.shopifyUpdatedAt.toISOString()).toBe("2026-11-21T00:00:05.000Z");
    expect(row.marketingConsentUpdatedAt?.toISOString()).toBe("2026-11-20T01:15:00.000Z");
  });

  it("accepts Shopify's own example shapes: extra fields, 64-bit ids, empty tags and null consent", () => {
    // The body arrives as text; JSON.parse rounds ids above 2^53 as it does in the webhook intake.
    const body = `{"id": 706405506930370084, "admin_graphql_api_id": "gid://shopify/Customer/706405506930370084"}`;
    const { id } = JSON.parse(body) as { id: number };
    const row = parseCustomerPayload({
      id,
      email: "bob@biller.com",
      created_at: "2021-12-31T19:00:00-05:00",
      updated_at: "2021-12-31T19:00:00-05:00",
      first_name: "Bob",
      last_name: "Biller",
      orders_count: 0,
      state: "disabled",
      total_spent: "0.00",
      note: "This customer loves ice cream",
      tags: "",
      accepts_marketing: false,
      marketing_opt_in_level: null,
      addresses: [],
      email_marketing_consent: null,
      sms_marketing_consent: null,
    });
    expect(row).toMatchObject({ shopifyId: String(id), tags: [], marketingState: null, addresses: [] });
    expect(row.shopifyUpdatedAt.toISOString()).toBe("2022-01-01T00:00:00.000Z");
  });

  it("takes the event time as the version when an example payload leaves updated_at null", () => {
    const at = new Date("2026-11-22T00:00:00.000Z");
    const row = parseCustomerPayload({ ...customer, created_at: null, updated_at: null }, at);
    expect(row.shopifyUpdatedAt).toEqual(at);
    expect(() => parseCustomerPayload({ ...customer, updated_at: null })).toThrow(/updated_at is missing/);
  });

  it("reads the id of a customers/delete", () => {
    expect(parseCustomerDeletePayload({ id: 7001, phone: null, addresses: [], email_marketing_consent: null })).toEqual({
      shopifyId: "7001",
    });
  });

  it("turns an order payload into a row with statuses in GraphQL's words and shop-currency money", () => {
    const row = parseOrderPayload(order);

    expect(row).toMatchObject({
      shopifyId: "9001",
      customerShopifyId: "7001",
      name: "#1001",
      currencyCode: "JPY",
      subtotalPrice: "3960",
      totalPrice: "4510",
      totalShipping: "550",
      totalTax: "410",
      financialStatus: "PAID",
      fulfillmentStatus: "UNFULFILLED",
      sourceName: "web",
      discountCodes: ["WELCOME10"],
      tags: [],
      cancelledAt: null,
      lineItems: [
        { shopifyId: "1", title: "緑茶", variantTitle: "100g", sku: "TEA-100", quantity: 2, unitPrice: "1980", productShopifyId: "11", variantShopifyId: "12" },
      ],
    });
    expect(row.processedAt.toISOString()).toBe("2026-11-21T00:00:00.000Z");
    expect(parseOrderPayload({ ...order, fulfillment_status: "fulfilled" }).fulfillmentStatus).toBe("FULFILLED");
    expect(parseOrderPayload({ ...order, fulfillment_status: "partial" }).fulfillmentStatus).toBe("PARTIALLY_FULFILLED");
    expect(parseOrderPayload({ ...order, customer: null }).customerShopifyId).toBeNull();
  });

  it("refuses an order without its total, naming the field", () => {
    const { total_price: _omitted, ...broken } = order;
    expect(() => parseOrderPayload(broken)).toThrow(PayloadError);
    expect(() => parseOrderPayload(broken)).toThrow(/total_price/);
    expect(() => parseOrderPayload({ ...order, total_price: "lots" })).toThrow(/total_price/);
  });

  it("turns a checkout payload into a row with its lines and recovery URL", () => {
    const row = parseCheckoutPayload({
      id: 5001,
      token: "abc123",
      cart_token: "abc",
      email: "hanako@example.jp",
      phone: null,
      created_at: "2026-11-21T10:00:00+09:00",
      updated_at: "2026-11-21T10:05:00+09:00",
      completed_at: null,
      abandoned_checkout_url: "https://shop.example/checkouts/abc123/recover",
      currency: "JPY",
      total_price: "1980",
      line_items: [{ key: "1", title: "緑茶", variant_title: null, quantity: 1, price: "1980", product_id: 11, variant_id: 12, applied_discounts: [] }],
      customer: { id: 7001 },
    });
    expect(row).toMatchObject({
      shopifyId: "5001",
      token: "abc123",
      customerShopifyId: "7001",
      totalPrice: "1980",
      recoveryUrl: "https://shop.example/checkouts/abc123/recover",
      completedAt: null,
      lineItems: [{ title: "緑茶", variantTitle: null, quantity: 1, unitPrice: "1980", productShopifyId: "11", variantShopifyId: "12" }],
    });
  });
});
