/**
 * Using a saved segment in Chromium, ja and en: export its members (the browser's download, bytes checked: CP932 and
 * UTF-8 with BOM), push them to Shopify as a tag and see the tag on a member in the dev store, with axe on the dialogs.
 * The segment is saved through the app's own create action (as the builder's Save does).
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import iconv from "iconv-lite";
import fs from "node:fs";
import { expect, test, urls, devstoreControl as control } from "./fixtures";

const SHOP = "tsunagu-demo.myshopify.com";
const BUYERS = JSON.stringify({ type: "group", op: "and", children: [{ type: "condition", field: "ordersCount", operator: "gte", value: 1 }] });

const LANGUAGES = [
  {
    locale: "ja",
    heading: "セグメントの活用",
    exportButton: "CSVエクスポート",
    encoding: "Shift_JIS（CP932）— 以前のExcelや宛名印刷ソフト",
    exportSubmit: "エクスポート",
    header: "氏名,フリガナ,メールアドレス,電話番号,郵便番号,都道府県,市区町村,番地,建物名・部屋番号,会社名",
    pushButton: "Shopifyに反映",
    tagField: "タグ",
    pushSubmit: "反映",
    queued: "反映を開始しました。",
    done: "完了",
    decode: (bytes: Buffer) => {
      expect(bytes[0]).not.toBe(0xef);
      return iconv.decode(bytes, "cp932");
    },
  },
  {
    locale: "en",
    heading: "Use this segment",
    exportButton: "Export CSV",
    encoding: "UTF-8 (with BOM) — Excel 2016 and later, Google Sheets, Numbers",
    exportSubmit: "Export",
    header: "Name,Name reading (kana),Email,Phone,Postal code,Prefecture,City,Address,Building and room,Company",
    pushButton: "Push to Shopify",
    tagField: "Tag",
    pushSubmit: "Push",
    queued: "The push was queued.",
    done: "Done",
    decode: (bytes: Buffer) => {
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return bytes.subarray(3).toString("utf8");
    },
  },
] as const;

let member: { id: number; name: string };

/** axe on this feature's parts inside the app frame (the card, an open dialog), not on the rest of the page. */
async function expectNoAxeViolationsIn(page: Page, selector: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .include(["iframe", selector])
    .analyze();
  expect(results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Saves a segment through the app's create action, as the builder does, and returns its id. */
async function saveSegment(name: string): Promise<string> {
  const { token } = (await (await fetch(`${urls.devstore()}/store/tsunagu-demo/session-token?user=1`)).json()) as { token: string };
  const response = await fetch(`${urls.app()}/app/segments/new.data`, {
    method: "POST",
    body: new URLSearchParams({ intent: "create", name, description: "", rule: BUYERS }),
    headers: { authorization: `Bearer ${token}`, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36" },
  });
  expect(response.status).toBe(201);
  // The single-fetch answer is a turbo-stream; the new segment's id is the one cuid in it.
  const id = /"(c[a-z0-9]{20,})"/.exec(await response.text())?.[1];
  if (!id) throw new Error("no segment id in the create answer");
  return id;
}

test.describe("using a segment", () => {
  test.beforeAll(async ({ browser }) => {
    // The merchant has opened the app (installed, synced); a shopper with a Japanese name buys once, so is a member.
    const page = await browser.newPage();
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu?locale=ja`);
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "顧客数" })).toBeVisible({ timeout: 30_000 });
    await page.close();
    const { products } = await control<{ products: Array<{ variants: Array<{ id: number; inventoryQuantity: number }> }> }>("GET", `/shops/${SHOP}/products`);
    const variant = products.flatMap((p) => p.variants).find((v) => v.inventoryQuantity > 5)!;
    const { customer } = await control<{ customer: { id: number } }>("POST", `/shops/${SHOP}/customers`, {
      firstName: "花子",
      lastName: "髙橋",
      email: `segment-use-${Date.now()}@example.jp`,
    });
    await control("POST", `/shops/${SHOP}/orders`, { customerId: customer.id, sourceName: "web", lines: [{ variantId: variant.id, quantity: 1 }] });
    await control("POST", "/webhooks/idle?timeoutMs=30000");
    member = { id: customer.id, name: "髙橋 花子" };
  });

  for (const l of LANGUAGES) {
    test(`exports the members and pushes them as a tag (${l.locale})`, async ({ page }) => {
      const segmentId = await saveSegment(`DM ${l.locale} ${Date.now()}`);
      await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/segments/${segmentId}?locale=${l.locale}`);
      const app = page.frameLocator("iframe");
      await expect(app.getByRole("heading", { name: l.heading })).toBeVisible({ timeout: 30_000 });

      // Export: choose the encoding, download, check the bytes.
      await app.getByRole("button", { name: l.exportButton }).click();
      const dialog = app.getByRole("dialog");
      await dialog.getByText(l.encoding).click();
      await expect(dialog.getByLabel(l.encoding)).toBeChecked();
      await expectNoAxeViolationsIn(page, "[role=dialog]");
      const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: l.exportSubmit, exact: true }).click()]);
      const file = await download.path();
      const text = l.decode(fs.readFileSync(file));
      const lines = text.split("\r\n");
      expect(lines[0]).toBe(l.header);
      expect(lines.some((line) => line.startsWith(`${member.name},`))).toBe(true);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^DM ${l.locale} \\d+_\\d{4}-\\d{2}-\\d{2}\\.csv$`));

      // Push as a tag: queued, then done with every member counted; the tag is on the member in the dev store.
      const tag = `dm-${l.locale}-${Date.now()}`;
      await app.getByRole("button", { name: l.pushButton }).click();
      const push = app.getByRole("dialog");
      await push.getByRole("textbox", { name: l.tagField }).fill(tag);
      await expectNoAxeViolationsIn(page, "[role=dialog]");
      await push.getByRole("button", { name: l.pushSubmit, exact: true }).click();
      await expect(app.getByText(l.queued)).toBeVisible();
      await expect(app.getByText(tag)).toBeVisible();
      await expect(app.getByText(l.done, { exact: true }).first()).toBeVisible({ timeout: 45_000 });
      const { customer } = await control<{ customer: { tags: string[] } }>("PATCH", `/shops/${SHOP}/customers/${member.id}`, {});
      expect(customer.tags).toContain(tag);
      await expectNoAxeViolationsIn(page, "[data-segment-use]");
    });
  }
});
