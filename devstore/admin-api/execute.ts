/**
 * One Admin GraphQL request from document to answer: parse, validate (Shopify's error shapes), Shopify's own checks,
 * cost and throttling, execution over the dev store's tables, actual cost and refund.
 */
import {
  type DocumentNode,
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
  parse,
  validate,
} from "graphql";
import { actualCost, requestedCost } from "./cost";
import { checkConnections } from "./document-checks";
import { mutationRoot } from "./mutations";
import { queryRoot } from "./query-root";
import { type RequestContext, type Resolver, unmodelled } from "./request-context";
import { searchExtension } from "./search";
import { type ShopifyError, toShopifySyntaxError, toShopifyValidationError } from "./shopify-errors";
import type { Throttle, ThrottleStatus } from "./throttle";

export type GraphqlRequest = { query: string; variables?: Record<string, unknown> | null; operationName?: string | null };

export type GraphqlAnswer = {
  data?: Record<string, unknown> | null;
  errors?: ShopifyError[];
  extensions?: Record<string, unknown>;
};

export type Metering = { throttle: Throttle; bucketKey: string; maxSingleQueryCost: number };

const fieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, rc, info) => {
  const obj = source as Record<string, unknown> | null;
  if (!obj || typeof obj !== "object") return unmodelled(info);
  const value = obj[info.fieldName];
  if (typeof value === "function") return (value as Resolver)(args, rc, info);
  if (info.fieldName in obj) return value;
  return unmodelled(info);
};

const typeResolver: GraphQLTypeResolver<unknown, RequestContext> = (value) =>
  (value as { __typename?: string } | null)?.__typename;

/** Parses and validates a document; errors come back in Shopify's shapes. */
export function prepareDocument(
  schema: GraphQLSchema,
  query: string,
): { doc: DocumentNode; errors?: undefined } | { doc?: undefined; errors: ShopifyError[] } {
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch (err) {
    return { errors: [toShopifySyntaxError(err as GraphQLError)] };
  }
  const errors = validate(schema, doc);
  if (errors.length > 0) return { errors: errors.map((e) => toShopifyValidationError(doc, e)) };
  return { doc };
}

function variableErrors(errors: readonly GraphQLError[], operation: OperationDefinitionNode, inputs: Record<string, unknown>): ShopifyError[] {
  return errors.map((e) => {
    const m = /^Variable "\$(\w+)"/.exec(e.message);
    const def = operation.variableDefinitions?.find((d) => d.variable.name.value === m?.[1]);
    if (!m || !def) return { message: e.message, locations: e.locations?.map((l) => ({ ...l })) };
    const typeText = def.type.loc ? def.type.loc.source.body.slice(def.type.loc.start, def.type.loc.end) : "";
    return {
      message: `Variable $${m[1]} of type ${typeText} was provided invalid value`,
      locations: e.locations?.map((l) => ({ line: l.line, column: l.column })),
      extensions: {
        code: "INVALID_VARIABLE",
        value: inputs[m[1]!] ?? null,
        problems: [{ path: [], explanation: e.message.replace(/^Variable "\$\w+" (got invalid value .*?; )?/, "") }],
      },
    };
  });
}

function costExtension(requested: number, actual: number | null, status: ThrottleStatus) {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status } };
}

/** Runs one request. Without `metering` (bulk operations) cost is neither checked nor charged. */
export async function runGraphql(
  rc: RequestContext,
  schema: GraphQLSchema,
  request: GraphqlRequest,
  metering?: Metering,
): Promise<GraphqlAnswer> {
  const status = () => metering?.throttle.status(metering.bucketKey);
  const withCost = (answer: GraphqlAnswer, requested = 0, actual: number | null = 0): GraphqlAnswer => {
    const s = status();
    return s ? { ...answer, extensions: { ...answer.extensions, ...costExtension(requested, actual, s) } } : answer;
  };

  const prepared = prepareDocument(schema, request.query);
  if (!prepared.doc) return withCost({ errors: prepared.errors });
  const doc = prepared.doc;
  const operation = getOperationAST(doc, request.operationName ?? undefined);
  if (!operation) {
    const message = request.operationName
      ? `No operation named "${request.operationName}"`
      : "An operation name is required";
    return withCost({ errors: [{ message }] });
  }
  const inputs = request.variables ?? {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
  if (coerced.errors) return withCost({ errors: variableErrors(coerced.errors, operation, inputs) });
  const variables = coerced.coerced;

  // Bulk operations page whole connections themselves, beyond the 250 cap.
  const checks = rc.bulk ? [] : checkConnections(schema, doc, operation, variables);
  if (checks.length > 0) return withCost({ errors: checks });

  let requested = 0;
  if (metering) {
    requested = requestedCost(schema, doc, operation, variables);
    if (requested > metering.maxSingleQueryCost) {
      return withCost(
        {
          errors: [
            {
              message:
                `Query cost is ${requested}, which exceeds the single query max cost limit (${metering.maxSingleQueryCost}).\n\n` +
                "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
                "cost of a query is calculated.\n\n" +
                "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
                "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
              extensions: {
                code: "MAX_COST_EXCEEDED",
                cost: requested,
                maxCost: metering.maxSingleQueryCost,
                documentation: "https://shopify.dev/api/usage/rate-limits",
              },
            },
          ],
        },
        requested,
        null,
      );
    }
    const taken = metering.throttle.take(metering.bucketKey, requested);
    if (!taken.ok) {
      return {
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions: costExtension(requested, null, taken.status),
      };
    }
  }

  const result = await execute({
    schema,
    document: doc,
    rootValue: operation.operation === "mutation" ? mutationRoot : queryRoot,
    contextValue: rc,
    variableValues: variables,
    operationName: request.operationName ?? undefined,
    fieldResolver,
    typeResolver,
  });
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const answer: GraphqlAnswer = { data };
  if (result.errors?.length) {
    answer.errors = result.errors.map((e) => ({
      message: e.message,
      ...(e.locations ? { locations: e.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
      ...(e.path ? { path: [...e.path] } : {}),
      ...(e.extensions && Object.keys(e.extensions).length ? { extensions: { ...e.extensions } } : {}),
    }));
  }
  if (rc.searches.length > 0) {
    answer.extensions = { search: rc.searches.map((s) => searchExtension(s.path, s.query, s.warnings)) };
  }
  if (!metering) return answer;
  const actual = actualCost(schema, doc, operation, data);
  metering.throttle.refund(metering.bucketKey, requested - actual);
  return withCost(answer, requested, actual);
}
