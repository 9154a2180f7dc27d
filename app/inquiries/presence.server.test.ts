import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { heartbeat, othersPresent, PRESENCE_TTL_MS } = await import("./presence.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `presence-${randomUUID().slice(0, 8)}.myshopify.com`;

async function inquiry(shop: string) {
  return (await prisma.inquiry.create({ data: { shop, number: 1001, channel: "chat" } })).id;
}

describe("presence", () => {
  it("tells an agent who else is viewing or replying, replying first, never themselves", async () => {
    const shop = newShop();
    const id = await inquiry(shop);
    const now = new Date();
    await heartbeat({ shop, inquiryId: id, userId: "1", userName: "山田 花子", state: "viewing" }, now);
    await heartbeat({ shop, inquiryId: id, userId: "2", userName: "佐藤 健", state: "replying" }, now);

    const seenBy3 = await heartbeat({ shop, inquiryId: id, userId: "3", userName: "鈴木 美咲", state: "viewing" }, now);
    expect(seenBy3?.map((o) => [o.userName, o.state])).toEqual([
      ["佐藤 健", "replying"],
      ["山田 花子", "viewing"],
    ]);
    expect((await othersPresent(shop, id, "1", now)).map((o) => o.userId).sort()).toEqual(["2", "3"]);
  });

  it("forgets an agent whose heartbeats stopped or who left", async () => {
    const shop = newShop();
    const id = await inquiry(shop);
    const then = new Date();
    await heartbeat({ shop, inquiryId: id, userId: "1", userName: null, state: "replying" }, then);
    await heartbeat({ shop, inquiryId: id, userId: "2", userName: null, state: "viewing" }, then);
    const later = new Date(then.getTime() + PRESENCE_TTL_MS + 1_000);
    await heartbeat({ shop, inquiryId: id, userId: "2", userName: null, state: "viewing" }, later);

    expect(await othersPresent(shop, id, "3", later)).toHaveLength(1);
    await heartbeat({ shop, inquiryId: id, userId: "2", userName: null, state: "left" }, later);
    expect(await othersPresent(shop, id, "3", later)).toEqual([]);
  });

  it("refuses a heartbeat for another shop's conversation", async () => {
    const shop = newShop();
    const id = await inquiry(shop);
    expect(await heartbeat({ shop: newShop(), inquiryId: id, userId: "1", userName: null, state: "viewing" })).toBeNull();
    expect(await prisma.inquiryPresence.count({ where: { inquiryId: id } })).toBe(0);
  });
});
