/**
 * The chat UI's request building and message merging (extensions/tsunagu-theme/assets/tsunagu-chat.js), without a
 * DOM or network. The widget itself is driven in Chromium by tests/e2e/chat.spec.ts. It lives here because the unit
 * project collects tests under devstore/, and a Shopify extension folder holds only what the CLI deploys.
 */
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

const SCRIPT = path.resolve(import.meta.dirname, "../../extensions/tsunagu-theme/assets/tsunagu-chat.js");

type Message = { id: string; author: string; body: string };
type ChatApi = {
  mergeMessages(list: Message[], incoming: Message[] | undefined): Message[];
  sendPayload(state: Record<string, unknown>): Record<string, unknown>;
  nextOpenText(iso: string | null, locale: string, timeZone?: string): string;
};

async function load(): Promise<ChatApi> {
  const win: { TsunaguChat?: ChatApi } = {};
  vi.stubGlobal("window", win);
  vi.stubGlobal("document", {});
  vi.resetModules();
  await import(/* @vite-ignore */ SCRIPT);
  if (!win.TsunaguChat) throw new Error("script did not install window.TsunaguChat");
  return win.TsunaguChat;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("tsunagu-chat.js helpers", () => {
  it("appends new messages once each, in arrival order, even when a poll repeats one", async () => {
    const chat = await load();
    const a = { id: "a", author: "shopper", body: "在庫は？" };
    const b = { id: "b", author: "agent", body: "ございます" };
    const c = { id: "c", author: "shopper", body: "ありがとう" };
    expect(chat.mergeMessages([a], [a, b]).map((m) => m.id)).toEqual(["a", "b"]);
    expect(chat.mergeMessages([a, b], [c]).map((m) => m.id)).toEqual(["a", "b", "c"]);
    expect(chat.mergeMessages([a], undefined)).toEqual([a]);
  });

  it("sends the page and the pages viewed with the first message, and only the token with later ones", async () => {
    const chat = await load();
    const pages = Array.from({ length: 25 }, (_, i) => ({ url: `/p/${i}` }));
    const first = chat.sendPayload({ body: "  質問です  ", name: "山田 花子", email: "hanako@example.jp", pageUrl: "/products/tea", pagesViewed: pages });
    expect(first).toEqual({
      body: "質問です",
      name: "山田 花子",
      email: "hanako@example.jp",
      pageUrl: "/products/tea",
      pagesViewed: pages.slice(-20),
    });
    const later = chat.sendPayload({ token: "tok_123", body: "追伸", name: "山田 花子", pageUrl: "/cart", pagesViewed: pages });
    expect(later).toEqual({ token: "tok_123", body: "追伸" });
  });

  it("caps a message at 2,000 characters before sending", async () => {
    const chat = await load();
    expect((chat.sendPayload({ body: "あ".repeat(2_500) }).body as string).length).toBe(2_000);
  });

  it("writes the next opening in the shopper's language", async () => {
    const chat = await load();
    const iso = "2026-11-24T12:00:00.000Z"; // the 24th in every time zone from UTC−11 to UTC+11
    expect(chat.nextOpenText(iso, "ja")).toMatch(/11月24日/);
    expect(chat.nextOpenText(iso, "en")).toMatch(/Nov 24/);
    expect(chat.nextOpenText(null, "ja")).toBe("");
  });

  it("writes the next opening on the shop's clock, not the shopper's", async () => {
    const chat = await load();
    // 09:00 in Tokyo is 00:00 UTC: a shopper whose browser runs on UTC must still read 9:00.
    const iso = "2026-11-24T00:00:00.000Z";
    expect(chat.nextOpenText(iso, "ja", "Asia/Tokyo")).toMatch(/11月24日\(火\) 9:00/);
    expect(chat.nextOpenText(iso, "en", "Asia/Tokyo")).toMatch(/9:00\sAM GMT\+9|9:00\sAM JST/);
  });
});
