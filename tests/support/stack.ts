/**
 * Starts the whole local stack as real processes on loopback: the dev store, the mail catcher and the app
 * (production build, worker in process). Used by the demo, the integration tests, the browser tests and the
 * benchmarks, so all of them exercise the same wiring.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const DEMO_API_KEY = "tsunagu-demo-api-key";
export const DEMO_API_SECRET = "tsunagu-demo-secret";
/** Bearer secret of the app's HTTP inbound-mail endpoint in the demo and tests (app/mail/inbound-http.server.ts). */
export const DEMO_MAIL_INBOUND_SECRET = "tsunagu-demo-inbound-mail-secret";

export type StackOptions = {
  /** `file:…` or `postgresql://…`; migrations are applied before the app starts. */
  databaseUrl: string;
  devstoreDb: string;
  appPort?: number;
  devstorePort?: number;
  smtpPort?: number;
  mailHttpPort?: number;
  /** The app's inbound SMTP listener for support addresses (app/mail/smtp-listener.server.ts). */
  inboundSmtpPort?: number;
  /** Seed size for the two demo shops when the dev store database is new ("tiny" for the demo). */
  seed?: string | null;
  /** Shorter webhook retries for tests, e.g. "200,500,1000". */
  webhookRetryMs?: string;
  /** Inherit output when false; otherwise keep the last lines in memory (tests) and append to `logFile` if given. */
  quiet?: boolean;
  logFile?: string;
  extraEnv?: Record<string, string>;
};

export type Stack = {
  appUrl: string;
  devstoreUrl: string;
  mailUrl: string;
  smtpPort: number;
  inboundSmtpPort: number;
  env: Record<string, string>;
  /** The app process's pid (`node server.js`), e.g. for the benchmarks' peak RSS from /proc. */
  appPid?: number;
  logs(): string;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, name: string, logs: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${logs()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs} ms:\n${logs()}`);
}

function bin(name: string): string {
  return path.join(ROOT, "node_modules", ".bin", name);
}

export function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${code}):\n${output}`)),
    );
  });
}

export async function migrate(databaseUrl: string): Promise<void> {
  // SQLite creates the file, not its folder.
  if (databaseUrl.startsWith("file:")) fs.mkdirSync(path.dirname(path.resolve(ROOT, databaseUrl.slice(5))), { recursive: true });
  await run(bin("prisma"), ["migrate", "deploy"], { DATABASE_URL: databaseUrl });
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const appPort = options.appPort ?? (await freePort());
  const devstorePort = options.devstorePort ?? (await freePort());
  const smtpPort = options.smtpPort ?? (await freePort());
  const mailHttpPort = options.mailHttpPort ?? (await freePort());
  const inboundSmtpPort = options.inboundSmtpPort ?? (await freePort());
  const appUrl = `http://127.0.0.1:${appPort}`;
  const devstoreUrl = `http://127.0.0.1:${devstorePort}`;
  const scopes = fs.readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8").match(/scopes = "([^"]+)"/)?.[1] ?? "";

  const env: Record<string, string> = {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: DEMO_API_KEY,
    SHOPIFY_API_SECRET: DEMO_API_SECRET,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: scopes,
    DATABASE_URL: options.databaseUrl,
    SHOPIFY_ADMIN_ORIGIN: devstoreUrl,
    APP_BRIDGE_URL: `${devstoreUrl}/cdn/app-bridge.js`,
    EXTRA_FRAME_ANCESTORS: devstoreUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    INBOUND_SMTP_PORT: String(inboundSmtpPort),
    MAIL_INBOUND_SECRET: DEMO_MAIL_INBOUND_SECRET,
    PORT: String(appPort),
    DEVSTORE_PORT: String(devstorePort),
    DEVSTORE_URL: devstoreUrl,
    DEVSTORE_DB: options.devstoreDb,
    MAILCATCHER_SMTP_PORT: String(smtpPort),
    MAILCATCHER_HTTP_PORT: String(mailHttpPort),
    ...(options.webhookRetryMs ? { DEVSTORE_WEBHOOK_RETRY_MS: options.webhookRetryMs } : {}),
    ...options.extraEnv,
  };

  await migrate(options.databaseUrl);
  fs.mkdirSync(path.dirname(options.devstoreDb), { recursive: true });
  if (options.seed && !fs.existsSync(options.devstoreDb)) {
    await run(bin("tsx"), ["devstore/seed/cli.ts", "--size", options.seed, "--db", options.devstoreDb], env);
  }

  let output = "";
  const logStream = options.logFile ? fs.createWriteStream(options.logFile, { flags: "a" }) : null;
  const collect = (name: string, chunk: Buffer) => {
    const text = `[${name}] ${chunk.toString()}`;
    logStream?.write(text);
    output = (output + text).slice(-50_000);
  };
  const children: ChildProcess[] = [];
  const launch = (name: string, command: string, args: string[]) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: options.quiet === false ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => collect(name, d));
    child.stderr?.on("data", (d: Buffer) => collect(name, d));
    children.push(child);
    return child;
  };
  const logs = () => output;

  const mail = launch("mail", bin("tsx"), ["devstore/mail-catcher/main.ts"]);
  const devstore = launch("devstore", bin("tsx"), ["devstore/main.ts"]);
  const app = launch("app", process.execPath, ["server.js"]);

  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
          }),
      ),
    );
  };

  try {
    await waitForHttp(`http://127.0.0.1:${mailHttpPort}/api/messages`, mail, "mail catcher", logs);
    await waitForHttp(`${devstoreUrl}/healthz`, devstore, "dev store", logs);
    await waitForHttp(`${appUrl}/healthz`, app, "app", logs);
  } catch (error) {
    await stop();
    throw error;
  }

  return { appUrl, devstoreUrl, mailUrl: `http://127.0.0.1:${mailHttpPort}`, smtpPort, inboundSmtpPort, env, appPid: app.pid, logs, stop };
}
