/**
 * The theme extension's storefront script (extensions/tsunagu-theme/assets/tsunagu.js) run against a fake
 * window, document and sessionStorage. It lives here because the unit project only collects tests under devstore/,
 * and a Shopify extension folder must hold only what the CLI deploys.
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const SCRIPT = path.resolve(import.meta.dirname, "../../extensions/tsunagu-theme/assets/tsunagu.js");

type BuiltRequest = { url: string; init: { method: string; headers: Record<string, string>; body?: string } };
type TsunaguApi = {
  config: { proxyPath: string; locale: string; shop: string; customerId: string | null };
  pagesViewed(): Array<{ url: string; title: string; at: string }>;
  proxyFetch(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  buildRequest(path: string, init?: { method?: string; body?: unknown }): BuiltRequest;
};
type FakeWindow = {
  Tsunagu?: TsunaguApi;
  sessionStorage: Storage;
  location: { pathname: string; search: string };
  fetch: (url: string, init: RequestInit) => Promise<Response>;
};

function fakeStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

const sent: Array<{ url: string; init: RequestInit }> = [];
let win: FakeWindow;

function visit(pathname: string, title: string, dataset: Record<string, string> = {}) {
  win.location = { pathname, search: "" };
  const script = { dataset: { proxyPath: "/apps/tsunagu", locale: "ja", shop: "tsunagu-demo.myshopify.com", customerId: "", ...dataset } };
  const doc = { currentScript: script, title, documentElement: { lang: "ja" }, querySelector: () => script };
  vi.stubGlobal("window", win);
  vi.stubGlobal("document", doc);
}

async function load(): Promise<TsunaguApi> {
  vi.resetModules();
  await import(/* @vite-ignore */ SCRIPT);
  if (!win.Tsunagu) throw new Error("script did not install window.Tsunagu");
  return win.Tsunagu;
}

/** A new page load in the same tab: a fresh window object, the same sessionStorage. */
function newPage(storage: Storage) {
  win = {
    sessionStorage: storage,
    location: { pathname: "/", search: "" },
    fetch: async (url, init) => {
      sent.push({ url, init });
      return new Response("{}", { headers: { "Content-Type": "application/json" } });
    },
  };
}

beforeEach(() => {
  sent.length = 0;
  newPage(fakeStorage());
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("tsunagu.js storefront script", () => {
  it("records the pages viewed this session, keeping the last 20", async () => {
    const storage = win.sessionStorage;
    for (let i = 1; i <= 22; i += 1) {
      newPage(storage);
      visit(`/products/p-${i}`, `商品 ${i}`);
      await load();
    }
    const pages = win.Tsunagu!.pagesViewed();
    expect(pages).toHaveLength(20);
    expect(pages[0]).toMatchObject({ url: "/products/p-3", title: "商品 3" });
    expect(pages[19]).toMatchObject({ url: "/products/p-22", title: "商品 22" });
    expect(Date.parse(pages[19]!.at)).not.toBeNaN();
  });

  it("does not install itself twice when the embed is included twice", async () => {
    visit("/", "Home");
    const first = await load();
    await load();
    expect(win.Tsunagu).toBe(first);
    expect(first.pagesViewed()).toHaveLength(1);
  });

  it("sends JSON to the app proxy with the shopper's locale", async () => {
    visit("/", "Home", { locale: "ja" });
    const api = await load();
    await api.proxyFetch("/inquiries?x=1", { body: { message: "在庫はありますか" } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe("/apps/tsunagu/inquiries?x=1&locale=ja");
    expect(sent[0]!.init.method).toBe("POST");
    expect(sent[0]!.init.body).toBe(JSON.stringify({ message: "在庫はありますか" }));
    expect(sent[0]!.init.headers).toMatchObject({ "Content-Type": "application/json", "Accept-Language": "ja" });
    expect(sent[0]!.init.credentials).toBe("same-origin");
  });

  it("builds a GET without a body when none is given", async () => {
    visit("/", "Home", { locale: "en" });
    const api = await load();
    const request = api.buildRequest("status");
    expect(request.url).toBe("/apps/tsunagu/status?locale=en");
    expect(request.init.method).toBe("GET");
    expect(request.init.body).toBeUndefined();
  });

  it("keeps working when sessionStorage is unavailable", async () => {
    Object.defineProperty(win, "sessionStorage", {
      get() {
        throw new Error("SecurityError");
      },
    });
    visit("/", "Home");
    const api = await load();
    expect(api.pagesViewed()).toEqual([]);
  });

  it("stays far below the 10 KB gzipped budget", () => {
    const gzipped = gzipSync(fs.readFileSync(SCRIPT)).length;
    expect(gzipped).toBeLessThan(4_096);
  });
});
