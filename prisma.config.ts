/**
 * Prisma CLI configuration. Prisma 6.19 runs offline here only with its WebAssembly schema engine through a driver
 * adapter (PLATFORM.md). DATABASE_URL picks the provider: `file:` → SQLite (the embedded default), `postgres…` → PostgreSQL.
 */
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./.data/dev.sqlite";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? path.join("prisma", "postgresql", "schema.prisma") : path.join("prisma", "schema.prisma"),
  adapter: async () => (postgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url })),
});
