/**
 * The inquiry form block's script (extensions/tsunagu-theme/assets/tsunagu-form.js) against a fake window and
 * document: the request it builds and how it reads the pages viewed. The browser behaviour (errors, success, focus)
 * is covered by tests/e2e/inquiry-form.spec.ts. Kept here because the unit project collects tests under devstore/.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const SCRIPT = path.resolve(import.meta.dirname, "../../extensions/tsunagu-theme/assets/tsunagu-form.js");

type Built = { url: string; init: { method: string; headers: Record<string, string>; body: URLSearchParams } };
type FormApi = {
  buildSubmission(form: unknown, env: { pageUrl: string; pages: unknown[]; locale: string }): Built;
  readPages(storage: { getItem(key: string): string | null } | null): Array<{ url: string; title?: string; at?: string }>;
};

let win: { TsunaguForm?: FormApi };

async function load(): Promise<FormApi> {
  vi.resetModules();
  await import(/* @vite-ignore */ SCRIPT);
  if (!win.TsunaguForm) throw new Error("script did not install window.TsunaguForm");
  return win.TsunaguForm;
}

beforeEach(() => {
  win = {};
  vi.stubGlobal("window", win);
  vi.stubGlobal("document", { readyState: "complete", querySelectorAll: () => [], documentElement: { lang: "ja" } });
});
afterEach(() => vi.unstubAllGlobals());

const storageWith = (value: string | null, throws = false) => ({
  getItem: () => {
    if (throws) throw new Error("SecurityError");
    return value;
  },
});

describe("tsunagu-form.js", () => {
  it("reads the pages viewed defensively: bad JSON, a non-list, throwing storage and junk entries are no pages", async () => {
    const api = await load();
    expect(api.readPages(null)).toEqual([]);
    expect(api.readPages(storageWith("{not json"))).toEqual([]);
    expect(api.readPages(storageWith('{"url":"/"}'))).toEqual([]);
    expect(api.readPages(storageWith("[]", true))).toEqual([]);
    const stored = JSON.stringify([null, 3, { url: "" }, { url: "/a", title: "A", at: "2026-11-23T10:00:00Z" }, { url: "/b", time: "2026-11-23T10:01:00Z", title: 7 }]);
    expect(api.readPages(storageWith(stored))).toEqual([
      { url: "/a", title: "A", at: "2026-11-23T10:00:00Z" },
      { url: "/b", at: "2026-11-23T10:01:00Z" },
    ]);
  });

  it("keeps the last 20 pages", async () => {
    const api = await load();
    const pages = Array.from({ length: 25 }, (_, i) => ({ url: `/p${i}` }));
    const read = api.readPages(storageWith(JSON.stringify(pages)));
    expect(read).toHaveLength(20);
    expect(read[0]).toEqual({ url: "/p5" });
  });

  it("builds a form-encoded POST to the app proxy with the page, the pages viewed and the locale, skipping unticked boxes", async () => {
    const api = await load();
    const field = (name: string, value: string, extra: Record<string, unknown> = {}) => ({ name, value, type: "text", disabled: false, ...extra });
    const form = {
      elements: [
        field("name", "山田 花子"),
        field("email", "hanako@example.jp", { type: "email" }),
        field("body", "<script>alert(1)</script>\n届きません"),
        field("consent", "yes", { type: "checkbox", checked: false }),
        field("website", ""),
        field("", "ignored"),
      ],
      getAttribute: (name: string) => (name === "data-proxy-path" ? "/apps/tsunagu/" : null),
    };
    const built = api.buildSubmission(form, { pageUrl: "https://shop.example/pages/contact", pages: [{ url: "/a" }], locale: "ja" });
    expect(built.url).toBe("/apps/tsunagu/inquiries?locale=ja");
    expect(built.init.method).toBe("POST");
    expect(built.init.headers).toEqual({ Accept: "application/json", "Accept-Language": "ja" });
    expect(Object.fromEntries(built.init.body)).toEqual({
      name: "山田 花子",
      email: "hanako@example.jp",
      body: "<script>alert(1)</script>\n届きません",
      website: "",
      page_url: "https://shop.example/pages/contact",
      pages_viewed: '[{"url":"/a"}]',
      locale: "ja",
    });
  });

  it("does not install itself twice", async () => {
    const first = await load();
    await import(/* @vite-ignore */ `${SCRIPT}?again`);
    expect(win.TsunaguForm).toBe(first);
  });
});
