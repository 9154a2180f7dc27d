import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { records, reserveIds } from "../store/db";
import { waitForBulkOperations } from "./bulk";
import { makeCustomer, makeOrder, makeShop, makeToken, startTestApi, type TestApi } from "./test-support";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const run = (query: string) => `mutation { bulkOperationRunQuery(query: """${query}""", groupObjects: false) {
  bulkOperation { id status } userErrors { field message code } } }`;

type RunResult = { bulkOperationRunQuery: { bulkOperation: { id: string; status: string } | null; userErrors: { field: string[] | null; message: string; code: string }[] } };

describe("bulk operations", () => {
  it("streams JSONL with nested connection nodes on their own lines carrying __parentId", async () => {
    const shop = makeShop(api.ctx).domain;
    const token = makeToken(api.ctx, shop);
    const c1 = makeCustomer(api.ctx, shop);
    const c2 = makeCustomer(api.ctx, shop);
    const o1 = makeOrder(api.ctx, shop, { customerId: c1.id });
    const started = await api.gql(shop, token, run("{ customers(query: \"\") { edges { node { id email orders { edges { node { id name totalPriceSet { shopMoney { amount } } } } } } } } }"));
    const op = (started.body.data as RunResult).bulkOperationRunQuery;
    expect(op.userErrors).toEqual([]);
    expect(op.bulkOperation?.status).toBe("CREATED");
    await waitForBulkOperations();

    const done = await api.gql(shop, token, `{ bulkOperation(id: "${op.bulkOperation!.id}") { status objectCount rootObjectCount fileSize url } currentBulkOperation { id } }`);
    const data = done.body.data as { bulkOperation: { status: string; objectCount: string; rootObjectCount: string; url: string } };
    expect(data.bulkOperation).toMatchObject({ status: "COMPLETED", objectCount: "3", rootObjectCount: "2" });
    const file = await fetch(data.bulkOperation.url);
    expect(file.status).toBe(200);
    const lines = (await file.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { id: `gid://shopify/Customer/${c1.id}`, email: c1.email },
      { id: `gid://shopify/Order/${o1.id}`, name: o1.name, totalPriceSet: { shopMoney: { amount: "1980.0" } }, __parentId: `gid://shopify/Customer/${c1.id}` },
      { id: `gid://shopify/Customer/${c2.id}`, email: c2.email },
    ]);
    const finish = api.ctx.webhooks.events.find((e) => e.topic === "bulk_operations/finish" && e.shop === shop);
    expect(finish?.payload).toMatchObject({ admin_graphql_api_id: op.bulkOperation!.id, status: "completed" });
  });

  it("refuses a tampered or expired result link with 403", async () => {
    const shop = makeShop(api.ctx).domain;
    const token = makeToken(api.ctx, shop);
    makeCustomer(api.ctx, shop);
    const started = await api.gql(shop, token, run("{ customers { nodes { id } } }"));
    await waitForBulkOperations();
    const id = Number((started.body.data as RunResult).bulkOperationRunQuery.bulkOperation!.id.split("/").pop());
    const url = new URL(records(api.ctx.db).getBulkOperation(shop, id)!.url!);
    expect((await fetch(url)).status).toBe(200);
    const tampered = new URL(url);
    tampered.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 1));
    expect((await fetch(tampered)).status).toBe(403);
  });

  it("answers Shopify's userErrors for documents that break bulk rules", async () => {
    const shop = makeShop(api.ctx).domain;
    const token = makeToken(api.ctx, shop);
    const errorsFor = async (q: string) => ((await api.gql(shop, token, run(q))).body.data as RunResult).bulkOperationRunQuery.userErrors;
    expect(await errorsFor("{ shop { name } }")).toEqual([{ field: ["query"], message: "Bulk queries must contain at least one connection.", code: "INVALID" }]);
    expect((await errorsFor("{ customers { nodes { foo } } }"))[0]?.message).toBe("Invalid bulk query: Field 'foo' doesn't exist on type 'Customer'");
    expect((await errorsFor("{ customers { nodes { orders { nodes { lineItems { nodes { product { variants { nodes { id } } } } } } } } } }"))[0]?.message).toBe(
      "Bulk queries cannot contain connections with a nesting depth greater than 2.",
    );
  });

  it("allows one running query operation per shop, and cancels the running one", async () => {
    const shop = makeShop(api.ctx).domain;
    const token = makeToken(api.ctx, shop);
    const id = reserveIds(api.ctx.db, "BulkOperation");
    records(api.ctx.db).putBulkOperation({
      id, shop, type: "QUERY", status: "RUNNING", query: "{ customers { nodes { id } } }", errorCode: null,
      objectCount: 0, rootObjectCount: 0, fileSize: null, url: null, createdAt: new Date().toISOString(), completedAt: null,
    });
    const second = await api.gql(shop, token, run("{ customers { nodes { id } } }"));
    expect((second.body.data as RunResult).bulkOperationRunQuery.userErrors).toEqual([
      { field: null, message: `A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/${id}.`, code: "OPERATION_IN_PROGRESS" },
    ]);
    const cancel = await api.gql(shop, token, `mutation { bulkOperationCancel(id: "gid://shopify/BulkOperation/${id}") { bulkOperation { status } userErrors { message } } }`);
    expect(cancel.body.data).toEqual({ bulkOperationCancel: { bulkOperation: { status: "CANCELING" }, userErrors: [] } });
  });

  it("fails with ACCESS_DENIED when the token cannot read the resource", async () => {
    const shop = makeShop(api.ctx).domain;
    const token = makeToken(api.ctx, shop, "read_customers");
    const started = await api.gql(shop, token, run("{ orders { nodes { id } } }"));
    await waitForBulkOperations();
    const id = (started.body.data as RunResult).bulkOperationRunQuery.bulkOperation!.id;
    const res = await api.gql(shop, token, `{ bulkOperation(id: "${id}") { status errorCode url } }`);
    expect(res.body.data).toEqual({ bulkOperation: { status: "FAILED", errorCode: "ACCESS_DENIED", url: null } });
  });
});
