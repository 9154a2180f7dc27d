import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { describe, expect, it } from "vitest";
import { appProxySignature, signAppProxyQuery } from "../../devstore/storefront/app-proxy";
import { verifyAppProxyQuery } from "./proxy-signature.server";

// The hot path's own check must accept exactly what authenticate.public.appProxy accepts: each case goes to both.
const SECRET = "proxy-test-secret";
const noSessions = {
  storeSession: async () => true,
  loadSession: async () => undefined,
  deleteSession: async () => true,
  deleteSessions: async () => true,
  findSessionsByShop: async () => [],
};
const shopify = shopifyApp({
  apiKey: "proxy-test-key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.October25,
  scopes: ["read_customers"],
  appUrl: "https://app.example",
  sessionStorage: noSessions,
  distribution: AppDistribution.AppStore,
  logger: { level: 0 },
});

async function library(url: string): Promise<boolean> {
  try {
    await shopify.authenticate.public.appProxy(new Request(url, { method: "POST" }));
    return true;
  } catch (error) {
    if (error instanceof Response) return false;
    throw error;
  }
}

function ours(url: string): boolean {
  try {
    return verifyAppProxyQuery(new URL(url), SECRET);
  } catch (error) {
    if (error instanceof Response && error.status === 400) return false;
    throw error;
  }
}

const BASE = "https://app.example/proxy/inquiries";
const signed = (shopper: Record<string, string> = {}, secret = SECRET, now?: Date) =>
  signAppProxyQuery(shopper, { shop: "tsunagu-demo.myshopify.com", customerId: 42, pathPrefix: "/apps/tsunagu", now }, secret);

function cases(): Array<[string, string]> {
  const now = Math.trunc(Date.now() / 1000);
  const valid = signed({ locale: "ja" });
  const withParams = (edit: (q: URLSearchParams) => void, source = valid) => {
    const q = new URLSearchParams(source);
    edit(q);
    return q;
  };
  const resign = (q: URLSearchParams) => {
    q.set("signature", appProxySignature(q, SECRET));
    return q;
  };
  return [
    ["valid", `${BASE}?${valid}`],
    ["no shopper parameters", `${BASE}?${signed()}`],
    ["repeated shopper key, signed joined", `${BASE}?${resign(withParams((q) => q.append("locale", "en")))}`],
    ["shopper keys that sort differently by locale", `${BASE}?${resign(withParams((q) => { q.set("Zeta", "1"); q.set("alpha", "2"); q.set("_x", "3"); q.set("ä", "4"); }))}`],
    ["empty index removed", `${BASE}?${resign(withParams((q) => q.set("index", "")))}&index=`],
    ["index kept", `${BASE}?${resign(withParams((q) => q.set("index", "1")))}`],
    ["tampered shop", `${BASE}?${withParams((q) => q.set("shop", "other.myshopify.com"))}`],
    ["tampered customer", `${BASE}?${withParams((q) => q.set("logged_in_customer_id", "43"))}`],
    ["added parameter", `${BASE}?${withParams((q) => q.set("x", "1"))}`],
    ["wrong secret", `${BASE}?${signed({}, "other-secret")}`],
    ["no signature", `${BASE}?${withParams((q) => q.delete("signature"))}`],
    ["empty signature", `${BASE}?${withParams((q) => q.set("signature", ""))}`],
    ["upper-case signature", `${BASE}?${withParams((q) => q.set("signature", q.get("signature")!.toUpperCase()))}`],
    ["repeated shop", `${BASE}?${valid}&shop=tsunagu-demo.myshopify.com`],
    ["repeated signature", `${BASE}?${valid}&signature=${valid.get("signature")}`],
    ["repeated timestamp", `${BASE}?${valid}&timestamp=${valid.get("timestamp")}`],
    ["old timestamp", `${BASE}?${signed({}, SECRET, new Date(Date.now() - 120_000))}`],
    ["future timestamp", `${BASE}?${signed({}, SECRET, new Date(Date.now() + 120_000))}`],
    ["timestamp within tolerance", `${BASE}?${signed({}, SECRET, new Date(Date.now() - 60_000))}`],
    ["non-integer timestamp", `${BASE}?${resign(withParams((q) => q.set("timestamp", `${now}.5`)))}`],
    ["no timestamp", `${BASE}?${resign(withParams((q) => q.delete("timestamp")))}`],
    ["nothing at all", BASE],
  ];
}

describe("the storefront's app-proxy signature check", () => {
  it("accepts and refuses exactly what authenticate.public.appProxy does", async () => {
    const table = cases();
    const answers = await Promise.all(table.map(async ([name, url]) => [name, await library(url), ours(url)] as const));
    for (const [name, theirs, mine] of answers) expect({ name, accepted: mine }).toEqual({ name, accepted: theirs });
    // The table covers both outcomes.
    expect(answers.filter(([, theirs]) => theirs).length).toBeGreaterThan(3);
    expect(answers.filter(([, theirs]) => !theirs).length).toBeGreaterThan(10);
  });
});
