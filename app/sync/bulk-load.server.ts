/**
 * The initial sync's write path: the same newest-wins upserts as records.server.ts, written through the database
 * driver in one transaction per batch instead of row by row through Prisma (~0.6 s per 1,000 orders there, which
 * puts a 1M-order shop at ten minutes). SQLite: a second better-sqlite3 connection on DATABASE_URL's file with
 * prepared `INSERT … ON CONFLICT DO UPDATE … WHERE newer`. PostgreSQL: a pg pool, one multi-row
 * `INSERT … SELECT FROM unnest(…)` per table per batch. Rows are stored as Prisma stores them (DateTime as
 * ISO text with `+00:00` on SQLite, Decimal bound as text) so Prisma reads them back unchanged.
 *
 * Facts are not recomputed here: the initial sync recomputes the whole shop once at the end.
 *
 * Two things make a first load several times faster without changing what ends up stored:
 * - `fresh`: while the shop has no rows of the table (a first sync), a batch is written with plain INSERTs, without the
 *   ON CONFLICT / newer-than check. If a row is there after all (a webhook wrote it first), the unique index refuses
 *   the batch, it is rolled back and written again with the newest-wins upserts, and the caller stops asking for fresh.
 * - `progress`: the sync run's resume point (linesApplied, the phase's count, the heartbeat) is written in the same
 *   transaction as the batch, so a crash can neither lose a batch nor apply it twice, and no second connection commits
 *   (and checkpoints the WAL) after every batch.
 */
import { randomUUID } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl } from "../env.server";
import type { CheckoutRow, CustomerRow, OrderRow } from "./types";

type ColumnType = "text" | "date" | "decimal" | "int";
type Value = string | number | null;
type Column = { name: string; type: ColumnType };
type TableSpec = {
  table: string;
  columns: Column[];
  /** Columns an update sets to the incoming value; the others keep what is stored. */
  updates: string[];
  /** Update expressions other than "take the incoming value", keyed by column; `$T` is the table, `$E` the incoming row. */
  special?: Record<string, string>;
};

const cols = (type: ColumnType, ...names: string[]): Column[] => names.map((name) => ({ name, type }));

const CUSTOMER: TableSpec = {
  table: "Customer",
  columns: [
    ...cols("text", "id", "shop", "shopifyId", "firstName", "lastName", "email", "phone", "locale", "note", "tags", "state"),
    ...cols("text", "marketingState", "marketingOptInLevel"),
    ...cols("date", "marketingConsentUpdatedAt"),
    ...cols("text", "addresses", "provinceCode", "countryCode", "zip"),
    ...cols("date", "shopifyCreatedAt", "shopifyUpdatedAt", "deletedAt", "createdAt", "updatedAt"),
  ],
  updates: [
    ...["firstName", "lastName", "email", "phone", "note", "tags", "state", "marketingState", "marketingOptInLevel"],
    ...["marketingConsentUpdatedAt", "addresses", "provinceCode", "countryCode", "zip", "shopifyCreatedAt"],
    ...["shopifyUpdatedAt", "deletedAt", "updatedAt", "locale"],
  ],
  // REST payloads carry no locale: keep the one we know (as records.server.ts).
  special: { locale: `COALESCE($E."locale", $T."locale")` },
};

const ORDER: TableSpec = {
  table: "Order",
  columns: [
    ...cols("text", "id", "shop", "shopifyId", "customerShopifyId", "name", "email", "phone", "currencyCode"),
    ...cols("decimal", "subtotalPrice", "totalDiscounts", "totalShipping", "totalTax", "totalPrice"),
    ...cols("text", "financialStatus", "fulfillmentStatus", "sourceName", "discountCodes", "tags", "note"),
    ...cols("date", "processedAt", "cancelledAt", "shopifyCreatedAt", "shopifyUpdatedAt", "createdAt", "updatedAt"),
  ],
  updates: [
    ...["customerShopifyId", "name", "email", "phone", "currencyCode", "subtotalPrice", "totalDiscounts", "totalShipping"],
    ...["totalTax", "totalPrice", "financialStatus", "fulfillmentStatus", "sourceName", "discountCodes", "tags", "note"],
    ...["processedAt", "cancelledAt", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt"],
  ],
};

const CHECKOUT: TableSpec = {
  table: "AbandonedCheckout",
  columns: [
    ...cols("text", "id", "shop", "shopifyId", "token", "customerShopifyId", "email", "phone", "currencyCode"),
    ...cols("decimal", "totalPrice"),
    ...cols("text", "lineItems", "recoveryUrl"),
    ...cols("date", "completedAt", "shopifyCreatedAt", "shopifyUpdatedAt", "createdAt", "updatedAt"),
  ],
  updates: [
    ...["token", "customerShopifyId", "email", "phone", "currencyCode", "totalPrice", "lineItems", "recoveryUrl"],
    ...["completedAt", "shopifyCreatedAt", "shopifyUpdatedAt", "updatedAt"],
  ],
};

const LINE_ITEM: TableSpec = {
  table: "OrderLineItem",
  columns: [
    ...cols("text", "id", "shop", "orderId", "shopifyId", "title", "variantTitle", "sku"),
    ...cols("int", "quantity"),
    ...cols("decimal", "unitPrice"),
    ...cols("text", "productShopifyId", "variantShopifyId"),
  ],
  updates: [],
};

const TAG: TableSpec = { table: "CustomerTag", columns: cols("text", "shop", "customerShopifyId", "tag"), updates: [] };

/** Dates as the value each driver stores: SQLite text exactly as Prisma's adapter writes it, PostgreSQL ISO (UTC). */
type DateFormat = (date: Date) => string;
const sqliteDate: DateFormat = (date) => date.toISOString().replace("Z", "+00:00");
const pgDate: DateFormat = (date) => date.toISOString();

/** Keeps the newest row per shopifyId, so a batch holding two versions of one record writes the newer. */
function newestById<T extends { shopifyId: string; shopifyUpdatedAt: Date }>(rows: T[]): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) {
    const seen = byId.get(row.shopifyId);
    if (!seen || seen.shopifyUpdatedAt < row.shopifyUpdatedAt) byId.set(row.shopifyId, row);
  }
  return [...byId.values()];
}

function customerValues(shop: string, row: CustomerRow, id: string, now: string, date: DateFormat): Value[] {
  const main = row.addresses[0];
  const d = (value: Date | null) => (value ? date(value) : null);
  return [
    id, shop, row.shopifyId, row.firstName, row.lastName, row.email, row.phone, row.locale, row.note, row.tags.join(", "),
    row.state, row.marketingState, row.marketingOptInLevel, d(row.marketingConsentUpdatedAt), JSON.stringify(row.addresses),
    main?.provinceCode ?? null, main?.countryCode ?? null, main?.zip ?? null,
    // deletedAt: a newer write after a customers/delete brings the customer back (Shopify never reuses ids).
    date(row.shopifyCreatedAt), date(row.shopifyUpdatedAt), null, now, now,
  ]; // prettier-ignore
}

function orderValues(shop: string, row: OrderRow, id: string, now: string, date: DateFormat): Value[] {
  return [
    id, shop, row.shopifyId, row.customerShopifyId, row.name, row.email, row.phone, row.currencyCode,
    row.subtotalPrice, row.totalDiscounts, row.totalShipping, row.totalTax, row.totalPrice,
    row.financialStatus, row.fulfillmentStatus, row.sourceName, JSON.stringify(row.discountCodes), row.tags.join(", "), row.note,
    date(row.processedAt), row.cancelledAt ? date(row.cancelledAt) : null, date(row.shopifyCreatedAt), date(row.shopifyUpdatedAt),
    now, now,
  ]; // prettier-ignore
}

function checkoutValues(shop: string, row: CheckoutRow, id: string, now: string, date: DateFormat): Value[] {
  return [
    id, shop, row.shopifyId, row.token, row.customerShopifyId, row.email, row.phone, row.currencyCode, row.totalPrice,
    JSON.stringify(row.lineItems), row.recoveryUrl, row.completedAt ? date(row.completedAt) : null,
    date(row.shopifyCreatedAt), date(row.shopifyUpdatedAt), now, now,
  ]; // prettier-ignore
}

function lineItemValues(shop: string, orderId: string, row: OrderRow): Value[][] {
  return row.lineItems.map((l) => [
    newId(), shop, orderId, l.shopifyId, l.title, l.variantTitle, l.sku, l.quantity, l.unitPrice,
    l.productShopifyId, l.variantShopifyId,
  ]); // prettier-ignore
}

let sequence = 0;
/**
 * Ids that grow with time (like Prisma's cuid), so each batch appends to the id and orderId indexes instead of
 * scattering writes across them (random UUIDs made 1M-order loads several times slower on SQLite).
 */
function newId(): string {
  sequence = (sequence + 1) % 1_679_616;
  return `c${Date.now().toString(36)}${sequence.toString(36).padStart(4, "0")}${randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

const q = (name: string) => `"${name}"`;

/** `SET … WHERE` of the newest-wins upsert; `incoming` names the proposed row (excluded / EXCLUDED). */
function upsertTail(spec: TableSpec, incoming: string): string {
  const set = spec.updates
    .map((c) => `${q(c)} = ${(spec.special?.[c] ?? `$E.${q(c)}`).replaceAll("$E", incoming).replaceAll("$T", q(spec.table))}`)
    .join(", ");
  // A redacted row (customers/redact) never takes personal data back, however new the update.
  return (
    `ON CONFLICT ("shop", "shopifyId") DO UPDATE SET ${set} ` +
    `WHERE ${incoming}."shopifyUpdatedAt" > ${q(spec.table)}."shopifyUpdatedAt" AND ${q(spec.table)}."redactedAt" IS NULL ` +
    `RETURNING "id", "shopifyId"`
  );
}

type Returned = { id: string; shopifyId: string };

export type BulkLoadResult = {
  written: number;
  /** A fresh write met a stored row and was redone with upserts: write the next batches as upserts. */
  conflicted?: boolean;
};

/** The sync run's resume point, saved with the batch. */
export type BatchProgress = {
  runId: string;
  linesApplied: number;
  field: "customersSynced" | "ordersSynced" | "checkoutsSynced";
  synced: number;
};

export type BulkLoadOptions = {
  /** The shop had no rows of this table when the phase started: try plain INSERTs first. */
  fresh?: boolean;
  progress?: BatchProgress;
};

const PROGRESS_FIELDS: readonly BatchProgress["field"][] = ["customersSynced", "ordersSynced", "checkoutsSynced"];

/** A write refused by a unique index or primary key (SQLite and PostgreSQL). */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error) || !("code" in error)) return false;
  return error.code === "SQLITE_CONSTRAINT_UNIQUE" || error.code === "SQLITE_CONSTRAINT_PRIMARYKEY" || error.code === "23505";
}

/** Tries the fresh write, falls back to the upsert on a unique violation (the failed transaction was rolled back). */
async function freshOrUpsert(fresh: boolean | undefined, write: (fresh: boolean) => Promise<{ written: number }>): Promise<BulkLoadResult> {
  if (fresh) {
    try {
      return await write(true);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return { ...(await write(false)), conflicted: true };
  }
  return write(false);
}

/** One batch's writes, whatever the driver. */
type Loader = {
  customers(shop: string, rows: CustomerRow[], options: BulkLoadOptions): Promise<BulkLoadResult>;
  orders(shop: string, rows: OrderRow[], options: BulkLoadOptions): Promise<BulkLoadResult>;
  checkouts(shop: string, rows: CheckoutRow[], options: BulkLoadOptions): Promise<BulkLoadResult>;
  /** Copies the WAL back into the database file (SQLite) between phases, off any request's path. */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
};

// --- SQLite ------------------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const LOCK_WAIT_MS = 60_000;

function isBusy(error: unknown): boolean {
  return error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("SQLITE_BUSY");
}

function sqliteLoader(url: string): Loader {
  const db = new BetterSqlite3(url.replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  // No busy wait inside the driver: it would block the event loop while a Prisma transaction of this same process
  // holds the write lock and needs the loop to finish. Waiting is done below, asynchronously, before each batch.
  db.pragma("busy_timeout = 0");
  // WAL with NORMAL syncs at checkpoints, not every commit: a power cut may lose the last batches, never corrupt,
  // and a lost batch is lost with its resume point (saved in the same transaction), so it is applied again.
  db.pragma("synchronous = NORMAL");
  // 64 MB of page cache: the indexes a 1M-order load touches stay in memory.
  db.pragma("cache_size = -65536");
  // A batch of orders dirties pages all over the (shop, customer, processedAt) index; with the default checkpoint
  // every 1,000 pages (4 MB) nearly every commit also copied the WAL back and synced it. 32,768 pages (128 MB) lets
  // a page changed by many batches be checkpointed once. Durability is the same: WAL frames are the data.
  db.pragma("wal_autocheckpoint = 32768");

  const insertSql = (spec: TableSpec) =>
    `INSERT INTO ${q(spec.table)} (${spec.columns.map((c) => q(c.name)).join(", ")}) VALUES (${spec.columns.map(() => "?").join(", ")})`;
  const upsertCustomer = db.prepare<Value[], Returned>(`${insertSql(CUSTOMER)} ${upsertTail(CUSTOMER, "excluded")}`);
  const upsertOrder = db.prepare<Value[], Returned>(`${insertSql(ORDER)} ${upsertTail(ORDER, "excluded")}`);
  const upsertCheckout = db.prepare<Value[], Returned>(`${insertSql(CHECKOUT)} ${upsertTail(CHECKOUT, "excluded")}`);
  const insertCustomer = db.prepare<Value[]>(insertSql(CUSTOMER));
  const insertOrder = db.prepare<Value[]>(insertSql(ORDER));
  const insertCheckout = db.prepare<Value[]>(insertSql(CHECKOUT));
  const insertLine = db.prepare<Value[]>(insertSql(LINE_ITEM));
  const deleteLines = db.prepare<[string, string]>(`DELETE FROM "OrderLineItem" WHERE "shop" = ? AND "orderId" = ?`);
  // Shopify's tags are unique per customer; a repeat in a payload is dropped rather than failing the batch.
  const insertTag = db.prepare<Value[]>(`${insertSql(TAG)} ON CONFLICT DO NOTHING`);
  const deleteTags = db.prepare<[string, string]>(`DELETE FROM "CustomerTag" WHERE "shop" = ? AND "customerShopifyId" = ?`);
  const saveProgress = Object.fromEntries(
    PROGRESS_FIELDS.map((field) => [
      field,
      db.prepare<[number, number, string, string]>(
        `UPDATE "SyncRun" SET "linesApplied" = ?, ${q(field)} = ?, "updatedAt" = ? WHERE "id" = ?`,
      ),
    ]),
  ) as Record<BatchProgress["field"], BetterSqlite3.Statement<[number, number, string, string]>>;

  const progressed = (progress: BatchProgress | undefined) => {
    if (progress) saveProgress[progress.field].run(progress.linesApplied, progress.synced, sqliteDate(new Date()), progress.runId);
  };

  /** Runs `write` in one BEGIN IMMEDIATE transaction, waiting (without blocking the loop) while another writer holds the lock. */
  async function inTransaction<T>(write: () => T): Promise<T> {
    const run = db.transaction(write);
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
      try {
        return run.immediate();
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        await sleep(pause);
      }
    }
  }

  return {
    customers: (shop, rows, { fresh, progress }) =>
      freshOrUpsert(fresh, (plain) =>
        inTransaction(() => {
          const now = sqliteDate(new Date());
          let written = 0;
          for (const row of newestById(rows)) {
            const id = newId();
            const values = customerValues(shop, row, id, now, sqliteDate);
            if (plain) insertCustomer.run(...values);
            else {
              const stored = upsertCustomer.get(...values);
              if (!stored) continue;
              if (stored.id !== id) deleteTags.run(shop, row.shopifyId);
            }
            written++;
            for (const tag of row.tags) insertTag.run(shop, row.shopifyId, tag);
          }
          progressed(progress);
          return { written };
        }),
      ),
    orders: (shop, rows, { fresh, progress }) =>
      freshOrUpsert(fresh, (plain) =>
        inTransaction(() => {
          const now = sqliteDate(new Date());
          let written = 0;
          for (const row of newestById(rows)) {
            const id = newId();
            const values = orderValues(shop, row, id, now, sqliteDate);
            let orderId = id;
            if (plain) insertOrder.run(...values);
            else {
              const stored = upsertOrder.get(...values);
              if (!stored) continue;
              // An order that won over a stored one gets its line items replaced.
              if (stored.id !== id) deleteLines.run(shop, stored.id);
              orderId = stored.id;
            }
            written++;
            for (const line of lineItemValues(shop, orderId, row)) insertLine.run(...line);
          }
          progressed(progress);
          return { written };
        }),
      ),
    checkouts: (shop, rows, { fresh, progress }) =>
      freshOrUpsert(fresh, (plain) =>
        inTransaction(() => {
          const now = sqliteDate(new Date());
          let written = 0;
          for (const row of newestById(rows)) {
            const values = checkoutValues(shop, row, newId(), now, sqliteDate);
            if (plain) {
              insertCheckout.run(...values);
              written++;
            } else if (upsertCheckout.get(...values)) written++;
          }
          progressed(progress);
          return { written };
        }),
      ),
    checkpoint: async () => {
      db.pragma("wal_checkpoint(PASSIVE)");
    },
    close: async () => {
      db.close();
    },
  };
}

// --- PostgreSQL --------------------------------------------------------------------------------------------------

const PG_ARRAY: Record<ColumnType, string> = { text: "text[]", date: "timestamp(3)[]", decimal: "numeric[]", int: "int4[]" };

/** `INSERT … SELECT FROM unnest($1::text[], …)`: one statement for the whole batch, one array per column. */
function unnestInsert(spec: TableSpec): string {
  const names = spec.columns.map((c) => q(c.name)).join(", ");
  const arrays = spec.columns.map((c, i) => `$${i + 1}::${PG_ARRAY[c.type]}`).join(", ");
  return `INSERT INTO ${q(spec.table)} (${names}) SELECT * FROM unnest(${arrays})`;
}

/** Column arrays from row tuples. */
function columnsOf(spec: TableSpec, rows: Value[][]): Value[][] {
  return spec.columns.map((_, i) => rows.map((row) => row[i] ?? null));
}

function postgresLoader(url: string): Loader {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const upsertSql = (spec: TableSpec) => `${unnestInsert(spec)} ${upsertTail(spec, "EXCLUDED")}`;
  const sql = {
    customer: upsertSql(CUSTOMER),
    order: upsertSql(ORDER),
    checkout: upsertSql(CHECKOUT),
    plainCustomer: unnestInsert(CUSTOMER),
    plainOrder: unnestInsert(ORDER),
    plainCheckout: unnestInsert(CHECKOUT),
    line: unnestInsert(LINE_ITEM),
    tag: `${unnestInsert(TAG)} ON CONFLICT DO NOTHING`,
  };

  async function inTransaction<T>(progress: BatchProgress | undefined, write: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await write(client);
      if (progress && PROGRESS_FIELDS.includes(progress.field)) {
        await client.query(`UPDATE "SyncRun" SET "linesApplied" = $1, ${q(progress.field)} = $2, "updatedAt" = $3 WHERE "id" = $4`, [
          progress.linesApplied,
          progress.synced,
          pgDate(new Date()),
          progress.runId,
        ]);
      }
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Nothing to write still saves the resume point. */
  const nothing = async (progress: BatchProgress | undefined) => {
    if (progress) await inTransaction(progress, async () => undefined);
    return { written: 0 };
  };

  return {
    customers: (shop, rows, { fresh, progress }) => {
      const batch = newestById(rows);
      if (batch.length === 0) return nothing(progress);
      return freshOrUpsert(fresh, (plain) =>
        inTransaction(progress, async (client) => {
          const now = pgDate(new Date());
          const ids: string[] = batch.map(() => newId());
          const values = batch.map((row, i) => customerValues(shop, row, ids[i]!, now, pgDate));
          let winners = batch;
          if (plain) await client.query(sql.plainCustomer, columnsOf(CUSTOMER, values));
          else {
            const { rows: won } = await client.query<Returned>(sql.customer, columnsOf(CUSTOMER, values));
            // Updated rows keep their stored id: they are the returned ids this batch did not generate.
            const generated = new Set(ids);
            const updated = won.filter((r) => !generated.has(r.id)).map((r) => r.shopifyId);
            if (updated.length > 0) {
              await client.query(`DELETE FROM "CustomerTag" WHERE "shop" = $1 AND "customerShopifyId" = ANY($2::text[])`, [shop, updated]);
            }
            const byShopifyId = new Map(batch.map((row) => [row.shopifyId, row]));
            winners = won.map((r) => byShopifyId.get(r.shopifyId)!);
          }
          const tags = winners.flatMap((row) => row.tags.map((tag): Value[] => [shop, row.shopifyId, tag]));
          if (tags.length > 0) await client.query(sql.tag, columnsOf(TAG, tags));
          return { written: winners.length };
        }),
      );
    },
    orders: (shop, rows, { fresh, progress }) => {
      const batch = newestById(rows);
      if (batch.length === 0) return nothing(progress);
      return freshOrUpsert(fresh, (plain) =>
        inTransaction(progress, async (client) => {
          const now = pgDate(new Date());
          const ids: string[] = batch.map(() => newId());
          const values = batch.map((row, i) => orderValues(shop, row, ids[i]!, now, pgDate));
          let won: Returned[];
          if (plain) {
            await client.query(sql.plainOrder, columnsOf(ORDER, values));
            won = batch.map((row, i) => ({ id: ids[i]!, shopifyId: row.shopifyId }));
          } else {
            ({ rows: won } = await client.query<Returned>(sql.order, columnsOf(ORDER, values)));
            const generated = new Set(ids);
            const replaced = won.filter((r) => !generated.has(r.id)).map((r) => r.id);
            if (replaced.length > 0) {
              await client.query(`DELETE FROM "OrderLineItem" WHERE "shop" = $1 AND "orderId" = ANY($2::text[])`, [shop, replaced]);
            }
          }
          const byShopifyId = new Map(batch.map((row) => [row.shopifyId, row]));
          const lines = won.flatMap((r) => lineItemValues(shop, r.id, byShopifyId.get(r.shopifyId)!));
          if (lines.length > 0) await client.query(sql.line, columnsOf(LINE_ITEM, lines));
          return { written: won.length };
        }),
      );
    },
    checkouts: (shop, rows, { fresh, progress }) => {
      const batch = newestById(rows);
      if (batch.length === 0) return nothing(progress);
      return freshOrUpsert(fresh, (plain) =>
        inTransaction(progress, async (client) => {
          const now = pgDate(new Date());
          const values = columnsOf(CHECKOUT, batch.map((row) => checkoutValues(shop, row, newId(), now, pgDate)));
          if (plain) {
            await client.query(sql.plainCheckout, values);
            return { written: batch.length };
          }
          const { rows: won } = await client.query(sql.checkout, values);
          return { written: won.length };
        }),
      );
    },
    checkpoint: async () => {},
    close: () => pool.end(),
  };
}

// --- entry points --------------------------------------------------------------------------------------------------

declare global {
  // One driver connection per process (and per dev-server reload), opened on first use.
  var __tsunaguBulkLoader: { url: string; loader: Loader } | undefined;
}

function loader(): Loader {
  const url = process.env.DATABASE_URL ?? "file:./.data/dev.sqlite";
  const cached = globalThis.__tsunaguBulkLoader;
  if (cached && cached.url === url) return cached.loader;
  const created = isPostgresUrl(url) ? postgresLoader(url) : sqliteLoader(url);
  globalThis.__tsunaguBulkLoader = { url, loader: created };
  return created;
}

/** Writes customers newer than what is stored, with their tags, in one transaction. */
export function bulkLoadCustomers(shop: string, rows: CustomerRow[], options: BulkLoadOptions = {}): Promise<BulkLoadResult> {
  return loader().customers(shop, rows, options);
}

/** Writes orders newer than what is stored, replacing their line items, in one transaction. Facts are not touched. */
export function bulkLoadOrders(shop: string, rows: OrderRow[], options: BulkLoadOptions = {}): Promise<BulkLoadResult> {
  return loader().orders(shop, rows, options);
}

/** Writes abandoned checkouts newer than what is stored, in one transaction. */
export function bulkLoadCheckouts(shop: string, rows: CheckoutRow[], options: BulkLoadOptions = {}): Promise<BulkLoadResult> {
  return loader().checkouts(shop, rows, options);
}

/** Checkpoints the SQLite WAL between phases (a no-op on PostgreSQL). */
export function bulkLoadCheckpoint(): Promise<void> {
  return loader().checkpoint();
}

/** Closes the driver connection (tests, shutdown). */
export async function closeBulkLoader(): Promise<void> {
  const cached = globalThis.__tsunaguBulkLoader;
  globalThis.__tsunaguBulkLoader = undefined;
  await cached?.loader.close();
}
