/**
 * Relay connections as Shopify serves them: first/last/after/before, sortKey + reverse, opaque cursors (base64 of the
 * sort value and id) and pageInfo. Rows are paged in SQL with row-value comparisons so a page never reads the table.
 */
import type Database from "better-sqlite3";
import { GraphQLError } from "graphql";
import { searchToSql, type SearchWarning } from "./search";
import type { Source } from "./sources";

export const MAX_PAGE_SIZE = 250;

export type PageArgs = {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
  sortKey?: string | null;
  query?: string | null;
};

export type PageInfo = {
  __typename: "PageInfo";
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
};

export type Page<T> = { items: { cursor: string; value: T }[]; pageInfo: PageInfo };

type CursorValue = [string | number | null, number];

export function encodeCursor(sortValue: string | number | null, id: number): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: sortValue })).toString("base64url");
}

export function decodeCursor(cursor: string): CursorValue {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === "number" && (typeof parsed.last_value === "string" || typeof parsed.last_value === "number" || parsed.last_value === null)) {
      return [parsed.last_value, parsed.last_id];
    }
  } catch {
    // fall through to Shopify's error
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

/** Shopify requires exactly one page size and caps it. Also used by the pre-execution document checks. */
export function pageSizeError(first: unknown, last: unknown): string | null {
  if (first == null && last == null) return "you must provide one of first or last";
  if (first != null && last != null) return "providing both first and last is not supported";
  const n = (first ?? last) as number;
  if (n < 0) return `${first != null ? "first" : "last"} cannot be negative`;
  if (n > MAX_PAGE_SIZE) return `The value of \`${first != null ? "first" : "last"}\` must be at most ${MAX_PAGE_SIZE}.`;
  return null;
}

export type SqlPageRequest = PageArgs & {
  db: Database.Database;
  source: Source;
  shop: string;
  /** Extra condition, e.g. the customer whose orders are listed. */
  extra?: { sql: string; params: unknown[] };
  /** Skips the 250 cap: bulk operations page internally in larger batches. */
  uncapped?: boolean;
};

export type SqlPage = Page<string> & { warnings: SearchWarning[] };

/** One page of rows (their JSON `data`) from a source, scoped to the shop. */
export function pageSql(req: SqlPageRequest): SqlPage {
  if (!req.uncapped) {
    const error = pageSizeError(req.first, req.last);
    if (error) throw new GraphQLError(error);
  }
  const sortKey = req.sortKey && req.source.sortKeys[req.sortKey] ? req.sortKey : req.source.defaultSortKey;
  const sortExpr = req.source.sortKeys[sortKey]!;
  const byId = sortExpr === "r.id";
  const search = searchToSql(req.query, req.source.search);
  const forward = !req.reverse;
  const fromEnd = req.first == null;
  const size = (req.first ?? req.last ?? 0) as number;

  const base: string[] = ["r.shop = ?", `(${search.sql})`];
  const baseParams: unknown[] = [req.shop, ...search.params];
  if (req.source.where) base.push(req.source.where);
  if (req.extra) {
    base.push(`(${req.extra.sql})`);
    baseParams.push(...req.extra.params);
  }

  const cursorCond = (cursor: string, direction: "after" | "before") => {
    const [value, id] = decodeCursor(cursor);
    const greater = (direction === "after") === forward;
    // Sorting by id alone: a plain comparison lets SQLite walk the primary key instead of sorting every row.
    const op = greater ? ">" : "<";
    if (byId) return { sql: `r.id ${op} ?`, params: [id], op };
    return { sql: `(${sortExpr}, r.id) ${op} (?, ?)`, params: [value, id], op };
  };
  const where = [...base];
  const params = [...baseParams];
  for (const [cursor, dir] of [[req.after, "after"], [req.before, "before"]] as const) {
    if (!cursor) continue;
    const c = cursorCond(cursor, dir);
    where.push(c.sql);
    params.push(...c.params);
  }
  // Reading from the end (`last`) walks the order backwards, then flips the page.
  const ascending = forward !== fromEnd;
  const dir = ascending ? "ASC" : "DESC";
  const sql = `SELECT r.id AS id, r.data AS data, ${sortExpr} AS sort_value FROM ${req.source.from}
    WHERE ${where.join(" AND ")} ORDER BY ${byId ? "" : `${sortExpr} ${dir}, `}r.id ${dir} LIMIT ?`;
  const rows = req.db.prepare(sql).all(...params, size + 1) as { id: number; data: string; sort_value: string | number | null }[];
  const more = rows.length > size;
  const pageRows = rows.slice(0, size);
  if (fromEnd) pageRows.reverse();

  const exists = (cursor: string | null | undefined, dirName: "after" | "before") => {
    if (!cursor) return false;
    // Is there anything on the other side of the cursor we started from?
    const c = cursorCond(cursor, dirName === "after" ? "before" : "after");
    const [value, id] = decodeCursor(cursor);
    // By id alone, "at or beyond the cursor" is one range walked from the cursor outwards, so the cursor's own row
    // (still there, as a rule) answers at once. The OR form below made SQLite gather every earlier row id first
    // (MULTI-INDEX OR) when the source has a condition of its own (abandoned checkouts), on every page.
    if (byId) {
      const walk = c.op === "<" ? "DESC" : "ASC";
      const sqlById = `SELECT 1 FROM ${req.source.from} WHERE ${[...base, `r.id ${c.op}= ?`].join(" AND ")} ORDER BY r.id ${walk} LIMIT 1`;
      return Boolean(req.db.prepare(sqlById).get(...baseParams, id));
    }
    const sqlExists = `SELECT 1 FROM ${req.source.from} WHERE ${[...base, `(${c.sql} OR ((${sortExpr}) = ? AND r.id = ?))`].join(" AND ")} LIMIT 1`;
    return Boolean(req.db.prepare(sqlExists).get(...baseParams, ...c.params, value, id));
  };

  const items = pageRows.map((row) => ({ cursor: encodeCursor(row.sort_value, row.id), value: row.data }));
  return {
    items,
    warnings: search.warnings,
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage: fromEnd ? exists(req.before, "before") : more,
      hasPreviousPage: fromEnd ? more : exists(req.after, "after"),
      startCursor: items[0]?.cursor ?? null,
      endCursor: items.at(-1)?.cursor ?? null,
    },
  };
}

/** Counts matching rows (`*Count` fields), stopping at `limit` as Shopify's Count does. */
export function countSql(
  db: Database.Database,
  source: Source,
  shop: string,
  query: string | null | undefined,
  limit: number | null,
): { count: number; precision: "EXACT" | "AT_LEAST"; warnings: SearchWarning[] } {
  const search = searchToSql(query, source.search);
  const where = ["r.shop = ?", `(${search.sql})`, ...(source.where ? [source.where] : [])];
  const cap = limit ?? -1;
  const row = db
    .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${source.from} WHERE ${where.join(" AND ")} LIMIT ?)`)
    .get(shop, ...search.params, cap < 0 ? -1 : cap + 1) as { n: number };
  if (limit != null && row.n > limit) return { count: limit, precision: "AT_LEAST", warnings: search.warnings };
  return { count: row.n, precision: "EXACT", warnings: search.warnings };
}

/** Pages a list already in memory (addresses, line items, variants), ordered by id. */
export function pageArray<T extends { id: number }>(all: T[], args: PageArgs, uncapped = false): Page<T> {
  const error = pageSizeError(args.first, args.last);
  if (error && !uncapped) throw new GraphQLError(error);
  const list = [...all].sort((a, b) => a.id - b.id);
  if (args.reverse) list.reverse();
  const indexOf = (cursor: string) => {
    const [, id] = decodeCursor(cursor);
    return list.findIndex((x) => x.id === id);
  };
  let start = 0;
  let end = list.length;
  if (args.after) start = indexOf(args.after) + 1;
  if (args.before) {
    const i = indexOf(args.before);
    if (i >= 0) end = i;
  }
  const window = list.slice(start, end);
  const chosen = args.first != null ? window.slice(0, args.first) : window.slice(Math.max(0, window.length - (args.last ?? 0)));
  const firstIndex = start + (args.first != null ? 0 : Math.max(0, window.length - (args.last ?? 0)));
  const items = chosen.map((value) => ({ cursor: encodeCursor(value.id, value.id), value }));
  return {
    items,
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage: firstIndex + chosen.length < all.length,
      hasPreviousPage: firstIndex > 0,
      startCursor: items[0]?.cursor ?? null,
      endCursor: items.at(-1)?.cursor ?? null,
    },
  };
}

/** The GraphQL shape of a page: `edges { cursor node }`, `nodes`, `pageInfo`. */
export function connectionObject<T, N>(typename: string, page: Page<T>, toNode: (value: T) => N) {
  const nodes = page.items.map((item) => toNode(item.value));
  return {
    __typename: typename,
    nodes,
    edges: page.items.map((item, i) => ({ __typename: typename.replace(/Connection$/, "Edge"), cursor: item.cursor, node: nodes[i] })),
    pageInfo: page.pageInfo,
  };
}
