/**
 * The storefront's customer login: a cookie holding the customer id, signed with the app secret so a hand-edited
 * cookie does not log someone in as another customer. Cookies stay on the storefront; the app proxy drops them.
 */
import crypto from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const CUSTOMER_COOKIE = "devstore_customer";

function sign(value: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(`storefront-customer:${value}`).digest("base64url");
}

export function readCookies(headers: IncomingHttpHeaders): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (headers.cookie ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index < 1) continue;
    try {
      cookies.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()));
    } catch {
      // A malformed cookie is ignored, as browsers' own parsers do.
    }
  }
  return cookies;
}

/** The logged-in customer's id for this shop, or null (no cookie, another shop's cookie, bad signature). */
export function customerIdFromCookie(headers: IncomingHttpHeaders, shop: string, secret: string): number | null {
  const raw = readCookies(headers).get(CUSTOMER_COOKIE);
  if (!raw) return null;
  const [cookieShop, id, signature] = raw.split("|");
  if (!cookieShop || !id || !signature || cookieShop !== shop) return null;
  const expected = sign(`${cookieShop}|${id}`, secret);
  const ok = expected.length === signature.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return ok && /^\d+$/.test(id) ? Number(id) : null;
}

export function loginCookie(shop: string, customerId: number, secret: string, path: string): string {
  const value = `${shop}|${customerId}`;
  return `${CUSTOMER_COOKIE}=${encodeURIComponent(`${value}|${sign(value, secret)}`)}; Path=${path}; HttpOnly; SameSite=Lax`;
}

export function logoutCookie(path: string): string {
  return `${CUSTOMER_COOKIE}=; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=0`;
}
