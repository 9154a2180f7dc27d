/**
 * Runs one workload in its own Node process so `process.resourceUsage().maxRSS` is that workload's peak alone.
 * The parent forks a workload file (with the tsx loader it was started with), sends the input over IPC and waits
 * for one result message; the child answers with its result plus its own peak RSS and exits.
 */
import { fork } from "node:child_process";

export type ChildReply<R> = { ok: true; result: R; peakRssBytes: number } | { ok: false; error: string };

export type ForkOptions = {
  /** Extra Node flags placed before the loader flags, e.g. the seed CLI's heap sizes. */
  nodeFlags?: string[];
  /** The workload is killed after this long; benchmarks stay bounded in time. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
};

/** Forks `file`, sends it `input`, resolves with its result and peak RSS. */
export function runInChild<I, R>(file: string, input: I, options: ForkOptions): Promise<{ result: R; peakRssBytes: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], {
      execArgv: [...(options.nodeFlags ?? []), ...process.execArgv],
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "advanced",
    });
    let reply: ChildReply<R> | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} did not finish within ${Math.round(options.timeoutMs / 1000)} s`));
    }, options.timeoutMs);
    child.on("message", (message) => {
      reply = message as ChildReply<R>;
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (reply?.ok) resolve({ result: reply.result, peakRssBytes: reply.peakRssBytes });
      else if (reply) reject(new Error(reply.error));
      else reject(new Error(`${file} exited (${signal ?? code}) without a result`));
    });
    child.send(input as object);
  });
}

/** The child's side: waits for the input, runs `work`, sends the result and its peak RSS, exits. */
export function childMain<I, R>(work: (input: I) => Promise<R>): void {
  process.once("message", (input) => {
    work(input as I).then(
      (result) => {
        // maxRSS is in kilobytes and covers the whole life of this process.
        const reply: ChildReply<R> = { ok: true, result, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
        process.send!(reply, () => process.exit(0));
      },
      (err: unknown) => {
        const reply: ChildReply<R> = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
        process.send!(reply, () => process.exit(1));
      },
    );
  });
}
