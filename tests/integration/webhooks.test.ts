import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appDb, devstore, eventually, openAdmin, stack, webhookHmac } from "../support/clients";

async function installedShop(locale: "ja" | "en" = "ja") {
  const shop = await devstore.createShop(locale);
  const page = await openAdmin(shop, locale);
  expect(page.status).toBe(200);
  return shop;
}

function signedHeaders(shop: string, topic: string, body: string, overrides: Record<string, string> = {}) {
  return {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-hmac-sha256": webhookHmac(body),
    "x-shopify-shop-domain": shop,
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-event-id": randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
    "x-shopify-api-version": "2026-10",
    ...overrides,
  };
}

describe("webhooks from the dev store", () => {
  it("are verified, recorded once and processed by the worker", async () => {
    const shop = await installedShop();

    // WHEN the store creates a customer
    const { webhookIds } = await devstore.control<{ webhookIds: string[] }>("POST", `/shops/${shop.domain}/customers`, {
      firstName: "花子",
      lastName: "山田",
      email: `hanako-${randomUUID().slice(0, 8)}@example.jp`,
    });
    await devstore.waitForWebhooks();

    // THEN the delivery was accepted and the app recorded it under Shopify's webhook id
    const deliveries = await devstore.deliveries(shop.domain, "customers/create");
    expect(deliveries.map((d) => [d.status, d.lastStatus])).toEqual([["delivered", 200]]);
    expect(webhookIds).toContain(deliveries[0]!.webhookId);
    const event = await eventually(
      () => appDb().webhookEvent.findUnique({ where: { shop_webhookId: { shop: shop.domain, webhookId: deliveries[0]!.webhookId } } }),
      (row) => row !== null && row.status !== "received" && row.status !== "processing",
    );
    expect(event).toMatchObject({ topic: "customers/create", apiVersion: "2026-10", status: "processed" });
    expect(JSON.parse(event!.payload)).toMatchObject({ first_name: "花子", last_name: "山田" });
  });

  it("are recorded once when Shopify delivers the same webhook again", async () => {
    const shop = await installedShop();
    await devstore.control("POST", `/shops/${shop.domain}/customers`, { email: `twice-${randomUUID().slice(0, 8)}@example.com` });
    await devstore.waitForWebhooks();
    const [delivery] = await devstore.deliveries(shop.domain, "customers/create");

    for (let i = 0; i < 2; i++) {
      await devstore.control("POST", `/shops/${shop.domain}/webhooks/${delivery!.webhookId}/redeliver`);
    }
    await devstore.waitForWebhooks();

    const rows = await appDb().webhookEvent.count({ where: { shop: shop.domain, webhookId: delivery!.webhookId } });
    expect(rows).toBe(1);
  });

  it("refuse a body changed by one byte with 401 and record nothing", async () => {
    const shop = await installedShop();
    const body = JSON.stringify({ id: 1, email: "a@example.com", first_name: "Aki" });
    const headers = signedHeaders(shop.domain, "customers/create", body);
    const tampered = body.replace("Aki", "Akj");

    const response = await fetch(`${stack().appUrl}/webhooks/customers`, { method: "POST", headers, body: tampered });

    expect(response.status).toBe(401);
    const rows = await appDb().webhookEvent.count({ where: { webhookId: headers["x-shopify-webhook-id"] } });
    expect(rows).toBe(0);
    // The untampered body with the same signature is accepted.
    const ok = await fetch(`${stack().appUrl}/webhooks/customers`, { method: "POST", headers, body });
    expect(ok.status).toBe(200);
  });

  it("remove the shop's sessions when the app is uninstalled", async () => {
    const shop = await installedShop();
    await devstore.control("POST", `/shops/${shop.domain}/app/uninstall`);
    await devstore.waitForWebhooks();

    const stored = await eventually(
      () => appDb().shop.findUniqueOrThrow({ where: { domain: shop.domain } }),
      (row) => row.uninstalledAt !== null,
    );
    expect(stored.uninstalledAt).not.toBeNull();
    expect(await appDb().session.count({ where: { shop: shop.domain } })).toBe(0);
  });

  it("ignore an app/uninstalled that is older than the shop's latest install", async () => {
    const shop = await installedShop();
    const body = JSON.stringify({ id: 1, domain: shop.domain, myshopify_domain: shop.domain });
    const headers = signedHeaders(shop.domain, "app/uninstalled", body, {
      "x-shopify-triggered-at": new Date(Date.now() - 86_400_000).toISOString(),
    });

    const response = await fetch(`${stack().appUrl}/webhooks/app/uninstalled`, { method: "POST", headers, body });
    expect(response.status).toBe(200);

    const event = await eventually(
      () => appDb().webhookEvent.findUnique({ where: { shop_webhookId: { shop: shop.domain, webhookId: headers["x-shopify-webhook-id"] } } }),
      (row) => row?.status === "skipped",
    );
    expect(event?.lastError).toContain("reinstalled");
    expect(await appDb().session.count({ where: { shop: shop.domain } })).toBe(1);
    const stored = await appDb().shop.findUniqueOrThrow({ where: { domain: shop.domain } });
    expect(stored.uninstalledAt).toBeNull();
  });
});
