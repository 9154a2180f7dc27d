/**
 * The bulk fast path's compiled plan: the rewritten bulk document (bulk-document.ts) turned once into per-type field
 * lists with their arguments already coerced and a ready GraphQLResolveInfo, so batches run plain functions instead of
 * graphql-js `execute`. Anything the plan does not model throws FastPathUnsupported and the caller falls back to the
 * general path, which stays the reference for behaviour.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  GraphQLNonNull,
  GraphQLString,
  isAbstractType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  visit,
} from "graphql";
import { isConnectionField } from "./cost";
import { AFTER_VARIABLE } from "./bulk-document";

/** Thrown for shapes the fast path does not model; the batch is then run by the general path. */
export class FastPathUnsupported extends Error {}

export type FieldPlan = {
  key: string;
  name: string;
  /** Null for __typename. */
  def: GraphQLField<unknown, unknown> | null;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
  isConnection: boolean;
  /** Merged sub-selections of every node sharing this response key. */
  selections: readonly SelectionNode[];
  /** Compiled sub-plans per runtime object type. */
  sub: Map<string, FieldPlan[]>;
};

export type BulkPlan = {
  schema: GraphQLSchema;
  root: FieldPlan;
  rootArgs: (after: string | null) => Record<string, unknown>;
  fieldsOf: (type: GraphQLObjectType, owner: { selections: readonly SelectionNode[]; sub: Map<string, FieldPlan[]> }) => FieldPlan[];
};

/** Directives and variables are left to graphql-js: bulk documents almost never use them. */
function usesDirectivesOrVariables(doc: DocumentNode): boolean {
  let found = false;
  visit(doc, {
    Directive() {
      found = true;
    },
    VariableDefinition(node) {
      if (node.variable.name.value !== AFTER_VARIABLE) found = true;
    },
  });
  return found;
}

/**
 * Compiles a rewritten bulk document (rewriteForBatches) into a plan, or returns null when the fast path does not
 * serve it (the general path then runs every batch).
 */
export function compileBulkPlan(schema: GraphQLSchema, doc: DocumentNode): BulkPlan | null {
  if (usesDirectivesOrVariables(doc)) return null;
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;

  const matches = (condition: string | undefined, type: GraphQLObjectType): boolean => {
    if (!condition || condition === type.name) return true;
    const cond = schema.getType(condition);
    return cond !== undefined && isAbstractType(cond) && schema.isSubType(cond, type);
  };

  // graphql-js's CollectFields for one runtime type, keyed by response key in first-seen order.
  const collect = (type: GraphQLObjectType, selections: readonly SelectionNode[], out: Map<string, FieldNode[]>) => {
    for (const sel of selections) {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        const list = out.get(key);
        if (list) list.push(sel);
        else out.set(key, [sel]);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (matches(sel.typeCondition?.name.value, type)) collect(type, sel.selectionSet.selections, out);
      } else {
        const fragment = fragments[sel.name.value];
        if (fragment && matches(fragment.typeCondition.name.value, type)) collect(type, fragment.selectionSet.selections, out);
      }
    }
  };

  const planField = (type: GraphQLObjectType, key: string, nodes: FieldNode[], variables: Record<string, unknown>): FieldPlan => {
    const first = nodes[0]!;
    const name = first.name.value;
    // Merging composite fields that repeat is left to graphql-js (the general path).
    if (nodes.length > 1 && nodes.some((n) => n.selectionSet)) throw new FastPathUnsupported(`repeated field ${key}`);
    const def = name === "__typename" ? null : (type.getFields()[name] ?? null);
    if (name !== "__typename" && !def) throw new FastPathUnsupported(`unknown field ${type.name}.${name}`);
    const info: GraphQLResolveInfo = {
      fieldName: name,
      fieldNodes: nodes,
      returnType: def ? def.type : new GraphQLNonNull(GraphQLString),
      parentType: type,
      path: { prev: undefined, key, typename: type.name },
      schema,
      fragments,
      rootValue: undefined,
      operation: operation,
      variableValues: variables,
    };
    return {
      key,
      name,
      def,
      args: def ? getArgumentValues(def, first, variables) : {},
      info,
      isConnection: def ? isConnectionField(def) : false,
      selections: first.selectionSet?.selections ?? [],
      sub: new Map(),
    };
  };

  const fieldsOf: BulkPlan["fieldsOf"] = (type, owner) => {
    const cached = owner.sub.get(type.name);
    if (cached) return cached;
    const grouped = new Map<string, FieldNode[]>();
    collect(type, owner.selections, grouped);
    const plans = [...grouped].map(([key, nodes]) => planField(type, key, nodes, {}));
    owner.sub.set(type.name, plans);
    return plans;
  };

  const queryType = schema.getQueryType()!;
  const top = new Map<string, FieldNode[]>();
  try {
    collect(queryType, operation.selectionSet.selections, top);
    if (top.size !== 1) return null;
    const [key, nodes] = [...top][0]!;
    const root = planField(queryType, key, nodes, { [AFTER_VARIABLE]: null });
    if (!root.def || !root.isConnection) return null;
    const rootNode = nodes[0]!;
    const rootDef = root.def;
    return {
      schema,
      root,
      rootArgs: (after) => getArgumentValues(rootDef, rootNode, { [AFTER_VARIABLE]: after }),
      fieldsOf,
    };
  } catch (err) {
    if (err instanceof FastPathUnsupported) return null;
    throw err;
  }
}

/** The object type a value of `type` has at run time (the dev store's objects carry __typename). */
export function runtimeType(schema: GraphQLSchema, type: GraphQLNamedType, value: unknown): GraphQLObjectType {
  if (isObjectType(type)) return type;
  const name = (value as { __typename?: unknown }).__typename;
  const found = typeof name === "string" ? schema.getType(name) : undefined;
  if (!found || !isObjectType(found) || !isAbstractType(type) || !schema.isSubType(type, found)) {
    throw new FastPathUnsupported(`cannot resolve the type of a ${type.name}`);
  }
  return found;
}
