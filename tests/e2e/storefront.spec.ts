import { expect, expectNoAxeViolations, test, urls } from "./fixtures";

test.describe("the storefront with the app embed", () => {
  test.beforeAll(async ({ browser }) => {
    // Installing happens when the merchant first opens the app in the admin.
    const page = await browser.newPage();
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu?locale=ja`);
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "顧客数" })).toBeVisible();
    await page.close();
  });

  test("loads the storefront script, which remembers the pages the shopper viewed", async ({ page }) => {
    await page.goto(`${urls.storefront("tsunagu-demo")}/`);
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await page.waitForFunction(() => "Tsunagu" in window);
    const productLink = page.locator("a[href*='/products/']").first();
    await productLink.click();
    await page.waitForFunction(() => "Tsunagu" in window);
    const viewed = await page.evaluate(() =>
      (window as unknown as { Tsunagu: { pagesViewed(): Array<{ url: string }> } }).Tsunagu.pagesViewed(),
    );
    expect(viewed.length).toBeGreaterThanOrEqual(2);
    expect(viewed.at(-1)!.url).toContain("/products/");
    await expectNoAxeViolations(page);
  });

  test("reaches the app through the signed app proxy", async ({ page }) => {
    await page.goto(`${urls.storefront("tsunagu-demo")}/`);
    const status = await page.evaluate(async () => {
      const response = await fetch("/apps/tsunagu/status");
      return { code: response.status, body: (await response.json()) as Record<string, unknown> };
    });
    expect(status).toEqual({
      code: 200,
      body: { shop: "tsunagu-demo.myshopify.com", installed: true, loggedInCustomerId: null, locale: "en" },
    });
  });

  test("refuses a proxied request whose signature was tampered with", async ({ request }) => {
    const response = await request.get(
      `${urls.app()}/proxy/status?shop=tsunagu-demo.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Ftsunagu&timestamp=1700000000&signature=00ff`,
    );
    expect(response.status()).toBeGreaterThanOrEqual(400);
    expect(response.status()).toBeLessThan(500);
  });
});
