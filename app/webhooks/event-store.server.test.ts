import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { CLAIM_LEASE_MS, claimDueWebhooks, closeWebhookStore, recordWebhook, settleWebhook } = await import("./event-store.server");

afterAll(async () => {
  await closeWebhookStore();
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `queue-${randomUUID().slice(0, 8)}.myshopify.com`;

function webhook(shop: string, webhookId: string = randomUUID(), triggeredAt: Date | null = new Date("2026-11-23T01:00:00.000Z")) {
  return { shop, webhookId, eventId: null, topic: "customers/update", apiVersion: "2026-10", triggeredAt, payload: JSON.stringify({ id: 1 }) };
}

/** Claims everything due, batch by batch as a worker does, and keeps this test's shop (the database is shared). */
async function claimFor(shop: string, now?: Date, batch = 100) {
  const mine = [];
  for (let claimed = await claimDueWebhooks(batch, now); claimed.length > 0; claimed = await claimDueWebhooks(batch, now)) {
    mine.push(...claimed.filter((w) => w.shop === shop));
  }
  return mine;
}

describe("recordWebhook", () => {
  it("records a webhook once: a repeat id, in the same group commit or a later one, is not new", async () => {
    const shop = newShop();
    const first = webhook(shop);
    const results = await Promise.all([recordWebhook(first), recordWebhook(first), recordWebhook(webhook(shop))]);
    expect(results).toEqual([true, false, true]);
    expect(await recordWebhook(first)).toBe(false);
    const rows = await prisma.webhookEvent.findMany({ where: { shop }, orderBy: { webhookId: "asc" } });
    expect(rows).toHaveLength(2);
    const row = rows.find((r) => r.webhookId === first.webhookId)!;
    expect(row).toMatchObject({ topic: "customers/update", status: "received", attempts: 0, triggeredAt: first.triggeredAt, payload: first.payload });
    // Stored as Prisma stores dates, so Prisma reads them back as the same instants.
    expect(row.receivedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row.availableAt.getTime()).toBe(row.receivedAt.getTime());
  });

  it("commits a burst in groups and answers every caller", async () => {
    const shop = newShop();
    const burst = Array.from({ length: 1200 }, () => webhook(shop));
    const results = await Promise.all(burst.map((w) => recordWebhook(w)));
    expect(results.every(Boolean)).toBe(true);
    expect(await prisma.webhookEvent.count({ where: { shop } })).toBe(1200);
  });

  it("keeps the same webhook id apart in two shops", async () => {
    const id = randomUUID();
    expect(await Promise.all([recordWebhook(webhook(newShop(), id)), recordWebhook(webhook(newShop(), id))])).toEqual([true, true]);
  });
});

describe("claimDueWebhooks and settleWebhook", () => {
  it("claims due webhooks once, oldest trigger first, and counts the attempt", async () => {
    const shop = newShop();
    await recordWebhook(webhook(shop, "late", new Date("2026-11-23T02:00:00.000Z")));
    await recordWebhook(webhook(shop, "early", new Date("2026-11-23T01:00:00.000Z")));
    const claimed = await claimFor(shop);
    expect(claimed.map((w) => [w.topic, w.attempts])).toEqual([["customers/update", 1], ["customers/update", 1]]);
    const ids = await prisma.webhookEvent.findMany({ where: { shop }, select: { id: true, webhookId: true } });
    const byId = new Map(ids.map((r) => [r.id, r.webhookId]));
    expect(claimed.map((w) => byId.get(w.id))).toEqual(["early", "late"]);
    expect(claimed[0]!.receivedAt).toBeInstanceOf(Date);
    expect(await claimFor(shop)).toEqual([]);
    expect(await prisma.webhookEvent.count({ where: { shop, status: "processing" } })).toBe(2);
  });

  it("gives a claim back when its worker died: after the lease, not before", async () => {
    const shop = newShop();
    await recordWebhook(webhook(shop));
    const [claimed] = await claimFor(shop);
    expect(await claimFor(shop, new Date(Date.now() + CLAIM_LEASE_MS - 60_000))).toEqual([]);
    const again = await claimFor(shop, new Date(Date.now() + CLAIM_LEASE_MS + 60_000));
    expect(again.map((w) => [w.id, w.attempts])).toEqual([[claimed!.id, 2]]);
  });

  it("records the outcome, or sends the webhook back for a later attempt", async () => {
    const shop = newShop();
    await recordWebhook(webhook(shop));
    await recordWebhook(webhook(shop));
    const [done, retried] = await claimFor(shop);
    const at = new Date("2026-11-23T03:00:00.000Z");
    await settleWebhook(done!.id, { status: "processed", note: null, at });
    const later = new Date(Date.now() + 60_000);
    await settleWebhook(retried!.id, { status: "retry", note: "Shopify said 503", availableAt: later });
    expect(await prisma.webhookEvent.findUnique({ where: { id: done!.id } })).toMatchObject({ status: "processed", processedAt: at, lastError: null });
    expect(await prisma.webhookEvent.findUnique({ where: { id: retried!.id } })).toMatchObject({ status: "received", availableAt: later, lastError: "Shopify said 503" });
    expect(await claimFor(shop)).toEqual([]);
    expect((await claimFor(shop, new Date(later.getTime() + 1))).map((w) => [w.id, w.attempts])).toEqual([[retried!.id, 2]]);
  });

  it("lets two workers claim at once without sharing a webhook", async () => {
    const shop = newShop();
    await Promise.all(Array.from({ length: 40 }, () => recordWebhook(webhook(shop))));
    const [a, b] = await Promise.all([claimFor(shop, undefined, 7), claimFor(shop, undefined, 7)]);
    const mine = [...a, ...b].map((w) => w.id);
    expect(new Set(mine).size).toBe(mine.length);
    expect(mine.length).toBe(40);
  });
});
