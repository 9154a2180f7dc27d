/**
 * A typed Admin GraphQL operation: the document (a `#graphql` string, validated against Shopify's schema by
 * app/shopify/operations.test.ts) paired with the shapes of its variables and data.
 */
export type AdminOperation<TData, TVariables extends Record<string, unknown>> = {
  readonly name: string;
  readonly document: string;
  /** Phantom field carrying the types; never set at run time. */
  readonly types?: { data: TData; variables: TVariables };
};

export type NoVariables = Record<string, never>;

export function adminOperation<TData, TVariables extends Record<string, unknown> = NoVariables>(
  document: string,
): AdminOperation<TData, TVariables> {
  const match = /\b(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(document);
  if (!match) throw new Error("Admin operations must be named (query Name { … })");
  return { name: match[2]!, document };
}

export type Money = { amount: string; currencyCode: string };
export type MoneyBag = { shopMoney: Money };
export type Count = { count: number; precision: "EXACT" | "AT_LEAST" };
