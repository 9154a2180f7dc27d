/**
 * The worker: claims recorded webhooks in batches under a lease (app/webhooks/event-store.server.ts; safe with several
 * workers), runs their handlers (consecutive customer writes of one shop together), retries failures with backoff, and starts due sync jobs. Runs in the web
 * process (embedded default; it then leaves most of the event loop to webhook intake during a burst) or on its own
 * (`npm run worker`).
 */
import { runDueAnalyses } from "../analytics/recompute.server";
import { linkPendingCustomers } from "../inquiries/customer-link.server";
import { deliverQueuedMail } from "../mail/delivery.server";
import { runDueSegmentPushes } from "../segments/push.server";
import { closeBulkLoader } from "../sync/bulk-load.server";
import { runDueCollectionSyncs } from "../sync/collections.server";
import { runDueSyncJobs } from "../sync/sync-jobs.server";
import { applyCustomerWebhooks } from "../sync/webhook-sync.server";
import { type ClaimedWebhook, claimDueWebhooks, closeWebhookStore, settleWebhook } from "../webhooks/event-store.server";
import { type HandlerOutcome, handleWebhook } from "../webhooks/handlers.server";
import { type WakeReason, workerSignals, yieldToIntake } from "./wake.server";

const MAX_ATTEMPTS = 8;

type Log = (msg: string, ctx?: object) => void;

export type WorkerOptions = { pollMs?: number; batchSize?: number; log?: Log };

export function backoffMs(attempt: number): number {
  return Math.min(60_000 * 2 ** (attempt - 1), 3_600_000);
}

async function settleOutcome(webhook: ClaimedWebhook, outcome: HandlerOutcome | Error, log: Log): Promise<void> {
  if (!(outcome instanceof Error)) {
    // A handler may delete its own row (shop/redact removes every row of the shop); the update then matches nothing.
    await settleWebhook(webhook.id, { status: outcome.status, note: outcome.note ?? null, at: new Date() });
    return;
  }
  const message = outcome.message;
  const failed = webhook.attempts >= MAX_ATTEMPTS;
  await settleWebhook(
    webhook.id,
    failed
      ? { status: "failed", note: message.slice(0, 1000), at: new Date() }
      : { status: "retry", note: message.slice(0, 1000), availableAt: new Date(Date.now() + backoffMs(webhook.attempts)) },
  );
  log("webhook handler failed", { id: webhook.id, topic: webhook.topic, shop: webhook.shop, attempt: webhook.attempts });
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

const isCustomerWrite = (webhook: ClaimedWebhook) => webhook.topic === "customers/create" || webhook.topic === "customers/update";

/**
 * The claimed batch (in arrival order) cut into runs: consecutive customers/create and customers/update webhooks of
 * one shop form one run, written together (a burst of customer updates is the common case); anything else runs alone,
 * so the order between, say, a delete and an update of the same customer stays as it arrived.
 */
export function runsOf(claimed: ClaimedWebhook[]): ClaimedWebhook[][] {
  const runs: ClaimedWebhook[][] = [];
  for (const webhook of claimed) {
    const last = runs.at(-1);
    if (last && isCustomerWrite(webhook) && isCustomerWrite(last[0]!) && last[0]!.shop === webhook.shop) last.push(webhook);
    else runs.push([webhook]);
  }
  return runs;
}

async function handleRun(run: ClaimedWebhook[]): Promise<Array<HandlerOutcome | Error>> {
  if (run.length > 1) {
    try {
      return await applyCustomerWebhooks(
        run[0]!.shop,
        run.map((webhook) => ({ payload: JSON.parse(webhook.payload) as unknown, triggeredAt: webhook.triggeredAt ?? webhook.receivedAt })),
      );
    } catch {
      // The group write failed as a whole (a payload that is not JSON, a lock): each webhook alone, with its own outcome.
    }
  }
  const outcomes: Array<HandlerOutcome | Error> = [];
  for (const webhook of run) outcomes.push(await handleWebhook(webhook).catch(asError));
  return outcomes;
}

/** Claims and processes due webhooks until none is left; returns how many were handled. */
export async function drainWebhooks(options: WorkerOptions = {}): Promise<number> {
  const log = options.log ?? (() => {});
  let handled = 0;
  for (;;) {
    const claimed = await claimDueWebhooks(options.batchSize ?? 50);
    if (claimed.length === 0) return handled;
    for (const run of runsOf(claimed)) {
      const started = performance.now();
      const outcomes = await handleRun(run);
      for (const [i, webhook] of run.entries()) await settleOutcome(webhook, outcomes[i]!, log);
      handled += run.length;
      await yieldToIntake(performance.now() - started);
    }
  }
}

export type RunningWorker = { stop(): Promise<void> };

/** Drains due work, then sleeps until woken (new webhook recorded) or the poll interval passes. */
export function startWorker(options: WorkerOptions = {}): RunningWorker {
  const log = options.log ?? ((msg, ctx) => console.log(`[worker] ${msg}`, ctx ?? ""));
  let stopped = false;
  let wake: (() => void) | undefined;
  // A wake-up that arrives while draining must not be lost: the next sleep is skipped.
  let pending = false;
  // Sync jobs are looked for on every poll and when woken for them, not on every webhook.
  let syncDue = true;
  // Queued mail is sent on every poll and at once when a reply is queued.
  let mailDue = true;
  const onWake = (reason: WakeReason = "all") => {
    if (reason === "all") syncDue = true;
    if (reason !== "webhooks") mailDue = true;
    if (wake) wake();
    else pending = true;
  };
  workerSignals.on("wake", onWake);

  const loop = async () => {
    while (!stopped) {
      try {
        await drainWebhooks({ ...options, log });
        if (mailDue) {
          mailDue = false;
          await deliverQueuedMail({ log });
        }
        if (syncDue) {
          syncDue = false;
          await runDueSyncJobs({ log });
          await runDueCollectionSyncs({ log });
          await runDueAnalyses({ log });
          await runDueSegmentPushes({ log });
          await linkPendingCustomers({ log });
        }
      } catch (error) {
        log("drain failed", { error: error instanceof Error ? error.message : String(error) });
      }
      if (stopped) break;
      if (pending) {
        pending = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          syncDue = true;
          mailDue = true;
          resolve();
        }, options.pollMs ?? 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };
  const running = loop();
  log("started");
  return {
    async stop() {
      stopped = true;
      workerSignals.off("wake", onWake);
      wake?.();
      await running;
      await closeBulkLoader();
      await closeWebhookStore();
    },
  };
}
