/**
 * Who gets a new inquiry: the category's assignment mode decides. `manual` leaves it for a person to pick,
 * `round_robin` walks the category's team in order, `least_loaded` picks the member with the fewest unresolved
 * inquiries. The caller (conversations.server.ts) writes the assignee; this module only chooses.
 */
import { z } from "zod";
import prisma from "../db.server";

const TeamUserIds = z.array(z.string().min(1));

/** The category's team as stored (JSON array of staff user ids); anything unreadable counts as no team. */
export function parseTeam(json: string): string[] {
  try {
    return [...new Set(TeamUserIds.catch([]).parse(JSON.parse(json)))];
  } catch {
    return [];
  }
}

/** Unresolved inquiries per user id among `userIds` (a member without any has 0). */
export async function openLoad(shop: string, userIds: string[]): Promise<Map<string, number>> {
  const rows = await prisma.inquiry.groupBy({
    by: ["assigneeUserId"],
    where: { shop, assigneeUserId: { in: userIds }, status: { in: ["new", "open", "pending"] } },
    _count: { _all: true },
  });
  const load = new Map(userIds.map((id) => [id, 0]));
  for (const row of rows) if (row.assigneeUserId) load.set(row.assigneeUserId, row._count._all);
  return load;
}

/**
 * The staff user id a new inquiry of the given shop should go to, by its category's assignment mode, or null
 * (manual mode, no category, or an empty team).
 *
 * Round robin is safe under concurrency: the cursor is advanced by one atomic increment whose result is the
 * member's turn, so two inquiries arriving at the same moment never get the same turn.
 */
export async function autoAssign(shop: string, inquiryId: string): Promise<string | null> {
  const inquiry = await prisma.inquiry.findFirst({ where: { shop, id: inquiryId }, select: { category: true } });
  if (!inquiry?.category) return null;
  const category = await prisma.inquiryCategory.findUnique({ where: { shop_key: { shop, key: inquiry.category } } });
  if (!category || category.archivedAt) return null;
  const team = parseTeam(category.teamUserIds);
  if (team.length === 0) return null;
  switch (category.assignment) {
    case "round_robin": {
      const { roundRobinCursor } = await prisma.inquiryCategory.update({
        where: { shop_key: { shop, key: category.key } },
        data: { roundRobinCursor: { increment: 1 } },
        select: { roundRobinCursor: true },
      });
      return team[((roundRobinCursor % team.length) + team.length) % team.length] ?? null;
    }
    case "least_loaded": {
      const load = await openLoad(shop, team);
      // Ties go to the member listed first, so the choice is stable.
      return team.reduce((best, id) => ((load.get(id) ?? 0) < (load.get(best) ?? 0) ? id : best), team[0]!);
    }
    default:
      return null;
  }
}
