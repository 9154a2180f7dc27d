import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeShop, makeToken, startTestApi, type TestApi } from "./test-support";
import { segmentQueryError } from "./segments";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const setup = (scopes = "read_customers,write_customers") => {
  const shop = makeShop(api.ctx);
  return { shop: shop.domain, token: makeToken(api.ctx, shop.domain, scopes) };
};

const CREATE = `mutation($name: String!, $query: String!) {
  segmentCreate(name: $name, query: $query) { segment { id name query } userErrors { field message } }
}`;
type Created = { segmentCreate: { segment: { id: string; name: string; query: string } | null; userErrors: Array<{ field: string[]; message: string }> } };

describe("segmentCreate", () => {
  it("stores the segment, which segment(id:) and segments then return", async () => {
    const { shop, token } = setup();
    const query = "number_of_orders >= 2 AND (customer_tags CONTAINS 'vip' OR amount_spent >= 70000)";
    const res = await api.gql(shop, token, CREATE, { name: "常連", query });
    const created = (res.body.data as Created).segmentCreate;
    expect(created.userErrors).toEqual([]);
    expect(created.segment).toMatchObject({ name: "常連", query });
    const one = await api.gql(shop, token, `{ segment(id: "${created.segment!.id}") { name query } }`);
    expect(one.body.data).toEqual({ segment: { name: "常連", query } });
    const all = await api.gql(shop, token, "{ segments(first: 10) { nodes { name } } }");
    expect(all.body.data).toEqual({ segments: { nodes: [{ name: "常連" }] } });
  });

  it("refuses a blank or duplicate name with Shopify's userErrors, per shop", async () => {
    const { shop, token } = setup();
    const blank = await api.gql(shop, token, CREATE, { name: "  ", query: "number_of_orders >= 1" });
    expect((blank.body.data as Created).segmentCreate).toEqual({ segment: null, userErrors: [{ field: ["name"], message: "Name can't be blank" }] });
    await api.gql(shop, token, CREATE, { name: "VIP", query: "number_of_orders >= 1" });
    const dup = await api.gql(shop, token, CREATE, { name: "VIP", query: "number_of_orders >= 2" });
    expect((dup.body.data as Created).segmentCreate).toEqual({ segment: null, userErrors: [{ field: ["name"], message: "Name has already been taken" }] });
    const other = setup();
    const elsewhere = await api.gql(other.shop, other.token, CREATE, { name: "VIP", query: "number_of_orders >= 2" });
    expect((elsewhere.body.data as Created).segmentCreate.userErrors).toEqual([]);
  });

  it("refuses a query that is not the segment language, on the query field", async () => {
    const { shop, token } = setup();
    const res = await api.gql(shop, token, CREATE, { name: "bad", query: "favourite_colour = 'blue'" });
    expect((res.body.data as Created).segmentCreate).toEqual({
      segment: null,
      userErrors: [{ field: ["query"], message: "Query Line 1 Column 0: 'favourite_colour' filter cannot be found." }],
    });
  });

  it("needs write_customers", async () => {
    const { shop, token } = setup("read_customers");
    const res = await api.gql(shop, token, CREATE, { name: "x", query: "number_of_orders >= 1" });
    expect(Array.isArray(res.body.errors) && res.body.errors[0]?.extensions?.code).toBe("ACCESS_DENIED");
  });
});

describe("segmentQueryError", () => {
  it.each([
    "customer_tags CONTAINS 'vip'",
    "customer_tags NOT CONTAINS 'O\\'Brien' AND email_subscription_status = 'SUBSCRIBED'",
    "last_order_date >= -90d",
    "first_order_date < 2026-01-01 OR last_order_date IS NULL",
    "amount_spent BETWEEN 1 AND 999.99",
    "(number_of_orders >= 2 AND number_of_orders <= 5) OR customer_tags IS NOT NULL",
  ])("accepts %s", (query) => {
    expect(segmentQueryError(query)).toBeNull();
  });

  it.each([
    ["", "Query can't be blank"],
    ["number_of_orders >= 'x'", "Query Line 1 Column 20: a number was expected."],
    ["customer_tags = 'vip'", "Query Line 1 Column 14: 'customer_tags' accepts CONTAINS or NOT CONTAINS."],
    ["email_subscription_status = 'YES'", "Query Line 1 Column 28: 'YES' is not a valid value for 'email_subscription_status'."],
    ["(number_of_orders >= 1", "Query Line 1 Column 22: missing closing parenthesis."],
  ])("refuses %j", (query, message) => {
    expect(segmentQueryError(query)).toBe(message);
  });
});
