/**
 * The worker: claims recorded webhooks one at a time (safe with several workers: a row is claimed by a conditional
 * update), runs their handler, and retries failures with backoff. Runs in the web process (embedded default) or on
 * its own (`npm run worker`).
 */
import prisma from "../db.server";
import { closeBulkLoader } from "../sync/bulk-load.server";
import { runDueSyncJobs } from "../sync/sync-jobs.server";
import { handleWebhook } from "../webhooks/handlers.server";
import { workerSignals } from "./wake.server";

const MAX_ATTEMPTS = 8;

export type WorkerOptions = { pollMs?: number; batchSize?: number; log?: (msg: string, ctx?: object) => void };

export function backoffMs(attempt: number): number {
  return Math.min(60_000 * 2 ** (attempt - 1), 3_600_000);
}

/** Claims and processes due webhooks until none is left; returns how many were handled. */
export async function drainWebhooks(options: WorkerOptions = {}): Promise<number> {
  const log = options.log ?? (() => {});
  let handled = 0;
  for (;;) {
    const due = await prisma.webhookEvent.findMany({
      where: { status: "received", availableAt: { lte: new Date() } },
      orderBy: [{ triggeredAt: "asc" }, { receivedAt: "asc" }],
      take: options.batchSize ?? 50,
      select: { id: true },
    });
    if (due.length === 0) return handled;
    for (const { id } of due) {
      const claimed = await prisma.webhookEvent.updateMany({
        where: { id, status: "received" },
        data: { status: "processing", attempts: { increment: 1 } },
      });
      if (claimed.count === 0) continue; // another worker took it
      const webhook = await prisma.webhookEvent.findUniqueOrThrow({ where: { id } });
      try {
        const outcome = await handleWebhook(webhook);
        // updateMany: a handler may delete its own row (shop/redact removes every row of the shop).
        await prisma.webhookEvent.updateMany({
          where: { id },
          data: { status: outcome.status, lastError: outcome.note ?? null, processedAt: new Date() },
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const failed = webhook.attempts >= MAX_ATTEMPTS;
        await prisma.webhookEvent.updateMany({
          where: { id },
          data: {
            status: failed ? "failed" : "received",
            lastError: message.slice(0, 1000),
            availableAt: new Date(Date.now() + backoffMs(webhook.attempts)),
          },
        });
        log("webhook handler failed", { id, topic: webhook.topic, shop: webhook.shop, attempt: webhook.attempts });
      }
      handled++;
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
  const onWake = () => (wake ? wake() : (pending = true));
  workerSignals.on("wake", onWake);

  const loop = async () => {
    while (!stopped) {
      try {
        await drainWebhooks({ ...options, log });
        await runDueSyncJobs({ log });
      } catch (error) {
        log("drain failed", { error: error instanceof Error ? error.message : String(error) });
      }
      if (stopped) break;
      if (pending) {
        pending = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 1000);
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
    },
  };
}
