/**
 * Shopify's OAuth token endpoint, `POST https://{shop}/admin/oauth/access_token`, for the grants an embedded app uses:
 * token exchange (session token -> offline or online access token) and refresh of expiring offline tokens.
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange
 */
import crypto from "node:crypto";
import type Database from "better-sqlite3";
import { z } from "zod";
import { records } from "../store/db";
import type { AccessTokenRecord, DevstoreConfig } from "../types";
import { verifySessionToken } from "./session-token";
import { findStaffUser } from "./staff";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** Online tokens live as long as the staff member's admin session; Shopify answers 86399 s. */
const ONLINE_TTL_SECONDS = 86_399;
/** Expiring offline tokens (`expiring=1`): one hour, refresh token 90 days. */
const EXPIRING_OFFLINE_TTL_SECONDS = 3_600;
const REFRESH_TTL_SECONDS = 7_776_000;

export type TokenEndpointResult = { status: number; body: Record<string, unknown> };

const BodySchema = z.object({
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  grant_type: z.string().optional(),
  subject_token: z.string().optional(),
  subject_token_type: z.string().optional(),
  requested_token_type: z.string().optional(),
  expiring: z.union([z.string(), z.number(), z.boolean()]).optional(),
  refresh_token: z.string().optional(),
});

function oauthError(status: number, error: string, description: string): TokenEndpointResult {
  return { status, body: { error, error_description: description } };
}

function randomToken(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(16).toString("hex")}`;
}

function isoIn(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

/** Refresh tokens are the token endpoint's own business, so they live in a table of this module. */
function ensureRefreshTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS admin_frame_refresh_tokens (
    token TEXT PRIMARY KEY,
    shop TEXT NOT NULL,
    scope TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  )`);
}

function issueOffline(db: Database.Database, shop: string, scope: string, expiring: boolean, now: Date) {
  const token: AccessTokenRecord = {
    token: randomToken("shpat"),
    shop,
    scope,
    userId: null,
    expiresAt: expiring ? isoIn(now, EXPIRING_OFFLINE_TTL_SECONDS) : null,
    createdAt: now.toISOString(),
  };
  records(db).putToken(token);
  if (!expiring) return { access_token: token.token, scope };
  ensureRefreshTable(db);
  const refresh = randomToken("shprt");
  db.prepare("INSERT INTO admin_frame_refresh_tokens (token, shop, scope, expires_at) VALUES (?, ?, ?, ?)").run(
    refresh,
    shop,
    scope,
    isoIn(now, REFRESH_TTL_SECONDS),
  );
  return {
    access_token: token.token,
    scope,
    expires_in: EXPIRING_OFFLINE_TTL_SECONDS,
    refresh_token: refresh,
    refresh_token_expires_in: REFRESH_TTL_SECONDS,
  };
}

/**
 * Answers a token request for `shop` (the *.myshopify.com host the request was addressed to) the way Shopify does:
 * JSON access token on success, `{error, error_description}` with 400/401 otherwise.
 */
export function handleTokenRequest(
  ctx: { config: DevstoreConfig; db: Database.Database },
  shop: string,
  rawBody: unknown,
  now: Date = new Date(),
): TokenEndpointResult {
  const { config, db } = ctx;
  const shopRecord = records(db).getShop(shop);
  if (!shopRecord) return { status: 404, body: { errors: "Not Found" } };
  const parsed = BodySchema.safeParse(rawBody ?? {});
  if (!parsed.success) return oauthError(400, "invalid_request", "The request is missing a required parameter");
  const body = parsed.data;
  if (body.client_id !== config.apiKey || body.client_secret !== config.apiSecret) {
    return oauthError(401, "invalid_client", "Client credentials are invalid");
  }
  const scope = config.scopes.join(",");
  if (body.grant_type === "refresh_token") return refreshGrant(db, shop, body.refresh_token, now);
  if (body.grant_type !== TOKEN_EXCHANGE_GRANT) {
    return oauthError(400, "unsupported_grant_type", `Grant type '${body.grant_type ?? ""}' is not supported`);
  }
  if (!body.subject_token) return oauthError(400, "missing_subject_token", "Subject token is required");
  if (body.subject_token_type !== ID_TOKEN_TYPE) {
    return oauthError(400, "invalid_request", `Subject token type must be '${ID_TOKEN_TYPE}'`);
  }
  const verified = verifySessionToken(body.subject_token, { secret: config.apiSecret, audience: body.client_id, now });
  if (!verified.ok) return oauthError(400, "invalid_subject_token", `Session token is invalid (${verified.reason})`);
  if (verified.shop !== shop) {
    return oauthError(400, "invalid_subject_token", "Session token was issued for another shop");
  }
  const user = findStaffUser(shopRecord, config.scopes, Number(verified.payload.sub));
  if (!user) return oauthError(400, "invalid_subject_token", "Session token subject is not a staff member of the shop");

  if (body.requested_token_type === OFFLINE_TOKEN_TYPE) {
    const expiring = body.expiring === "1" || body.expiring === 1 || body.expiring === true;
    return { status: 200, body: issueOffline(db, shop, scope, expiring, now) };
  }
  if (body.requested_token_type === ONLINE_TOKEN_TYPE) {
    const token: AccessTokenRecord = {
      token: randomToken("shpua"),
      shop,
      scope,
      userId: user.id,
      expiresAt: isoIn(now, ONLINE_TTL_SECONDS),
      createdAt: now.toISOString(),
    };
    records(db).putToken(token);
    return {
      status: 200,
      body: {
        access_token: token.token,
        scope,
        expires_in: ONLINE_TTL_SECONDS,
        associated_user_scope: user.permissions.join(","),
        associated_user: {
          id: user.id,
          first_name: user.firstName,
          last_name: user.lastName,
          email: user.email,
          account_owner: user.accountOwner,
          locale: user.locale,
          collaborator: user.collaborator,
          email_verified: user.emailVerified,
        },
      },
    };
  }
  return oauthError(400, "invalid_request", "Requested token type is not supported");
}

function refreshGrant(db: Database.Database, shop: string, refreshToken: string | undefined, now: Date) {
  ensureRefreshTable(db);
  const row = db
    .prepare("SELECT shop, scope, expires_at, used_at FROM admin_frame_refresh_tokens WHERE token = ?")
    .get(refreshToken ?? "") as { shop: string; scope: string; expires_at: string; used_at: string | null } | undefined;
  if (!row || row.shop !== shop || row.used_at || row.expires_at <= now.toISOString()) {
    return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
  }
  // Refresh tokens rotate: each one is good once.
  db.prepare("UPDATE admin_frame_refresh_tokens SET used_at = ? WHERE token = ?").run(now.toISOString(), refreshToken);
  return { status: 200, body: issueOffline(db, shop, row.scope, true, now) };
}
