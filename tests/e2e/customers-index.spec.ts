/** Saved views on the customers index: filter, save as a view, reopen it after a reload, rename and delete it. */
import { expect, expectNoAxeViolations, test, urls, devstoreControl as control } from "./fixtures";

const SHOP = "tsunagu-demo.myshopify.com";
const TAG = "ビュー検証";

const LANGUAGES = [
  {
    locale: "ja",
    all: "すべての顧客",
    tagFilter: "タグ",
    total: (n: number) => `${n}人の顧客`,
    saveAs: "名前を付けて保存",
    sortButton: "検索結果を並べ替える",
    sortByName: "名前",
    searchAndFilter: "検索と絞り込みの結果",
    unsaved: "未保存",
    nameLabel: "名前",
    save: "保存",
    viewName: "ビュー検証の顧客",
    renamed: "ビュー検証（改名）",
    rename: "ビューの名前を変更",
    deleteAction: "ビューを削除",
    toasts: { created: "ビューを保存しました", updated: "ビューを更新しました", renamed: "ビュー名を変更しました", deleted: "ビューを削除しました" },
  },
  {
    locale: "en",
    all: "All customers",
    tagFilter: "Tag",
    total: (n: number) => `${n} customers`,
    saveAs: "Save as",
    sortButton: "Sort the results",
    sortByName: "Name",
    searchAndFilter: "Search and filter results",
    unsaved: "Unsaved",
    nameLabel: "Name",
    save: "Save",
    viewName: "Tagged for views",
    renamed: "Views (renamed)",
    rename: "Rename view",
    deleteAction: "Delete view",
    toasts: { created: "View saved", updated: "View updated", renamed: "View renamed", deleted: "View deleted" },
  },
] as const;

test.describe("saved views on the customers index", () => {
  test.beforeAll(async ({ browser }) => {
    // The merchant has opened the app once (installed); two customers arrive from Shopify, one with the tag.
    const page = await browser.newPage();
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu?locale=ja`);
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "顧客数" })).toBeVisible();
    await page.close();
    const stamp = Date.now();
    for (const [firstName, tags] of [["一郎", [TAG]], ["二郎", []]] as const) {
      await control("POST", `/shops/${SHOP}/customers`, { firstName, lastName: "ビュー", email: `views-${firstName === "一郎" ? 1 : 2}-${stamp}@example.jp`, tags });
    }
    await control("POST", "/webhooks/idle?timeoutMs=30000");
  });

  for (const l of LANGUAGES) {
    test(`filters by a tag, saves the filters as a view, reopens it, saves a change, renames and deletes it (${l.locale})`, async ({ page }) => {
      await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/customers?locale=${l.locale}`);
      const app = page.frameLocator("iframe");
      const toasts = page.getByRole("status");

      // No saved views yet: the search and filters are open. Filter by the tag.
      await app.getByRole("button", { name: l.tagFilter, exact: true }).click();
      // Polaris draws its own radio over the input; the click lands on that drawing, which belongs to the label.
      await app.getByRole("radio", { name: TAG }).click({ force: true });
      await expect(app.getByText(l.total(1), { exact: true })).toBeVisible();
      await expect(app.getByRole("link", { name: "ビュー 一郎" })).toBeVisible();
      await expect(app.getByRole("link", { name: "ビュー 二郎" })).toHaveCount(0);
      await app.getByText(l.total(1), { exact: true }).click(); // closes the filter's popover

      // Save as a new view.
      await app.getByRole("button", { name: l.saveAs }).click();
      const saveDialog = app.getByRole("dialog");
      await saveDialog.getByLabel(l.nameLabel).fill(l.viewName);
      await saveDialog.getByRole("button", { name: l.save, exact: true }).click();
      await expect(toasts).toContainText(l.toasts.created);
      await expect(app.getByRole("tab", { name: l.viewName })).toHaveAttribute("aria-selected", "true");

      // After a reload the view is still there; "All customers" shows everyone, the view only its customers.
      await page.reload();
      const viewTab = app.getByRole("tab", { name: l.viewName });
      await expect(viewTab).toBeVisible({ timeout: 30_000 });
      await app.getByRole("tab", { name: l.all }).click();
      await expect(app.getByRole("tab", { name: l.all })).toHaveAttribute("aria-selected", "true");
      await expect(app.getByText(l.total(1), { exact: true })).toHaveCount(0);
      await viewTab.click();
      await expect(viewTab).toHaveAttribute("aria-selected", "true");
      await expect(app.getByText(l.total(1), { exact: true })).toBeVisible();
      await expect(app.getByRole("link", { name: "ビュー 一郎" })).toBeVisible();
      await expect(app.getByRole("link", { name: "ビュー 二郎" })).toHaveCount(0);
      await expectNoAxeViolations(page);

      // Another sort marks the view unsaved; "Save" writes it into the view.
      await app.getByRole("button", { name: l.sortButton }).click();
      await app.getByRole("radio", { name: l.sortByName, exact: true }).click({ force: true });
      await expect(viewTab).toContainText(l.unsaved);
      await app.getByText(l.total(1), { exact: true }).click(); // closes the sort popover
      await app.getByRole("button", { name: l.searchAndFilter }).click();
      await app.getByRole("button", { name: l.save, exact: true }).click();
      await expect(toasts).toContainText(l.toasts.updated);
      await expect(viewTab).toBeVisible();
      await expect(viewTab).not.toContainText(l.unsaved);

      // Rename it (the selected tab opens its actions).
      await viewTab.click();
      await app.getByRole("menuitem", { name: l.rename }).click();
      const renameDialog = app.getByRole("dialog");
      await renameDialog.getByLabel(l.nameLabel).fill(l.renamed);
      await renameDialog.getByRole("button", { name: l.save, exact: true }).click();
      await expect(toasts).toContainText(l.toasts.renamed);
      const renamedTab = app.getByRole("tab", { name: l.renamed });
      await expect(renamedTab).toHaveAttribute("aria-selected", "true");

      // Delete it: back to all customers.
      await renamedTab.click();
      await app.getByRole("menuitem", { name: l.deleteAction }).click();
      await app.getByRole("dialog").getByRole("button", { name: l.deleteAction }).click();
      await expect(toasts).toContainText(l.toasts.deleted);
      await expect(app.getByRole("tab", { name: l.renamed })).toHaveCount(0);
      await expect(app.getByRole("tab", { name: l.all })).toHaveAttribute("aria-selected", "true");
      await expect(app.getByText(l.total(1), { exact: true })).toHaveCount(0);
    });
  }
});
