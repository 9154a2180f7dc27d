/** Lets the web process nudge an in-process worker the moment new work is recorded (else it polls). */
import { EventEmitter } from "node:events";

export const workerSignals = new EventEmitter();

export function wakeWorker(): void {
  workerSignals.emit("wake");
}
