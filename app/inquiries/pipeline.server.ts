/**
 * What happens around a conversation write, contributed by the modules that own each step: triage (category and
 * priority), SLA due times and reply metrics, auto-assignment, the out-of-hours auto-reply and mail delivery.
 * conversations.server.ts calls these at fixed points so the order of steps is visible in one place.
 */
import type { Inquiry } from "@tsunagu-generated/prisma-sqlite";
import type { OpenInquiryInput } from "./conversations.server";
import type { Channel, InquiryStatus, Priority } from "./types";

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

export const inquiryPipeline = {
  /** Category, priority and due times for a new inquiry, decided before it is written. */
  async beforeOpen(input: OpenInquiryInput, _at: Date): Promise<OpenSteps> {
    return {
      category: input.category ?? null,
      categorySource: input.category ? (input.createdByUserId ? "agent" : "shopper") : null,
      categoryConfidence: null,
      priority: "normal",
      prioritySource: "default",
      firstResponseDueAt: null,
      resolutionDueAt: null,
    };
  },

  /** After the inquiry is written: assignment and the out-of-hours auto-reply. */
  async afterOpen(_opened: { shop: string; inquiryId: string; channel: Channel; locale: "ja" | "en"; at: Date }): Promise<void> {},

  async dueTimes(_shop: string, _input: { category: string | null; priority: Priority; from: Date }): Promise<{ firstResponseDueAt: Date | null; resolutionDueAt: Date | null }> {
    return { firstResponseDueAt: null, resolutionDueAt: null };
  },

  /** First-response (and, when the reply resolves it, resolution) figures for a staff reply. */
  async replyMetrics(inquiry: Inquiry, status: InquiryStatus, at: Date): Promise<ReplyMetrics> {
    const metrics: ReplyMetrics = {};
    if (!inquiry.firstRespondedAt) {
      metrics.firstRespondedAt = at;
      metrics.firstResponseBreached = inquiry.firstResponseDueAt ? at > inquiry.firstResponseDueAt : null;
    }
    if (status === "resolved") Object.assign(metrics, await this.resolutionMetrics(inquiry, at));
    return metrics;
  },

  async resolutionMetrics(inquiry: Inquiry, at: Date): Promise<ReplyMetrics> {
    return { resolutionBreached: inquiry.resolutionDueAt ? at > inquiry.resolutionDueAt : null };
  },

  /** An agent corrected a category: the classifier learns from it. */
  async categoryCorrected(_shop: string): Promise<void> {},

  /** A reply was queued for mail: send soon rather than at the next worker poll. */
  mailQueued(): void {},
};
