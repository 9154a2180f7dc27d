import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { adminGateway } = await import("../shopify/gateway.server");
const { openInquiry } = await import("./conversations.server");
const { linkPendingCustomers, splitName } = await import("./customer-link.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

async function newShop() {
  const shop = `link-${randomUUID().slice(0, 8)}.myshopify.com`;
  await prisma.shop.create({ data: { domain: shop } });
  return shop;
}

/** A stand-in Shopify with a customer list: answers the search and customerCreate as the Admin API does. */
function fakeShopify(existing: Array<{ id: string; email: string }> = []) {
  const customers = [...existing];
  const created: Array<Record<string, unknown>> = [];
  const graphql = async (query: string, opts?: { variables?: Record<string, unknown> }) => {
    const variables = opts?.variables ?? {};
    if (query.includes("customerCreate")) {
      const input = variables.input as { email: string };
      if (customers.some((c) => c.email === input.email.toLowerCase())) {
        return Response.json({ data: { customerCreate: { customer: null, userErrors: [{ field: ["email"], message: "Email has already been taken" }] } } });
      }
      const id = String(9000 + customers.length);
      customers.push({ id, email: input.email.toLowerCase() });
      created.push(input);
      return Response.json({ data: { customerCreate: { customer: { id: `gid://shopify/Customer/${id}` }, userErrors: [] } } });
    }
    const wanted = /email:"(.*)"/.exec(String(variables.query))?.[1];
    const nodes = customers.filter((c) => c.email === wanted).map((c) => ({ id: `gid://shopify/Customer/${c.id}`, email: c.email }));
    return Response.json({ data: { customers: { nodes } } });
  };
  return { created, gatewayFor: async () => adminGateway(graphql) };
}

const guest = (shop: string, email: string, name = "山田 花子") =>
  openInquiry({ shop, channel: "form", locale: "ja", contact: { name, email }, body: "質問です" });

describe("linking guests to Shopify customers", () => {
  it("creates the customer once for a guest's inquiries, with the Japanese name order", async () => {
    const shop = await newShop();
    const a = await guest(shop, "new@example.jp");
    const b = await guest(shop, "NEW@example.jp");
    const fake = fakeShopify();
    expect(await linkPendingCustomers({ shop, gatewayFor: fake.gatewayFor })).toBe(2);
    expect(fake.created).toEqual([{ email: "new@example.jp", locale: "ja", lastName: "山田", firstName: "花子" }]);
    const rows = await prisma.inquiry.findMany({ where: { shop, id: { in: [a.id, b.id] } } });
    expect(rows.map((r) => [r.customerShopifyId, r.customerLink])).toEqual([
      ["9000", "linked"],
      ["9000", "linked"],
    ]);
    expect(await linkPendingCustomers({ shop, gatewayFor: fake.gatewayFor })).toBe(0);
  });

  it("links a guest who is already a Shopify customer instead of creating a second one", async () => {
    const shop = await newShop();
    const opened = await guest(shop, "known@example.jp");
    const fake = fakeShopify([{ id: "55", email: "known@example.jp" }]);
    await linkPendingCustomers({ shop, gatewayFor: fake.gatewayFor });
    expect(fake.created).toEqual([]);
    expect((await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id } })).customerShopifyId).toBe("55");
  });

  it("keeps the inquiry pending when Shopify cannot be reached, and never touches another shop", async () => {
    const shop = await newShop();
    const other = await newShop();
    const opened = await guest(shop, "later@example.jp");
    const elsewhere = await guest(other, "later@example.jp");
    const failing = async () => adminGateway(async () => Promise.reject(new Error("connection refused")));
    expect(await linkPendingCustomers({ shop, gatewayFor: failing })).toBe(0);
    expect((await prisma.inquiry.findUniqueOrThrow({ where: { id: opened.id } })).customerLink).toBe("pending");
    expect((await prisma.inquiry.findUniqueOrThrow({ where: { id: elsewhere.id } })).customerLink).toBe("pending");
  });
});

describe("splitting a contact's name", () => {
  it("puts the family name first in Japanese and last in English", () => {
    expect(splitName("山田　花子", "ja")).toEqual({ lastName: "山田", firstName: "花子" });
    expect(splitName("Alex J Morgan", "en")).toEqual({ firstName: "Alex J", lastName: "Morgan" });
    expect(splitName("佐藤", "ja")).toEqual({ lastName: "佐藤" });
    expect(splitName(null, "en")).toEqual({});
  });
});
