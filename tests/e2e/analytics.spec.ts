/** The analysis page: recompute on demand, the RFM grid with counts, a cell opening its customers, in ja and en. */
import { expect, expectNoAxeViolations, test, urls, devstoreControl as control } from "./fixtures";

const SHOP = "tsunagu-demo.myshopify.com";

const LANGUAGES = [
  {
    locale: "ja",
    title: "顧客分析",
    recompute: "今すぐ再計算",
    rfm: "RFM分析",
    cpm: "CPM分析",
    champions: "優良顧客",
    lastComputed: "最終計算：",
    total: (n: string) => `${n}人の顧客`,
    cpmClass: "初回・現役",
  },
  {
    locale: "en",
    title: "Customer analysis",
    recompute: "Recompute now",
    rfm: "RFM analysis",
    cpm: "CPM analysis",
    champions: "Champions",
    lastComputed: "Last computed",
    total: (n: string) => `${n} customers`,
    cpmClass: "First purchase (active)",
  },
] as const;

test.describe("the analysis page", () => {
  test.beforeAll(async ({ browser }) => {
    // The merchant has opened the app once (installed, synced); a shopper buys so the shop has a fresh order.
    const page = await browser.newPage();
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu?locale=ja`);
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "顧客数" })).toBeVisible();
    await page.close();
    const { products } = await control<{ products: Array<{ variants: Array<{ id: number; inventoryQuantity: number }> }> }>("GET", `/shops/${SHOP}/products`);
    const variant = products.flatMap((p) => p.variants).find((v) => v.inventoryQuantity > 5)!;
    const { customer } = await control<{ customer: { id: number } }>("POST", `/shops/${SHOP}/customers`, {
      firstName: "分析",
      lastName: "試験",
      email: `analytics-${Date.now()}@example.jp`,
    });
    await control("POST", `/shops/${SHOP}/orders`, { customerId: customer.id, sourceName: "web", lines: [{ variantId: variant.id, quantity: 1 }] });
    await control("POST", "/webhooks/idle?timeoutMs=30000");
  });

  for (const l of LANGUAGES) {
    test(`recomputes on demand, shows the RFM grid and opens a cell's customers (${l.locale})`, async ({ page }) => {
      await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/analytics?locale=${l.locale}`);
      const app = page.frameLocator("iframe");
      await expect(app.getByRole("heading", { name: l.title, level: 1 })).toBeVisible({ timeout: 30_000 });

      // "Recompute now" queues a run for the worker; once it has run, the page shows the new time.
      const button = app.getByRole("button", { name: l.recompute });
      await expect(button).toBeEnabled({ timeout: 30_000 });
      const before = await app.getByTestId("analysis-last-computed").getAttribute("data-computed-at");
      await button.click();
      await expect(button).toBeEnabled({ timeout: 45_000 });
      await expect(app.getByTestId("analysis-last-computed")).toContainText(l.lastComputed);
      await expect(app.getByTestId("analysis-last-computed")).not.toHaveAttribute("data-computed-at", before ?? "");

      // The grid: eleven cells with counts; the CPM table lists the new one-time buyer's class.
      await expect(app.getByRole("heading", { name: l.rfm })).toBeVisible();
      await expect(app.locator("[data-rfm-class]")).toHaveCount(11);
      await expect(app.getByRole("heading", { name: l.cpm })).toBeVisible();
      await expect(app.getByRole("link", { name: l.cpmClass })).toBeVisible();
      const counts = await app.locator("[data-rfm-class] p").allTextContents();
      expect(counts.some((text) => /[1-9]/.test(text))).toBe(true);
      await expectNoAxeViolations(page);

      // The first class with customers opens the customers index filtered to it, with the same count.
      const cells = app.locator("[data-rfm-class]");
      let chosen = -1;
      let shown = "";
      for (let i = 0; i < 11; i++) {
        const text = (await cells.nth(i).locator("p").first().textContent()) ?? "";
        const digits = text.match(/[\d,]+/)?.[0] ?? "0";
        if (digits !== "0") {
          chosen = i;
          shown = digits;
          break;
        }
      }
      expect(chosen).toBeGreaterThanOrEqual(0);
      const code = await cells.nth(chosen).getAttribute("data-rfm-class");
      await cells.nth(chosen).click();
      await expect(app.getByText(l.total(shown), { exact: true })).toBeVisible({ timeout: 30_000 });
      // Playwright learns of the frame's client-side navigation by an event that may arrive after the new page renders.
      await expect.poll(() => page.frames().some((f) => f.url().includes(`rfm=${code}`))).toBe(true);
      await expectNoAxeViolations(page);

      // A cell's link is named by its class, count and share.
      await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/analytics?locale=${l.locale}`);
      await expect(app.getByRole("link", { name: new RegExp(`^${l.champions}`) })).toBeVisible({ timeout: 30_000 });
    });
  }
});
