/**
 * The storefront form's write path on the database driver, with group commit (ADR 017; the same design as the webhook
 * queue, ADR 007). Submissions that arrive while a commit is in flight share the next one: a burst costs one durable
 * commit per group and no Prisma query per inquiry, and a submission is answered 201 only after the commit holding
 * its rows returned.
 *
 * Per inquiry, inside the group's transaction and its own savepoint (one failing row never takes the others down):
 * the customer matched by email (when the shopper is not logged in), the shop's counter advanced (numbers unique per
 * shop, in commit order, no gaps), the Inquiry row, the shopper's message and, when the desk is closed, the
 * out-of-hours auto-reply queued for mail.
 *
 * SQLite: its own better-sqlite3 connection (WAL, synchronous = FULL: acknowledged means durable, even across a power
 * cut) in a worker thread, so fsync never stalls the event loop. PostgreSQL: one transaction per group on a pg
 * connection of its own (statements per row inside it; one commit for the group).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { isPostgresUrl } from "../env.server";
import { sqliteWriterThread } from "../utils/sqlite-writer-thread.server";

/** Prisma's SQLite DateTime: ISO text with an explicit offset (as app/webhooks/event-store.server.ts writes it). */
export const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** A cuid-shaped id (c + 24 lower-case hex), unique without coordination. */
export const newRowId = () => `c${randomBytes(12).toString("hex")}`;

export const INQUIRY_COLUMNS = [
  "id", "shop", "number", "channel", "status", "subject", "category", "categorySource", "categoryConfidence", "priority", "prioritySource",
  "customerShopifyId", "customerLink", "contactName", "contactEmail", "contactPhone", "orderNumber", "locale", "pageUrl", "pagesViewed",
  "assigneeUserId", "chatTokenHash", "shopperUnread", "staffUnread", "firstResponseDueAt", "resolutionDueAt", "lastMessageAt",
  "lastShopperMessageAt", "createdByUserId", "createdAt", "updatedAt",
] as const;

export const MESSAGE_COLUMNS = [
  "id", "shop", "inquiryId", "author", "authorUserId", "authorName", "channel", "body", "mentions", "messageId", "inReplyTo", "references",
  "attachments", "origin", "templateId", "deliveryState", "deliveryAttempts", "createdAt",
] as const;

type InquiryColumn = (typeof INQUIRY_COLUMNS)[number];
type MessageColumn = (typeof MESSAGE_COLUMNS)[number];
type SqlValue = string | number | null;

/** One inquiry to write. `number`, customerShopifyId and customerLink are filled in by the commit. */
export type StoredInquiry = {
  inquiry: Record<Exclude<InquiryColumn, "number">, SqlValue>;
  messages: Array<Record<MessageColumn, SqlValue>>;
  /** Match the shop's live customer with this (normalised) email inside the commit; null when already decided. */
  matchEmail: string | null;
};

export type StoredOutcome = { number: number; customerShopifyId: string | null; customerLink: string };

const MAX_GROUP = 500;
const LOCK_WAIT_MS = 10_000;

/** The group commit's transaction, run in the writer thread (app/utils/sqlite-writer-thread.server.ts). */
const INQUIRY_COMMIT = `
const counter = db.prepare('INSERT INTO "InquiryCounter" ("shop", "next") VALUES (?, 1002) ON CONFLICT ("shop") DO UPDATE SET "next" = "next" + 1 RETURNING "next"');
const customer = db.prepare('SELECT "shopifyId" FROM "Customer" WHERE "shop" = ? AND "email" = ? AND "deletedAt" IS NULL AND "redactedAt" IS NULL ORDER BY "shopifyUpdatedAt" DESC LIMIT 1');
const insertInquiry = db.prepare(workerData.inquirySql);
const insertMessage = db.prepare(workerData.messageSql);
const one = db.transaction((row) => {
  const inquiry = row.inquiry;
  if (row.matchEmail) {
    const found = customer.get(inquiry.shop, row.matchEmail);
    inquiry.customerShopifyId = found ? found.shopifyId : null;
    inquiry.customerLink = found ? "linked" : "pending";
  }
  inquiry.number = counter.get(inquiry.shop).next - 1;
  insertInquiry.run(inquiry);
  for (const message of row.messages) insertMessage.run(message);
  return { number: inquiry.number, customerShopifyId: inquiry.customerShopifyId, customerLink: inquiry.customerLink };
});
// Each row in its own savepoint: a row that fails (a constraint) is reported alone and the group still commits.
const commit = db.transaction((rows) =>
  rows.map((row) => {
    try {
      return { ok: one(row) };
    } catch (error) {
      if (isBusy(error)) throw error;
      return { error: String(error?.message ?? error), code: error?.code };
    }
  }),
).immediate;
`;

type RowResult = { ok?: StoredOutcome; error?: string; code?: string };

export class InquiryStoreError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "InquiryStoreError";
  }
}

const insertSql = (table: string, columns: readonly string[]) =>
  `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`;

function sqliteWriter(file: string) {
  const thread = sqliteWriterThread<StoredInquiry[], RowResult[]>({
    name: "inquiry",
    file,
    commitCode: INQUIRY_COMMIT,
    data: { inquirySql: insertSql("Inquiry", INQUIRY_COLUMNS), messageSql: insertSql("InquiryMessage", MESSAGE_COLUMNS) },
    lockWaitMs: LOCK_WAIT_MS,
    // The thread must not keep a finished process (a test, a script) alive.
    unref: true,
    toError: (message, code) => new InquiryStoreError(message, code),
  });
  return { write: (rows: StoredInquiry[]) => thread.commit(rows), close: () => thread.close() };
}

/** Prisma's DateTime columns are `timestamp(3)` without a zone, holding UTC (as the webhook store reads them). */
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.TIMESTAMP
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * PostgreSQL: a group is one transaction on a connection of its own (one commit for the group), each row in its own
 * savepoint. Dates go in as UTC ISO text into `timestamp(3)` columns, as Prisma keeps them.
 */
function postgresWriter(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1, types: pgTypes });
  const insert = (table: string, columns: readonly string[]) =>
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`;
  const inquiryColumns = [...INQUIRY_COLUMNS];
  const inquirySql = insert("Inquiry", inquiryColumns);
  const messageSql = insert("InquiryMessage", MESSAGE_COLUMNS);
  const booleans = new Set(["staffUnread"]);
  const pgValue = (column: string, value: SqlValue) => {
    if (booleans.has(column) && value !== null) return Boolean(value);
    // Dates were written for SQLite ("…+00:00"): PostgreSQL reads the same text (the zone is ignored for timestamp).
    return value;
  };
  return {
    async write(rows: StoredInquiry[]): Promise<RowResult[]> {
      const client = await pool.connect();
      const results: RowResult[] = [];
      try {
        await client.query("BEGIN");
        for (const row of rows) {
          const inquiry: Record<string, SqlValue> = { ...row.inquiry };
          await client.query("SAVEPOINT one");
          try {
            if (row.matchEmail) {
              const found = await client.query<{ shopifyId: string }>(
                `SELECT "shopifyId" FROM "Customer" WHERE "shop" = $1 AND "email" = $2 AND "deletedAt" IS NULL AND "redactedAt" IS NULL ORDER BY "shopifyUpdatedAt" DESC LIMIT 1`,
                [inquiry.shop, row.matchEmail],
              );
              inquiry.customerShopifyId = found.rows[0]?.shopifyId ?? null;
              inquiry.customerLink = found.rows[0] ? "linked" : "pending";
            }
            const counter = await client.query<{ next: number }>(
              `INSERT INTO "InquiryCounter" ("shop", "next") VALUES ($1, 1002) ON CONFLICT ("shop") DO UPDATE SET "next" = "InquiryCounter"."next" + 1 RETURNING "next"`,
              [inquiry.shop],
            );
            inquiry.number = counter.rows[0]!.next - 1;
            await client.query(inquirySql, inquiryColumns.map((c) => pgValue(c, inquiry[c] ?? null)));
            for (const message of row.messages) await client.query(messageSql, MESSAGE_COLUMNS.map((c) => pgValue(c, message[c])));
            await client.query("RELEASE SAVEPOINT one");
            results.push({ ok: { number: Number(inquiry.number), customerShopifyId: (inquiry.customerShopifyId as string | null) ?? null, customerLink: String(inquiry.customerLink) } });
          } catch (error) {
            await client.query("ROLLBACK TO SAVEPOINT one");
            const e = error as { message?: string; code?: string };
            results.push({ error: String(e.message ?? error), code: e.code });
          }
        }
        await client.query("COMMIT");
        return results;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}

type Waiting = { row: StoredInquiry; resolve: (outcome: StoredOutcome) => void; reject: (error: unknown) => void };

let writer: { write(rows: StoredInquiry[]): Promise<RowResult[]>; close(): Promise<void> } | undefined;
let writerUrl: string | undefined;
let queue: Waiting[] = [];
let flushing = false;

async function flush(): Promise<void> {
  try {
    while (queue.length > 0) {
      const groupOf = queue.slice(0, MAX_GROUP);
      queue = queue.slice(groupOf.length);
      try {
        const results = await writer!.write(groupOf.map((w) => w.row));
        groupOf.forEach((w, i) => {
          const result = results[i]!;
          if (result.ok) w.resolve(result.ok);
          else w.reject(new InquiryStoreError(result.error ?? "inquiry insert failed", result.code));
        });
      } catch (error) {
        for (const w of groupOf) w.reject(error);
      }
    }
  } finally {
    flushing = false;
  }
}

export type InquiryStore = { write(row: StoredInquiry): Promise<StoredOutcome> };

const store: InquiryStore = {
  write(row) {
    return new Promise<StoredOutcome>((resolve, reject) => {
      queue.push({ row, resolve, reject });
      // The first arrival starts a commit on the next turn of the loop; later ones join it or the one after.
      if (!flushing) {
        flushing = true;
        setImmediate(() => void flush());
      }
    });
  },
};

/** The grouped writer for the app's database (SQLite or PostgreSQL). */
export function inquiryStore(): InquiryStore {
  // As app/db.server.ts reads it.
  const url = process.env.DATABASE_URL ?? "file:./.data/dev.sqlite";
  if (!writer || writerUrl !== url) {
    void writer?.close();
    writer = isPostgresUrl(url) ? postgresWriter(url) : sqliteWriter(url.replace(/^file:/, ""));
    writerUrl = url;
  }
  return store;
}

export async function closeInquiryStore(): Promise<void> {
  const closing = writer;
  writer = undefined;
  writerUrl = undefined;
  await closing?.close();
}
