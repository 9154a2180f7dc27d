/**
 * SQL pieces the cohort report and the dashboard share: statements built with Prisma.sql run on either database, and
 * the date expressions that differ between SQLite (Prisma's ISO text) and PostgreSQL (timestamp(3)).
 */
import { Prisma } from "@tsunagu-generated/prisma-sqlite";
import type prisma from "../db.server";
import { isPostgresUrl } from "../env.server";

export const postgres = () => isPostgresUrl(process.env.DATABASE_URL ?? "");

export type Runner = Pick<typeof prisma, "$executeRawUnsafe" | "$queryRawUnsafe">;

// Fragments come from the SQLite client's Prisma namespace; text and values go in plainly with each database's
// placeholders (as in recompute.server.ts).
export function exec(db: Runner, sql: Prisma.Sql): Promise<number> {
  return db.$executeRawUnsafe(postgres() ? sql.text : sql.sql, ...sql.values);
}
export function query<T>(db: Runner, sql: Prisma.Sql): Promise<T[]> {
  return db.$queryRawUnsafe<T[]>(postgres() ? sql.text : sql.sql, ...sql.values);
}

export function literal(value: number): Prisma.Sql {
  if (!Number.isInteger(value)) throw new Error(`not an integer: ${value}`);
  return Prisma.raw(String(value));
}

/** A DateTime value as the column stores it. */
export function timestamp(at: Date): Prisma.Sql {
  const iso = at.toISOString();
  return postgres() ? Prisma.sql`CAST(${iso} AS TIMESTAMP(3))` : Prisma.sql`${iso.replace("Z", "+00:00")}`;
}

/**
 * Calendar day number of a DateTime expression at the shop's offset (as recompute.server.ts). A string is column
 * text written by the code, never input; anything carrying values goes in as Prisma.Sql.
 */
export function dayOf(expression: string | Prisma.Sql, offsetMinutes: number): Prisma.Sql {
  const e = typeof expression === "string" ? Prisma.raw(expression) : expression;
  const epoch = postgres()
    ? Prisma.sql`CAST(FLOOR(EXTRACT(EPOCH FROM ${e})) AS BIGINT)`
    : Prisma.sql`CAST(strftime('%s', ${e}) AS INTEGER)`;
  return Prisma.sql`((${epoch} + ${literal(offsetMinutes * 60)}) / 86400)`;
}

/** "YYYY-MM" of a DateTime expression at the shop's offset. */
export function monthExpr(expression: string, offsetMinutes: number): Prisma.Sql {
  return Prisma.raw(
    postgres()
      ? `to_char(${expression} + INTERVAL '${offsetMinutes} minutes', 'YYYY-MM')`
      : `strftime('%Y-%m', ${expression}, '${offsetMinutes >= 0 ? "+" : ""}${offsetMinutes} minutes')`,
  );
}

