/**
 * The admin frame's launch URL and token endpoint driven by the app's real auth code: shopify-app-remix's
 * authenticate.admin (token-exchange strategy), with the library's fetch pointed at the dev store.
 */
import "@shopify/shopify-app-remix/adapters/node";
import type { Session } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { records } from "../store/db";
import { type AdminFrameTestServer, startAdminFrameTestServer, TEST_SHOP } from "./test-server";

let server: AdminFrameTestServer;

function memorySessions(): SessionStorage & { sessions: Map<string, Session> } {
  const sessions = new Map<string, Session>();
  return {
    sessions,
    storeSession: async (s) => Boolean(sessions.set(s.id, s)),
    loadSession: async (id) => sessions.get(id),
    deleteSession: async (id) => sessions.delete(id),
    deleteSessions: async (ids) => ids.every((id) => sessions.delete(id)),
    findSessionsByShop: async (shop) => [...sessions.values()].filter((s) => s.shop === shop),
  };
}

beforeEach(async () => {
  server = await startAdminFrameTestServer();
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    headers.set("X-Forwarded-Host", url.host);
    return fetch(`${server.url}${url.pathname}${url.search}`, { ...init, headers });
  });
});
afterEach(async () => {
  await server.close();
});

function app(sessionStorage: SessionStorage) {
  return shopifyApp({
    apiKey: "test-api-key",
    apiSecretKey: "test-api-secret",
    apiVersion: ApiVersion.October26,
    appUrl: "http://127.0.0.1:3999",
    scopes: server.ctx.config.scopes,
    authPathPrefix: "/auth",
    sessionStorage,
    distribution: AppDistribution.AppStore,
    // As app/shopify.server.ts: embedded auth by token exchange.
    future: { unstable_newEmbeddedAuthStrategy: true },
    logger: { level: 0 },
  });
}

async function frameSrc(path: string): Promise<string> {
  const html = await (await fetch(`${server.url}${path}`)).text();
  const match = /<iframe[^>]*src="([^"]+)"/.exec(html);
  return (match?.[1] ?? "").replace(/&#38;/g, "&");
}

describe("authenticate.admin against the admin frame", () => {
  it("accepts the frame's first request and gets an offline token from the dev store", async () => {
    // GIVEN the URL the admin frame loads in its iframe
    const src = await frameSrc("/store/tsunagu-demo/apps/tsunagu?locale=ja");
    const storage = memorySessions();
    // WHEN the app authenticates that request
    const { session } = await app(storage).authenticate.admin(new Request(src));
    // THEN it holds an offline session whose token the dev store issued
    expect(session).toMatchObject({ id: `offline_${TEST_SHOP.domain}`, shop: TEST_SHOP.domain, isOnline: false });
    expect(records(server.ctx.db).getToken(session.accessToken ?? "")).toMatchObject({ shop: TEST_SHOP.domain });
    expect(storage.sessions.size).toBe(1);
  });

  it("sends a request without id_token to the bounce page with shopify-reload", async () => {
    const src = new URL(await frameSrc("/store/tsunagu-demo/apps/tsunagu/customers"));
    src.searchParams.delete("id_token");
    const thrown = await app(memorySessions())
      .authenticate.admin(new Request(src))
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    const location = new URL((thrown as Response).headers.get("location") ?? "", "http://127.0.0.1:3999");
    expect(location.pathname).toBe("/auth/session-token");
    expect(location.searchParams.get("shopify-reload")).toMatch(/^http:\/\/127\.0\.0\.1:3999\/app\/customers\?/);
  });
});
