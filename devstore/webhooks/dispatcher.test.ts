import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTestContext } from "../testing";
import type { DevstoreConfig } from "../types";
import { createWebhookDispatcher, type DeliveryRow } from "./dispatcher";
import { verifyWebhookHmac } from "./sign";

type Received = { headers: http.IncomingHttpHeaders; body: string; path: string };

/** A receiving app on loopback that answers with the next scripted status (200 once the script runs out). */
async function receiver(script: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body, path: req.url ?? "" });
      res.statusCode = script.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { received, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(script: number[] = [], config: Partial<DevstoreConfig> = {}) {
  const app = await receiver(script);
  const ctx = createTestContext({
    webhooks: [{ topics: ["customers/create", "orders/create"], uri: `${app.url}/webhooks/x`, compliance: false }],
    webhookRetryDelaysMs: [20, 20],
    apiSecret: "test-secret",
    ...config,
  });
  const { webhooks: _recording, ...base } = ctx;
  const dispatcher = createWebhookDispatcher(base);
  cleanups.push(app.close, () => dispatcher.stop());
  const rows = () => ctx.db.prepare("SELECT * FROM webhook_deliveries ORDER BY rowid").all() as DeliveryRow[];
  return { app, ctx, base, dispatcher, rows };
}

describe("webhook dispatcher", () => {
  it("delivers a signed POST with Shopify's headers to the subscribed URI", async () => {
    const { app, dispatcher, rows } = await setup();
    const [id] = dispatcher.emit({ shop: "a.myshopify.com", topic: "customers/create", payload: { id: 1, last_name: "佐藤" } });
    await dispatcher.idle();
    expect(app.received).toHaveLength(1);
    const [got] = app.received;
    expect(got!.path).toBe("/webhooks/x");
    expect(JSON.parse(got!.body)).toEqual({ id: 1, last_name: "佐藤" });
    expect(got!.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "customers/create",
      "x-shopify-shop-domain": "a.myshopify.com",
      "x-shopify-webhook-id": id,
      "x-shopify-api-version": "2026-10",
      "user-agent": "Shopify-Captain-Hook",
    });
    expect(got!.headers["x-shopify-event-id"]).toBeTruthy();
    expect(got!.headers["x-shopify-triggered-at"]).toBeTruthy();
    expect(verifyWebhookHmac(got!.body, "test-secret", String(got!.headers["x-shopify-hmac-sha256"]))).toBe(true);
    expect(rows()[0]).toMatchObject({ status: "delivered", attempts: 1, last_status: 200 });
  });

  it("does nothing for a topic nobody subscribed to", async () => {
    const { dispatcher, rows } = await setup();
    expect(dispatcher.emit({ shop: "a.myshopify.com", topic: "products/create", payload: {} })).toEqual([]);
    expect(rows()).toHaveLength(0);
  });

  it("retries a 500 with the same webhook id and body, then records the delivery", async () => {
    const { app, dispatcher, rows } = await setup([500]);
    const [id] = dispatcher.emit({ shop: "a.myshopify.com", topic: "customers/create", payload: { id: 2 } });
    await dispatcher.idle();
    expect(app.received.map((r) => r.headers["x-shopify-webhook-id"])).toEqual([id, id]);
    expect(app.received[0]!.body).toBe(app.received[1]!.body);
    expect(rows()[0]).toMatchObject({ status: "delivered", attempts: 2, last_status: 200 });
  });

  it("marks the delivery failed when the retry schedule runs out", async () => {
    const { app, dispatcher, rows } = await setup([500, 502, 503]);
    dispatcher.emit({ shop: "a.myshopify.com", topic: "customers/create", payload: { id: 3 } });
    await dispatcher.idle();
    expect(app.received).toHaveLength(3);
    expect(rows()[0]).toMatchObject({ status: "failed", attempts: 3, last_status: 503 });
  });

  it("sends deliveries to one URI in the order they were emitted", async () => {
    const { app, dispatcher } = await setup();
    for (let i = 0; i < 6; i++) dispatcher.emit({ shop: "a.myshopify.com", topic: "orders/create", payload: { n: i } });
    await dispatcher.idle();
    expect(app.received.map((r) => (JSON.parse(r.body) as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("also delivers to shop-specific subscriptions stored in the database", async () => {
    const { app, ctx, dispatcher } = await setup();
    ctx.db
      .prepare("INSERT INTO webhook_subscriptions (shop, topic, uri, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
      .run("a.myshopify.com", "ORDERS_CREATE", `${app.url}/shop-specific`, "2026-01-01", "2026-01-01");
    const ids = dispatcher.emit({ shop: "a.myshopify.com", topic: "orders/create", payload: {} });
    await dispatcher.idle();
    expect(ids).toHaveLength(2);
    expect(app.received.map((r) => r.path).sort()).toEqual(["/shop-specific", "/webhooks/x"]);
    const eventIds = new Set(app.received.map((r) => r.headers["x-shopify-event-id"]));
    expect(eventIds.size).toBe(1);
  });

  it("resumes pending deliveries left by an earlier process", async () => {
    const { app, base, dispatcher, rows } = await setup();
    await dispatcher.stop();
    dispatcher.emit({ shop: "a.myshopify.com", topic: "customers/create", payload: { id: 4 } });
    expect(rows()[0]).toMatchObject({ status: "pending", attempts: 0 });
    const restarted = createWebhookDispatcher(base);
    cleanups.push(() => restarted.stop());
    restarted.start();
    await restarted.idle();
    expect(app.received).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("redelivers a delivered webhook with the same id and bytes", async () => {
    const { app, dispatcher, rows } = await setup();
    const [id] = dispatcher.emit({ shop: "a.myshopify.com", topic: "customers/create", payload: { id: 5 } });
    await dispatcher.idle();
    expect(dispatcher.redeliver(id!)).toBe(true);
    await dispatcher.idle();
    expect(app.received).toHaveLength(2);
    expect(app.received[1]!.headers["x-shopify-webhook-id"]).toBe(id);
    expect(app.received[1]!.body).toBe(app.received[0]!.body);
    expect(rows()[0]).toMatchObject({ status: "delivered", attempts: 2 });
    expect(dispatcher.redeliver("nope")).toBe(false);
  });
});
