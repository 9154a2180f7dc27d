/**
 * Session tokens (`id_token`) as Shopify's admin issues them to embedded apps: HS256 JWTs signed with the app's
 * secret, valid for one minute. https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens
 */
import crypto from "node:crypto";
import { z } from "zod";
import type { DevstoreConfig } from "../types";

export type SessionTokenPayload = {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
};

const PayloadSchema = z.object({
  iss: z.string(),
  dest: z.string(),
  aud: z.string(),
  sub: z.string(),
  exp: z.number(),
  nbf: z.number(),
  iat: z.number(),
  jti: z.string(),
  sid: z.string(),
});

const HeaderSchema = z.object({ alg: z.literal("HS256"), typ: z.string().optional() });

const LIFETIME_SECONDS = 60;
/** Same leeway as @shopify/shopify-api's decodeSessionToken, so both sides agree on what is still valid. */
const CLOCK_TOLERANCE_SECONDS = 10;

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString("base64url");
}

function sign(secret: string, signingInput: string): Buffer {
  return crypto.createHmac("sha256", secret).update(signingInput).digest();
}

/** Stable per staff user and shop, like the admin's session id. */
export function sessionIdFor(shop: string, userId: number): string {
  return crypto.createHash("sha256").update(`${shop}:${userId}`).digest("hex").slice(0, 32);
}

/** Mints the token the admin hands an embedded app for `userId` working in `shop` (a *.myshopify.com domain). */
export function mintSessionToken(
  config: Pick<DevstoreConfig, "apiKey" | "apiSecret">,
  shop: string,
  userId: number,
  now: Date = new Date(),
): string {
  const iat = Math.floor(now.getTime() / 1000);
  const payload: SessionTokenPayload = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: config.apiKey,
    sub: String(userId),
    exp: iat + LIFETIME_SECONDS,
    nbf: iat,
    iat,
    jti: crypto.randomUUID(),
    sid: sessionIdFor(shop, userId),
  };
  const signingInput = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${sign(config.apiSecret, signingInput).toString("base64url")}`;
}

export type SessionTokenFailure = "malformed" | "bad_signature" | "wrong_audience" | "expired" | "not_yet_valid";

export type VerifiedSessionToken =
  | { ok: true; payload: SessionTokenPayload; shop: string }
  | { ok: false; reason: SessionTokenFailure };

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Checks signature, audience and time window; `shop` is the host of `dest`. */
export function verifySessionToken(
  token: string,
  opts: { secret: string; audience: string; now?: Date },
): VerifiedSessionToken {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [head = "", body = "", signature = ""] = parts;
  if (!HeaderSchema.safeParse(decodeJson(head)).success) return { ok: false, reason: "malformed" };
  const expected = sign(opts.secret, `${head}.${body}`);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad_signature" };
  }
  const parsed = PayloadSchema.safeParse(decodeJson(body));
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const payload = parsed.data;
  if (payload.aud !== opts.audience) return { ok: false, reason: "wrong_audience" };
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (payload.exp + CLOCK_TOLERANCE_SECONDS <= now) return { ok: false, reason: "expired" };
  if (payload.nbf - CLOCK_TOLERANCE_SECONDS > now) return { ok: false, reason: "not_yet_valid" };
  let shop: string;
  try {
    shop = new URL(payload.dest).hostname;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  return { ok: true, payload, shop };
}
