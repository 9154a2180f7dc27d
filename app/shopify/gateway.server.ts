/**
 * The one way the app talks to the Admin API: typed operations, Shopify's cost-based throttling honoured (a THROTTLED
 * answer waits for the bucket to refill and retries), and errors turned into one error type with a code.
 */
import { GraphqlQueryError } from "@shopify/shopify-api";
import type { AdminOperation, NoVariables } from "./operation";

/** What `admin.graphql` from `authenticate.admin` / `unauthenticated.admin` looks like. */
export type GraphqlFn = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

export type GatewayErrorCode = "THROTTLED" | "GRAPHQL_ERRORS" | "ACCESS_DENIED";

export class ShopifyGatewayError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = "ShopifyGatewayError";
  }
}

type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
type CostExtension = { requestedQueryCost?: number; throttleStatus?: ThrottleStatus };
type GraphqlErrorEntry = { message: string; extensions?: { code?: string } };

export type GatewayOptions = {
  /** How many THROTTLED answers to wait out before giving up. */
  maxThrottleRetries?: number;
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds until the bucket holds the requested cost again. */
export function throttleWaitMs(cost: CostExtension | undefined): number {
  const status = cost?.throttleStatus;
  if (!status || !cost?.requestedQueryCost) return 1000;
  const missing = Math.max(0, cost.requestedQueryCost - status.currentlyAvailable);
  return Math.ceil((missing / Math.max(status.restoreRate, 1)) * 1000) + 50;
}

function errorsOf(error: GraphqlQueryError): { errors: GraphqlErrorEntry[]; cost?: CostExtension } {
  const body = (error.body ?? {}) as {
    errors?: { graphQLErrors?: GraphqlErrorEntry[] };
    extensions?: { cost?: CostExtension };
  };
  return { errors: body.errors?.graphQLErrors ?? [], cost: body.extensions?.cost };
}

export type AdminGateway = {
  run<TData, TVariables extends Record<string, unknown>>(
    operation: AdminOperation<TData, TVariables>,
    ...variables: TVariables extends NoVariables ? [] : [TVariables]
  ): Promise<TData>;
};

export function adminGateway(graphql: GraphqlFn, options: GatewayOptions = {}): AdminGateway {
  const maxRetries = options.maxThrottleRetries ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  return {
    async run(operation, ...rest) {
      const variables = rest[0];
      for (let attempt = 0; ; attempt++) {
        try {
          const response = await graphql(operation.document, variables ? { variables } : undefined);
          const body = (await response.json()) as { data: unknown };
          return body.data as never;
        } catch (error) {
          if (!(error instanceof GraphqlQueryError)) throw error;
          const { errors, cost } = errorsOf(error);
          const codes = errors.map((e) => e.extensions?.code);
          if (codes.includes("THROTTLED")) {
            if (attempt >= maxRetries) {
              throw new ShopifyGatewayError("THROTTLED", `${operation.name}: still throttled after ${attempt} waits`);
            }
            await sleep(throttleWaitMs(cost));
            continue;
          }
          const code: GatewayErrorCode = codes.includes("ACCESS_DENIED") ? "ACCESS_DENIED" : "GRAPHQL_ERRORS";
          throw new ShopifyGatewayError(code, `${operation.name}: ${errors.map((e) => e.message).join("; ")}`, errors);
        }
      }
    },
  };
}
