import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { mintSessionToken, verifySessionToken } from "./session-token";

const config = { apiKey: "test-api-key", apiSecret: "test-api-secret" };
const shop = "tsunagu-demo.myshopify.com";

function library(apiKey = config.apiKey, apiSecretKey = config.apiSecret) {
  return shopifyApi({
    apiKey,
    apiSecretKey,
    apiVersion: ApiVersion.October26,
    hostName: "127.0.0.1:3000",
    hostScheme: "http",
    isEmbeddedApp: true,
    scopes: ["read_customers"],
    logger: { level: 0 },
  });
}

describe("session tokens", () => {
  it("are accepted by @shopify/shopify-api's decodeSessionToken with Shopify's claims", async () => {
    const token = mintSessionToken(config, shop, 2);
    const payload = await library().session.decodeSessionToken(token);
    expect(payload).toMatchObject({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: config.apiKey,
      sub: "2",
    });
    expect(payload.exp - payload.iat).toBe(60);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.sid).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keep one sid per staff user and shop, and a fresh jti per token", () => {
    const decode = (t: string) => JSON.parse(Buffer.from(t.split(".")[1] ?? "", "base64url").toString()) as Record<string, string>;
    const a = decode(mintSessionToken(config, shop, 1));
    const b = decode(mintSessionToken(config, shop, 1));
    const other = decode(mintSessionToken(config, shop, 3));
    expect(a.sid).toBe(b.sid);
    expect(a.jti).not.toBe(b.jti);
    expect(other.sid).not.toBe(a.sid);
  });

  it("are refused by the library when signed with another secret", async () => {
    const token = mintSessionToken({ ...config, apiSecret: "someone-else" }, shop, 1);
    await expect(library().session.decodeSessionToken(token)).rejects.toThrow(/signature/i);
  });

  it("are refused by the library once expired", async () => {
    const token = mintSessionToken(config, shop, 1, new Date(Date.now() - 5 * 60_000));
    await expect(library().session.decodeSessionToken(token)).rejects.toThrow(/exp/i);
  });

  it("verify locally: valid, bad signature, wrong audience, expired, not yet valid", () => {
    const now = new Date("2026-11-01T00:00:00Z");
    const opts = { secret: config.apiSecret, audience: config.apiKey, now };
    const token = mintSessionToken(config, shop, 1, now);
    expect(verifySessionToken(token, opts)).toMatchObject({ ok: true, shop });
    expect(verifySessionToken(`${token.slice(0, -2)}xx`, opts)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifySessionToken(token, { ...opts, audience: "other" })).toEqual({ ok: false, reason: "wrong_audience" });
    const later = new Date(now.getTime() + 71_000);
    expect(verifySessionToken(token, { ...opts, now: later })).toEqual({ ok: false, reason: "expired" });
    const earlier = new Date(now.getTime() - 11_000);
    expect(verifySessionToken(token, { ...opts, now: earlier })).toEqual({ ok: false, reason: "not_yet_valid" });
    expect(verifySessionToken("not-a-jwt", opts)).toEqual({ ok: false, reason: "malformed" });
  });
});
