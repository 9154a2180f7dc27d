import { describe, expect, it } from "vitest";
import { adminUrl } from "./admin-links";

describe("adminUrl", () => {
  it("links a resource gid into Shopify admin", () => {
    expect(adminUrl("orders", "gid://shopify/Order/5000000000123")).toBe("shopify://admin/orders/5000000000123");
    expect(adminUrl("customers", "gid://shopify/Customer/7")).toBe("shopify://admin/customers/7");
  });
});
