/**
 * Customer segments (`segmentCreate`, `segment(id:)`, `segments`): the name is required and unique per shop, and the
 * query must read as Shopify's segment query language (known filters, operators and values) or the mutation answers
 * `userErrors` on `query`, as Shopify does. The dev store stores the query; it does not evaluate membership.
 */
import type Database from "better-sqlite3";
import type { GraphQLResolveInfo } from "graphql";
import { gid, parseGid, reserveIds } from "../store/db";
import { connectionObject, type PageArgs, pageArray } from "./connection";
import { type GraphObject, type RequestContext, requireScope } from "./request-context";

type Args = Record<string, unknown>;
type SegmentRow = { id: number; shop: string; name: string; query: string; created_at: string; updated_at: string };

const ready = new WeakSet<Database.Database>();

/** The table lives with this module (created on first use) so the store's schema stays untouched by it. */
function table(db: Database.Database): Database.Database {
  if (!ready.has(db)) {
    db.exec(`CREATE TABLE IF NOT EXISTS segments (
      id INTEGER PRIMARY KEY,
      shop TEXT NOT NULL,
      name TEXT NOT NULL,
      query TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS segments_shop_name ON segments (shop, name);`);
    ready.add(db);
  }
  return db;
}

function segmentObject(row: SegmentRow): GraphObject {
  return {
    __typename: "Segment",
    id: gid("Segment", row.id),
    name: row.name,
    query: row.query,
    creationDate: row.created_at,
    lastEditDate: row.updated_at,
  };
}

// Filters of the segment query language, with the kind of value each compares (a subset of Shopify's list).
const FILTERS: Record<string, "number" | "date" | "list" | "enum"> = {
  amount_spent: "number",
  number_of_orders: "number",
  customer_added_date: "date",
  first_order_date: "date",
  last_order_date: "date",
  abandoned_checkout_date: "date",
  customer_tags: "list",
  customer_cities: "list",
  customer_regions: "list",
  customer_countries: "list",
  email_subscription_status: "enum",
  sms_subscription_status: "enum",
  customer_account_status: "enum",
  customer_email_domain: "enum",
  rfm_group: "enum",
  predicted_spend_tier: "enum",
};

const SUBSCRIPTION_STATES = new Set(["SUBSCRIBED", "NOT_SUBSCRIBED", "PENDING", "UNSUBSCRIBED", "INVALID", "REDACTED"]);

const TOKEN =
  /\s*(?:(?<str>'(?:[^'\\]|\\.)*')|(?<date>\d{4}-\d{2}-\d{2}\b)|(?<offset>[-+]\d+[dwmy]\b)|(?<num>-?\d+(?:\.\d+)?)|(?<op>>=|<=|!=|=|<|>|\(|\))|(?<word>[A-Za-z_]+))/y;

type Token = { kind: "str" | "date" | "offset" | "num" | "op" | "word"; text: string; at: number };

function tokenize(query: string): Token[] | { error: string } {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < query.length) {
    if (/^\s*$/.test(query.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(query);
    if (!m?.groups) return { error: `Query Line 1 Column ${at}: unexpected character.` };
    const kind = (Object.keys(m.groups) as Token["kind"][]).find((k) => m.groups![k] !== undefined)!;
    tokens.push({ kind, text: m.groups[kind]!, at: at + (m[0].length - m.groups[kind]!.length) });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** null when the query reads as the segment language; otherwise Shopify-style error text. */
export function segmentQueryError(query: string): string | null {
  const tokens = tokenize(query);
  if ("error" in tokens) return tokens.error;
  let i = 0;
  const peek = () => tokens[i];
  const fail = (t: Token | undefined, what: string) => `Query Line 1 Column ${t?.at ?? query.length}: ${what}`;
  const word = (t: Token | undefined, w: string) => t?.kind === "word" && t.text.toUpperCase() === w;

  function clause(): string | null {
    const t = peek();
    if (t?.kind === "op" && t.text === "(") {
      i++;
      const inner = expression();
      if (inner) return inner;
      if (!(peek()?.kind === "op" && peek()!.text === ")")) return fail(peek(), "missing closing parenthesis.");
      i++;
      return null;
    }
    if (t?.kind !== "word") return fail(t, "a filter was expected.");
    const kind = FILTERS[t.text];
    if (!kind) return fail(t, `'${t.text}' filter cannot be found.`);
    i++;
    const op = peek();
    if (word(op, "IS")) {
      i++;
      if (word(peek(), "NOT")) i++;
      if (!word(peek(), "NULL")) return fail(peek(), "NULL was expected.");
      i++;
      return null;
    }
    if (kind === "list") {
      if (word(op, "NOT")) i++;
      if (!word(peek(), "CONTAINS")) return fail(peek(), `'${t.text}' accepts CONTAINS or NOT CONTAINS.`);
      i++;
      const v = peek();
      if (v?.kind !== "str" || v.text.length <= 2) return fail(v, "a quoted value was expected.");
      i++;
      return null;
    }
    if (word(op, "BETWEEN")) {
      if (kind !== "number" && kind !== "date") return fail(op, `'${t.text}' does not accept BETWEEN.`);
      i++;
      const valueKind = kind === "number" ? ["num"] : ["date", "offset"];
      if (!valueKind.includes(peek()?.kind ?? "")) return fail(peek(), "a value was expected.");
      i++;
      if (!word(peek(), "AND")) return fail(peek(), "AND was expected.");
      i++;
      if (!valueKind.includes(peek()?.kind ?? "")) return fail(peek(), "a value was expected.");
      i++;
      return null;
    }
    if (op?.kind !== "op" || op.text === "(" || op.text === ")") return fail(op, "an operator was expected.");
    if (kind === "enum" && op.text !== "=" && op.text !== "!=") return fail(op, `'${t.text}' accepts = or !=.`);
    i++;
    const v = peek();
    if (kind === "number" && v?.kind !== "num") return fail(v, "a number was expected.");
    if (kind === "date" && v?.kind !== "date" && v?.kind !== "offset") return fail(v, "a date was expected.");
    if (kind === "enum") {
      if (v?.kind !== "str") return fail(v, "a quoted value was expected.");
      if (t.text.endsWith("subscription_status") && !SUBSCRIPTION_STATES.has(v.text.slice(1, -1))) {
        return fail(v, `${v.text} is not a valid value for '${t.text}'.`);
      }
    }
    i++;
    return null;
  }

  function expression(): string | null {
    for (;;) {
      const problem = clause();
      if (problem) return problem;
      if (word(peek(), "AND") || word(peek(), "OR")) {
        i++;
        continue;
      }
      return null;
    }
  }

  if (tokens.length === 0) return "Query can't be blank";
  const problem = expression();
  if (problem) return problem;
  if (i < tokens.length) return fail(tokens[i], "unexpected input.");
  return null;
}

export const segmentMutations: Record<string, (args: Args, rc: RequestContext, info: GraphQLResolveInfo) => unknown> = {
  segmentCreate: (args, rc, info) => {
    requireScope(rc, info, "write_customers");
    const db = table(rc.ctx.db);
    const name = String(args.name ?? "").trim();
    const query = String(args.query ?? "").trim();
    if (!name) return { segment: null, userErrors: [{ field: ["name"], message: "Name can't be blank" }] };
    if (name.length > 255) return { segment: null, userErrors: [{ field: ["name"], message: "Name is too long (maximum is 255 characters)" }] };
    const queryError = segmentQueryError(query);
    if (queryError) return { segment: null, userErrors: [{ field: ["query"], message: queryError }] };
    const shop = rc.shop.domain;
    if (db.prepare("SELECT 1 FROM segments WHERE shop = ? AND name = ?").get(shop, name)) {
      return { segment: null, userErrors: [{ field: ["name"], message: "Name has already been taken" }] };
    }
    const id = reserveIds(db, "Segment");
    const now = rc.now().toISOString();
    db.prepare("INSERT INTO segments (id, shop, name, query, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)").run(id, shop, name, query, now, now);
    return { segment: segmentObject(getSegment(db, shop, id)!), userErrors: [] };
  },
};

function getSegment(db: Database.Database, shop: string, id: number): SegmentRow | null {
  return (db.prepare("SELECT * FROM segments WHERE shop = ? AND id = ?").get(shop, id) as SegmentRow | undefined) ?? null;
}

export const segmentQueries: Record<string, (args: Args, rc: RequestContext, info: GraphQLResolveInfo) => unknown> = {
  segment: (args, rc, info) => {
    requireScope(rc, info, "read_customers");
    const parsed = parseGid(String(args.id));
    if (parsed?.kind !== "Segment") return null;
    const row = getSegment(table(rc.ctx.db), rc.shop.domain, parsed.id);
    return row ? segmentObject(row) : null;
  },
  segments: (args, rc, info) => {
    requireScope(rc, info, "read_customers");
    const all = table(rc.ctx.db).prepare("SELECT * FROM segments WHERE shop = ? ORDER BY id").all(rc.shop.domain) as SegmentRow[];
    return connectionObject("SegmentConnection", pageArray(all, args as PageArgs, rc.bulk), segmentObject);
  },
};
