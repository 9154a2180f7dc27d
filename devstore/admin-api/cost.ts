/**
 * Shopify's query cost model (https://shopify.dev/docs/api/usage/rate-limits#graphql-admin-api-rate-limits):
 * scalars and enums cost 0, objects 1, connections 2 plus (first|last) times the cost of one node, mutations 10.
 * The requested cost is computed from the document before execution; the actual cost from what came back.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
} from "graphql";

export const MUTATION_COST = 10;
const CONNECTION_BASE = 2;

type Fragments = Record<string, FragmentDefinitionNode>;

export type CollectedField = { node: FieldNode; branch: string | null; responseKey: string };

export function fragmentsOf(doc: DocumentNode): Fragments {
  const out: Fragments = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out[d.name.value] = d;
  return out;
}

/** Flattens fragment spreads and inline fragments; `branch` names the type condition when it narrows the parent. */
export function collectFields(
  parent: GraphQLNamedType,
  set: SelectionSetNode,
  fragments: Fragments,
  branch: string | null = null,
  out: CollectedField[] = [],
): CollectedField[] {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      out.push({ node: sel, branch, responseKey: sel.alias?.value ?? sel.name.value });
    } else {
      const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments[sel.name.value] : sel;
      if (!fragment) continue;
      const condition = fragment.typeCondition?.name.value ?? null;
      const narrowed = condition && condition !== parent.name ? condition : branch;
      collectFields(parent, fragment.selectionSet, fragments, narrowed, out);
    }
  }
  return out;
}

export function fieldDef(schema: GraphQLSchema, parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === "__typename") return undefined;
  const owner = isObjectType(parent) || isInterfaceType(parent) ? parent : undefined;
  return owner?.getFields()[name];
}

/** A Relay connection as Shopify models it: a `*Connection` type on a field taking first/last. */
export function isConnectionField(def: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(def.type).name.endsWith("Connection") && def.args.some((a) => a.name === "first");
}

export function pageSize(def: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): number {
  const args = getArgumentValues(def, node, variables);
  const first = typeof args.first === "number" ? args.first : null;
  const last = typeof args.last === "number" ? args.last : null;
  return first ?? last ?? 0;
}

function branchType(schema: GraphQLSchema, parent: GraphQLNamedType, branch: string | null): GraphQLNamedType {
  return (branch && schema.getType(branch)) || parent;
}

/** Cost of a selection set on `parent`: common fields plus the dearest type-conditioned branch. */
function selectionCost(
  schema: GraphQLSchema,
  parent: GraphQLNamedType,
  set: SelectionSetNode,
  fragments: Fragments,
  variables: Record<string, unknown>,
): number {
  const byBranch = new Map<string | null, number>();
  for (const f of collectFields(parent, set, fragments)) {
    const owner = branchType(schema, parent, f.branch);
    const def = fieldDef(schema, owner, f.node.name.value);
    if (!def) continue;
    const cost = fieldCost(schema, def, f.node, fragments, variables);
    byBranch.set(f.branch, (byBranch.get(f.branch) ?? 0) + cost);
  }
  const common = byBranch.get(null) ?? 0;
  let dearest = 0;
  for (const [branch, cost] of byBranch) if (branch !== null) dearest = Math.max(dearest, cost);
  return common + dearest;
}

function fieldCost(
  schema: GraphQLSchema,
  def: GraphQLField<unknown, unknown>,
  node: FieldNode,
  fragments: Fragments,
  variables: Record<string, unknown>,
): number {
  const type = getNamedType(def.type);
  if (!isCompositeType(type) || !node.selectionSet) return 0;
  if (isConnectionField(def)) {
    return CONNECTION_BASE + pageSize(def, node, variables) * connectionNodeCost(schema, type, node.selectionSet, fragments, variables);
  }
  return 1 + selectionCost(schema, type, node.selectionSet, fragments, variables);
}

/** One node of a connection: `edges { node }` and `nodes` name the same objects, so the dearer one counts once. */
function connectionNodeCost(
  schema: GraphQLSchema,
  connection: GraphQLNamedType,
  set: SelectionSetNode,
  fragments: Fragments,
  variables: Record<string, unknown>,
): number {
  let perNode = 0;
  for (const f of collectFields(connection, set, fragments)) {
    const def = fieldDef(schema, connection, f.node.name.value);
    if (!def || !f.node.selectionSet) continue;
    const type = getNamedType(def.type);
    if (f.node.name.value === "nodes") {
      perNode = Math.max(perNode, 1 + selectionCost(schema, type, f.node.selectionSet, fragments, variables));
    } else if (f.node.name.value === "edges") {
      for (const e of collectFields(type, f.node.selectionSet, fragments)) {
        const edgeDef = fieldDef(schema, type, e.node.name.value);
        if (e.node.name.value === "node" && edgeDef && e.node.selectionSet) {
          const nodeType = getNamedType(edgeDef.type);
          perNode = Math.max(perNode, 1 + selectionCost(schema, nodeType, e.node.selectionSet, fragments, variables));
        }
      }
    }
  }
  return Math.max(perNode, 1);
}

export function requestedCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const fragments = fragmentsOf(doc);
  if (operation.operation === "mutation") {
    const root = schema.getMutationType();
    if (!root) return 0;
    let total = 0;
    for (const f of collectFields(root, operation.selectionSet, fragments)) {
      const def = fieldDef(schema, root, f.node.name.value);
      if (!def) continue;
      const type = getNamedType(def.type);
      const payload = f.node.selectionSet && isCompositeType(type)
        ? selectionCost(schema, type, f.node.selectionSet, fragments, variables)
        : 0;
      total += MUTATION_COST + payload;
    }
    return total;
  }
  const root = schema.getQueryType();
  return root ? selectionCost(schema, root, operation.selectionSet, fragments, variables) : 0;
}

type Json = Record<string, unknown>;

/** Cost of what was actually returned: connections count the nodes they hold, absent objects count nothing. */
export function actualCost(
  schema: GraphQLSchema,
  doc: DocumentNode,
  operation: OperationDefinitionNode,
  data: Json | null | undefined,
): number {
  if (!data) return 0;
  const fragments = fragmentsOf(doc);
  const mutation = operation.operation === "mutation";
  const root = mutation ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;
  let total = 0;
  const seen = new Set<string>();
  for (const f of collectFields(root, operation.selectionSet, fragments)) {
    if (seen.has(f.responseKey)) continue;
    seen.add(f.responseKey);
    const def = fieldDef(schema, root, f.node.name.value);
    if (!def) continue;
    const value = data[f.responseKey];
    if (mutation) {
      const type = getNamedType(def.type);
      total += MUTATION_COST + (f.node.selectionSet && value ? objectActual(schema, type, f.node.selectionSet, fragments, value as Json) : 0);
    } else total += valueActual(schema, def, f.node, fragments, value);
  }
  return total;
}

function objectActual(schema: GraphQLSchema, parent: GraphQLNamedType, set: SelectionSetNode, fragments: Fragments, obj: Json): number {
  let total = 0;
  const seen = new Set<string>();
  const typename = typeof obj.__typename === "string" ? obj.__typename : null;
  for (const f of collectFields(parent, set, fragments)) {
    if (seen.has(f.responseKey) || !(f.responseKey in obj)) continue;
    seen.add(f.responseKey);
    const owner = branchType(schema, parent, f.branch ?? typename);
    const def = fieldDef(schema, owner, f.node.name.value) ?? fieldDef(schema, parent, f.node.name.value);
    if (!def) continue;
    total += valueActual(schema, def, f.node, fragments, obj[f.responseKey]);
  }
  return total;
}

function valueActual(
  schema: GraphQLSchema,
  def: GraphQLField<unknown, unknown>,
  node: FieldNode,
  fragments: Fragments,
  value: unknown,
): number {
  const type = getNamedType(def.type);
  if (!isCompositeType(type) || !node.selectionSet) return 0;
  if (isConnectionField(def)) {
    const conn = (value ?? {}) as Json;
    let nodesCost = 0;
    for (const f of collectFields(type, node.selectionSet, fragments)) {
      const inner = fieldDef(schema, type, f.node.name.value);
      if (!inner || !f.node.selectionSet) continue;
      if (f.node.name.value === "nodes" && Array.isArray(conn[f.responseKey])) {
        const items = conn[f.responseKey] as Json[];
        nodesCost = Math.max(nodesCost, items.reduce((sum, item) => sum + (item ? 1 + objectActual(schema, getNamedType(inner.type), f.node.selectionSet!, fragments, item) : 0), 0));
      } else if (f.node.name.value === "edges" && Array.isArray(conn[f.responseKey])) {
        const edgeType = getNamedType(inner.type);
        const nodeSel = collectFields(edgeType, f.node.selectionSet, fragments).find((e) => e.node.name.value === "node");
        const nodeDef = nodeSel ? fieldDef(schema, edgeType, "node") : undefined;
        const edges = conn[f.responseKey] as Json[];
        const cost = edges.reduce((sum, edge) => {
          const item = nodeSel ? (edge?.[nodeSel.responseKey] as Json | null) : null;
          return sum + 1 + (item && nodeDef && nodeSel?.node.selectionSet ? objectActual(schema, getNamedType(nodeDef.type), nodeSel.node.selectionSet, fragments, item) : 0);
        }, 0);
        nodesCost = Math.max(nodesCost, cost);
      }
    }
    return CONNECTION_BASE + nodesCost;
  }
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) {
    return 1 + value.reduce((sum: number, item) => sum + (item ? objectActual(schema, type, node.selectionSet!, fragments, item as Json) : 0), 0);
  }
  return 1 + objectActual(schema, type, node.selectionSet, fragments, value as Json);
}
