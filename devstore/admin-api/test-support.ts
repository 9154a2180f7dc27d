/**
 * Factories and a tiny client for the Admin API's own tests: each test makes its own shop, token and records directly
 * through db.ts, and talks to an express app holding only the Admin API routes on 127.0.0.1.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { records, reserveIds } from "../store/db";
import { createTestContext } from "../testing";
import type { CustomerRecord, DevstoreContext, OrderRecord, ShopRecord } from "../types";
import { type AdminApiOptions, registerAdminApi } from "./routes";

let shopCounter = 0;

export function makeShop(ctx: DevstoreContext, overrides: Partial<ShopRecord> = {}): ShopRecord {
  shopCounter++;
  const shop: ShopRecord = {
    domain: `test-shop-${process.pid}-${shopCounter}.myshopify.com`,
    id: reserveIds(ctx.db, "Shop"),
    name: "テストショップ",
    email: "owner@example.com",
    currencyCode: "JPY",
    primaryLocale: "ja",
    ianaTimezone: "Asia/Tokyo",
    plan: "Shopify",
    countryCode: "JP",
    createdAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
  records(ctx.db).putShop(shop);
  return shop;
}

export function makeToken(ctx: DevstoreContext, shop: string, scope = "read_customers,write_customers,read_orders,read_products"): string {
  const token = `shpat_${shop.split(".")[0]}_${Math.random().toString(36).slice(2)}`;
  records(ctx.db).putToken({ token, shop, scope, userId: null, expiresAt: null, createdAt: new Date().toISOString() });
  return token;
}

export function makeCustomer(ctx: DevstoreContext, shop: string, overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  const id = overrides.id ?? reserveIds(ctx.db, "Customer");
  const c: CustomerRecord = {
    id,
    shop,
    firstName: "Taro",
    lastName: "Yamada",
    email: `taro${id}@example.com`,
    phone: null,
    locale: "ja",
    note: null,
    tags: [],
    state: "ENABLED",
    verifiedEmail: true,
    taxExempt: false,
    emailMarketingConsent: null,
    addresses: [],
    defaultAddressId: null,
    numberOfOrders: 0,
    amountSpent: "0.0",
    lastOrderId: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
  records(ctx.db).putCustomer(c);
  return c;
}

export function makeOrder(ctx: DevstoreContext, shop: string, overrides: Partial<OrderRecord> = {}): OrderRecord {
  const id = overrides.id ?? reserveIds(ctx.db, "Order");
  const number = overrides.number ?? 1000 + (id % 1_000_000);
  const o: OrderRecord = {
    id,
    shop,
    name: `#${number}`,
    number,
    customerId: null,
    email: null,
    phone: null,
    currencyCode: "JPY",
    subtotalPrice: "1980.0",
    totalDiscounts: "0.0",
    totalShippingPrice: "0.0",
    totalTax: "180.0",
    totalPrice: "1980.0",
    displayFinancialStatus: "PAID",
    displayFulfillmentStatus: "UNFULFILLED",
    sourceName: "web",
    discountCodes: [],
    tags: [],
    note: null,
    customerLocale: "ja",
    lineItems: [
      { id: reserveIds(ctx.db, "LineItem"), title: "緑茶", variantTitle: null, sku: "TEA-1", vendor: "Tsunagu", quantity: 2, originalUnitPrice: "990.0", productId: null, variantId: null },
    ],
    shippingAddress: null,
    billingAddress: null,
    test: false,
    processedAt: "2026-02-01T00:00:00.000Z",
    createdAt: "2026-02-01T00:00:00.000Z",
    updatedAt: "2026-02-01T00:00:00.000Z",
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    fulfilledAt: null,
    ...overrides,
  };
  records(ctx.db).putOrder(o);
  return o;
}

export type TestApi = {
  ctx: ReturnType<typeof createTestContext>;
  url: string;
  close(): Promise<void>;
  /** POSTs a document the way the app's transport does: X-Forwarded-Host carries the shop. */
  gql(
    shop: string,
    token: string,
    query: string,
    variables?: Record<string, unknown>,
    version?: string,
  ): Promise<{ status: number; body: GqlBody }>;
};

export type GqlBody = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; locations?: unknown; path?: unknown[]; extensions?: Record<string, unknown> }[] | string;
  extensions?: Record<string, unknown> & {
    cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { currentlyAvailable: number; maximumAvailable: number; restoreRate: number } };
  };
};

export async function startTestApi(options: AdminApiOptions = {}): Promise<TestApi> {
  const ctx = createTestContext();
  const app = express();
  registerAdminApi(app, ctx, options);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ctx.config.publicUrl = url;
  return {
    ctx,
    url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.db.close();
    },
    async gql(shop, token, query, variables, version = "2026-10") {
      const res = await fetch(`${url}/admin/api/${version}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Forwarded-Host": shop },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GqlBody };
    },
  };
}
