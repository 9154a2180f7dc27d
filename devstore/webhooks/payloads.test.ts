import { describe, expect, it } from "vitest";
import type { BulkOperationRecord, CustomerRecord, OrderRecord, ShopRecord } from "../types";
import { bulkOperationFinishPayload, customerPayload, orderPayload, shopPayload } from "./payloads";

const shop: ShopRecord = {
  domain: "tsunagu-demo.myshopify.com",
  id: 60000000001,
  name: "つなぐ商店",
  email: "owner@example.jp",
  currencyCode: "JPY",
  primaryLocale: "ja",
  ianaTimezone: "Asia/Tokyo",
  plan: "Shopify",
  countryCode: "JP",
  createdAt: "2023-01-01T00:00:00.000Z",
};

const address = {
  id: 8000000000001,
  firstName: "花子",
  lastName: "佐藤",
  company: null,
  address1: "神南1-2-3",
  address2: null,
  city: "渋谷区",
  province: "Tokyo",
  provinceCode: "JP-13",
  country: "Japan",
  countryCodeV2: "JP",
  zip: "150-0041",
  phone: "+819012345678",
};

const customer: CustomerRecord = {
  id: 7000000000001,
  shop: shop.domain,
  firstName: "花子",
  lastName: "佐藤",
  email: "hanako@example.jp",
  phone: "+819012345678",
  locale: "ja",
  note: null,
  tags: ["VIP", "リピーター"],
  state: "DISABLED",
  verifiedEmail: true,
  taxExempt: false,
  emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: "2026-11-20T01:15:00.000Z" },
  addresses: [address],
  defaultAddressId: address.id,
  numberOfOrders: 1,
  amountSpent: "3840.0",
  lastOrderId: 5000000000001,
  createdAt: "2026-11-20T01:15:00.000Z",
  updatedAt: "2026-11-20T01:15:00.000Z",
};

describe("webhook payloads", () => {
  it("serializes a customer the way customers/update arrives for API 2026-10", () => {
    const p = customerPayload(customer, shop);
    expect(p).toMatchObject({
      id: 7000000000001,
      created_at: "2026-11-20T10:15:00+09:00",
      state: "disabled",
      tags: "VIP, リピーター",
      currency: "JPY",
      admin_graphql_api_id: "gid://shopify/Customer/7000000000001",
      email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: "2026-11-20T10:15:00+09:00" },
      tax_exemptions: [],
      multipass_identifier: null,
    });
    expect(p.default_address).toMatchObject({ id: address.id, customer_id: customer.id, province_code: "13", country_code: "JP", default: true, name: "佐藤 花子" });
  });

  it("serializes an order with money strings, money bags and the order number", () => {
    const order: OrderRecord = {
      id: 5000000000001,
      shop: shop.domain,
      name: "#1001",
      number: 1001,
      customerId: customer.id,
      email: customer.email,
      phone: null,
      currencyCode: "JPY",
      subtotalPrice: "3240.0",
      totalDiscounts: "0.0",
      totalShippingPrice: "600.0",
      totalTax: "240.0",
      totalPrice: "3840.0",
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "FULFILLED",
      sourceName: "web",
      discountCodes: [],
      tags: [],
      note: null,
      customerLocale: "ja",
      lineItems: [{ id: 1, title: "八女茶", variantTitle: "100g", sku: "T-1", vendor: "つなぐ茶舗", quantity: 2, originalUnitPrice: "1620.0", productId: 2, variantId: 3 }],
      shippingAddress: address,
      billingAddress: address,
      test: false,
      processedAt: "2026-11-20T01:15:00.000Z",
      createdAt: "2026-11-20T01:15:00.000Z",
      updatedAt: "2026-11-20T01:15:00.000Z",
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      fulfilledAt: null,
    };
    const p = orderPayload(order, shop, customer);
    expect(p).toMatchObject({
      number: 1,
      order_number: 1001,
      total_price: "3840",
      total_price_set: { shop_money: { amount: "3840", currency_code: "JPY" }, presentment_money: { amount: "3840", currency_code: "JPY" } },
      total_line_items_price: "3240",
      financial_status: "paid",
      fulfillment_status: "fulfilled",
      processed_at: "2026-11-20T10:15:00+09:00",
      cancelled_at: null,
      checkout_token: null,
      customer: { id: customer.id, admin_graphql_api_id: "gid://shopify/Customer/7000000000001" },
    });
    expect((p.line_items as unknown[])[0]).toMatchObject({ price: "1620", name: "八女茶 - 100g", admin_graphql_api_id: "gid://shopify/LineItem/1" });
  });

  it("uses two decimals for USD and the shop's own offset", () => {
    const us = { ...shop, currencyCode: "USD", ianaTimezone: "America/New_York" };
    const p = shopPayload(us);
    expect(p).toMatchObject({ currency: "USD", created_at: "2022-12-31T19:00:00-05:00", myshopify_domain: shop.domain });
  });

  it("serializes bulk_operations/finish in lowercase as Shopify does", () => {
    const b: BulkOperationRecord = {
      id: 4000000000001,
      shop: shop.domain,
      type: "QUERY",
      status: "COMPLETED",
      query: "{ customers { edges { node { id } } } }",
      errorCode: null,
      objectCount: 10,
      rootObjectCount: 10,
      fileSize: 100,
      url: null,
      createdAt: "2026-11-20T01:00:00Z",
      completedAt: "2026-11-20T01:01:00Z",
    };
    expect(bulkOperationFinishPayload(b)).toEqual({
      admin_graphql_api_id: "gid://shopify/BulkOperation/4000000000001",
      completed_at: "2026-11-20T01:01:00Z",
      created_at: "2026-11-20T01:00:00Z",
      error_code: null,
      status: "completed",
      type: "query",
    });
  });
});
