/**
 * The query string Shopify's admin puts on an embedded app's iframe URL: embedded, host, id_token, locale, session,
 * shop, timestamp, signed with `hmac` (hex HMAC-SHA256 with the app secret over the other parameters sorted by name,
 * as @shopify/shopify-api's validateHmac checks it).
 */
import crypto from "node:crypto";
import type { DevstoreConfig } from "../types";
import { mintSessionToken } from "./session-token";

/** `host` is base64 of the admin's shop URL without scheme, e.g. admin.shopify.com/store/tsunagu-demo (no padding). */
export function encodeHost(handle: string): string {
  return Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64").replace(/=+$/, "");
}

export function shopDomain(handle: string): string {
  return `${handle}.myshopify.com`;
}

export function shopHandle(domain: string): string {
  return domain.replace(/\.myshopify\.com$/, "");
}

/** Sorted `key=value` pairs, form-encoded with spaces as %20 (the library's stringifyQueryForAdmin). */
export function adminHmac(secret: string, params: Record<string, string>): string {
  const query = new URLSearchParams();
  for (const key of Object.keys(params).sort((a, b) => a.localeCompare(b))) {
    if (key === "hmac" || key === "signature") continue;
    query.append(key, params[key] ?? "");
  }
  const message = query.toString().replace(/\+/g, "%20");
  return crypto.createHmac("sha256", secret).update(message).digest("hex");
}

export type LaunchOptions = {
  handle: string;
  userId: number;
  locale: string;
  /** Path inside the app after /app, e.g. "/customers"; "" for the app's home. */
  subpath: string;
  /** Query the admin URL carried beyond its own parameters (passed through to the app). */
  extraQuery?: Record<string, string>;
  now?: Date;
};

/** The iframe src for the app: {appUrl}/app{subpath}?embedded=1&host=..&id_token=..&...&hmac=.. */
export function appLaunchUrl(config: Pick<DevstoreConfig, "apiKey" | "apiSecret" | "appUrl">, opts: LaunchOptions): string {
  const now = opts.now ?? new Date();
  const shop = shopDomain(opts.handle);
  const params: Record<string, string> = {
    ...opts.extraQuery,
    embedded: "1",
    host: encodeHost(opts.handle),
    id_token: mintSessionToken(config, shop, opts.userId, now),
    locale: opts.locale,
    session: crypto.createHash("sha256").update(`${shop}:${opts.userId}:admin-session`).digest("hex"),
    shop,
    timestamp: String(Math.floor(now.getTime() / 1000)),
  };
  params.hmac = adminHmac(config.apiSecret, params);
  const url = new URL(`/app${opts.subpath}`, config.appUrl);
  for (const key of Object.keys(params).sort()) url.searchParams.set(key, params[key] ?? "");
  return url.toString();
}
