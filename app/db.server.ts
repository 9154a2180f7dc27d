/**
 * The one Prisma client. DATABASE_URL picks the provider: SQLite through better-sqlite3 (embedded default) or
 * PostgreSQL through pg. Both clients are generated from schemas kept in step (scripts/db.ts), so they share one
 * model API; the SQLite client's types stand for both.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@tsunagu-generated/prisma-sqlite";
import { PrismaClient as PostgresClient } from "@tsunagu-generated/prisma-postgresql";
import { isPostgresUrl } from "./env.server";

export type Db = SqliteClient;

function createClient(url: string): Db {
  if (isPostgresUrl(url)) {
    // Same models and migrations (checked by scripts/db.ts sync-schemas --check); only the provider differs.
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  const client = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 5_000 }) });
  // WAL lets the web process and a separate worker read while the other writes (the setting persists in the file).
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch((error: unknown) => {
    console.error("[db] could not switch SQLite to WAL", error);
  });
  // A checkpoint runs inside the commit that crosses the threshold, on the event loop. The webhook commit thread
  // (app/webhooks/event-store.server.ts) checkpoints every 1,000 pages off the loop; this connection only steps in when
  // the WAL has grown well past that (no webhooks arriving).
  void client.$queryRawUnsafe("PRAGMA wal_autocheckpoint = 16384").catch((error: unknown) => {
    console.error("[db] could not set the WAL checkpoint threshold", error);
  });
  return client;
}

declare global {
  // Reused across dev-server reloads so each edit does not open another connection.
  var __tsunaguDb: Db | undefined;
}

const prisma: Db = (globalThis.__tsunaguDb ??= createClient(process.env.DATABASE_URL ?? "file:./.data/dev.sqlite"));

export default prisma;
