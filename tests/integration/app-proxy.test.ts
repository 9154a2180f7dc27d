import { describe, expect, it } from "vitest";
import { signAppProxyQuery } from "../../devstore/storefront/app-proxy";
import { devstore, openAdmin, stack } from "../support/clients";

describe("the app proxy", () => {
  it("forwards a storefront request to the app with a signature the app accepts", async () => {
    const shop = await devstore.createShop("ja");
    await openAdmin(shop, "ja");

    const response = await fetch(`${stack().devstoreUrl}/storefront/${shop.handle}/apps/tsunagu/status`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ shop: shop.domain, installed: true, loggedInCustomerId: null, locale: "en" });
  });

  it("refuses a request whose signed parameters were tampered with", async () => {
    const shop = await devstore.createShop("ja");
    const signed = signAppProxyQuery({}, { shop: shop.domain, customerId: null, pathPrefix: "/apps/tsunagu" }, stack().apiSecret);
    const valid = await fetch(`${stack().appUrl}/proxy/status?${signed}`);
    expect(valid.status).toBe(200);

    signed.set("logged_in_customer_id", "7000000000001");
    const tampered = await fetch(`${stack().appUrl}/proxy/status?${signed}`);
    expect(tampered.status).toBeGreaterThanOrEqual(400);
    expect(tampered.status).toBeLessThan(500);
  });

  it("refuses a request without a signature", async () => {
    const shop = await devstore.createShop("ja");
    const response = await fetch(`${stack().appUrl}/proxy/status?shop=${shop.domain}&logged_in_customer_id=&timestamp=1`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
