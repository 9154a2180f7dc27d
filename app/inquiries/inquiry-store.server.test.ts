import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

// Acknowledged means durable: a process killed (SIGKILL) in the middle of a burst of grouped writes loses none of
// the inquiries it acknowledged, and the numbers it committed have no gaps (ADR 017).
const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
const { default: prisma } = await import("../db.server");

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const CHILD = path.join(import.meta.dirname, "fixtures", "store-writer-child.ts");
const TSX = path.join(import.meta.dirname, "..", "..", "node_modules", ".bin", "tsx");

/** Runs the writer until it acknowledged `count` inquiries, then kills it without warning; the acknowledged ones. */
function killAfter(shop: string, count: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CHILD, shop], { env: { ...process.env, DATABASE_URL: database.url }, stdio: ["ignore", "pipe", "pipe"] });
    const acked = new Map<string, number>();
    let buffered = "";
    let stderr = "";
    let killed = false;
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, id, number] = line.split(" ");
        if (word === "ok" && !killed) acked.set(id!, Number(number));
      }
      if (!killed && acked.size >= count) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("exit", () => (killed ? resolve(acked) : reject(new Error(`writer exited early: ${stderr}`))));
  });
}

describe("the grouped inquiry store", () => {
  it("keeps every acknowledged inquiry, with gap-free numbers, when its process is killed mid-burst", { timeout: 60_000 }, async () => {
    const shop = `crash-${randomUUID().slice(0, 8)}.myshopify.com`;
    const acked = await killAfter(shop, 400);
    expect(acked.size).toBeGreaterThanOrEqual(400);
    const rows = await prisma.inquiry.findMany({ where: { shop }, select: { id: true, number: true, _count: { select: { messages: true } } } });
    const stored = new Map(rows.map((r) => [r.id, r]));
    const lost = [...acked.keys()].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    for (const [id, number] of acked) expect(stored.get(id)).toMatchObject({ number, _count: { messages: 1 } });
    const numbers = rows.map((r) => r.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 1001 + i));
  });
});
