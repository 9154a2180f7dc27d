/**
 * Per-process snapshot of what a new storefront inquiry needs from the shop's desk settings: triage rules, the
 * classifier, the business calendar and SLA targets, the categories (targets, assignment) and the out-of-hours
 * auto-reply (ADR 017). Read in one go at most once per TTL per shop instead of ~8 queries per inquiry.
 *
 * Freshness: settings saved in this process (app/inquiries/settings.server.ts, training the classifier) invalidate the
 * shop's snapshot at once; a change made by another process shows within SNAPSHOT_TTL_MS.
 */
import prisma from "../db.server";
import type { ClassifierModel } from "./classifier";
import { parseTeam } from "./assignment.server";
import { loadShopSla, type ShopSla } from "./sla.server";
import { currentModel, parseTriageRules, type TriageRule } from "./triage.server";

export const SNAPSHOT_TTL_MS = 1_000;

export type CachedCategory = {
  key: string;
  archived: boolean;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  /** Whether auto-assignment can pick someone (a rule and a team): otherwise assignment is skipped without a read. */
  assigns: boolean;
};

export type SupportSnapshot = {
  rules: TriageRule[];
  model: { model: ClassifierModel; accuracy: number | null } | null;
  sla: ShopSla;
  categories: Map<string, CachedCategory>;
  autoReply: { enabled: boolean; ja: string | null; en: string | null; senderName: string | null };
};

const snapshots = new Map<string, { at: number; value: Promise<SupportSnapshot> }>();

async function load(shop: string): Promise<SupportSnapshot> {
  const [settings, model, sla, categories] = await Promise.all([
    prisma.supportSettings.findUnique({
      where: { shop },
      select: { triageRules: true, autoReplyOutsideHours: true, autoReplyJa: true, autoReplyEn: true, senderName: true },
    }),
    currentModel(shop),
    loadShopSla(shop),
    prisma.inquiryCategory.findMany({
      where: { shop },
      select: { key: true, archivedAt: true, firstResponseMinutes: true, resolutionMinutes: true, assignment: true, teamUserIds: true },
    }),
  ]);
  return {
    rules: parseTriageRules(shop, settings?.triageRules),
    model,
    sla,
    categories: new Map(
      categories.map((c) => [
        c.key,
        {
          key: c.key,
          archived: c.archivedAt !== null,
          firstResponseMinutes: c.firstResponseMinutes,
          resolutionMinutes: c.resolutionMinutes,
          assigns: (c.assignment === "round_robin" || c.assignment === "least_loaded") && parseTeam(c.teamUserIds).length > 0,
        },
      ]),
    ),
    autoReply: {
      enabled: settings?.autoReplyOutsideHours ?? false,
      ja: settings?.autoReplyJa ?? null,
      en: settings?.autoReplyEn ?? null,
      senderName: settings?.senderName ?? null,
    },
  };
}

/** The shop's snapshot, read again when older than SNAPSHOT_TTL_MS (concurrent callers share one read). */
export function supportSnapshot(shop: string, now = Date.now()): Promise<SupportSnapshot> {
  const cached = snapshots.get(shop);
  if (cached && now - cached.at < SNAPSHOT_TTL_MS) return cached.value;
  const value = load(shop);
  snapshots.set(shop, { at: now, value });
  // A failed read is not kept.
  value.catch(() => {
    if (snapshots.get(shop)?.value === value) snapshots.delete(shop);
  });
  return value;
}

/** Settings of the shop (or of every shop) changed in this process: the next inquiry reads them again. */
export function invalidateSupportSnapshot(shop?: string): void {
  if (shop === undefined) snapshots.clear();
  else snapshots.delete(shop);
}
