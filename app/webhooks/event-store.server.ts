/**
 * The webhook queue, in the WebhookEvent table, on the hot paths written through the database driver (no Prisma
 * query compiled per webhook; docs/decisions/007):
 * - recordWebhook: one row per (shop, webhook id), with group commit. Requests that arrive while a commit is in
 *   flight share the next one, so a burst costs one durable commit per group, and a webhook is answered 200 only
 *   after the commit holding its row returned.
 * - claimDueWebhooks: one statement claims a batch (status processing, attempts + 1) under a lease; a row whose worker
 *   died mid-way is claimed again when its lease runs out. Several workers never claim the same row (SQLite: one
 *   writer at a time; PostgreSQL: FOR UPDATE SKIP LOCKED).
 * - settleWebhook: the outcome, or the next attempt's time.
 *
 * SQLite: its own better-sqlite3 connection in WAL mode with synchronous = FULL, so an acknowledged webhook survives
 * a power cut, not only a crash; that connection commits in a worker thread, so fsync never stalls the event loop. PostgreSQL: one multi-row `INSERT … SELECT FROM unnest(…)` per group.
 */
import { randomUUID } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl } from "../env.server";
import { sqliteWriterThread } from "../utils/sqlite-writer-thread.server";

export type RecordedWebhook = {
  shop: string;
  webhookId: string;
  eventId: string | null;
  topic: string;
  apiVersion: string | null;
  triggeredAt: Date | null;
  payload: string;
};

/** A claimed webhook, as the worker and its handlers see it. */
export type ClaimedWebhook = {
  id: string;
  shop: string;
  topic: string;
  payload: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  /** Including this one. */
  attempts: number;
};

export type Settlement =
  | { status: "processed" | "skipped" | "failed"; note: string | null; at: Date }
  | { status: "retry"; note: string; availableAt: Date };

type Store = {
  /** Inserts the rows that are new; returns, per row, whether it was new (a repeat id, even within the group, is not). */
  insert(rows: RecordedWebhook[]): Promise<boolean[]>;
  claim(limit: number, now: Date, leaseUntil: Date): Promise<ClaimedWebhook[]>;
  settle(id: string, settlement: Settlement): Promise<void>;
  close(): Promise<void>;
};

/** How long a claim holds before another worker may take the row (its worker is presumed dead). */
export const CLAIM_LEASE_MS = 10 * 60_000;

const DUE = `"status" IN ('received', 'processing') AND "availableAt" <= ?`;

function byArrival(a: ClaimedWebhook, b: ClaimedWebhook): number {
  const at = (w: ClaimedWebhook) => (w.triggeredAt ?? w.receivedAt).getTime();
  return at(a) - at(b) || a.receivedAt.getTime() - b.receivedAt.getTime();
}

const COLUMNS = ["id", "shop", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt", "payload", "status", "attempts", "receivedAt", "availableAt"];
/** Rows per commit at most; a larger burst is committed in several groups. */
const MAX_GROUP = 500;
const LOCK_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isBusy(error: unknown): boolean {
  return error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("SQLITE_BUSY");
}

function openSqlite(url: string, synchronous: "FULL" | "NORMAL"): BetterSqlite3.Database {
  const db = new BetterSqlite3(url.replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  // No busy wait inside the driver (it would block the event loop, and with it a Prisma transaction of this process
  // that holds the lock); the wait happens below, asynchronously.
  db.pragma("busy_timeout = 0");
  // Checkpoints are the commit thread's job (it commits most of the WAL): one run here would stall the event loop.
  db.pragma("wal_autocheckpoint = 0");
  return db;
}

/** The group commit's transaction, run in the writer thread (app/utils/sqlite-writer-thread.server.ts). */
const WEBHOOK_COMMIT = `
const insert = db.prepare(workerData.insertSql);
const commit = db.transaction((rows) => rows.map((values) => insert.run(...values).changes === 1)).immediate;
`;

function sqliteWriter(file: string, insertSql: string) {
  const thread = sqliteWriterThread<unknown[][], boolean[]>({ name: "webhook", file, commitCode: WEBHOOK_COMMIT, data: { insertSql }, lockWaitMs: LOCK_WAIT_MS });
  return { insert: (rows: unknown[][]) => thread.commit(rows), close: () => thread.close() };
}

function sqliteStore(url: string): Store {
  // Acknowledged means durable: each group commit of new webhooks syncs the WAL (FULL), in the writer thread. Claims
  // and outcomes use a connection without a sync per commit (NORMAL): losing one in a power cut only means the
  // webhook is processed again, which handlers allow, and a sync per outcome would block the event loop once per webhook.
  const file = url.replace(/^file:/, "");
  const queueDb = openSqlite(url, "NORMAL");
  const writer = sqliteWriter(
    file,
    `INSERT INTO "WebhookEvent" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")}) ` +
      `ON CONFLICT ("shop", "webhookId") DO NOTHING`,
  );
  // Prisma's SQLite DateTime: ISO text with an explicit offset.
  const date = (d: Date) => d.toISOString().replace("Z", "+00:00");
  const insertRows = (rows: RecordedWebhook[]) => {
    const now = date(new Date());
    return writer.insert(
      rows.map((row) => [randomUUID(), row.shop, row.webhookId, row.eventId, row.topic, row.apiVersion, row.triggeredAt ? date(row.triggeredAt) : null, row.payload, "received", 0, now, now]),
    );
  };
  const claim = queueDb.prepare<[string, string, number], SqliteEventRow>(
    `UPDATE "WebhookEvent" SET "status" = 'processing', "attempts" = "attempts" + 1, "availableAt" = ? ` +
      `WHERE "id" IN (SELECT "id" FROM "WebhookEvent" WHERE ${DUE} ORDER BY "availableAt" LIMIT ?) ` +
      `RETURNING "id", "shop", "topic", "payload", "triggeredAt", "receivedAt", "attempts"`,
  );
  const settleDone = queueDb.prepare<[string, string | null, string, string]>(
    `UPDATE "WebhookEvent" SET "status" = ?, "lastError" = ?, "processedAt" = ? WHERE "id" = ?`,
  );
  const settleRetry = queueDb.prepare<[string, string, string]>(
    `UPDATE "WebhookEvent" SET "status" = 'received', "lastError" = ?, "availableAt" = ? WHERE "id" = ?`,
  );
  /** Runs a write, waiting asynchronously while another connection holds the write lock. */
  async function writing<T>(write: () => T): Promise<T> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      try {
        return write();
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        await sleep(pause);
      }
    }
  }
  return {
    insert: insertRows,
    claim: (limit, now, leaseUntil) =>
      writing(() =>
        claim
          .all(date(leaseUntil), date(now), limit)
          .map((r) => ({
            ...r,
            triggeredAt: r.triggeredAt === null ? null : new Date(r.triggeredAt),
            receivedAt: new Date(r.receivedAt),
          }))
          .sort(byArrival),
      ),
    settle: (id, settlement) =>
      writing(() => {
        if (settlement.status === "retry") settleRetry.run(settlement.note, date(settlement.availableAt), id);
        else settleDone.run(settlement.status, settlement.note, date(settlement.at), id);
      }),
    async close() {
      await writer.close();
      queueDb.close();
    },
  };
}

type SqliteEventRow = Omit<ClaimedWebhook, "triggeredAt" | "receivedAt"> & { triggeredAt: string | null; receivedAt: string };

/** Prisma's DateTime columns are `timestamp(3)` without a zone, holding UTC; pg would read them as local time. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.TIMESTAMP
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function postgresStore(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 2, types: pgTypes });
  const pgDue = DUE.replace("?", "$2");
  const types = ["text", "text", "text", "text", "text", "text", "timestamp(3)", "text", "text", "int4", "timestamp(3)", "timestamp(3)"];
  const sql =
    `INSERT INTO "WebhookEvent" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) ` +
    `SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(", ")}) ` +
    `ON CONFLICT ("shop", "webhookId") DO NOTHING RETURNING "shop", "webhookId"`;
  return {
    async insert(rows) {
      const now = new Date().toISOString();
      const values = rows.map((r) => [randomUUID(), r.shop, r.webhookId, r.eventId, r.topic, r.apiVersion, r.triggeredAt?.toISOString() ?? null, r.payload, "received", 0, now, now]);
      const columns = COLUMNS.map((_, i) => values.map((v) => v[i]));
      const inserted = await pool.query<{ shop: string; webhookId: string }>(sql, columns);
      // Only the first row of a repeated (shop, webhook id) counts as new.
      const fresh = new Set(inserted.rows.map((r) => `${r.shop}\n${r.webhookId}`));
      return rows.map((r) => fresh.delete(`${r.shop}\n${r.webhookId}`));
    },
    async claim(limit, now, leaseUntil) {
      const claimed = await pool.query<ClaimedWebhook>(
        `UPDATE "WebhookEvent" SET "status" = 'processing', "attempts" = "attempts" + 1, "availableAt" = $1 ` +
          `WHERE "id" IN (SELECT "id" FROM "WebhookEvent" WHERE ${pgDue} ORDER BY "availableAt" LIMIT $3 FOR UPDATE SKIP LOCKED) ` +
          `RETURNING "id", "shop", "topic", "payload", "triggeredAt", "receivedAt", "attempts"`,
        [leaseUntil.toISOString(), now.toISOString(), limit],
      );
      return claimed.rows.sort(byArrival);
    },
    async settle(id, settlement) {
      if (settlement.status === "retry") {
        await pool.query(`UPDATE "WebhookEvent" SET "status" = 'received', "lastError" = $1, "availableAt" = $2 WHERE "id" = $3`, [
          settlement.note,
          settlement.availableAt.toISOString(),
          id,
        ]);
      } else {
        await pool.query(`UPDATE "WebhookEvent" SET "status" = $1, "lastError" = $2, "processedAt" = $3 WHERE "id" = $4`, [
          settlement.status,
          settlement.note,
          settlement.at.toISOString(),
          id,
        ]);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

type Waiting = { row: RecordedWebhook; resolve: (fresh: boolean) => void; reject: (error: unknown) => void };

let store: Store | undefined;
let queue: Waiting[] = [];
let flushing = false;

function currentStore(): Store {
  if (!store) {
    // As app/db.server.ts reads it (env() would also demand the Shopify settings, which the queue does not need).
    const url = process.env.DATABASE_URL ?? "file:./.data/dev.sqlite";
    store = isPostgresUrl(url) ? postgresStore(url) : sqliteStore(url);
  }
  return store;
}

async function flush(): Promise<void> {
  flushing = true;
  try {
    while (queue.length > 0) {
      const group = queue.slice(0, MAX_GROUP);
      queue = queue.slice(group.length);
      try {
        const fresh = await currentStore().insert(group.map((w) => w.row));
        group.forEach((w, i) => w.resolve(fresh[i]!));
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
  } finally {
    flushing = false;
  }
}

/** Records a verified webhook durably; resolves true when it was new, false for a repeat of the same webhook id. */
export function recordWebhook(row: RecordedWebhook): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    queue.push({ row, resolve, reject });
    // The first arrival starts a commit on the next turn of the loop; later ones join the group or the one after.
    if (!flushing) {
      flushing = true;
      setImmediate(() => void flush());
    }
  });
}

/** Claims up to `limit` due webhooks (oldest first) for this worker; each claim holds for CLAIM_LEASE_MS. */
export function claimDueWebhooks(limit: number, now = new Date()): Promise<ClaimedWebhook[]> {
  return currentStore().claim(limit, now, new Date(now.getTime() + CLAIM_LEASE_MS));
}

/** Records a claimed webhook's outcome, or sends it back to the queue for another attempt at `availableAt`. */
export function settleWebhook(id: string, settlement: Settlement): Promise<void> {
  return currentStore().settle(id, settlement);
}

export async function closeWebhookStore(): Promise<void> {
  const closing = store;
  store = undefined;
  await closing?.close();
}
