import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";

const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");
const { listStaff, rawSessionToken, staffDisplayName } = await import("./directory.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

describe("the staff directory", () => {
  it("writes Japanese names family name first and others given name first", () => {
    expect(staffDisplayName("花子", "山田")).toBe("山田 花子");
    expect(staffDisplayName("Alex", "Morgan")).toBe("Alex Morgan");
    expect(staffDisplayName("", "  ")).toBe("");
  });

  it("reads the session token from the Authorization header, else from the launch URL", () => {
    expect(rawSessionToken(new Request("https://app.example/app?id_token=fromurl", { headers: { authorization: "Bearer fromheader" } }))).toBe("fromheader");
    expect(rawSessionToken(new Request("https://app.example/app?id_token=fromurl"))).toBe("fromurl");
    expect(rawSessionToken(new Request("https://app.example/app"))).toBeNull();
  });

  it("lists the shop's staff by name, falling back to the address or the id, never another shop's", async () => {
    const shop = `staff-${randomUUID().slice(0, 8)}.myshopify.com`;
    await prisma.staffMember.createMany({
      data: [
        { shop, userId: "2", name: "佐藤 健", email: "ken@example.com" },
        { shop, userId: "3", name: null, email: "misaki@example.com" },
        { shop, userId: "4" },
        { shop: `other-${shop}`, userId: "9", name: "他店 スタッフ" },
      ],
    });
    expect((await listStaff(shop)).map((s) => [s.userId, s.name])).toEqual([
      ["4", "4"],
      ["3", "misaki@example.com"],
      ["2", "佐藤 健"],
    ]);
  });
});
