/**
 * A better-sqlite3 connection in a worker thread for group commits that must be durable when acknowledged
 * (synchronous = FULL): every commit waits for fsync (and now and then a WAL checkpoint), and on the main thread that
 * wait would stall every request in flight. The webhook queue (app/webhooks/event-store.server.ts) and the storefront
 * inquiry intake (app/inquiries/inquiry-store.server.ts) each run one; the main thread keeps grouping arrivals while a
 * commit is under way.
 *
 * The thread's code is evaluated (no module of its own to resolve in a Vite build): `commitCode` is plain JavaScript
 * that may use `db`, `workerData` and `isBusy` and must define `commit(rows)` (the group's transaction,
 * returning what the caller gets back). A commit that finds the database locked is retried with backoff for
 * `lockWaitMs`, without blocking the thread's event loop.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

const HEAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 0");
const isBusy = (error) => typeof error?.code === "string" && error.code.startsWith("SQLITE_BUSY");
`;

const TAIL = `
function attempt(message, deadline, pause) {
  try {
    parentPort.postMessage({ id: message.id, result: commit(message.rows) });
  } catch (error) {
    if (isBusy(error) && Date.now() <= deadline) setTimeout(() => attempt(message, deadline, Math.min(pause * 2, 50)), pause);
    else parentPort.postMessage({ id: message.id, error: String(error?.message ?? error), code: error?.code });
  }
}
parentPort.on("message", (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  attempt(message, Date.now() + workerData.lockWaitMs, 1);
});
`;

type Reply<T> = { id: number; result?: T; error?: string; code?: string };

export type WriterThreadOptions = {
  /** Names the thread in errors ("webhook", "inquiry"). */
  name: string;
  file: string;
  commitCode: string;
  /** Extra values the commit code reads from `workerData` (SQL text, for instance). */
  data?: Record<string, unknown>;
  lockWaitMs: number;
  /** Let a finished process (a test, a script) exit while the thread is open. */
  unref?: boolean;
  /** The error a failed commit rejects with; by default an Error carrying the driver's `code`. */
  toError?: (message: string, code: string | undefined) => Error;
};

export type WriterThread<TRows, TResult> = {
  /** Resolves when the commit holding these rows returned. */
  commit(rows: TRows): Promise<TResult>;
  close(): Promise<void>;
};

export function sqliteWriterThread<TRows, TResult>(options: WriterThreadOptions): WriterThread<TRows, TResult> {
  const thread = new Worker(HEAD + options.commitCode + TAIL, {
    eval: true,
    workerData: { ...options.data, driver: createRequire(import.meta.url).resolve("better-sqlite3"), file: options.file, lockWaitMs: options.lockWaitMs },
  });
  if (options.unref) thread.unref();
  const toError = options.toError ?? ((message: string, code: string | undefined) => Object.assign(new Error(message), { code }));
  const pending = new Map<number, { resolve: (result: TResult) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  thread.on("message", (reply: Reply<TResult>) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.error === undefined) waiter.resolve(reply.result as TResult);
    else waiter.reject(toError(reply.error || `${options.name} write failed`, reply.code));
  });
  thread.on("error", failAll);
  thread.on("exit", (code) => failAll(new Error(`${options.name} writer thread exited (${code})`)));
  return {
    commit(rows: TRows): Promise<TResult> {
      if (failure) return Promise.reject(failure);
      return new Promise<TResult>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        thread.postMessage({ id, rows });
      });
    },
    async close(): Promise<void> {
      // A thread that already died has nothing to close (and would never report its exit again).
      if (failure) return;
      const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
      thread.postMessage({ close: true });
      await exited;
    },
  };
}
