import { describe, expect, it } from "vitest";
import { shopifyRequestTarget } from "./transport.server";

describe("shopifyRequestTarget", () => {
  it("rewrites a shop's Admin API URL to the configured origin and keeps the shop", () => {
    const target = shopifyRequestTarget(
      "https://tsunagu-demo.myshopify.com/admin/api/2026-10/graphql.json?x=1",
      "http://127.0.0.1:4100",
    );
    expect(target).toEqual({
      url: "http://127.0.0.1:4100/admin/api/2026-10/graphql.json?x=1",
      shop: "tsunagu-demo.myshopify.com",
    });
  });

  it("leaves every other host alone", () => {
    expect(shopifyRequestTarget("https://example.com/admin/api", "http://127.0.0.1:4100")).toBeNull();
    expect(shopifyRequestTarget("https://myshopify.com.evil.test/", "http://127.0.0.1:4100")).toBeNull();
  });
});
