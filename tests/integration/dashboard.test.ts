/** The dashboard on the home page: a staff member's layout is theirs alone, and bad layouts are refused. */
import { describe, expect, it } from "vitest";
import { appDb, devstore, openAdmin, stack, syncedShop } from "../support/clients";

type Shop = Awaited<ReturnType<typeof devstore.createShop>>;

const installed = (locale: "ja" | "en" = "ja") => syncedShop(locale);

/** A request from inside the embedded app as staff member `user` (the session token's `sub`). */
async function asStaff(shop: Shop, user: number, path: string, init: RequestInit = {}) {
  const token = await devstore.sessionToken(shop.handle, user);
  return fetch(`${stack().appUrl}${path}`, {
    ...init,
    headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}`, "user-agent": "Mozilla/5.0 Chrome/156.0" },
  });
}

/** The layout the home page renders for a staff member: its cards' keys in order. */
async function layoutOf(shop: Shop, user: number): Promise<string[]> {
  // The admin's launch URL for this staff member (as openAdmin, with their own id_token).
  const url = new URL("/app", stack().appUrl);
  const host = Buffer.from(`admin.shopify.com/store/${shop.handle}`).toString("base64url");
  for (const [key, value] of Object.entries({ embedded: "1", shop: shop.domain, host, id_token: await devstore.sessionToken(shop.handle, user) })) {
    url.searchParams.set(key, value);
  }
  const response = await fetch(url, { headers: { "user-agent": "Mozilla/5.0 Chrome/156.0" }, redirect: "manual" });
  expect(response.status).toBe(200);
  return [...(await response.text()).matchAll(/data-card-key="([^"]+)"/g)].map((m) => m[1]!);
}

const saveLayout = (shop: Shop, user: number, cards: unknown) =>
  asStaff(shop, user, "/app.data?index", {
    method: "POST",
    body: new URLSearchParams({ intent: "layout", cards: typeof cards === "string" ? cards : JSON.stringify(cards) }),
  });

describe("the dashboard layout", () => {
  it("is saved for one staff member while another still sees the default", async () => {
    const shop = await installed();
    const before = await layoutOf(shop, 2);

    const saved = await saveLayout(shop, 1, ["revenue", "f2", "orders"]);
    expect(saved.status).toBe(200);

    expect(await layoutOf(shop, 1)).toEqual(["revenue", "f2", "orders"]);
    const theirs = await layoutOf(shop, 2);
    expect(theirs).toEqual(before);
    expect(theirs).toContain("customers");
    const rows = await appDb().dashboardLayout.findMany({ where: { shop: shop.domain } });
    expect(rows.map((r) => [r.userId, JSON.parse(r.cards)])).toEqual([["1", ["revenue", "f2", "orders"]]]);

    // The page itself renders the saved order.
    const html = (await openAdmin(shop, "ja", "/app")).html;
    expect(html.indexOf('data-card-key="revenue"')).toBeGreaterThan(-1);
    expect(html.indexOf('data-card-key="revenue"')).toBeLessThan(html.indexOf('data-card-key="orders"'));
    expect(html).not.toContain('data-card-key="customers"');
  });

  it("refuses unknown cards and duplicates with 400 and keeps the saved layout", async () => {
    const shop = await installed("en");
    expect((await saveLayout(shop, 1, ["orders"])).status).toBe(200);
    const unknown = await saveLayout(shop, 1, ["orders", "<script>"]);
    expect(unknown.status).toBe(400);
    // In the staff member's language (English here, from Accept-Language).
    expect(await unknown.text()).toContain("The layout names a card that does not exist.");
    expect((await saveLayout(shop, 1, ["orders", "orders"])).status).toBe(400);
    expect((await saveLayout(shop, 1, "not json")).status).toBe(400);
    expect(await layoutOf(shop, 1)).toEqual(["orders"]);
  });

  it("saves the date range per staff member and refuses a reversed custom range", async () => {
    const shop = await installed();
    const range = (user: number, body: Record<string, string>) =>
      asStaff(shop, user, "/app.data?index", { method: "POST", body: new URLSearchParams({ intent: "settings", ...body }) });
    expect((await range(1, { range: "7d", compare: "false" })).status).toBe(200);
    const reversed = await range(1, { range: "custom", from: "2026-11-20", to: "2026-11-01", compare: "true" });
    expect(reversed.status).toBe(400);
    expect(await reversed.text()).toContain("終了日は開始日以降にしてください。");
    const rows = await appDb().dashboardLayout.findMany({ where: { shop: shop.domain } });
    expect(rows.map((r) => [r.userId, JSON.parse(r.settings)])).toEqual([["1", { range: "7d", compare: false }]]);
  });

  it("shows the inquiry cards with the shop's own open, overdue and received inquiries, and their empty states", async () => {
    const empty = await installed("en");
    const emptyHtml = (await openAdmin(empty, "en", "/app")).html;
    expect(emptyHtml).toContain('data-card-key="openInquiries"');
    expect(emptyHtml).toContain("No open inquiries right now.");
    expect(emptyHtml).toContain("No inquiry was first answered in this range.");
    expect(emptyHtml).toContain('data-testid="inquiries-chart-empty"');

    const shop = await installed("ja");
    const other = await installed("ja");
    const now = Date.now();
    const ago = (minutes: number) => new Date(now - minutes * 60_000);
    await appDb().inquiry.createMany({
      data: [
        // Unanswered past its first-response due time: open and overdue.
        { shop: shop.domain, number: 1001, channel: "form", status: "new", createdAt: ago(300), firstResponseDueAt: ago(60) },
        // Answered in 90 business minutes, still open, due later.
        { shop: shop.domain, number: 1002, channel: "chat", status: "open", createdAt: ago(200), firstResponseDueAt: ago(-600), firstRespondedAt: ago(100), firstResponseMinutes: 90, firstResponseBreached: false },
        { shop: shop.domain, number: 1003, channel: "email", status: "resolved", createdAt: ago(120), resolvedAt: ago(10) },
        { shop: other.domain, number: 1001, channel: "form", status: "new", createdAt: ago(30), firstResponseDueAt: ago(20) },
      ],
    });
    const html = (await openAdmin(shop, "ja", "/app")).html;
    const kpi = (key: string) => html.match(new RegExp(`data-card-key="${key}"[\\s\\S]*?data-testid="kpi-value">([^<]*)<`))?.[1];
    expect(kpi("openInquiries")).toBe("2");
    expect(kpi("inquiriesReceived")).toBe("3");
    expect(kpi("firstResponseTime")).toBe("1 時間 30 分");
    // One of the two inquiries with a target missed it.
    expect(kpi("slaBreachRate")).toBe("50.0%");
    expect(html).toContain("期限超過 1件");
    expect(html).toContain("チャネル別の日別問い合わせ件数");
    expect(html).not.toContain('data-testid="inquiries-chart-empty"');
  });
});

