import { expect, expectNoAxeViolations, test, urls } from "./fixtures";

test.describe("the app inside the admin frame", () => {
  test("shows the home in Japanese with locale=ja", async ({ page }) => {
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu?locale=ja`);
    const app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "つなぐ商店 の概要" })).toBeVisible();
    await expect(app.getByRole("heading", { name: "顧客数" })).toBeVisible();
    await expect(app.getByRole("heading", { name: "最近の注文" })).toBeVisible();
    await expect(app.locator("table tbody tr")).toHaveCount(5);
    await expect(app.getByText("￥").first()).toBeVisible();
    // App Bridge's navigation menu reached the admin's sidebar, in Japanese.
    await expect(page.getByRole("navigation").getByText("ホーム").first()).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("shows the home in English otherwise", async ({ page }) => {
    await page.goto(`${urls.devstore()}/store/tsunagu-demo-en/apps/tsunagu?locale=en`);
    const app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "Tsunagu Goods at a glance" })).toBeVisible();
    await expect(app.getByRole("heading", { name: "Customers", exact: true })).toBeVisible();
    await expect(app.getByRole("heading", { name: "Recent orders" })).toBeVisible();
    await expect(app.getByText("$").first()).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("is usable from the keyboard: Tab reaches an order and Enter opens it in the admin", async ({ page }) => {
    await page.goto(`${urls.devstore()}/store/tsunagu-demo-en/apps/tsunagu?locale=en`);
    const app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "Recent orders" })).toBeVisible();
    await app.getByRole("heading", { name: "Recent orders" }).click();
    await page.keyboard.press("Tab");
    const focused = app.locator(":focus");
    await expect(focused).toHaveText(/^#\d+$/);
    const orderName = (await focused.textContent())!;
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/store\/tsunagu-demo-en\/orders\/\d+/);
    await expect(page.getByRole("heading", { name: orderName })).toBeVisible();
  });
});
