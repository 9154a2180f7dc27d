import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyWebhook } from "./verify.server";

const SECRET = "test-secret";
const body = JSON.stringify({ id: 1, email: "hanako@example.jp", first_name: "花子" });

function request(overrides: { body?: string; hmac?: string | null; headers?: Record<string, string | null>; method?: string } = {}) {
  const text = overrides.body ?? body;
  const hmac = overrides.hmac === undefined ? createHmac("sha256", SECRET).update(text, "utf8").digest("base64") : overrides.hmac;
  const headers: Record<string, string | null> = {
    "content-type": "application/json",
    "x-shopify-hmac-sha256": hmac,
    "x-shopify-topic": "customers/update",
    "x-shopify-shop-domain": "Tsunagu-Demo.myshopify.com",
    "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "x-shopify-api-version": "2026-10",
    "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    "x-shopify-triggered-at": "2026-11-23T01:02:03.456Z",
    ...overrides.headers,
  };
  const init: RequestInit = { method: overrides.method ?? "POST", headers: Object.entries(headers).filter((e): e is [string, string] => e[1] !== null) };
  if (init.method === "POST") init.body = text;
  return new Request("https://app.example/webhooks/customers", init);
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("verifyWebhook", () => {
  it("accepts a body signed with the app secret and reads Shopify's headers", async () => {
    const webhook = await verifyWebhook(request(), SECRET);
    expect(webhook).toEqual({
      shop: "tsunagu-demo.myshopify.com",
      topic: "customers/update",
      webhookId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      apiVersion: "2026-10",
      eventId: "98880550-7158-44d4-b7cd-2c97c8a091b5",
      triggeredAt: new Date("2026-11-23T01:02:03.456Z"),
      payload: body,
    });
  });

  it("stores the payload in one compact spelling whatever whitespace Shopify used", async () => {
    const spaced = JSON.stringify(JSON.parse(body), null, 2);
    expect((await verifyWebhook(request({ body: spaced }), SECRET)).payload).toBe(body);
  });

  it("refuses a changed body, a wrong secret, a missing or malformed signature with 401", async () => {
    const signature = createHmac("sha256", SECRET).update(body).digest("base64");
    expect(await status(verifyWebhook(request({ body: body.replace("1", "2"), hmac: signature }), SECRET))).toBe(401);
    expect(await status(verifyWebhook(request(), "another-secret"))).toBe(401);
    expect(await status(verifyWebhook(request({ hmac: null }), SECRET))).toBe(401);
    expect(await status(verifyWebhook(request({ hmac: "not base64 at all" }), SECRET))).toBe(401);
    expect(await status(verifyWebhook(request({ hmac: signature.slice(0, 20) }), SECRET))).toBe(401);
  });

  it("answers 400 when a signed request lacks Shopify's headers or is not JSON", async () => {
    expect(await status(verifyWebhook(request({ headers: { "x-shopify-topic": null } }), SECRET))).toBe(400);
    expect(await status(verifyWebhook(request({ headers: { "x-shopify-webhook-id": null } }), SECRET))).toBe(400);
    expect(await status(verifyWebhook(request({ headers: { "x-shopify-shop-domain": "evil.example.com" } }), SECRET))).toBe(400);
    expect(await status(verifyWebhook(request({ body: "{not json" }), SECRET))).toBe(400);
  });

  it("answers 405 to anything but POST", async () => {
    expect(await status(verifyWebhook(request({ method: "GET" }), SECRET))).toBe(405);
  });
});
