/**
 * Bulk query documents: Shopify's rules (one top-level connection, at most 5 connections, nesting depth at most 2),
 * the rewrite that pages the root connection in batches, and the JSONL flattening (`__parentId` lines).
 */
import {
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from "graphql";
import { collectFields, fieldDef, fragmentsOf, isConnectionField } from "./cost";

export const PARENT_ID_ALIAS = "bulkParentId_";
export const AFTER_VARIABLE = "bulkAfter_";
export const PAGE_INFO_ALIAS = "bulkPageInfo_";
const NESTED_PAGE = 1_000_000;

/** Shopify's bulk query rules; returns the message of the first broken rule. */
export function bulkRuleError(schema: GraphQLSchema, doc: DocumentNode): string | null {
  const operations = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]!.operation !== "query") return "Bulk queries must contain exactly one query operation.";
  const op = operations[0]!;
  const fragments = fragmentsOf(doc);
  const root = schema.getQueryType()!;
  const top = collectFields(root, op.selectionSet, fragments);
  const topConnections = top.filter((f) => {
    const def = fieldDef(schema, root, f.node.name.value);
    return def && isConnectionField(def);
  });
  if (topConnections.length === 0) return "Bulk queries must contain at least one connection.";
  if (topConnections.length > 1 || top.length > 1) return "Bulk queries must contain exactly one top-level connection.";
  let connections = 0;
  let deepest = 0;
  const walk = (parent: GraphQLNamedType, set: SelectionSetNode, depth: number) => {
    for (const f of collectFields(parent, set, fragments)) {
      const owner = (f.branch && schema.getType(f.branch)) || parent;
      const def = fieldDef(schema, owner, f.node.name.value);
      if (!def || !f.node.selectionSet) continue;
      const type = getNamedType(def.type);
      if (!isCompositeType(type)) continue;
      const isConn = isConnectionField(def);
      if (isConn) {
        connections++;
        deepest = Math.max(deepest, depth + 1);
      }
      walk(type, f.node.selectionSet, isConn ? depth + 1 : depth);
    }
  };
  walk(root, op.selectionSet, 0);
  if (connections > 5) return "Bulk queries cannot contain more than 5 connections.";
  // The root connection is level 0; Shopify allows two levels of nested connections below it.
  if (deepest - 1 > 2) return "Bulk queries cannot contain connections with a nesting depth greater than 2.";
  return null;
}

function intArg(name: string, value: number): ArgumentNode {
  return { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value: { kind: Kind.INT, value: String(value) } };
}

const PAGING_ARGS = new Set(["first", "last", "after", "before"]);

/**
 * Rewrites the document for batch execution: the root connection takes `first: batch, after: $bulkAfter_`, nested
 * connections take everything, and objects holding nested connections also select their id for `__parentId`.
 */
export function rewriteForBatches(schema: GraphQLSchema, doc: DocumentNode, batch: number): DocumentNode {
  const root = schema.getQueryType()!;
  const fragments = fragmentsOf(doc);
  const rootField = collectFields(root, (doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode).selectionSet, fragments)[0]!.node;
  // Which selection sets need an id: any whose fields include a connection.
  const needsId = new Set<SelectionSetNode>();
  const connectionFields = new Set<FieldNode>();
  const mark = (parent: GraphQLNamedType, set: SelectionSetNode) => {
    for (const f of collectFields(parent, set, fragments)) {
      const owner = (f.branch && schema.getType(f.branch)) || parent;
      const def = fieldDef(schema, owner, f.node.name.value);
      if (!def || !f.node.selectionSet) continue;
      const type = getNamedType(def.type);
      if (isConnectionField(def)) {
        connectionFields.add(f.node);
        if (f.node !== rootField) needsId.add(set);
      }
      mark(type, f.node.selectionSet);
    }
  };
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  mark(root, op.selectionSet);

  return visit(doc, {
    OperationDefinition(node) {
      return {
        ...node,
        variableDefinitions: [
          ...(node.variableDefinitions ?? []),
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
            type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "String" } },
          },
        ],
      };
    },
    SelectionSet(node) {
      if (!needsId.has(node)) return undefined;
      const idField: FieldNode = {
        kind: Kind.FIELD,
        alias: { kind: Kind.NAME, value: PARENT_ID_ALIAS },
        name: { kind: Kind.NAME, value: "id" },
      };
      return { ...node, selections: [...node.selections, idField] };
    },
    Field(node) {
      if (!connectionFields.has(node)) return undefined;
      const kept = (node.arguments ?? []).filter((a) => !PAGING_ARGS.has(a.name.value));
      const args: ArgumentNode[] =
        node === rootField
          ? [
              ...kept,
              intArg("first", batch),
              {
                kind: Kind.ARGUMENT,
                name: { kind: Kind.NAME, value: "after" },
                value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
              },
            ]
          : [...kept, intArg("first", NESTED_PAGE)];
      if (node !== rootField || !node.selectionSet) return { ...node, arguments: args };
      const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
      const pageInfo: FieldNode = {
        kind: Kind.FIELD,
        alias: name(PAGE_INFO_ALIAS),
        name: name("pageInfo"),
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            { kind: Kind.FIELD, name: name("hasNextPage") },
            { kind: Kind.FIELD, name: name("endCursor") },
          ],
        },
      };
      return { ...node, arguments: args, selectionSet: { ...node.selectionSet, selections: [...node.selectionSet.selections, pageInfo] } };
    },
  });
}

type Json = Record<string, unknown>;

/** Turns one root node into JSONL lines: nested connection nodes get lines of their own with `__parentId`. */
export function flattenNode(
  schema: GraphQLSchema,
  doc: DocumentNode,
  type: GraphQLNamedType,
  set: SelectionSetNode,
  node: Json,
  parentId: string | null,
  out: Json[],
): void {
  const fragments = fragmentsOf(doc);
  const line: Json = {};
  const children: (() => void)[] = [];
  const ownId = typeof node[PARENT_ID_ALIAS] === "string" ? (node[PARENT_ID_ALIAS] as string) : (node.id as string | undefined) ?? null;
  const copy = (t: GraphQLNamedType, s: SelectionSetNode, source: Json, target: Json) => {
    for (const f of collectFields(t, s, fragments)) {
      if (f.responseKey === PARENT_ID_ALIAS || !(f.responseKey in source)) continue;
      const owner = (f.branch && schema.getType(f.branch)) || t;
      const def = fieldDef(schema, owner, f.node.name.value);
      const value = source[f.responseKey];
      if (def && isConnectionField(def) && f.node.selectionSet) {
        const connType = getNamedType(def.type);
        const conn = (value ?? {}) as Json;
        for (const inner of collectFields(connType, f.node.selectionSet, fragments)) {
          const innerDef = fieldDef(schema, connType, inner.node.name.value);
          if (!innerDef || !inner.node.selectionSet) continue;
          if (inner.node.name.value === "nodes") {
            const nodeType = getNamedType(innerDef.type);
            for (const item of (conn[inner.responseKey] as Json[] | undefined) ?? []) {
              children.push(() => flattenNode(schema, doc, nodeType, inner.node.selectionSet!, item, ownId, out));
            }
          } else if (inner.node.name.value === "edges") {
            const edgeType = getNamedType(innerDef.type);
            const nodeSel = collectFields(edgeType, inner.node.selectionSet, fragments).find((e) => e.node.name.value === "node");
            const nodeDef = fieldDef(schema, edgeType, "node");
            if (!nodeSel?.node.selectionSet || !nodeDef) continue;
            for (const edge of (conn[inner.responseKey] as Json[] | undefined) ?? []) {
              const item = edge[nodeSel.responseKey] as Json | null;
              if (item) children.push(() => flattenNode(schema, doc, getNamedType(nodeDef.type), nodeSel.node.selectionSet!, item, ownId, out));
            }
          }
        }
        continue;
      }
      if (def && f.node.selectionSet && value && typeof value === "object" && !Array.isArray(value)) {
        const nested: Json = {};
        copy(getNamedType(def.type), f.node.selectionSet, value as Json, nested);
        target[f.responseKey] = nested;
      } else {
        target[f.responseKey] = value;
      }
    }
  };
  copy(type, set, node, line);
  if (parentId) line.__parentId = parentId;
  out.push(line);
  for (const child of children) child();
}
