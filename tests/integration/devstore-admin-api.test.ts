/** The dev store answers the Admin API as Shopify does: validation errors and the cost-based rate limit. */
import { describe, expect, it } from "vitest";
import { appDb, devstore, eventually, openAdmin, stack } from "../support/clients";

async function adminClient() {
  const shop = await devstore.createShop("ja", "small");
  await openAdmin(shop, "ja");
  // The app's own initial sync shares this app's bucket for the shop: let it finish so the burst below is alone.
  await eventually(
    () => appDb().syncRun.findMany({ where: { shop: shop.domain } }),
    (runs) => runs.length > 0 && runs.every((r) => r.status === "completed" || r.status === "failed"),
    60_000,
  );
  const session = await appDb().session.findFirstOrThrow({ where: { shop: shop.domain, isOnline: false } });
  return async (query: string) => {
    const response = await fetch(`${stack().devstoreUrl}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-access-token": session.accessToken,
        "x-forwarded-host": shop.domain,
      },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: string[] }>;
      extensions: { cost: { requestedQueryCost: number; throttleStatus: { currentlyAvailable: number; restoreRate: number } } };
    };
  };
}

describe("the dev store's Admin API", () => {
  it("refuses a field that Customer does not have, as Shopify does", async () => {
    const graphql = await adminClient();
    const body = await graphql("query { customers(first: 1) { nodes { id favoriteColor } } }");
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'favoriteColor' doesn't exist on type 'Customer'",
        path: ["query", "customers", "nodes", "favoriteColor"],
        extensions: { code: "undefinedField", typeName: "Customer", fieldName: "favoriteColor" },
      }),
    ]);
  });

  it("throttles a burst of expensive queries and serves them again once the bucket refills", async () => {
    const graphql = await adminClient();
    // Requested cost 2 + 250 × (1 + 1) = 502: four of them empty a 2,000-point bucket faster than it refills.
    const expensive = "query { customers(first: 250) { nodes { id email defaultAddress { city } } } }";
    let throttled: Awaited<ReturnType<typeof graphql>> | undefined;
    for (let i = 0; i < 10 && !throttled; i++) {
      const body = await graphql(expensive);
      if (body.errors?.[0]?.extensions?.code === "THROTTLED") throttled = body;
      else expect(body.errors).toBeUndefined();
    }
    expect(throttled).toBeDefined();
    expect(throttled!.errors).toEqual([
      { message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } },
    ]);
    const { requestedQueryCost, throttleStatus } = throttled!.extensions.cost;
    expect(throttleStatus.currentlyAvailable).toBeLessThan(requestedQueryCost);
    expect(throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });

    const waitMs = ((requestedQueryCost - throttleStatus.currentlyAvailable) / throttleStatus.restoreRate) * 1000 + 200;
    await new Promise((r) => setTimeout(r, waitMs));
    const again = await graphql(expensive);
    expect(again.errors).toBeUndefined();
    expect(again.data).toMatchObject({ customers: { nodes: expect.any(Array) } });
  });
});
