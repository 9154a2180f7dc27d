import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createTestContext } from "../testing";
import type { CheckoutRecord, CustomerRecord, DevstoreContext, OrderRecord, ProductRecord, ShopRecord } from "../types";
import { createWebhookDispatcher } from "../webhooks/dispatcher";
import { registerControlApi } from "./routes";

/** A typed view of the control API's JSON answers (each answer carries some of these). */
type Answer = {
  shop: ShopRecord;
  shops: ShopRecord[];
  products: ProductRecord[];
  customer: CustomerRecord;
  order: OrderRecord;
  checkout: CheckoutRecord;
  webhookIds: string[];
  deliveries: { status: string }[];
  errors: { field: string | null; message: string }[];
  idle: boolean;
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The control API on loopback, with a real dispatcher delivering to a receiving app that records topics. */
async function start() {
  const topics: string[] = [];
  const appUrl = await listen((req, res) => {
    topics.push(String(req.headers["x-shopify-topic"]));
    req.resume();
    req.on("end", () => res.end());
  });
  const { webhooks: _recording, ...base } = createTestContext({
    webhooks: [
      { topics: ["customers/create", "customers/update", "orders/create", "orders/updated", "orders/cancelled"], uri: `${appUrl}/webhooks`, compliance: false },
      { topics: ["customers/redact"], uri: `${appUrl}/compliance`, compliance: true },
    ],
    webhookRetryDelaysMs: [10],
  });
  const webhooks = createWebhookDispatcher(base);
  cleanups.push(() => webhooks.stop());
  const ctx: DevstoreContext = { ...base, webhooks };
  const app = express();
  registerControlApi(app, ctx);
  const url = await listen(app);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/_control${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  return { call, topics };
}

describe("control API", () => {
  it("creates a fresh test shop with a catalog to pick variants from", async () => {
    const { call } = await start();
    const created = await call("POST", "/shops", { locale: "ja" });
    expect(created.status).toBe(201);
    expect(created.body.shop.domain).toMatch(/^test-[0-9a-f]+\.myshopify\.com$/);
    const products = await call("GET", `/shops/${created.body.shop.domain}/products`);
    expect(products.body.products.length).toBeGreaterThan(10);
    const list = await call("GET", "/shops");
    expect(list.body.shops).toHaveLength(1);
  });

  it("answers bad input with 400 and field errors, unknown shops with 404", async () => {
    const { call } = await start();
    const bad = await call("POST", "/shops", { locale: "fr" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: "locale" });
    const missing = await call("POST", "/shops/nope.myshopify.com/customers", { email: "a@example.jp" });
    expect(missing.status).toBe(404);
  });

  it("places an order for a new customer and reports the webhooks it sent", async () => {
    const { call, topics } = await start();
    const shop = (await call("POST", "/shops", { locale: "ja" })).body.shop.domain;
    const products = (await call("GET", `/shops/${shop}/products`)).body.products;
    const placed = await call("POST", `/shops/${shop}/orders`, {
      customer: { lastName: "佐藤", firstName: "花子", email: "hanako@example.jp" },
      lines: [{ variantId: products[0]!.variants[0]!.id, quantity: 1 }],
    });
    expect(placed.status).toBe(201);
    expect(placed.body.order.name).toBe("#1001");
    expect(placed.body.webhookIds).toHaveLength(3);
    expect((await call("POST", "/webhooks/idle")).body).toEqual({ idle: true });
    expect(topics).toEqual(["customers/create", "orders/create", "customers/update"]);
    const log = await call("GET", `/shops/${shop}/webhooks`);
    expect(log.body.deliveries.map((d) => d.status)).toEqual(["delivered", "delivered", "delivered"]);

    const cancel = await call("POST", `/shops/${shop}/orders/${placed.body.order.id}/cancel`, { reason: "customer" });
    expect(cancel.status).toBe(200);
    const again = await call("POST", `/shops/${shop}/orders/${placed.body.order.id}/cancel`, {});
    expect(again.status).toBe(422);

    const redeliver = await call("POST", `/shops/${shop}/webhooks/${placed.body.webhookIds[1]}/redeliver`);
    expect(redeliver.status).toBe(200);
    await call("POST", "/webhooks/idle");
    expect(topics.filter((t) => t === "orders/create")).toHaveLength(2);
  });

  it("runs a checkout from start to completion", async () => {
    const { call } = await start();
    const shop = (await call("POST", "/shops", { locale: "en" })).body.shop.domain;
    const products = (await call("GET", `/shops/${shop}/products`)).body.products;
    const started = await call("POST", `/shops/${shop}/checkouts`, {
      email: "shopper@example.com",
      lines: [{ variantId: products[0]!.variants[0]!.id, quantity: 2 }],
    });
    expect(started.status).toBe(201);
    const token = started.body.checkout.token;
    expect((await call("POST", `/shops/${shop}/checkouts/${token}/abandon`)).body.checkout.abandonedAt).toBeTruthy();
    const done = await call("POST", `/shops/${shop}/checkouts/${token}/complete`);
    expect(done.body.order).toMatchObject({ email: "shopper@example.com", currencyCode: "USD", checkoutToken: token });
    expect(done.body.checkout.orderId).toBe(done.body.order.id);
  });

  it("sends a compliance webhook for a customer", async () => {
    const { call, topics } = await start();
    const shop = (await call("POST", "/shops", { locale: "ja" })).body.shop.domain;
    const customer = (await call("POST", `/shops/${shop}/customers`, { email: "x@example.jp" })).body.customer;
    const res = await call("POST", `/shops/${shop}/compliance`, { topic: "customers/redact", customerId: customer.id });
    expect(res.body.webhookIds).toHaveLength(1);
    await call("POST", "/webhooks/idle");
    expect(topics).toContain("customers/redact");
  });
});
