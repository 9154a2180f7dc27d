import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { records } from "../store/db";
import { makeCustomer, makeOrder, makeShop, makeToken, startTestApi, type TestApi } from "./test-support";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const setup = () => {
  const shop = makeShop(api.ctx);
  const token = makeToken(api.ctx, shop.domain, "read_customers,write_customers,read_orders,write_orders");
  return { shop: shop.domain, token };
};

describe("mutations", () => {
  it("updates a customer through events.ts, which emits customers/update", async () => {
    const { shop, token } = setup();
    const c = makeCustomer(api.ctx, shop);
    const res = await api.gql(shop, token, `mutation($input: CustomerInput!) { customerUpdate(input: $input) { customer { note tags firstName } userErrors { field message } } }`, {
      input: { id: `gid://shopify/Customer/${c.id}`, note: "常連", tags: ["vip", "tokyo"], firstName: "花子" },
    });
    expect(res.body.data).toEqual({ customerUpdate: { customer: { note: "常連", tags: ["vip", "tokyo"], firstName: "花子" }, userErrors: [] } });
    expect(records(api.ctx.db).getCustomer(shop, c.id)?.note).toBe("常連");
    expect(api.ctx.webhooks.events.some((e) => e.topic === "customers/update" && e.shop === shop)).toBe(true);
    expect(res.body.extensions?.cost?.requestedQueryCost).toBe(12);
  });

  it("creates a customer (customers/create) and refuses a taken email with Shopify's userError", async () => {
    const { shop, token } = setup();
    const doc = `mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id email firstName lastName } userErrors { field message } } }`;
    const res = await api.gql(shop, token, doc, { input: { email: "guest@example.jp", lastName: "山田", firstName: "花子" } });
    const created = (res.body.data as { customerCreate: { customer: { id: string; email: string } } }).customerCreate.customer;
    expect(created).toMatchObject({ email: "guest@example.jp", lastName: "山田", firstName: "花子" });
    expect(api.ctx.webhooks.events.some((e) => e.topic === "customers/create" && e.shop === shop)).toBe(true);
    const again = await api.gql(shop, token, doc, { input: { email: "GUEST@example.jp" } });
    expect(again.body.data).toEqual({ customerCreate: { customer: null, userErrors: [{ field: ["email"], message: "Email has already been taken" }] } });
    const empty = await api.gql(shop, token, doc, { input: { note: "x" } });
    expect((empty.body.data as { customerCreate: { userErrors: unknown[] } }).customerCreate.userErrors).toHaveLength(1);
  });

  it("returns userErrors for bad input instead of top-level errors", async () => {
    const { shop, token } = setup();
    const c = makeCustomer(api.ctx, shop);
    const res = await api.gql(shop, token, `mutation { customerUpdate(input: { id: "gid://shopify/Customer/${c.id}", email: "not-an-email" }) { customer { id } userErrors { field message } } }`);
    expect(res.body.data).toEqual({ customerUpdate: { customer: null, userErrors: [{ field: ["email"], message: "Email is invalid" }] } });
    const missing = await api.gql(shop, token, `mutation { customerUpdate(input: { id: "gid://shopify/Customer/1", note: "x" }) { userErrors { field message } } }`);
    expect(missing.body.data).toEqual({ customerUpdate: { userErrors: [{ field: ["id"], message: "Customer does not exist" }] } });
  });

  it("adds and removes tags on customers and orders", async () => {
    const { shop, token } = setup();
    const c = makeCustomer(api.ctx, shop, { tags: ["a"] });
    const o = makeOrder(api.ctx, shop, { tags: ["x", "y"] });
    await api.gql(shop, token, `mutation { tagsAdd(id: "gid://shopify/Customer/${c.id}", tags: ["b, c", "A"]) { userErrors { message } } }`);
    expect(records(api.ctx.db).getCustomer(shop, c.id)?.tags).toEqual(["a", "b", "c"]);
    const res = await api.gql(shop, token, `mutation { tagsRemove(id: "gid://shopify/Order/${o.id}", tags: ["x"]) { node { ... on Order { tags } } userErrors { message } } }`);
    expect(res.body.data).toEqual({ tagsRemove: { node: { tags: ["y"] }, userErrors: [] } });
    expect(api.ctx.webhooks.events.some((e) => e.topic === "orders/updated" && e.shop === shop)).toBe(true);
  });

  it("updates email marketing consent", async () => {
    const { shop, token } = setup();
    const c = makeCustomer(api.ctx, shop);
    const res = await api.gql(shop, token, `mutation { customerEmailMarketingConsentUpdate(input: { customerId: "gid://shopify/Customer/${c.id}", emailMarketingConsent: { marketingState: SUBSCRIBED, marketingOptInLevel: CONFIRMED_OPT_IN } }) { customer { emailMarketingConsent { marketingState marketingOptInLevel } } userErrors { message } } }`);
    expect(res.body.data).toEqual({
      customerEmailMarketingConsentUpdate: { customer: { emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "CONFIRMED_OPT_IN" } }, userErrors: [] },
    });
    expect(records(api.ctx.db).getCustomer(shop, c.id)?.emailMarketingConsent?.marketingState).toBe("SUBSCRIBED");
  });

  it("creates, lists and deletes webhook subscriptions", async () => {
    const { shop, token } = setup();
    const created = await api.gql(shop, token, `mutation { webhookSubscriptionCreate(topic: CUSTOMERS_UPDATE, webhookSubscription: { uri: "https://app.example.com/hooks" }) { webhookSubscription { id topic uri } userErrors { message } } }`);
    const sub = (created.body.data as { webhookSubscriptionCreate: { webhookSubscription: { id: string; topic: string; uri: string } } }).webhookSubscriptionCreate.webhookSubscription;
    expect(sub).toMatchObject({ topic: "CUSTOMERS_UPDATE", uri: "https://app.example.com/hooks" });
    expect(api.ctx.db.prepare("SELECT topic FROM webhook_subscriptions WHERE shop = ?").all(shop)).toEqual([{ topic: "customers/update" }]);
    const listed = await api.gql(shop, token, "{ webhookSubscriptions(first: 10) { nodes { id topic } } }");
    expect(listed.body.data).toEqual({ webhookSubscriptions: { nodes: [{ id: sub.id, topic: "CUSTOMERS_UPDATE" }] } });
    const deleted = await api.gql(shop, token, `mutation { webhookSubscriptionDelete(id: "${sub.id}") { deletedWebhookSubscriptionId userErrors { message } } }`);
    expect(deleted.body.data).toEqual({ webhookSubscriptionDelete: { deletedWebhookSubscriptionId: sub.id, userErrors: [] } });
  });

  it("denies a mutation whose write scope the token lacks", async () => {
    const shop = makeShop(api.ctx).domain;
    const token = makeToken(api.ctx, shop, "read_customers");
    const c = makeCustomer(api.ctx, shop);
    const res = await api.gql(shop, token, `mutation { customerUpdate(input: { id: "gid://shopify/Customer/${c.id}", note: "x" }) { userErrors { message } } }`);
    expect(res.body.data).toEqual({ customerUpdate: null });
    expect(Array.isArray(res.body.errors) && res.body.errors[0]?.extensions?.code).toBe("ACCESS_DENIED");
  });
});
