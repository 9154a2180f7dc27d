import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { autoAssign } = await import("./assignment.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const newShop = () => `assign-${randomUUID().slice(0, 8)}.myshopify.com`;
let numbers = 1000;

async function category(shop: string, assignment: string, team: string[], key = "shipping") {
  await prisma.inquiryCategory.create({ data: { shop, key, nameJa: "配送", nameEn: "Shipping", assignment, teamUserIds: JSON.stringify(team) } });
}

async function inquiry(shop: string, fields: { category?: string | null; assigneeUserId?: string | null; status?: string } = {}) {
  const row = await prisma.inquiry.create({
    data: { shop, number: ++numbers, channel: "form", category: fields.category === undefined ? "shipping" : fields.category, assigneeUserId: fields.assigneeUserId ?? null, status: fields.status ?? "new" },
  });
  return row.id;
}

describe("autoAssign", () => {
  it("leaves an inquiry of a manual category for a person to pick", async () => {
    const shop = newShop();
    await category(shop, "manual", ["1", "2"]);
    expect(await autoAssign(shop, await inquiry(shop))).toBeNull();
  });

  it("leaves an inquiry without a category or with an empty team unassigned", async () => {
    const shop = newShop();
    await category(shop, "round_robin", []);
    expect(await autoAssign(shop, await inquiry(shop))).toBeNull();
    expect(await autoAssign(shop, await inquiry(shop, { category: null }))).toBeNull();
  });

  it("walks the team in order with round robin and starts again at the top", async () => {
    const shop = newShop();
    await category(shop, "round_robin", ["11", "22", "33"]);
    const picks = [];
    for (let n = 0; n < 4; n++) picks.push(await autoAssign(shop, await inquiry(shop)));
    expect(picks).toEqual(["11", "22", "33", "11"]);
  });

  it("never gives two inquiries arriving together the same round-robin turn", async () => {
    const shop = newShop();
    await category(shop, "round_robin", ["1", "2", "3", "4", "5", "6"]);
    const ids = await Promise.all([0, 1, 2, 3, 4, 5].map(() => inquiry(shop)));
    const picks = await Promise.all(ids.map((id) => autoAssign(shop, id)));
    expect([...picks].sort()).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("gives a least-loaded inquiry to the member with the fewest unresolved inquiries", async () => {
    const shop = newShop();
    await category(shop, "least_loaded", ["a", "b", "c"]);
    await inquiry(shop, { assigneeUserId: "a", status: "open" });
    await inquiry(shop, { assigneeUserId: "a", status: "pending" });
    await inquiry(shop, { assigneeUserId: "b", status: "new" });
    await inquiry(shop, { assigneeUserId: "c", status: "open" });
    await inquiry(shop, { assigneeUserId: "c", status: "resolved" });
    await inquiry(shop, { assigneeUserId: "c", status: "resolved" });
    // b and c have one unresolved each: the tie goes to the one listed first.
    expect(await autoAssign(shop, await inquiry(shop))).toBe("b");
  });

  it("counts only the shop's own inquiries and reads only the shop's category", async () => {
    const shop = newShop();
    const other = newShop();
    await category(shop, "least_loaded", ["a", "b"]);
    await category(other, "round_robin", ["x"]);
    await inquiry(shop, { assigneeUserId: "a", status: "open" });
    for (let n = 0; n < 3; n++) await inquiry(other, { assigneeUserId: "b", status: "open" });
    expect(await autoAssign(shop, await inquiry(shop))).toBe("b");
    expect(await autoAssign(other, await inquiry(shop))).toBeNull();
  });
});
