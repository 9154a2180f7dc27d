/**
 * Raw SQL built for both databases (docs/decisions/002-prisma-on-sqlite-and-postgresql.md): a statement collects its
 * parameters and writes each dialect's placeholder. Used by the customers index and the segment compiler.
 */
export type Dialect = "sqlite" | "postgresql";

/** A statement under construction: its parameters and the placeholder syntax of the dialect. */
export class Statement {
  readonly params: unknown[] = [];
  constructor(readonly dialect: Dialect) {}

  /** Adds a parameter and returns its placeholder. */
  p(value: unknown): string {
    this.params.push(value);
    return this.dialect === "sqlite" ? "?" : `$${this.params.length}`;
  }
}

/** Dates as each database stores Prisma's DateTime: SQLite ISO text with +00:00 (app/sync/bulk-load.server.ts), PostgreSQL timestamp(3) in UTC. */
export function dateParam(dialect: Dialect, date: Date): string {
  return dialect === "sqlite" ? date.toISOString().replace("Z", "+00:00") : date.toISOString();
}
