import { describe, expect, it } from "vitest";
import { normalizeTopic } from "./topics";

describe("normalizeTopic", () => {
  it("turns the library's enum names into Shopify's topic names", () => {
    expect(normalizeTopic("CUSTOMERS_CREATE")).toBe("customers/create");
    expect(normalizeTopic("APP_SCOPES_UPDATE")).toBe("app/scopes_update");
    expect(normalizeTopic("BULK_OPERATIONS_FINISH")).toBe("bulk_operations/finish");
    expect(normalizeTopic("CUSTOMERS_DATA_REQUEST")).toBe("customers/data_request");
    expect(normalizeTopic("SHOP_REDACT")).toBe("shop/redact");
  });

  it("keeps topics already in Shopify's form", () => {
    expect(normalizeTopic("orders/updated")).toBe("orders/updated");
  });
});
