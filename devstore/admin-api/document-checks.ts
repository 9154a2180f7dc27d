/**
 * Shopify's checks beyond the GraphQL spec, run after validation with the variables known: every connection needs
 * `first` or `last`, at most 250.
 */
import {
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  isCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { pageSizeError } from "./connection";
import { collectFields, fieldDef, fragmentsOf, isConnectionField } from "./cost";
import type { ShopifyError } from "./shopify-errors";

export function checkConnections(
  schema: GraphQLSchema,
  doc: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): ShopifyError[] {
  const fragments = fragmentsOf(doc);
  const errors: ShopifyError[] = [];
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return errors;

  function walk(parent: GraphQLNamedType, set: SelectionSetNode, path: string[]) {
    for (const f of collectFields(parent, set, fragments)) {
      const owner = (f.branch && schema.getType(f.branch)) || parent;
      const def = fieldDef(schema, owner, f.node.name.value);
      if (!def) continue;
      const here = [...path, f.responseKey];
      if (isConnectionField(def)) {
        const args = getArgumentValues(def, f.node, variables);
        const message = pageSizeError(args.first, args.last);
        if (message) {
          const loc = f.node.loc ? { line: f.node.loc.startToken.line, column: f.node.loc.startToken.column } : undefined;
          errors.push({ message, ...(loc ? { locations: [loc] } : {}), path: here });
        }
      }
      const type = getNamedType(def.type);
      if (f.node.selectionSet && isCompositeType(type)) walk(type, f.node.selectionSet, here);
    }
  }

  walk(root, operation.selectionSet, []);
  return errors;
}
