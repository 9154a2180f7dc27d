/**
 * Helpers for the storefront's tests: a fresh shop with customers and products on an in-memory dev store, the
 * storefront mounted on a loopback server, and raw HTTP requests that can carry any Host header (fetch cannot).
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { records } from "../store/db";
import { createTestContext } from "../testing";
import type { CustomerRecord, DevstoreConfig, DevstoreContext, ProductRecord, ShopRecord } from "../types";
import { registerStorefront } from "./routes";

export type TestShop = { ctx: DevstoreContext; shop: ShopRecord; handle: string; customer: CustomerRecord; products: ProductRecord[] };

let sequence = 0;

/** A new shop (its own handle) with one customer and two products, the second sold out. */
export function createTestShop(config: Partial<DevstoreConfig> = {}, primaryLocale = "ja"): TestShop {
  const ctx = createTestContext(config);
  const db = records(ctx.db);
  sequence += 1;
  const handle = `sf-test-${process.pid}-${sequence}-${crypto.randomBytes(3).toString("hex")}`;
  const now = new Date().toISOString();
  const shop: ShopRecord = {
    domain: `${handle}.myshopify.com`,
    id: 60_000_000_000 + sequence,
    name: primaryLocale === "ja" ? "つながる雑貨店" : "Tsunagu Goods",
    email: "owner@tsunagu.example",
    currencyCode: "JPY",
    primaryLocale,
    ianaTimezone: "Asia/Tokyo",
    plan: "Basic",
    countryCode: "JP",
    createdAt: now,
  };
  db.putShop(shop);
  const customer: CustomerRecord = {
    id: 7_000_000_000_000 + sequence,
    shop: shop.domain,
    firstName: "花子",
    lastName: "髙橋",
    email: "hanako@example.jp",
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
    numberOfOrders: 3,
    amountSpent: "5940.0",
    lastOrderId: null,
    createdAt: now,
    updatedAt: now,
  };
  db.putCustomer(customer);
  const product = (n: number, title: string, handleName: string, available: boolean): ProductRecord => ({
    id: 9_000_000_000_000 + sequence * 10 + n,
    shop: shop.domain,
    title,
    handle: handleName,
    vendor: "つながる工房",
    productType: "Mug",
    status: "ACTIVE",
    tags: [],
    imageUrl: null,
    variants: [{ id: 45_000_000_000_000 + sequence * 10 + n, title: "Default Title", sku: null, price: "1980.0", inventoryQuantity: available ? 5 : 0, availableForSale: available }],
    createdAt: now,
    updatedAt: now,
  });
  const products = [product(1, "有田焼マグカップ", "arita-mug", true), product(2, "信楽焼の湯呑み", "shigaraki-cup", false)];
  for (const p of products) db.putProduct(p);
  return { ctx, shop, handle, customer, products };
}

export type TestServer = { port: number; close(): Promise<void> };

export async function startStorefront(ctx: DevstoreContext): Promise<TestServer> {
  const app = express();
  app.set("trust proxy", "loopback");
  registerStorefront(app, ctx);
  // Stands for the parts server.ts mounts after the storefront.
  app.use((_req, res) => void res.status(418).type("text/plain").send("not the storefront"));
  return listen(app);
}

export async function listen(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

export function request(
  port: number,
  options: { path: string; method?: string; host?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: options.path,
        method: options.method ?? "GET",
        headers: { host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Logs the shop's customer in through the login form and returns the cookie to send. */
export async function logIn(port: number, base: string, email: string): Promise<string> {
  const res = await request(port, {
    path: `${base}/account/login`,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ "customer[email]": email }).toString(),
  });
  const cookie = [res.headers["set-cookie"] ?? []].flat()[0];
  if (res.status !== 303 || !cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(";")[0]!;
}
