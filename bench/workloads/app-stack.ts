/**
 * What the app workloads (initial-sync, customers-index, webhook-intake) share: a copy of a seeded dev store file,
 * a fresh app database, installing the app for a shop the way Shopify admin opens it, and the app's own database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@tsunagu-generated/prisma-sqlite";
import { PrismaClient as PostgresClient } from "@tsunagu-generated/prisma-postgresql";
import { z } from "zod";
import { createTestDatabase } from "../../tests/support/databases";
import type { Stack } from "../../tests/support/stack";

export type AppDatabaseKind = "sqlite" | "postgresql";

/** Copies a seeded dev store file (and its WAL, if any) to a temp dir, because the running stack writes to it. */
export function copyDevstoreDb(source: string): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsunagu-bench-app-"));
  const file = path.join(dir, "devstore.sqlite");
  fs.copyFileSync(source, file);
  const wal = `${source}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) fs.copyFileSync(wal, `${file}-wal`);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function createAppDatabase(kind: AppDatabaseKind) {
  return createTestDatabase(kind);
}

/** The app's database, as a client of the provider its URL names (the SQLite client's types stand for both). */
export function appClient(url: string): SqliteClient {
  return url.startsWith("postgres")
    ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqliteClient)
    : new SqliteClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

const TokenAnswer = z.object({ token: z.string() });

/** Opens the embedded app with a fresh session token, as openAdmin does; the first visit installs (token exchange). */
export async function installApp(stack: Stack, shop: string): Promise<void> {
  const handle = shop.replace(".myshopify.com", "");
  const tokenResponse = await fetch(`${stack.devstoreUrl}/store/${handle}/session-token?user=1`);
  if (!tokenResponse.ok) throw new Error(`session token for ${shop}: ${tokenResponse.status} ${await tokenResponse.text()}`);
  const { token } = TokenAnswer.parse(await tokenResponse.json());
  const url = new URL("/app", stack.appUrl);
  const host = Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64url");
  for (const [key, value] of Object.entries({ embedded: "1", shop, host, id_token: token, locale: "ja" })) url.searchParams.set(key, value);
  const response = await fetch(url, {
    headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36" },
    redirect: "manual",
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`installing the app for ${shop} answered ${response.status}: ${body.slice(0, 500)}\n${stack.logs().slice(-3000)}`);
}

/** Peak resident set (VmHWM) of a process from /proc; null where /proc is not there. */
export function peakRssOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; null where /proc is missing. */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ")"; utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export type SyncTimeline = {
  status: string;
  error: string | null;
  /** Seconds from the install request to each phase first seen (customers, orders, checkouts, facts) and to completion. */
  phaseStartSeconds: Record<string, number>;
  seconds: number;
};

/** Polls the shop's initial SyncRun until it completes or fails, noting when each phase was first seen. */
export async function waitForInitialSync(db: SqliteClient, shop: string, startedAt: number, timeoutMs: number, onTick?: () => void): Promise<SyncTimeline> {
  const phaseStartSeconds: Record<string, number> = {};
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.syncRun.findFirst({ where: { shop, kind: "initial" }, orderBy: { startedAt: "desc" } });
    const now = (performance.now() - startedAt) / 1000;
    onTick?.();
    if (run) {
      const phase = run.status === "pending" ? "queued" : run.status === "running" ? run.phase : run.status;
      if (!(phase in phaseStartSeconds)) phaseStartSeconds[phase] = now;
      if (run.status === "completed" || run.status === "failed") {
        return { status: run.status, error: run.error, phaseStartSeconds, seconds: now };
      }
    }
    if (Date.now() > deadline) throw new Error(`initial sync of ${shop} did not finish within ${timeoutMs / 1000} s (last: ${JSON.stringify(run)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function syncedCounts(db: SqliteClient, shop: string) {
  const [customers, tags, orders, lineItems, checkouts] = await Promise.all([
    db.customer.count({ where: { shop } }),
    db.customerTag.count({ where: { shop } }),
    db.order.count({ where: { shop } }),
    db.orderLineItem.count({ where: { shop } }),
    db.abandonedCheckout.count({ where: { shop } }),
  ]);
  return { customers, tags, orders, lineItems, checkouts };
}

/** Environment a child process needs to import app modules against `databaseUrl` (app/env.server.ts). */
export function appModuleEnv(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: "bench",
    SHOPIFY_APP_URL: "http://127.0.0.1:1",
    SCOPES: "read_customers",
    WORKER_IN_PROCESS: "false",
  };
}
