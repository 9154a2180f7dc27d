/**
 * Shopify's app proxy: a storefront request under /apps/<subpath>/* is forwarded to the app's proxy URL with
 * signed query parameters (shop, logged_in_customer_id, path_prefix, timestamp, signature). Cookies are dropped both
 * ways, as Shopify does. https://shopify.dev/docs/apps/build/online-store/display-dynamic-data
 */
import crypto from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { DevstoreConfig } from "../types";

/** Parameters Shopify sets itself; a shopper's values for them are replaced, so they cannot be forged. */
const SHOPIFY_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"];

/** Request headers passed on to the app; everything else (cookies first) stays with Shopify. */
const FORWARDED_REQUEST_HEADERS = ["accept", "accept-language", "content-type", "user-agent", "x-requested-with"];

/** Response headers passed back to the shopper (Set-Cookie is not). */
const FORWARDED_RESPONSE_HEADERS = ["content-type", "cache-control", "location", "etag", "last-modified", "vary"];

export type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

function toEntries(query: QueryInput): Array<[string, string]> {
  if (query instanceof URLSearchParams) return [...query.entries()];
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) out.push([key, v]);
  }
  return out;
}

/**
 * The app-proxy signature of a query: without `signature`, each key as `key=value` (repeated keys' values joined
 * with ","), sorted, concatenated with no separator, HMAC-SHA256 with the app secret, hex.
 */
export function appProxySignature(query: QueryInput, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of toEntries(query)) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return crypto.createHmac("sha256", secret).update(message).digest("hex");
}

export type AppProxyParams = {
  shop: string;
  customerId: number | null;
  pathPrefix: string;
  now?: Date;
};

/** The shopper's query plus Shopify's parameters, signed: what the app receives. */
export function signAppProxyQuery(shopperQuery: QueryInput, params: AppProxyParams, secret: string): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of toEntries(shopperQuery)) if (!SHOPIFY_PARAMS.includes(key)) query.append(key, value);
  query.set("shop", params.shop);
  query.set("logged_in_customer_id", params.customerId === null ? "" : String(params.customerId));
  query.set("path_prefix", params.pathPrefix);
  query.set("timestamp", String(Math.floor((params.now ?? new Date()).getTime() / 1000)));
  query.set("signature", appProxySignature(query, secret));
  return query;
}

export function appProxyPrefix(config: DevstoreConfig): string {
  return `/${config.appProxy.prefix}/${config.appProxy.subpath}`;
}

export type AppProxyRequest = {
  shop: string;
  customerId: number | null;
  method: string;
  /** Path after the proxy prefix, "" or starting with "/". */
  subPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer | null;
  clientIp: string;
};

export type AppProxyResponse = {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Shopify renders `application/liquid` answers inside the shop's theme. */
  isLiquid: boolean;
};

/** Forwards one storefront request to the app and returns its answer, or a 502/504 when the app fails. */
export async function forwardAppProxy(
  config: DevstoreConfig,
  request: AppProxyRequest,
  timeoutMs = 10_000,
): Promise<AppProxyResponse> {
  const query = signAppProxyQuery(
    request.query,
    { shop: request.shop, customerId: request.customerId, pathPrefix: appProxyPrefix(config) },
    config.apiSecret,
  );
  const target = new URL(config.appProxy.url.replace(/\/+$/, "") + request.subPath);
  target.search = query.toString();

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const priorForwarded = request.headers["x-forwarded-for"];
  headers.set("x-forwarded-for", typeof priorForwarded === "string" ? `${priorForwarded}, ${request.clientIp}` : request.clientIp);
  headers.set("x-forwarded-host", request.shop);

  const hasBody = !["GET", "HEAD"].includes(request.method) && request.body !== null && request.body.length > 0;
  let response: Response;
  try {
    response = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? new Uint8Array(request.body!) : undefined,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return {
      status: timedOut ? 504 : 502,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: Buffer.from(timedOut ? "App proxy timed out" : "App proxy could not reach the app"),
      isLiquid: false,
    };
  }
  const out: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) out[name] = value;
  }
  const contentType = (out["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  return {
    status: response.status,
    headers: out,
    body: Buffer.from(await response.arrayBuffer()),
    isLiquid: contentType === "application/liquid",
  };
}
