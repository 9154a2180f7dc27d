/**
 * What happens around a conversation write, contributed by the modules that own each step: triage (category and
 * priority), SLA due times and reply metrics, auto-assignment, the out-of-hours auto-reply and mail delivery.
 * conversations.server.ts calls these at fixed points so the order of steps is visible in one place (ADR 016).
 */
import type { Inquiry } from "@tsunagu-generated/prisma-sqlite";
import prisma from "../db.server";
import { autoAssign } from "./assignment.server";
import type { OpenInquiryInput } from "./conversations.server";
import { DEFAULT_AUTO_REPLY } from "./defaults.server";
import { businessStatusAt } from "./business-hours";
import { businessStatus, computeDueTimes, dueTimesWith, measureResponse } from "./sla.server";
import type { SupportSnapshot } from "./support-cache.server";
import { learnCorrection, triageInquiry, triageWith } from "./triage.server";
import type { Channel, InquiryStatus, Priority, SystemEvent } from "./types";
import { wakeWorker } from "../worker/wake.server";

export type OpenSteps = {
  category: string | null;
  categorySource: string | null;
  categoryConfidence: number | null;
  priority: Priority;
  prioritySource: string | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
};

type ReplyMetrics = Partial<Pick<Inquiry, "firstRespondedAt" | "firstResponseMinutes" | "firstResponseBreached" | "resolutionMinutes" | "resolutionBreached">>;

/** Channels that get the out-of-hours auto-reply by mail (the chat widget says it is closed itself). */
const AUTO_REPLY_CHANNELS: readonly Channel[] = ["form", "email"];

export const inquiryPipeline = {
  /** Category, priority and due times for a new inquiry, decided before it is written. */
  async beforeOpen(input: OpenInquiryInput, at: Date): Promise<OpenSteps> {
    const triage = await triageInquiry(input.shop, { subject: input.subject ?? null, body: input.body }, input.locale);
    // A category the shopper or staff chose wins over a guess; triage still sets the priority.
    const declared = input.category ? { category: input.category, categorySource: input.createdByUserId ? "agent" : "shopper", categoryConfidence: null } : null;
    const category = declared ?? { category: triage.category, categorySource: triage.categorySource, categoryConfidence: triage.categoryConfidence };
    const due = await computeDueTimes(input.shop, { category: category.category, priority: triage.priority, from: at });
    return {
      ...category,
      priority: triage.priority,
      prioritySource: triage.prioritySource,
      firstResponseDueAt: due.firstResponseDueAt,
      resolutionDueAt: due.resolutionDueAt,
    };
  },

  /** beforeOpen with the shop's settings from the per-process snapshot (the storefront fast path, ADR 017). */
  async beforeOpenWith(snapshot: SupportSnapshot, input: OpenInquiryInput, at: Date): Promise<OpenSteps> {
    const triage = await triageWith(snapshot.rules, () => snapshot.model, { subject: input.subject ?? null, body: input.body });
    const declared = input.category ? { category: input.category, categorySource: input.createdByUserId ? "agent" : "shopper", categoryConfidence: null } : null;
    const category = declared ?? { category: triage.category, categorySource: triage.categorySource, categoryConfidence: triage.categoryConfidence };
    const due = dueTimesWith(snapshot.sla, category.category ? snapshot.categories.get(category.category) : null, { priority: triage.priority, from: at });
    return {
      ...category,
      priority: triage.priority,
      prioritySource: triage.prioritySource,
      firstResponseDueAt: due.firstResponseDueAt,
      resolutionDueAt: due.resolutionDueAt,
    };
  },

  /** The out-of-hours auto-reply afterOpen would send (its text and sender), decided from the snapshot; null when none. */
  autoReplyWith(snapshot: SupportSnapshot, opened: { channel: Channel; locale: "ja" | "en"; at: Date }): { body: string; senderName: string | null } | null {
    if (!AUTO_REPLY_CHANNELS.includes(opened.channel) || !snapshot.autoReply.enabled) return null;
    if (businessStatusAt(snapshot.sla.calendar, opened.at).open) return null;
    const body = (opened.locale === "ja" ? snapshot.autoReply.ja : snapshot.autoReply.en)?.trim() || DEFAULT_AUTO_REPLY[opened.locale];
    return { body, senderName: snapshot.autoReply.senderName };
  },

  /** Assignment by the category's rule, recorded with its system message. */
  async assignAfterOpen(shop: string, inquiryId: string): Promise<void> {
    const assignee = await autoAssign(shop, inquiryId);
    if (assignee) {
      const event: SystemEvent = { event: "assigned", to: assignee, by: null };
      await prisma.$transaction([
        prisma.inquiry.updateMany({ where: { shop, id: inquiryId, assigneeUserId: null }, data: { assigneeUserId: assignee } }),
        prisma.inquiryMessage.create({ data: { shop, inquiryId, author: "system", channel: "inbox", body: JSON.stringify(event) } }),
      ]);
    }
  },

  /** After the inquiry is written: assignment by the category's rule, and the auto-reply when the desk is closed. */
  async afterOpen(opened: { shop: string; inquiryId: string; channel: Channel; locale: "ja" | "en"; at: Date; fromStaff: boolean }): Promise<void> {
    const { shop, inquiryId } = opened;
    const assignee = await autoAssign(shop, inquiryId);
    if (assignee) {
      const event: SystemEvent = { event: "assigned", to: assignee, by: null };
      await prisma.$transaction([
        prisma.inquiry.updateMany({ where: { shop, id: inquiryId, assigneeUserId: null }, data: { assigneeUserId: assignee } }),
        prisma.inquiryMessage.create({ data: { shop, inquiryId, author: "system", channel: "inbox", body: JSON.stringify(event) } }),
      ]);
    }
    if (opened.fromStaff || !AUTO_REPLY_CHANNELS.includes(opened.channel)) return;
    const settings = await prisma.supportSettings.findUnique({ where: { shop }, select: { autoReplyOutsideHours: true, autoReplyJa: true, autoReplyEn: true, senderName: true } });
    if (!settings?.autoReplyOutsideHours) return;
    if ((await businessStatus(shop, opened.at)).open) return;
    const body = (opened.locale === "ja" ? settings.autoReplyJa : settings.autoReplyEn)?.trim() || DEFAULT_AUTO_REPLY[opened.locale];
    const { replyAsAgent } = await import("./conversations.server");
    await replyAsAgent({ shop, inquiryId, userId: null, userName: settings.senderName ?? null, body, origin: "auto_reply" });
  },

  async dueTimes(shop: string, input: { category: string | null; priority: Priority; from: Date }): Promise<{ firstResponseDueAt: Date | null; resolutionDueAt: Date | null }> {
    const due = await computeDueTimes(shop, input);
    return { firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt };
  },

  /** First-response (and, when the reply resolves it, resolution) figures for a staff reply, in business minutes. */
  async replyMetrics(inquiry: Inquiry, status: InquiryStatus, at: Date): Promise<ReplyMetrics> {
    const metrics: ReplyMetrics = {};
    if (!inquiry.firstRespondedAt) {
      const first = await measureResponse(inquiry.shop, { receivedAt: inquiry.createdAt, dueAt: inquiry.firstResponseDueAt, at });
      Object.assign(metrics, { firstRespondedAt: at, firstResponseMinutes: first.minutes, firstResponseBreached: first.breached });
    }
    if (status === "resolved") Object.assign(metrics, await this.resolutionMetrics(inquiry, at));
    return metrics;
  },

  async resolutionMetrics(inquiry: Inquiry, at: Date): Promise<ReplyMetrics> {
    const resolved = await measureResponse(inquiry.shop, { receivedAt: inquiry.createdAt, dueAt: inquiry.resolutionDueAt, at });
    return { resolutionMinutes: resolved.minutes, resolutionBreached: resolved.breached };
  },

  /** An agent corrected a category: the classifier learns from it. */
  async categoryCorrected(shop: string): Promise<void> {
    await learnCorrection(shop);
  },

  /** A reply was queued for mail: the worker sends it now rather than at its next poll (within a second anyway). */
  mailQueued(): void {
    wakeWorker("mail");
  },
};
