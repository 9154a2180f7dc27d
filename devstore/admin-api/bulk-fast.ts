/**
 * The bulk fast path: runs one batch of a compiled plan (bulk-plan.ts) over the same mapped objects graphql-js would
 * see (query-root.ts, objects.ts), completing values the way graphql-js does and flattening them into JSONL exactly as
 * flattenNode does: field order as in the query, nested connection nodes on lines of their own after their parent,
 * with `__parentId`. Any error or unmodelled shape throws, and the caller reruns the batch through graphql-js.
 */
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLScalarType,
  isObjectType,
} from "graphql";
import { PARENT_ID_ALIAS, PAGE_INFO_ALIAS } from "./bulk-document";
import { type BulkPlan, FastPathUnsupported, type FieldPlan, runtimeType } from "./bulk-plan";
import type { CustomerRecord, OrderRecord } from "../types";
import { type BatchData, Lean, leanCustomer, leanOrder } from "./bulk-lean";
import { loadBatchCustomers } from "./bulk-prefetch";
import { type PageArgs, pageSql } from "./connection";
import { queryRoot } from "./query-root";
import { recordSearch, type RequestContext, type Resolver, requireScope, unmodelled } from "./request-context";
import { customerSource, orderSource, type Source } from "./sources";

export type FastBatch = { chunk: string; objectCount: number; roots: number; endCursor: string | null; hasNext: boolean };

type Json = Record<string, unknown>;
type PendingConnection = { plan: FieldPlan; value: unknown };

type Run = {
  plan: BulkPlan;
  rc: RequestContext;
  batch: BatchData;
  lines: string[];
};

function resolve(run: Run, p: FieldPlan, source: unknown): unknown {
  if (!source || typeof source !== "object") return unmodelled(p.info);
  let obj = source as Json;
  if (source instanceof Lean) {
    const lean = source as Lean<unknown>;
    const field = lean.fields[p.name];
    if (field) return field(lean.record, p.args, run.rc, p.info, run.batch, lean);
    obj = lean.materialized(run.rc);
  }
  const value = obj[p.name];
  const result = typeof value === "function" ? (value as Resolver)(p.args, run.rc, p.info) : p.name in obj ? value : unmodelled(p.info);
  if (result instanceof Promise) throw new FastPathUnsupported("asynchronous resolver");
  return result;
}

/**
 * graphql-js's completeValue; `connections` is null inside lists, where nested connections are not modelled. Plain
 * `instanceof` (one copy of graphql is loaded): graphql's isNonNullType & co. take a slow path whenever they answer no.
 */
function complete(run: Run, p: FieldPlan, type: GraphQLOutputType, value: unknown, connections: PendingConnection[] | null): unknown {
  if (type instanceof GraphQLNonNull) {
    const inner = complete(run, p, type.ofType, value, connections);
    if (inner === null) throw new FastPathUnsupported(`null for non-null ${p.info.parentType.name}.${p.name}`);
    return inner;
  }
  if (value instanceof Error) throw value;
  if (value === null || value === undefined) return null;
  if (type instanceof GraphQLList) {
    if (!Array.isArray(value)) throw new FastPathUnsupported(`non-array list ${p.name}`);
    const itemType = type.ofType;
    return value.map((item) => complete(run, p, itemType, item, null));
  }
  if (type instanceof GraphQLScalarType || type instanceof GraphQLEnumType) {
    const serialized = type.serialize(value);
    if (serialized === null || serialized === undefined) throw new FastPathUnsupported(`unserializable ${p.name}`);
    return serialized;
  }
  const objectType = runtimeType(run.plan.schema, type, value);
  return completeObject(run, objectType, run.plan.fieldsOf(objectType, p), value, connections, false).out;
}

function completeObject(
  run: Run,
  type: GraphQLObjectType,
  plans: FieldPlan[],
  source: unknown,
  connections: PendingConnection[] | null,
  top: boolean,
): { out: Json; parentIdValue: unknown } {
  const out: Json = {};
  let parentIdValue: unknown;
  for (const p of plans) {
    if (p.key === PARENT_ID_ALIAS) {
      // Selected only for __parentId; never written (flattenNode skips it at every level).
      if (top) parentIdValue = complete(run, p, p.info.returnType, resolve(run, p, source), null);
      continue;
    }
    if (p.name === "__typename") {
      out[p.key] = type.name;
      continue;
    }
    if (p.isConnection) {
      if (!connections) throw new FastPathUnsupported("connection inside a list");
      connections.push({ plan: p, value: resolve(run, p, source) });
      continue;
    }
    out[p.key] = complete(run, p, p.info.returnType, resolve(run, p, source), connections);
  }
  return { out, parentIdValue };
}

/** One node and, after it, the lines of its nested connections' nodes (flattenNode's order). */
function flattenItem(run: Run, owner: FieldPlan, nodeType: GraphQLOutputType, item: unknown, parentId: string | null): void {
  const type = runtimeType(run.plan.schema, getNamedType(nodeType), item);
  const connections: PendingConnection[] = [];
  const { out, parentIdValue } = completeObject(run, type, run.plan.fieldsOf(type, owner), item, connections, true);
  const ownId = typeof parentIdValue === "string" ? parentIdValue : ((out.id as string | undefined) ?? null);
  if (parentId) out.__parentId = parentId;
  run.lines.push(JSON.stringify(out));
  for (const c of connections) eachConnectionNode(run, c.plan, c.value, (nodePlan, type, node) => flattenItem(run, nodePlan, type, node, ownId));
}

/**
 * Walks a connection's `nodes` and `edges { node }` selections in query order, calling `visit` per node. Its other
 * fields (pageInfo, cursor...) are completed and dropped, so an error there still sends the batch to graphql-js.
 */
function eachConnectionNode(
  run: Run,
  conn: FieldPlan,
  value: unknown,
  visit: (nodePlan: FieldPlan, nodeType: GraphQLOutputType, node: unknown) => void,
): void {
  if (value === null || value === undefined) return;
  const connType = getNamedType(conn.info.returnType);
  if (!isObjectType(connType)) throw new FastPathUnsupported("abstract connection type");
  for (const inner of run.plan.fieldsOf(connType, conn)) {
    const innerValue = inner.name === "__typename" ? connType.name : resolve(run, inner, value);
    if (inner.name === "nodes" && inner.selections.length > 0) {
      if (!Array.isArray(innerValue)) throw new FastPathUnsupported("nodes is not a list");
      for (const node of innerValue) visit(inner, inner.info.returnType, node);
    } else if (inner.name === "edges" && inner.selections.length > 0) {
      if (!Array.isArray(innerValue)) throw new FastPathUnsupported("edges is not a list");
      const edgeType = getNamedType(inner.info.returnType);
      if (!isObjectType(edgeType)) throw new FastPathUnsupported("abstract edge type");
      const edgePlans = run.plan.fieldsOf(edgeType, inner);
      const nodePlan = edgePlans.find((e) => e.name === "node");
      for (const edge of innerValue) {
        for (const e of edgePlans) {
          if (e !== nodePlan && e.key !== PARENT_ID_ALIAS) complete(run, e, e.info.returnType, resolve(run, e, edge), null);
        }
        if (!nodePlan || nodePlan.selections.length === 0) continue;
        const node = resolve(run, nodePlan, edge);
        if (node) visit(nodePlan, nodePlan.info.returnType, node);
      }
    } else if (inner.key !== PAGE_INFO_ALIAS && inner.name !== "__typename") {
      complete(run, inner, inner.info.returnType, innerValue, null);
    }
  }
}

type LeanRoot = { scope: string; typename: string; source: (timeZone: string) => Source; node: (data: string) => { lean: object; order?: OrderRecord } };

/** Root listings served with lean nodes; the same SQL page (pageSql) and scope check as query-root.ts's listing. */
const LEAN_ROOTS: Record<string, LeanRoot> = {
  customers: { scope: "read_customers", typename: "CustomerConnection", source: customerSource, node: (d) => ({ lean: leanCustomer(JSON.parse(d) as CustomerRecord) }) },
  orders: { scope: "read_orders", typename: "OrderConnection", source: orderSource, node: (d) => {
      const order = JSON.parse(d) as OrderRecord;
      return { lean: leanOrder(order), order };
    },
  },
};

function rootConnection(plan: BulkPlan, rc: RequestContext, after: string | null): { conn: Json | null; batch: BatchData } {
  const args = plan.rootArgs(after);
  const lean = LEAN_ROOTS[plan.root.name];
  if (!lean) {
    const rootResolver = queryRoot[plan.root.name];
    if (!rootResolver) throw new FastPathUnsupported(`no root resolver ${plan.root.name}`);
    return { conn: rootResolver(args, rc, plan.root.info) as Json | null, batch: { customers: null } };
  }
  requireScope(rc, plan.root.info, lean.scope);
  const page = pageSql({ ...(args as PageArgs), db: rc.ctx.db, source: lean.source(rc.shop.ianaTimezone), shop: rc.shop.domain, uncapped: true });
  recordSearch(rc, plan.root.info, args.query, page.warnings);
  const parsed = page.items.map((item) => lean.node(item.value));
  const nodes = parsed.map((p) => p.lean);
  const edgeName = lean.typename.replace(/Connection$/, "Edge");
  const conn = {
    __typename: lean.typename,
    nodes,
    edges: () => page.items.map((item, i) => ({ __typename: edgeName, cursor: item.cursor, node: nodes[i] })),
    pageInfo: page.pageInfo,
  };
  const orders = parsed.flatMap((p) => (p.order ? [p.order] : []));
  return { conn, batch: loadBatchCustomers(plan, rc, orders) };
}

/** Runs the batch after `after`: the same rows, resolvers and JSONL lines as one graphql-js batch of the general path. */
export function runFastBatch(plan: BulkPlan, rc: RequestContext, after: string | null): FastBatch {
  const { conn, batch } = rootConnection(plan, rc, after);
  const run: Run = { plan, rc, batch, lines: [] };
  let roots = 0;
  eachConnectionNode(run, plan.root, conn, (nodePlan, type, node) => {
    roots++;
    flattenItem(run, nodePlan, type, node, null);
  });
  const pageInfo = conn?.pageInfo as { endCursor: string | null; hasNextPage: boolean } | undefined;
  const lines = run.lines;
  return {
    chunk: lines.length > 0 ? `${lines.join("\n")}\n` : "",
    objectCount: lines.length,
    roots,
    endCursor: pageInfo?.endCursor ?? null,
    hasNext: pageInfo?.hasNextPage ?? false,
  };
}
