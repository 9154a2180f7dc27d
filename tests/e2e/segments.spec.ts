/** The segment builder: build a rule, watch the live count change, save the segment and open its members, in ja and en. */
import { expect, expectNoAxeViolations, test, urls, devstoreControl as control } from "./fixtures";

const SHOP = "tsunagu-demo.myshopify.com";
// Per worker: the dev store keeps its customers between runs, and a restarted worker runs beforeAll again.
const TAG = `セグメント検証${Date.now() % 1_000_000}`;

const LANGUAGES = [
  {
    locale: "ja",
    newTitle: "新しいセグメント",
    addCondition: "条件を追加",
    value: "値",
    members: (n: string) => `${n}人が該当`,
    failed: "顧客数を更新できませんでした。条件を確認してください。",
    name: "名前",
    save: "保存",
    created: "セグメントを作成しました",
    viewMembers: "顧客を表示",
    pill: (name: string) => `セグメント：${name}`,
    total: (n: string) => `${n}人の顧客`,
    listTitle: "セグメント",
    field: "項目",
    operator: "条件",
    returns: "返品・交換",
    openHasOne: "あり（新規・対応中・保留）",
  },
  {
    locale: "en",
    newTitle: "New segment",
    addCondition: "Add condition",
    value: "Value",
    members: (n: string) => `${n} customers match`,
    failed: "The count could not be updated. Check the conditions.",
    name: "Name",
    save: "Save",
    created: "Segment created",
    viewMembers: "View members",
    pill: (name: string) => `Segment: ${name}`,
    total: (n: string) => `${n} customers`,
    listTitle: "Segments",
    field: "Field",
    operator: "Operator",
    returns: "Returns & exchanges",
    openHasOne: "has one (new, open or pending)",
  },
] as const;

test.describe("the segment builder", () => {
  test.beforeAll(async ({ browser }) => {
    // The merchant has opened the app once (installed); two customers with a tag of their own arrive from Shopify.
    const page = await browser.newPage();
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu?locale=ja`);
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "顧客数" })).toBeVisible();
    await page.close();
    const stamp = Date.now();
    for (const firstName of ["一子", "二子"]) {
      await control("POST", `/shops/${SHOP}/customers`, { firstName, lastName: "分類", email: `segments-${firstName === "一子" ? 1 : 2}-${stamp}@example.jp`, tags: [TAG] });
    }
    await control("POST", "/webhooks/idle?timeoutMs=30000");
  });

  for (const l of LANGUAGES) {
    test(`builds a segment, counts live, saves it and opens its members (${l.locale})`, async ({ page }) => {
      await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/segments/new?locale=${l.locale}`);
      const app = page.frameLocator("iframe");
      await expect(app.getByRole("heading", { name: l.newTitle, level: 1 })).toBeVisible({ timeout: 30_000 });

      // The empty rule counts every customer of the shop.
      const count = app.getByTestId("segment-count");
      await expect(count).toHaveText(new RegExp(l.members("[\\d,]+").replace(/[()]/g, "\\$&")), { timeout: 30_000 });
      const everyone = Number(((await count.textContent()) ?? "").replace(/[^\d]/g, ""));
      expect(everyone).toBeGreaterThan(2);

      // A tag condition without a value cannot be counted; picking the tag narrows the count to its two customers.
      await app.getByRole("button", { name: l.addCondition }).click();
      await expect(count).toHaveText(l.failed);
      await app.getByLabel(l.value, { exact: true }).fill(TAG);
      await app.getByRole("option", { name: TAG, exact: true }).click();
      await expect(count).toHaveText(l.members("2"), { timeout: 30_000 });
      await expect(app.getByRole("link", { name: "分類 一子" })).toBeVisible();
      await expectNoAxeViolations(page);

      // Save under a new name: the page becomes the saved segment's.
      const name = `${TAG} ${l.locale} ${Date.now()}`;
      await app.getByLabel(l.name, { exact: true }).fill(name);
      await app.getByRole("button", { name: l.save, exact: true }).click();
      await expect(app.getByRole("heading", { name, level: 1 })).toBeVisible({ timeout: 30_000 });
      await expect(count).toHaveText(l.members("2"), { timeout: 30_000 });

      // Its members: the customers index narrowed to the segment, with the segment's pill.
      await app.getByRole("button", { name: l.viewMembers }).or(app.getByRole("link", { name: l.viewMembers })).first().click();
      await expect(app.getByText(l.pill(name))).toBeVisible({ timeout: 30_000 });
      await expect(app.getByText(l.total("2"), { exact: true })).toBeVisible();
      await expect(app.getByRole("link", { name: "分類 二子" })).toBeVisible();
      await expectNoAxeViolations(page);

      // The list of segments shows it with its member count.
      await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/segments?locale=${l.locale}`);
      await expect(app.getByRole("heading", { name: l.listTitle, level: 1 })).toBeVisible({ timeout: 30_000 });
      await expect(app.getByRole("row", { name: new RegExp(name) })).toContainText("2");
      await expectNoAxeViolations(page);
    });
  }

  for (const l of LANGUAGES) {
    test(`offers inquiry facts with the shop's categories in the staff member's language (${l.locale})`, async ({ page }) => {
      await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/segments/new?locale=${l.locale}`);
      const app = page.frameLocator("iframe");
      await expect(app.getByRole("heading", { name: l.newTitle, level: 1 })).toBeVisible({ timeout: 30_000 });
      const count = app.getByTestId("segment-count");
      const counted = l.locale === "ja" ? /^[\d,]+人が該当$/ : /^[\d,]+ customers? match(es)?$/;
      await expect(count).toHaveText(counted, { timeout: 30_000 });

      // An inquiry category condition: the picker lists the shop's categories by name; picking one counts again.
      await app.getByRole("button", { name: l.addCondition }).click();
      await app.getByLabel(l.field, { exact: true }).selectOption("inquiryCategory");
      await expect(count).toHaveText(l.failed);
      await app.getByLabel(l.value, { exact: true }).click();
      await app.getByRole("option", { name: l.returns, exact: true }).click();
      await expect(app.getByRole("button", { name: new RegExp(l.returns) }).or(app.getByText(l.returns, { exact: true })).first()).toBeVisible();
      await expect(count).toHaveText(counted, { timeout: 30_000 });

      // The open-inquiry condition takes no value: its operators say "has one" / "has none".
      await app.getByLabel(l.field, { exact: true }).selectOption("openInquiry");
      await expect(app.getByLabel(l.operator, { exact: true })).toHaveValue("isSet");
      await expect(app.getByLabel(l.operator, { exact: true }).locator("option:checked")).toHaveText(l.openHasOne);
      await expect(count).toHaveText(counted, { timeout: 30_000 });
      await expectNoAxeViolations(page);
    });
  }
});

