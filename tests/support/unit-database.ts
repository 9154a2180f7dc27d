/**
 * A freshly migrated database for unit tests of database modules (app/db.server.ts reads DATABASE_URL when first
 * imported). SQLite by default, PostgreSQL with TEST_DATABASE=postgresql, as the integration suite. Call it from
 * `vi.hoisted` so the URL is set before the module under test is imported:
 *
 *   const database = await vi.hoisted(async () => (await import("../../tests/support/unit-database")).freshDatabase());
 */
import { createTestDatabase, testDatabaseKind } from "./databases";
import { migrate } from "./stack";

export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const database = await createTestDatabase(testDatabaseKind());
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  return database;
}
