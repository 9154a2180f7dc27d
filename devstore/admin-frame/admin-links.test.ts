/**
 * shopify://admin/... deep links, end to end without a browser: the App Bridge stand-in (public/app-bridge.js) and
 * the admin page script (public/admin-frame.js) run in node:vm with just the DOM surface they touch; the message one
 * posts is handed to the other, and the admin URL it lands on is fetched from the admin-frame routes.
 * The same flows in real Chromium: manual-check.ts.
 */
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeOrder } from "../admin-api/test-support";
import { type AdminFrameTestServer, startAdminFrameTestServer, TEST_SHOP } from "./test-server";

const PUBLIC_DIR = path.join(import.meta.dirname, "public");
const APP_ORIGIN = "http://127.0.0.1:3999";
const APP_BRIDGE = fs.readFileSync(path.join(PUBLIC_DIR, "app-bridge.js"), "utf8");
const ADMIN_FRAME = fs.readFileSync(path.join(PUBLIC_DIR, "admin-frame.js"), "utf8");

type Posted = { message: Record<string, unknown>; targetOrigin: string };
type Listener = (event: FakeEvent) => void;
type FakeEvent = {
  type: string;
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  target: unknown;
  preventDefault(): void;
};

/** The App Bridge stand-in loaded into an app page at {APP_ORIGIN}/app, framed by the admin at devstoreOrigin or not. */
function loadAppBridge(opts: { devstoreOrigin: string; embedded: boolean }) {
  const posted: Posted[] = [];
  const opened: unknown[][] = [];
  const assigned: string[] = [];
  const listeners: Record<string, Listener[]> = {};
  const storage = new Map<string, string>();
  const search = `?embedded=1&shop=${TEST_SHOP.domain}&host=abc&locale=ja`;
  const win: Record<string, unknown> = {
    location: { href: `${APP_ORIGIN}/app${search}`, origin: APP_ORIGIN, pathname: "/app", search, assign: (u: string) => assigned.push(u) },
    document: {
      currentScript: { src: `${opts.devstoreOrigin}/cdn/app-bridge.js`, getAttribute: () => "test-api-key" },
      createElement: () => ({}),
      head: { appendChild() {} },
      querySelector: () => null,
      addEventListener: (type: string, fn: Listener) => (listeners[type] ??= []).push(fn),
    },
    history: { pushState() {}, replaceState() {} },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) },
    fetch: async () => new Response(""),
    open: (...args: unknown[]) => {
      opened.push(args);
      return null;
    },
    addEventListener() {},
    removeEventListener() {},
    URL,
    URLSearchParams,
    Request,
    atob,
    setTimeout,
    clearTimeout,
  };
  win.window = win;
  win.parent = opts.embedded
    ? { postMessage: (message: Record<string, unknown>, targetOrigin: string) => posted.push({ message, targetOrigin }) }
    : win;
  vm.createContext(win);
  vm.runInContext(APP_BRIDGE, win);

  /** A click (or Enter, which browsers turn into a click) on an element inside an anchor with these attributes. */
  function click(attrs: Record<string, string>, init: Partial<FakeEvent> = {}): FakeEvent {
    const anchor = { getAttribute: (name: string) => attrs[name] ?? null };
    const event: FakeEvent = {
      type: "click",
      button: 0,
      metaKey: false,
      ctrlKey: false,
      shiftKey: false,
      altKey: false,
      defaultPrevented: false,
      target: { closest: (selector: string) => (selector === "a[href]" && "href" in attrs ? anchor : null) },
      preventDefault() {
        this.defaultPrevented = true;
      },
      ...init,
    };
    for (const listener of listeners[event.type] ?? []) listener(event);
    return event;
  }
  const redirects = () => posted.filter((p) => p.message.type === "redirect");
  const open = (...args: unknown[]) => (win.window as { open: (...a: unknown[]) => unknown }).open(...args);
  return { posted, redirects, opened, assigned, click, open };
}

/** The admin page script on {devstoreOrigin}/store/tsunagu-demo/apps/tsunagu, framing the app, for staff member 2. */
function loadAdminFrame(opts: { devstoreOrigin: string }) {
  const assigned: string[] = [];
  const opened: unknown[][] = [];
  let onMessage: ((event: { origin: string; source: unknown; data: unknown }) => void) | undefined;
  const appWindow = { postMessage() {} };
  const element = () => ({
    textContent: "",
    hidden: true,
    addEventListener() {},
    setAttribute() {},
    getAttribute: () => "/app",
    removeAttribute() {},
    querySelectorAll: () => [],
    appendChild() {},
  });
  const config = {
    appOrigin: APP_ORIGIN,
    adminBase: "/store/tsunagu-demo/apps/tsunagu",
    handle: "tsunagu-demo",
    userId: 2,
    locale: "ja",
    appName: "Tsunagu",
    sessionTokenUrl: "/store/tsunagu-demo/session-token?user=2",
    strings: { dismiss: "閉じる" },
  };
  const win: Record<string, unknown> = {
    location: {
      origin: opts.devstoreOrigin,
      href: `${opts.devstoreOrigin}/store/tsunagu-demo/apps/tsunagu?locale=ja&user=2`,
      pathname: "/store/tsunagu-demo/apps/tsunagu",
      search: "?locale=ja&user=2",
      assign: (u: string) => assigned.push(u),
    },
    document: {
      getElementById: (id: string) =>
        id === "admin-frame-config" ? { textContent: JSON.stringify(config) } : id === "app-frame" ? { contentWindow: appWindow } : element(),
      querySelector: () => element(),
      title: "",
    },
    history: { replaceState() {} },
    open: (...args: unknown[]) => {
      opened.push(args);
      return null;
    },
    addEventListener: (type: string, fn: typeof onMessage) => {
      if (type === "message") onMessage = fn;
    },
    URL,
    URLSearchParams,
    setTimeout,
  };
  win.window = win;
  vm.createContext(win);
  vm.runInContext(ADMIN_FRAME, win);
  const receive = (data: unknown, from: { origin?: string; source?: unknown } = {}) =>
    onMessage?.({ origin: from.origin ?? APP_ORIGIN, source: "source" in from ? from.source : appWindow, data });
  return { assigned, opened, receive };
}

let server: AdminFrameTestServer;
beforeEach(async () => {
  server = await startAdminFrameTestServer();
});
afterEach(async () => {
  await server.close();
});

describe("App Bridge stand-in: shopify://admin links", () => {
  it("asks the admin frame, at the dev store's origin only, to navigate the top window on a plain click", () => {
    const bridge = loadAppBridge({ devstoreOrigin: server.url, embedded: true });
    const event = bridge.click({ href: "shopify://admin/orders/5000000000123" });
    expect(event.defaultPrevented).toBe(true);
    expect(bridge.redirects()).toEqual([
      {
        message: { source: "tsunagu-devstore:app", type: "redirect", url: "shopify://admin/orders/5000000000123", target: "_top" },
        targetOrigin: server.url,
      },
    ]);
  });

  it("opens a new tab for Ctrl/Cmd/Shift-click, middle click and target=_blank; target=_top stays in the admin", () => {
    const bridge = loadAppBridge({ devstoreOrigin: server.url, embedded: true });
    bridge.click({ href: "shopify://admin/customers/7" }, { ctrlKey: true });
    bridge.click({ href: "shopify://admin/customers/7" }, { metaKey: true });
    bridge.click({ href: "shopify://admin/customers/7" }, { shiftKey: true });
    bridge.click({ href: "shopify://admin/customers/7" }, { type: "auxclick", button: 1 });
    bridge.click({ href: "shopify://admin/products/9", target: "_blank" });
    bridge.click({ href: "shopify://admin/products/9", target: "_top" });
    expect(bridge.redirects().map((p) => p.message.target)).toEqual(["_blank", "_blank", "_blank", "_blank", "_blank", "_top"]);
  });

  it("leaves other links, other buttons and clicks the app already handled to the browser", () => {
    const bridge = loadAppBridge({ devstoreOrigin: server.url, embedded: true });
    const results = [
      bridge.click({ href: "/app/customers" }),
      bridge.click({ href: "https://example.com/shopify://admin/orders/1" }),
      bridge.click({}),
      bridge.click({ href: "shopify://admin/orders/1" }, { button: 2 }),
      bridge.click({ href: "shopify://admin/orders/1" }, { type: "auxclick", button: 2 }),
      bridge.click({ href: "shopify://admin/orders/1" }, { defaultPrevented: true }),
    ];
    expect(results.map((e) => e.defaultPrevented)).toEqual([false, false, false, false, false, true]);
    expect(bridge.redirects()).toEqual([]);
  });

  it("follows open('shopify://admin/...') like App Bridge: the admin's window by default, a new tab with _blank", () => {
    const bridge = loadAppBridge({ devstoreOrigin: server.url, embedded: true });
    expect(bridge.open("shopify://admin/orders/1", "_top")).toBeNull();
    bridge.open("shopify:admin/products/2");
    bridge.open("shopify://admin/customers/3", "_blank");
    expect(bridge.redirects().map((p) => [p.message.url, p.message.target])).toEqual([
      ["shopify://admin/orders/1", "_top"],
      ["shopify:admin/products/2", "_top"],
      ["shopify://admin/customers/3", "_blank"],
    ]);
    // The browser's own open never sees a shopify: URL.
    expect(bridge.opened).toEqual([]);
  });

  it("goes to the dev store's admin page itself when it is not framed", () => {
    const bridge = loadAppBridge({ devstoreOrigin: server.url, embedded: false });
    bridge.click({ href: "shopify://admin/orders/5" });
    bridge.click({ href: "shopify://admin/orders/6" }, { ctrlKey: true });
    expect(bridge.assigned).toEqual([`${server.url}/store/tsunagu-demo/orders/5?locale=ja`]);
    expect(bridge.opened).toEqual([[`${server.url}/store/tsunagu-demo/orders/6?locale=ja`, "_blank", "noopener"]]);
  });
});

describe("admin frame: redirect messages", () => {
  it("maps shopify://admin paths onto this store's admin pages, keeping the language and staff member", () => {
    const admin = loadAdminFrame({ devstoreOrigin: server.url });
    admin.receive({ source: "tsunagu-devstore:app", type: "redirect", url: "shopify://admin/customers/7", target: "_top" });
    admin.receive({ source: "tsunagu-devstore:app", type: "redirect", url: "shopify://admin/products/9", target: "_blank" });
    expect(admin.assigned).toEqual([`${server.url}/store/tsunagu-demo/customers/7?locale=ja&user=2`]);
    expect(admin.opened).toEqual([[`${server.url}/store/tsunagu-demo/products/9?locale=ja&user=2`, "_blank", "noopener"]]);
  });

  it("ignores redirects from another origin, another window, or to hosts it does not know", () => {
    const admin = loadAdminFrame({ devstoreOrigin: server.url });
    const message = { source: "tsunagu-devstore:app", type: "redirect", url: "shopify://admin/orders/1", target: "_top" };
    admin.receive(message, { origin: "https://evil.example" });
    admin.receive(message, { source: { postMessage() {} } });
    admin.receive({ ...message, url: "https://evil.example/phish" });
    admin.receive({ ...message, url: "https://admin.shopify.com/store/other-shop/orders/1" });
    expect(admin.assigned).toEqual([]);
    expect(admin.opened).toEqual([]);
  });

  it("takes a click on an order link in the app to that order's admin page", async () => {
    // GIVEN an order of the shop, linked from the app the way the app renders it
    const order = makeOrder(server.ctx, TEST_SHOP.domain, { name: "#1001" });
    const bridge = loadAppBridge({ devstoreOrigin: server.url, embedded: true });
    const admin = loadAdminFrame({ devstoreOrigin: server.url });
    // WHEN the merchant activates the link (click or Enter)
    bridge.click({ href: `shopify://admin/orders/${order.id}` });
    for (const { message, targetOrigin } of bridge.redirects()) {
      expect(targetOrigin).toBe(server.url);
      admin.receive(message);
    }
    // THEN the admin goes to the order page, which shows the order
    expect(admin.assigned).toEqual([`${server.url}/store/tsunagu-demo/orders/${order.id}?locale=ja&user=2`]);
    const res = await fetch(admin.assigned[0]!);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<h1>#1001</h1>");
  });
});
