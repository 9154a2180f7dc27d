/**
 * The app-proxy signature check of the storefront hot path (ADR 017), made as authenticate.public.appProxy makes it
 * (@shopify/shopify-app-remix over @shopify/shopify-api's validateHmac with signator "appProxy"), without the
 * library's logging and offline-session read. proxy-signature.server.test.ts holds it to the library's answers.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const PROXY_SINGLE_VALUE_PARAMS = new Set(["hmac", "shop", "signature", "timestamp"]);
const PROXY_CLOCK_TOLERANCE_SEC = 90;

/**
 * The app-proxy signature check, as authenticate.public.appProxy makes it (@shopify/shopify-app-remix with
 * @shopify/shopify-api's validateHmac, signator "appProxy"), without its logging and session read: true for a valid
 * signature; false, or a thrown 400 (a repeated shop/signature/timestamp/hmac, no signature, a timestamp more than 90 s
 * off), exactly where the library refuses. The library's fallbacks for Remix `_data` requests are kept.
 */
export function verifyAppProxyQuery(url: URL, secret: string): boolean {
  const badRequest = () => new Response(undefined, { status: 400, statusText: "Bad Request" });
  const validate = (params: URLSearchParams): boolean => {
    const query: Record<string, string> = Object.create(null);
    for (const [key, value] of params) {
      const existing = query[key];
      if (existing === undefined) query[key] = value;
      else if (PROXY_SINGLE_VALUE_PARAMS.has(key)) throw badRequest();
      else query[key] = `${existing},${value}`;
    }
    const { signature, hmac: _hmac, ...rest } = query;
    if (!signature) throw badRequest();
    const timestamp = Number(query.timestamp);
    if (query.timestamp === undefined || !Number.isInteger(timestamp)) throw badRequest();
    if (Math.abs(Math.trunc(Date.now() / 1000) - timestamp) > PROXY_CLOCK_TOLERANCE_SEC) throw badRequest();
    const message = Object.entries(rest)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}=${value}`)
      .join("");
    const expected = createHmac("sha256", secret).update(message).digest("hex");
    const given = Buffer.from(JSON.stringify(signature));
    const local = Buffer.from(JSON.stringify(expected));
    return given.length === local.length && timingSafeEqual(given, local);
  };
  const params = new URLSearchParams(url.search);
  if (!params.get("index")) params.delete("index");
  if (validate(params)) return true;
  const cleanPath = url.pathname.replace(/^\//, "").replace(/\/$/, "").replaceAll("/", ".");
  const data = `routes%2F${cleanPath}`;
  if (validate(new URLSearchParams(`?_data=${data}&${params.toString().replace(/^\?/, "")}`))) return true;
  return validate(new URLSearchParams(`?_data=${data}._index&${url.search.replace(/^\?/, "")}`));
}
