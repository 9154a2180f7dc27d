/** Test databases: a fresh SQLite file or a fresh PostgreSQL database per run, migrated by the stack. */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./stack";

export type TestDatabaseKind = "sqlite" | "postgresql";

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}

/** Creates an empty database and returns its URL and a function that drops it. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<{ url: string; drop(): Promise<void> }> {
  const id = crypto.randomBytes(4).toString("hex");
  if (kind === "sqlite") {
    const dir = path.join(ROOT, ".data", "test");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `app-${id}.sqlite`);
    return {
      url: `file:${file}`,
      async drop() {
        for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  // scripts/postgres.sh starts a private server; TEST_PG_URL may point elsewhere (a maintenance database URL).
  const adminUrl =
    process.env.TEST_PG_URL ?? execFileSync(path.join(ROOT, "scripts", "postgres.sh"), ["start"], { encoding: "utf8" }).trim();
  const name = `tsunagu_test_${id}`;
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
