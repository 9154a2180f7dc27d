import { randomUUID } from "node:crypto";
import { GraphqlQueryError } from "@shopify/shopify-api";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { adminGateway } = await import("../shopify/gateway.server");
const push = await import("./push.server");
const { SimulatedCrash } = push;

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const BUYERS = { type: "group", op: "and", children: [{ type: "condition", field: "ordersCount", operator: "gte", value: 1 }] };

/** A shop with `members` customers who bought (ids m01…), one who did not, and a segment of the buyers. */
async function makeShop(members = 7, tagsOf: (i: number) => string = () => "") {
  const shop = `push-${randomUUID().slice(0, 8)}.myshopify.com`;
  await prisma.shop.create({ data: { domain: shop, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo" } });
  const at = new Date("2026-01-01T00:00:00Z");
  const ids = Array.from({ length: members }, (_, i) => `m${String(i + 1).padStart(2, "0")}`);
  await prisma.customer.createMany({
    data: [
      ...ids.map((shopifyId, i) => ({ shop, shopifyId, ordersCount: 1, tags: tagsOf(i), shopifyCreatedAt: at, shopifyUpdatedAt: at })),
      { shop, shopifyId: "z99", ordersCount: 0, shopifyCreatedAt: at, shopifyUpdatedAt: at },
    ],
  });
  const tagRows = ids.flatMap((id, i) => (tagsOf(i) ? tagsOf(i).split(", ").map((tag) => ({ shop, customerShopifyId: id, tag })) : []));
  if (tagRows.length) await prisma.customerTag.createMany({ data: tagRows });
  const segment = await prisma.segment.create({ data: { shop, name: "Buyers", rule: JSON.stringify(BUYERS) } });
  return { shop, segmentId: segment.id, ids };
}

type Call = { ids: string[]; tags: string[] };

/**
 * A stand-in for Shopify's Admin API behind the real gateway: applies tagsAdd per alias to its own tag table,
 * answers userErrors for unknown customers, and can answer THROTTLED or "crash" on a given request.
 */
function fakeShopify(options: { throttleOn?: number[]; crashOn?: number; refuse?: string[]; onRequest?: (n: number) => Promise<void> } = {}) {
  const tags = new Map<string, Set<string>>();
  const calls: Call[] = [];
  const sleeps: number[] = [];
  let requests = 0;
  const graphql = async (_query: string, opts?: { variables?: Record<string, unknown> }) => {
    requests++;
    const n = requests;
    await options.onRequest?.(n);
    if (options.throttleOn?.includes(n)) {
      throw new GraphqlQueryError({
        message: "Throttled",
        response: {},
        body: {
          errors: { graphQLErrors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] },
          extensions: { cost: { requestedQueryCost: 275, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 100, restoreRate: 50 } } },
        },
      });
    }
    const variables = opts?.variables ?? {};
    const ids = Object.keys(variables)
      .filter((k) => /^id\d+$/.test(k))
      .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)))
      .map((k) => String(variables[k]).split("/").pop()!);
    const added = variables.tags as string[];
    calls.push({ ids, tags: added });
    const data: Record<string, unknown> = {};
    ids.forEach((id, i) => {
      if (options.refuse?.includes(id)) {
        data[`c${i}`] = { userErrors: [{ field: ["id"], message: "Resource not found" }] };
        return;
      }
      const set = tags.get(id) ?? new Set<string>();
      added.forEach((t) => set.add(t));
      tags.set(id, set);
      data[`c${i}`] = { userErrors: [] };
    });
    if (options.crashOn === n) throw new SimulatedCrash();
    return new Response(JSON.stringify({ data }));
  };
  const gateway = adminGateway(graphql, { sleep: async (ms) => void sleeps.push(ms) });
  return { tags, calls, sleeps, gatewayFor: async () => gateway, requests: () => requests };
}

const row = (id: string) => prisma.segmentPush.findUniqueOrThrow({ where: { id } });

async function claimAndRun(pushId: string, fake: ReturnType<typeof fakeShopify>, extra: Partial<import("./push.server").PushRunOptions> = {}) {
  const { shop } = await row(pushId);
  const started = await push.runDueSegmentPushes({ gatewayFor: fake.gatewayFor, batchSize: 3, sleep: async () => {}, shop, ...extra });
  await push.settleSegmentPushes();
  return { started, push: await row(pushId) };
}

describe("createTagPush", () => {
  it("refuses an empty tag, a comma and more than 255 characters with field messages", async () => {
    const { shop, segmentId } = await makeShop(1);
    expect(await push.createTagPush(shop, segmentId, null, "  ")).toMatchObject({ ok: false, code: "tagRequired", errors: [{ field: "tag", messageKey: "segmentUse.push.errors.tagRequired" }] });
    expect(await push.createTagPush(shop, segmentId, null, "a,b")).toMatchObject({ ok: false, code: "tagComma" });
    expect(await push.createTagPush(shop, segmentId, null, "x".repeat(256))).toMatchObject({ ok: false, code: "tagTooLong" });
    expect(await prisma.segmentPush.count({ where: { shop } })).toBe(0);
  });

  it("queues one push with the current member count, and refuses a second while it is active", async () => {
    const { shop, segmentId } = await makeShop(4);
    const created = await push.createTagPush(shop, segmentId, "user-1", " dm-2026 ");
    expect(created).toMatchObject({ ok: true, push: { status: "queued", kind: "tags", tag: "dm-2026", total: 4, processed: 0 } });
    expect(await push.createTagPush(shop, segmentId, null, "other")).toMatchObject({ ok: false, code: "alreadyRunning" });
    expect(push.pushErrorStatus("alreadyRunning")).toBe(409);
  });

  it("does not find another shop's segment", async () => {
    const { segmentId } = await makeShop(1);
    const other = await makeShop(1);
    expect(await push.createTagPush(other.shop, segmentId, null, "x")).toMatchObject({ ok: false, code: "segmentNotFound" });
  });
});

describe("running a tag push", () => {
  it("tags every member in batches through aliases and updates the app's copy of the tags", async () => {
    const { shop, segmentId, ids } = await makeShop(7, (i) => (i === 0 ? "VIP" : i === 1 ? "dm, 常連" : ""));
    const created = await push.createTagPush(shop, segmentId, null, "vip");
    if (!created.ok) throw new Error("not created");
    const fake = fakeShopify();
    const { started, push: done } = await claimAndRun(created.push.id, fake);

    expect(started).toBe(1);
    expect(fake.calls.map((c) => c.ids)).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
    expect(done).toMatchObject({ status: "succeeded", processed: 7, failed: 0, total: 7, cursor: "m07", leaseUntil: null });
    expect([...fake.tags.keys()].sort()).toEqual(ids);
    const customers = await prisma.customer.findMany({ where: { shop }, orderBy: { shopifyId: "asc" }, select: { shopifyId: true, tags: true } });
    // Shopify keeps tags once, ignoring case: m01's "VIP" stays as it was.
    expect(customers.slice(0, 3)).toEqual([
      { shopifyId: "m01", tags: "VIP" },
      { shopifyId: "m02", tags: "dm, 常連, vip" },
      { shopifyId: "m03", tags: "vip" },
    ]);
    expect(customers.find((c) => c.shopifyId === "z99")?.tags).toBe("");
    const tagRows = await prisma.customerTag.findMany({ where: { shop, tag: { in: ["vip", "VIP"] } }, orderBy: { customerShopifyId: "asc" } });
    expect(tagRows.map((t) => `${t.customerShopifyId}:${t.tag}`)).toEqual(["m01:VIP", ...ids.slice(1).map((id) => `${id}:vip`)]);
  });

  it("waits as long as the throttle status says when Shopify answers THROTTLED, then sends the batch again", async () => {
    const { shop, segmentId } = await makeShop(5);
    const created = await push.createTagPush(shop, segmentId, null, "wave");
    if (!created.ok) throw new Error("not created");
    const fake = fakeShopify({ throttleOn: [2] });
    const { push: done } = await claimAndRun(created.push.id, fake);
    // 275 points asked, 100 available, 50 restored per second: 3.5 s (+ 50 ms margin).
    expect(fake.sleeps).toEqual([3550]);
    expect(fake.requests()).toBe(3);
    expect(done).toMatchObject({ status: "succeeded", processed: 5, failed: 0 });
  });

  it("counts customers Shopify refuses as failed and goes on", async () => {
    const { shop, segmentId } = await makeShop(4);
    const created = await push.createTagPush(shop, segmentId, null, "x");
    if (!created.ok) throw new Error("not created");
    const fake = fakeShopify({ refuse: ["m02"] });
    const { push: done } = await claimAndRun(created.push.id, fake);
    expect(done).toMatchObject({ status: "succeeded", processed: 3, failed: 1, total: 4, lastError: "Resource not found" });
    expect(await prisma.customerTag.count({ where: { shop, customerShopifyId: "m02", tag: "x" } })).toBe(0);
  });

  it("resumes after a crash from the saved cursor, and counts each member exactly once", async () => {
    const { shop, segmentId, ids } = await makeShop(8);
    const created = await push.createTagPush(shop, segmentId, null, "resume");
    if (!created.ok) throw new Error("not created");
    // The second request reaches Shopify, then the process "dies" before saving.
    const fake = fakeShopify({ crashOn: 2 });
    const { push: crashed } = await claimAndRun(created.push.id, fake);
    expect(crashed).toMatchObject({ status: "running", processed: 3, failed: 0, cursor: "m03" });

    // Within the lease nobody takes it over.
    const during = await push.runDueSegmentPushes({ gatewayFor: fake.gatewayFor, batchSize: 3, now: () => new Date(), shop });
    expect(during).toBe(0);

    // After the lease, a new worker goes on from m04: the crashed batch is sent again, counted once.
    const later = () => new Date(Date.now() + push.LEASE_MS + 1000);
    const resumed = fakeShopify();
    const { started, push: done } = await claimAndRun(created.push.id, resumed, { now: later });
    expect(started).toBe(1);
    expect(resumed.calls.map((c) => c.ids)).toEqual([ids.slice(3, 6), ids.slice(6)]);
    expect(done).toMatchObject({ status: "succeeded", processed: 8, failed: 0, total: 8 });
    expect(new Set([...fake.tags.keys(), ...resumed.tags.keys()]).size).toBe(8);
    expect(await prisma.customerTag.count({ where: { shop, tag: "resume" } })).toBe(8);
  });

  it("stops at the next batch when cancelled, without counting the batch in flight", async () => {
    const { shop, segmentId } = await makeShop(9);
    const created = await push.createTagPush(shop, segmentId, null, "stop");
    if (!created.ok) throw new Error("not created");
    const fake = fakeShopify({
      onRequest: async (n) => {
        if (n === 2) expect(await push.cancelPush(shop, segmentId, created.push.id)).toEqual({ ok: true });
      },
    });
    const { push: done } = await claimAndRun(created.push.id, fake);
    expect(fake.requests()).toBe(2);
    expect(done).toMatchObject({ status: "cancelled", processed: 3, cursor: "m03" });
    expect(await push.cancelPush(shop, segmentId, created.push.id)).toMatchObject({ ok: false, code: "notFound" });
    // A cancelled push frees the segment for a new one.
    expect(await push.createTagPush(shop, segmentId, null, "again")).toMatchObject({ ok: true });
  });

  it("lists the segment's pushes newest first, only the shop's own", async () => {
    const { shop, segmentId } = await makeShop(1);
    const first = await push.createTagPush(shop, segmentId, null, "one");
    if (!first.ok) throw new Error("not created");
    await push.cancelPush(shop, segmentId, first.push.id);
    await push.createTagPush(shop, segmentId, null, "two");
    expect((await push.listPushes(shop, segmentId)).map((p) => [p.tag, p.status])).toEqual([
      ["two", "queued"],
      ["one", "cancelled"],
    ]);
    const other = await makeShop(1);
    expect(await push.listPushes(other.shop, segmentId)).toEqual([]);
  });
});

describe("pushShopifySegment", () => {
  const gatewayAnswering = (answer: unknown) => adminGateway(async () => new Response(JSON.stringify({ data: answer })));

  it("creates the segment from the rule's ShopifyQL and records its id", async () => {
    const { shop, segmentId } = await makeShop(1);
    let sent: Record<string, unknown> | undefined;
    const gateway = adminGateway(async (_q, opts) => {
      sent = opts?.variables;
      return new Response(JSON.stringify({ data: { segmentCreate: { segment: { id: "gid://shopify/Segment/5", name: "Buyers", query: "x" }, userErrors: [] } } }));
    });
    const result = await push.pushShopifySegment(shop, segmentId, null, "Buyers", gateway);
    expect(sent).toEqual({ name: "Buyers", query: "number_of_orders >= 1" });
    expect(result).toMatchObject({ ok: true, push: { kind: "shopifySegment", status: "succeeded", shopifySegmentId: "gid://shopify/Segment/5", query: "number_of_orders >= 1" } });
  });

  it("answers Shopify's duplicate name as a field error on the name and records the failure", async () => {
    const { shop, segmentId } = await makeShop(1);
    const gateway = gatewayAnswering({ segmentCreate: { segment: null, userErrors: [{ field: ["name"], message: "Name has already been taken" }] } });
    expect(await push.pushShopifySegment(shop, segmentId, null, "Buyers", gateway)).toMatchObject({
      ok: false,
      code: "shopifyNameTaken",
      errors: [{ field: "name", messageKey: "segmentUse.push.errors.shopifyNameTaken" }],
    });
    expect(await prisma.segmentPush.findFirst({ where: { shop } })).toMatchObject({ status: "failed", lastError: "Name has already been taken" });
  });

  it("says why a rule cannot be a Shopify segment and sends nothing", async () => {
    const { shop } = await makeShop(1);
    const segment = await prisma.segment.create({
      data: { shop, name: "Champions", rule: JSON.stringify({ type: "group", op: "and", children: [{ type: "condition", field: "rfmClass", operator: "in", value: ["champions"] }] }) },
    });
    const gateway = adminGateway(async () => {
      throw new Error("must not be called");
    });
    expect(await push.pushShopifySegment(shop, segment.id, null, "Champions", gateway)).toMatchObject({
      ok: false,
      code: "notExpressible",
      reasons: [{ code: "field", field: "rfmClass" }],
    });
    expect(await push.pushShopifySegment(shop, segment.id, null, " ", gateway)).toMatchObject({ ok: false, code: "nameRequired" });
    expect(await prisma.segmentPush.count({ where: { shop } })).toBe(0);
  });
});
