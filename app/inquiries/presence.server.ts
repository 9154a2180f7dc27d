/**
 * Who is looking at or replying to a conversation right now, so two agents never answer the same shopper twice.
 * Each open conversation page sends a heartbeat every few seconds (PRESENCE_HEARTBEAT_MS); an entry older than
 * PRESENCE_TTL_MS is gone (the tab closed without saying so).
 */
import { z } from "zod";
import prisma from "../db.server";

export const PRESENCE_HEARTBEAT_MS = 5_000;
export const PRESENCE_TTL_MS = 15_000;
export const PRESENCE_STATES = ["viewing", "replying"] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export type PresenceEntry = { userId: string; userName: string | null; state: PresenceState; seenAt: string };

export const HeartbeatInput = z.object({
  state: z.enum([...PRESENCE_STATES, "left"]),
});

/** Other agents present in the conversation (fresh heartbeats only), replying first. */
export async function othersPresent(shop: string, inquiryId: string, userId: string, now = new Date()): Promise<PresenceEntry[]> {
  const rows = await prisma.inquiryPresence.findMany({
    where: { shop, inquiryId, userId: { not: userId }, seenAt: { gt: new Date(now.getTime() - PRESENCE_TTL_MS) } },
    orderBy: [{ state: "asc" }, { seenAt: "desc" }], // "replying" sorts before "viewing"
  });
  return rows.map((r) => ({
    userId: r.userId,
    userName: r.userName,
    state: r.state === "replying" ? "replying" : "viewing",
    seenAt: r.seenAt.toISOString(),
  }));
}

/**
 * Records that `userId` is viewing or replying to the conversation (or has left it) and answers who else is there.
 * Returns null when the conversation is not the shop's.
 */
export async function heartbeat(
  input: { shop: string; inquiryId: string; userId: string; userName: string | null; state: PresenceState | "left" },
  now = new Date(),
): Promise<PresenceEntry[] | null> {
  const { shop, inquiryId, userId } = input;
  const exists = await prisma.inquiry.count({ where: { shop, id: inquiryId } });
  if (!exists) return null;
  const key = { shop_inquiryId_userId: { shop, inquiryId, userId } };
  if (input.state === "left") {
    await prisma.inquiryPresence.deleteMany({ where: { shop, inquiryId, userId } });
  } else {
    const data = { userName: input.userName, state: input.state, seenAt: now };
    await prisma.inquiryPresence.upsert({ where: key, create: { shop, inquiryId, userId, ...data }, update: data });
  }
  // Old rows of this conversation are cleared as it goes, so the table stays the size of what is open now.
  await prisma.inquiryPresence.deleteMany({ where: { shop, inquiryId, seenAt: { lt: new Date(now.getTime() - 4 * PRESENCE_TTL_MS) } } });
  return othersPresent(shop, inquiryId, userId, now);
}
