/**
 * Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax) parsed into a tree and translated to a
 * SQL condition. Unknown fields are ignored (they match everything) and reported back as warnings, as Shopify does
 * in `extensions.search`.
 */
import { shopTime } from "../store/time";

export type Comparator = ":" | ">" | ">=" | "<" | "<=";

export type SearchNode =
  | { kind: "term"; field: string | null; op: Comparator; value: string; quoted: boolean }
  | { kind: "not"; child: SearchNode }
  | { kind: "and"; children: SearchNode[] }
  | { kind: "or"; children: SearchNode[] };

type Token = { kind: "lparen" | "rparen" | "word"; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")") {
      tokens.push({ kind: ch === "(" ? "lparen" : "rparen", text: ch });
      i++;
    } else {
      // A word runs to whitespace or a paren, except inside quotes (`title:"red shirt"`).
      let text = "";
      let quote: string | null = null;
      while (i < input.length) {
        const c = input[i]!;
        if (quote) {
          if (c === "\\" && i + 1 < input.length) {
            text += c + input[i + 1];
            i += 2;
            continue;
          }
          if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        else if (/\s/.test(c) || c === "(" || c === ")") break;
        text += c;
        i++;
      }
      tokens.push({ kind: "word", text });
    }
  }
  return tokens;
}

function unquote(raw: string): { value: string; quoted: boolean } {
  const m = /^(["'])(.*)\1$/s.exec(raw);
  return m ? { value: m[2]!.replace(/\\(.)/g, "$1"), quoted: true } : { value: raw, quoted: false };
}

function parseTerm(text: string): SearchNode {
  const m = /^([A-Za-z_][\w.]*):(>=|<=|>|<)?(.*)$/s.exec(text);
  if (m && m[3] !== undefined) {
    const { value, quoted } = unquote(m[3]);
    return { kind: "term", field: m[1]!.toLowerCase(), op: (m[2] as Comparator | undefined) ?? ":", value, quoted };
  }
  const { value, quoted } = unquote(text);
  return { kind: "term", field: null, op: ":", value, quoted };
}

/** Parses a search query; an empty query gives null (match everything). */
export function parseSearch(input: string): SearchNode | null {
  const tokens = tokenize(input);
  let pos = 0;

  function parseOr(): SearchNode | null {
    const children: SearchNode[] = [];
    const first = parseAnd();
    if (first) children.push(first);
    while (tokens[pos]?.kind === "word" && tokens[pos]!.text === "OR") {
      pos++;
      const next = parseAnd();
      if (next) children.push(next);
    }
    if (children.length === 0) return null;
    return children.length === 1 ? children[0]! : { kind: "or", children };
  }

  function parseAnd(): SearchNode | null {
    const children: SearchNode[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos]!;
      if (t.kind === "rparen" || (t.kind === "word" && t.text === "OR")) break;
      if (t.kind === "word" && t.text === "AND") {
        pos++;
        continue;
      }
      const unary = parseUnary();
      if (unary) children.push(unary);
    }
    if (children.length === 0) return null;
    return children.length === 1 ? children[0]! : { kind: "and", children };
  }

  function parseUnary(): SearchNode | null {
    const t = tokens[pos]!;
    if (t.kind === "word" && t.text === "NOT") {
      pos++;
      const child = pos < tokens.length ? parseUnary() : null;
      return child ? { kind: "not", child } : null;
    }
    if (t.kind === "lparen") {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.kind === "rparen") pos++;
      return inner;
    }
    if (t.kind === "rparen") {
      pos++;
      return null;
    }
    pos++;
    if (t.text.startsWith("-") && t.text.length > 1) return { kind: "not", child: parseTerm(t.text.slice(1)) };
    return parseTerm(t.text);
  }

  const tree = parseOr();
  return tree;
}

export type Sql = { sql: string; params: unknown[] };

export type FieldTranslator = (op: Comparator, value: string, term: { quoted: boolean }) => Sql;

export type SearchFields = {
  fields: Record<string, FieldTranslator>;
  /** Terms without a field: Shopify searches the resource's default text fields. */
  freeText: (value: string) => Sql;
};

export type SearchWarning = { field: string; message: string };

export type TranslatedSearch = Sql & { warnings: SearchWarning[] };

/** Translates a search query into a SQL condition (always valid SQL; `1` when nothing filters). */
export function searchToSql(input: string | null | undefined, spec: SearchFields): TranslatedSearch {
  const warnings: SearchWarning[] = [];
  const tree = input ? parseSearch(input) : null;
  if (!tree) return { sql: "1", params: [], warnings };

  function walk(node: SearchNode): Sql {
    switch (node.kind) {
      case "term": {
        if (node.field === null) return spec.freeText(node.value);
        const translate = spec.fields[node.field];
        if (!translate) {
          if (!warnings.some((w) => w.field === node.field)) {
            warnings.push({ field: node.field, message: "Invalid search field for this query." });
          }
          return { sql: "1", params: [] };
        }
        return translate(node.op, node.value, node);
      }
      case "not": {
        const inner = walk(node.child);
        return { sql: `NOT (${inner.sql})`, params: inner.params };
      }
      case "and":
      case "or": {
        const parts = node.children.map(walk);
        return {
          sql: parts.map((p) => `(${p.sql})`).join(node.kind === "and" ? " AND " : " OR "),
          params: parts.flatMap((p) => p.params),
        };
      }
    }
  }

  return { ...walk(tree), warnings };
}

const SQL_OP: Record<Comparator, string> = { ":": "=", ">": ">", ">=": ">=", "<": "<", "<=": "<=" };

/** `email:foo*` is a prefix match; `*` alone matches any value that is set. */
function likeOrEqual(expr: string, value: string, op: Comparator, lower: boolean): Sql {
  const v = lower ? value.toLowerCase() : value;
  const e = lower ? `lower(${expr})` : expr;
  if (op === ":" && v === "*") return { sql: `${expr} IS NOT NULL`, params: [] };
  if (op === ":" && v.endsWith("*")) return { sql: `${e} LIKE ? ESCAPE '\\'`, params: [escapeLike(v.slice(0, -1)) + "%"] };
  return { sql: `${e} ${SQL_OP[op]} ?`, params: [v] };
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case-insensitive text comparison (exact, or prefix with `*`). */
export function textField(expr: string): FieldTranslator {
  return (op, value) => likeOrEqual(expr, value, op, true);
}

/** Case-sensitive comparison of a stored value. */
export function exactField(expr: string): FieldTranslator {
  return (op, value) => likeOrEqual(expr, value, op, false);
}

export function numberField(expr: string): FieldTranslator {
  return (op, value) => {
    const n = Number(value);
    if (!Number.isFinite(n)) return { sql: "0", params: [] };
    return { sql: `${expr} ${SQL_OP[op]} ?`, params: [n] };
  };
}

/** Values inside a JSON array (tags): `tag:vip` matches a tag equal to "vip", ignoring case. */
export function jsonArrayField(column: string, jsonPath: string): FieldTranslator {
  return (_op, value) => ({
    sql: `EXISTS (SELECT 1 FROM json_each(${column}, '${jsonPath}') AS j WHERE lower(j.value) = ?)`,
    params: [value.toLowerCase()],
  });
}

/**
 * Timestamps are stored as `toISOString()` strings, so normalizing the query value the same way keeps the comparison
 * on the index. Date-only values (`created_at:>2026-01-01`) mean midnight in the shop's time zone, as in Shopify.
 */
export function timeField(column: string, timeZone: string, now: () => Date = () => new Date()): FieldTranslator {
  return (op, value) => {
    const range = parseTimeValue(value, timeZone, now());
    if (!range) return { sql: "0", params: [] };
    const [start, end] = range;
    switch (op) {
      case ":":
        return { sql: `${column} >= ? AND ${column} < ?`, params: [start, end] };
      case ">":
        return { sql: `${column} >= ?`, params: [end] };
      case ">=":
        return { sql: `${column} >= ?`, params: [start] };
      case "<":
        return { sql: `${column} < ?`, params: [start] };
      case "<=":
        return { sql: `${column} < ?`, params: [end] };
    }
  };
}

/** A time value as the half-open range it names: a day for dates, one millisecond for instants. */
export function parseTimeValue(value: string, timeZone: string, now: Date): [string, string] | null {
  const v = value.trim();
  if (v === "now") return [now.toISOString(), new Date(now.getTime() + 1).toISOString()];
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const offset = /([+-]\d{2}:\d{2})$/.exec(shopTime(`${v}T12:00:00Z`, timeZone) ?? "")?.[1] ?? "+00:00";
    const start = new Date(`${v}T00:00:00${offset}`);
    if (Number.isNaN(start.getTime())) return null;
    return [start.toISOString(), new Date(start.getTime() + 86_400_000).toISOString()];
  }
  const instant = new Date(v);
  if (Number.isNaN(instant.getTime())) return null;
  return [instant.toISOString(), new Date(instant.getTime() + 1).toISOString()];
}

/** Shopify's `extensions.search` entry for one root field. */
export function searchExtension(path: readonly (string | number)[], query: string, warnings: SearchWarning[]) {
  return { path, query, parsed: parseSearch(query), warnings };
}
