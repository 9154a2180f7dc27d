import "@shopify/shopify-api/adapters/node";
import { ApiVersion, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { records } from "../store/db";
import { mintSessionToken } from "./session-token";
import { type AdminFrameTestServer, startAdminFrameTestServer, TEST_SHOP } from "./test-server";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./token-exchange";

let server: AdminFrameTestServer;
const keys = { apiKey: "test-api-key", apiSecret: "test-api-secret" };

beforeEach(async () => {
  server = await startAdminFrameTestServer();
});
afterEach(async () => {
  await server.close();
});

function exchangeBody(subjectToken: string, requested = OFFLINE_TOKEN_TYPE, extra: Record<string, string> = {}) {
  return {
    client_id: keys.apiKey,
    client_secret: keys.apiSecret,
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: subjectToken,
    subject_token_type: ID_TOKEN_TYPE,
    requested_token_type: requested,
    ...extra,
  };
}

/** As the transport delivers it: addressed to the dev store, the shop in X-Forwarded-Host. */
async function postToken(body: Record<string, string>, shop = TEST_SHOP.domain, form = false) {
  const res = await fetch(`${server.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: {
      "Content-Type": form ? "application/x-www-form-urlencoded" : "application/json",
      Accept: "application/json",
      "X-Forwarded-Host": shop,
    },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("token exchange (POST /admin/oauth/access_token)", () => {
  it("exchanges a valid session token for an offline token with the app's scopes, and stores it", async () => {
    // GIVEN a session token for the shop's owner
    const token = mintSessionToken(keys, TEST_SHOP.domain, 1);
    // WHEN the app asks for an offline token
    const { status, json } = await postToken(exchangeBody(token));
    // THEN Shopify's offline answer comes back and the token works against the store
    expect(status).toBe(200);
    expect(json).toEqual({ access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/), scope: server.ctx.config.scopes.join(",") });
    const stored = records(server.ctx.db).getToken(String(json.access_token));
    expect(stored).toMatchObject({ shop: TEST_SHOP.domain, userId: null, expiresAt: null });
  });

  it("accepts the same request form-encoded", async () => {
    const token = mintSessionToken(keys, TEST_SHOP.domain, 1);
    const { status, json } = await postToken(exchangeBody(token), TEST_SHOP.domain, true);
    expect(status).toBe(200);
    expect(json.access_token).toMatch(/^shpat_/);
  });

  it("answers an online token with the staff member and their permitted scopes", async () => {
    const token = mintSessionToken(keys, TEST_SHOP.domain, 2);
    const { status, json } = await postToken(exchangeBody(token, ONLINE_TOKEN_TYPE));
    expect(status).toBe(200);
    expect(json).toMatchObject({
      access_token: expect.stringMatching(/^shpua_/),
      scope: server.ctx.config.scopes.join(","),
      expires_in: 86399,
      associated_user_scope: "read_customers,write_customers,read_orders",
      associated_user: {
        id: 2,
        first_name: "健",
        last_name: "佐藤",
        email: "ken.sato@example.com",
        account_owner: false,
        locale: "ja",
        collaborator: false,
        email_verified: true,
      },
    });
    const stored = records(server.ctx.db).getToken(String(json.access_token));
    expect(stored?.userId).toBe(2);
    expect(Date.parse(stored?.expiresAt ?? "") - Date.now()).toBeGreaterThan(86_000_000);
  });

  it("refuses a session token signed with another secret as invalid_subject_token", async () => {
    const token = mintSessionToken({ ...keys, apiSecret: "wrong" }, TEST_SHOP.domain, 1);
    const { status, json } = await postToken(exchangeBody(token));
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: "invalid_subject_token", error_description: expect.any(String) });
    expect(server.ctx.db.prepare("SELECT COUNT(*) AS n FROM access_tokens").get()).toEqual({ n: 0 });
  });

  it("refuses a session token made for another app (wrong audience)", async () => {
    const token = mintSessionToken({ ...keys, apiKey: "another-app" }, TEST_SHOP.domain, 1);
    const { status, json } = await postToken(exchangeBody(token));
    expect(status).toBe(400);
    expect(json.error).toBe("invalid_subject_token");
  });

  it("refuses an expired session token", async () => {
    const token = mintSessionToken(keys, TEST_SHOP.domain, 1, new Date(Date.now() - 120_000));
    const { status, json } = await postToken(exchangeBody(token));
    expect(status).toBe(400);
    expect(json.error).toBe("invalid_subject_token");
  });

  it("refuses a session token for another shop than the one addressed", async () => {
    records(server.ctx.db).putShop({ ...TEST_SHOP, domain: "other-shop.myshopify.com" });
    const token = mintSessionToken(keys, "other-shop.myshopify.com", 1);
    const { status, json } = await postToken(exchangeBody(token));
    expect(status).toBe(400);
    expect(json.error).toBe("invalid_subject_token");
  });

  it("answers 404 for a shop the dev store does not have", async () => {
    const token = mintSessionToken(keys, "nowhere.myshopify.com", 1);
    const { status } = await postToken(exchangeBody(token), "nowhere.myshopify.com");
    expect(status).toBe(404);
  });

  it("refuses wrong client credentials as invalid_client", async () => {
    const token = mintSessionToken(keys, TEST_SHOP.domain, 1);
    const { status, json } = await postToken({ ...exchangeBody(token), client_secret: "guess" });
    expect(status).toBe(401);
    expect(json.error).toBe("invalid_client");
  });

  it("asks for the subject token when it is missing", async () => {
    const { status, json } = await postToken({ ...exchangeBody(""), subject_token: "" });
    expect(status).toBe(400);
    expect(json.error).toBe("missing_subject_token");
  });

  it("issues expiring offline tokens with a refresh token that works once", async () => {
    const token = mintSessionToken(keys, TEST_SHOP.domain, 1);
    const first = await postToken(exchangeBody(token, OFFLINE_TOKEN_TYPE, { expiring: "1" }));
    expect(first.json).toMatchObject({ expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/), refresh_token_expires_in: 7776000 });
    const refresh = { client_id: keys.apiKey, client_secret: keys.apiSecret, grant_type: "refresh_token", refresh_token: String(first.json.refresh_token) };
    const second = await postToken(refresh);
    expect(second.status).toBe(200);
    expect(second.json.access_token).not.toBe(first.json.access_token);
    const replay = await postToken(refresh);
    expect(replay).toMatchObject({ status: 400, json: { error: "invalid_grant" } });
  });

  it("serves @shopify/shopify-api's own tokenExchange through a transport that rewrites the shop URL", async () => {
    // GIVEN the library's fetch pointed at the dev store, as the app's dev-store transport does
    setAbstractFetchFunc(async (input, init) => {
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      headers.set("X-Forwarded-Host", url.host);
      return fetch(`${server.url}${url.pathname}${url.search}`, { ...init, headers });
    });
    const shopify = shopifyApi({
      apiKey: keys.apiKey,
      apiSecretKey: keys.apiSecret,
      apiVersion: ApiVersion.October26,
      hostName: "127.0.0.1:3999",
      hostScheme: "http",
      isEmbeddedApp: true,
      scopes: server.ctx.config.scopes,
      logger: { level: 0 },
    });
    const sessionToken = mintSessionToken(keys, TEST_SHOP.domain, 1);
    // WHEN the library exchanges it for offline and online tokens
    const offline = await shopify.auth.tokenExchange({ shop: TEST_SHOP.domain, sessionToken, requestedTokenType: RequestedTokenType.OfflineAccessToken });
    const online = await shopify.auth.tokenExchange({ shop: TEST_SHOP.domain, sessionToken, requestedTokenType: RequestedTokenType.OnlineAccessToken });
    // THEN it builds the sessions the app stores
    expect(offline.session).toMatchObject({ id: `offline_${TEST_SHOP.domain}`, shop: TEST_SHOP.domain, isOnline: false });
    expect(offline.session.accessToken).toMatch(/^shpat_/);
    expect(online.session).toMatchObject({ id: `${TEST_SHOP.domain}_1`, isOnline: true });
    expect(online.session.onlineAccessInfo?.associated_user.first_name).toBe("花子");
  });
});
