/**
 * Points Shopify traffic (Admin API, token exchange) for `*.myshopify.com` at another origin, keeping the shop's real
 * domain in `X-Forwarded-Host`. Used to run against the local dev store; production leaves SHOPIFY_ADMIN_ORIGIN unset
 * and this is never installed.
 *
 * The Shopify library always calls https://{shop}/admin/...; its supported seam is the runtime fetch
 * (`setAbstractFetchFunc`), set after the node adapter has set its own (PLATFORM.md, "Shopify libraries").
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

export function shopifyRequestTarget(input: string, origin: string): { url: string; shop: string } | null {
  const url = new URL(input);
  if (!url.hostname.endsWith(".myshopify.com")) return null;
  const target = new URL(origin);
  const shop = url.hostname;
  url.protocol = target.protocol;
  url.host = target.host;
  return { url: url.toString(), shop };
}

export function routeShopifyTrafficTo(origin: string): void {
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc(async (input, init) => {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const target = shopifyRequestTarget(href, origin);
    if (!target) return realFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("X-Forwarded-Host", target.shop);
    return realFetch(target.url, { ...init, headers });
  });
}
