/** What every resolver sees: the dev store, the shop the token belongs to, its scopes, and collected search warnings. */
import { GraphQLError, type GraphQLResolveInfo, type GraphQLSchema, isNonNullType, responsePathAsArray } from "graphql";
import type { ShopRecord } from "../types";
import type { DevstoreContext } from "../types";
import type { SearchWarning } from "./search";

export type SearchReport = { path: (string | number)[]; query: string; warnings: SearchWarning[] };

export type RequestContext = {
  ctx: DevstoreContext;
  shop: ShopRecord;
  scopes: Set<string>;
  apiVersion: string;
  schema: GraphQLSchema;
  /** Bulk operations read whole connections: no 250 cap on page sizes. */
  bulk: boolean;
  searches: SearchReport[];
  now: () => Date;
};

/** A field resolver on a mapped object: plain values are returned as they are, functions are called. */
export type Resolver = (args: Record<string, unknown>, rc: RequestContext, info: GraphQLResolveInfo) => unknown;

export type GraphObject = { __typename: string; [field: string]: unknown };

/** `write_customers` implies `read_customers`, as in Shopify. */
export function hasScope(scopes: Set<string>, needed: string): boolean {
  if (scopes.has(needed)) return true;
  return needed.startsWith("read_") && scopes.has(`write_${needed.slice(5)}`);
}

export function accessDenied(field: string, scope: string): GraphQLError {
  const requiredAccess = `\`${scope}\` access scope.`;
  return new GraphQLError(`Access denied for ${field} field. Required access: ${requiredAccess}`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess },
  });
}

export function requireScope(rc: RequestContext, info: GraphQLResolveInfo, scope: string): void {
  if (!hasScope(rc.scopes, scope)) throw accessDenied(info.fieldName, scope);
}

/** Valid schema fields the dev store does not model: null when nullable, an honest error when not. */
export function unmodelled(info: GraphQLResolveInfo): null {
  if (isNonNullType(info.returnType)) {
    throw new GraphQLError(`The local dev store does not implement ${info.parentType.name}.${info.fieldName}`, {
      extensions: { code: "NOT_IMPLEMENTED_IN_DEV_STORE" },
    });
  }
  return null;
}

export function recordSearch(rc: RequestContext, info: GraphQLResolveInfo, query: unknown, warnings: SearchWarning[]): void {
  if (typeof query === "string" && warnings.length > 0) {
    rc.searches.push({ path: responsePathAsArray(info.path), query, warnings });
  }
}
