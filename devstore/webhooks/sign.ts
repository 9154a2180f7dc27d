/** Webhook signing as Shopify does it: base64 HMAC-SHA256 of the raw body with the app's API secret. */
import crypto from "node:crypto";

export function signWebhookBody(body: string | Buffer, apiSecret: string): string {
  return crypto.createHmac("sha256", apiSecret).update(body).digest("base64");
}

/** Constant-time check of an `X-Shopify-Hmac-Sha256` header against a raw body. */
export function verifyWebhookHmac(body: string | Buffer, apiSecret: string, hmacHeader: string): boolean {
  const expected = Buffer.from(signWebhookBody(body, apiSecret));
  const given = Buffer.from(hmacHeader);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
