/**
 * What the web process tells an in-process worker: wake up, new work was recorded (else it polls); and whether
 * webhooks are arriving right now, so the worker leaves the event loop to intake during a burst (answering Shopify
 * within its timeout comes first; processing catches up afterwards).
 */
import { EventEmitter } from "node:events";

export const workerSignals = new EventEmitter();

/**
 * "webhooks": only new webhooks were recorded (the worker need not look for sync jobs before its next poll).
 * "mail": a reply was queued for mail (only the mail delivery needs to run now).
 */
export type WakeReason = "webhooks" | "mail" | "all";

export function wakeWorker(reason: WakeReason = "all"): void {
  workerSignals.emit("wake", reason);
}

let inFlight = 0;
let lastIntakeAt = 0;

/** Wraps one intake request so the worker knows webhooks are being received. */
export async function duringIntake<T>(receive: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return await receive();
  } finally {
    inFlight--;
    lastIntakeAt = performance.now();
  }
}

/** True while a webhook is being received, or one was received in the last few milliseconds. */
export function intakeBusy(now = performance.now()): boolean {
  return inFlight > 0 || now - lastIntakeAt < 5;
}

/** While webhooks are arriving, an in-process worker takes at most this share of the event loop (never none). */
export const SHARE_DURING_INTAKE = 0.2;

/** How long to pause after `spentMs` of work so the worker's share stays at SHARE_DURING_INTAKE; 0 when intake is idle. */
export function pauseAfterWork(spentMs: number, busy: boolean): number {
  if (!busy) return 0;
  return Math.min(1000, Math.max(1, (spentMs * (1 - SHARE_DURING_INTAKE)) / SHARE_DURING_INTAKE));
}

/** After `spentMs` of work: during an intake burst, pause (see pauseAfterWork); otherwise go straight on. */
export function yieldToIntake(spentMs: number): Promise<void> | undefined {
  const pause = pauseAfterWork(spentMs, intakeBusy());
  return pause === 0 ? undefined : new Promise<void>((resolve) => setTimeout(resolve, pause));
}
