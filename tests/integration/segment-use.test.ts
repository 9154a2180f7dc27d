/**
 * Using a segment through the running app and the dev store: CSV export in both encodings, pushing the members to
 * Shopify as a tag (the worker's batched tagsAdd, seen on the dev store's customers and in the app's own copy) and
 * as a Shopify customer segment (segmentCreate), and tenant isolation.
 */
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { appDb, devstore, eventually, stack, syncedShop } from "../support/clients";

type Shop = Awaited<ReturnType<typeof devstore.createShop>>;

const BUYERS = { type: "group", op: "and", children: [{ type: "condition", field: "ordersCount", operator: "gte", value: 1 }] };
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

const installed = (locale: "ja" | "en") => syncedShop(locale, "tiny", 60_000);

async function request(shop: Shop, path: string, init: { method?: string; form?: Record<string, string> } = {}) {
  const token = await devstore.sessionToken(shop.handle);
  return fetch(`${stack().appUrl}${path}`, {
    method: init.method ?? "GET",
    body: init.form ? new URLSearchParams(init.form) : undefined,
    headers: { authorization: `Bearer ${token}`, "user-agent": CHROME },
  });
}

async function segmentOf(shop: Shop, name = "購入者") {
  return appDb().segment.create({ data: { shop: shop.domain, name, rule: JSON.stringify(BUYERS) } });
}

async function memberIds(shop: Shop): Promise<string[]> {
  const rows = await appDb().customer.findMany({
    where: { shop: shop.domain, ordersCount: { gte: 1 }, deletedAt: null, redactedAt: null },
    select: { shopifyId: true },
  });
  return rows.map((r) => r.shopifyId).sort();
}

/** The dev store's Admin API with the app's offline token, as the app itself calls it. */
async function adminGraphql<T>(shop: Shop, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const session = await appDb().session.findFirstOrThrow({ where: { shop: shop.domain, isOnline: false } });
  const response = await fetch(`${stack().devstoreUrl}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": session.accessToken, "x-forwarded-host": shop.domain },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

describe("exporting a segment as CSV", () => {
  it("streams UTF-8 with a BOM and CP932 with the same Japanese text, headed in the staff member's language", async () => {
    const shop = await installed("ja");
    const segment = await segmentOf(shop, "DM 冬/2026");
    const members = await memberIds(shop);
    expect(members.length).toBeGreaterThan(3);
    const columns = "name,nameKana,zip,prefecture,city,address1,address2,email,ordersCount";

    const utf8 = await request(shop, `/app/segments/${segment.id}/export?columns=${columns}&encoding=utf8bom`);
    expect(utf8.status).toBe(200);
    expect(utf8.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(utf8.headers.get("content-disposition")).toMatch(/^attachment; filename="DM __2026_\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''DM%20%E5%86%AC_2026_\d{4}-\d{2}-\d{2}\.csv$/);
    const utf8Bytes = Buffer.from(await utf8.arrayBuffer());
    expect([...utf8Bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const utf8Text = utf8Bytes.subarray(3).toString("utf8");
    const lines = utf8Text.split("\r\n");
    expect(lines[0]).toBe("氏名,フリガナ,メールアドレス,郵便番号,都道府県,市区町村,番地,建物名・部屋番号,購入回数");
    expect(lines.filter(Boolean)).toHaveLength(members.length + 1);
    expect(utf8Text).toMatch(/[都道府県]/);

    const sjis = await request(shop, `/app/segments/${segment.id}/export?columns=${columns}&encoding=cp932`);
    expect(sjis.status).toBe(200);
    expect(sjis.headers.get("content-type")).toBe("text/csv; charset=shift_jis");
    const sjisText = iconv.decode(Buffer.from(await sjis.arrayBuffer()), "cp932");
    // The seed's text fits CP932 (WAVE DASH aside, which becomes the fullwidth tilde Excel shows).
    expect(sjisText).toBe(utf8Text.replaceAll("\u301C", "\uFF5E"));
  });

  it("answers 400 with messages in the staff member's language for bad columns, 404 for another shop's segment", async () => {
    const shop = await installed("en");
    const segment = await segmentOf(shop);
    const bad = await request(shop, `/app/segments/${segment.id}/export?columns=password&encoding=utf8bom`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: [{ field: "columns", message: "Choose columns from the list." }] });
    const intruder = await installed("en");
    const stolen = await request(intruder, `/app/segments/${segment.id}/export?columns=email&encoding=utf8bom`);
    expect(stolen.status).toBe(404);
  });
});

describe("pushing a segment to Shopify", () => {
  it("tags every member in the dev store through the worker and shows the tags in the app", async () => {
    const shop = await installed("ja");
    const segment = await segmentOf(shop);
    const members = await memberIds(shop);

    const refused = await request(shop, `/app/segments/${segment.id}/push.data`, { method: "POST", form: { intent: "tags", tag: "a,b" } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("タグにカンマは使えません。");
    const queued = await request(shop, `/app/segments/${segment.id}/push.data`, { method: "POST", form: { intent: "tags", tag: "冬のDM" } });
    expect(queued.status).toBe(202);

    const push = await eventually(
      () => appDb().segmentPush.findFirstOrThrow({ where: { shop: shop.domain, segmentId: segment.id, kind: "tags" } }),
      (p) => p.status === "succeeded" || p.status === "failed",
      60_000,
    );
    expect(push).toMatchObject({ status: "succeeded", processed: members.length, failed: 0, total: members.length });

    const { customers } = await adminGraphql<{ customers: { nodes: Array<{ id: string; tags: string[] }> } }>(
      shop,
      "{ customers(first: 250) { nodes { id tags } } }",
    );
    const tagged = customers.nodes.filter((c) => c.tags.includes("冬のDM")).map((c) => c.id.split("/").pop()!).sort();
    expect(tagged).toEqual(members);
    expect(customers.nodes.length).toBeGreaterThan(members.length);

    const local = await appDb().customerTag.findMany({ where: { shop: shop.domain, tag: "冬のDM" }, select: { customerShopifyId: true } });
    expect(local.map((t) => t.customerShopifyId).sort()).toEqual(members);

    const history = await request(shop, `/app/segments/${segment.id}/push`);
    expect(history.status).toBe(200);
    const panel = (await history.json()) as { pushes: Array<{ tag: string; status: string }>; shopifyQl: { ok: boolean; query?: string } };
    expect(panel.pushes[0]).toMatchObject({ tag: "冬のDM", status: "succeeded" });
    expect(panel.shopifyQl).toEqual({ ok: true, query: "number_of_orders >= 1" });
  });

  it("creates a Shopify segment from the rule, and refuses a duplicate name as Shopify does", async () => {
    const shop = await installed("en");
    const segment = await segmentOf(shop, "Buyers");

    const created = await request(shop, `/app/segments/${segment.id}/push.data`, { method: "POST", form: { intent: "shopifySegment", name: "Tsunagu buyers" } });
    expect(created.status).toBe(200);
    const push = await appDb().segmentPush.findFirstOrThrow({ where: { shop: shop.domain, kind: "shopifySegment" } });
    expect(push).toMatchObject({ status: "succeeded", query: "number_of_orders >= 1" });
    const { segment: inShopify } = await adminGraphql<{ segment: { name: string; query: string } | null }>(shop, "query($id: ID!) { segment(id: $id) { name query } }", {
      id: push.shopifySegmentId,
    });
    expect(inShopify).toEqual({ name: "Tsunagu buyers", query: "number_of_orders >= 1" });

    const duplicate = await request(shop, `/app/segments/${segment.id}/push.data`, { method: "POST", form: { intent: "shopifySegment", name: "Tsunagu buyers" } });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain("Shopify already has a segment with this name.");
  });

  it("does not let another shop push or cancel this shop's segment", async () => {
    const shop = await installed("ja");
    const segment = await segmentOf(shop);
    const intruder = await installed("ja");
    const pushed = await request(intruder, `/app/segments/${segment.id}/push.data`, { method: "POST", form: { intent: "tags", tag: "x" } });
    expect(pushed.status).toBe(404);
    expect(await appDb().segmentPush.count({ where: { segmentId: segment.id } })).toBe(0);
  });
});
