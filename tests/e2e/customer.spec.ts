import { expect, expectNoAxeViolations, test, urls } from "./fixtures";

const SHOP = "tsunagu-demo.myshopify.com";

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${urls.devstore()}/_control${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

test.describe("the customer page", () => {
  let customerId = 0;
  let orderNames: string[] = [];

  test.beforeAll(async ({ browser }) => {
    // The merchant has opened the app once (installed), then a shopper buys twice and abandons a cart.
    const page = await browser.newPage();
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu?locale=ja`);
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "顧客数" })).toBeVisible();
    await page.close();

    const { products } = await control<{ products: Array<{ variants: Array<{ id: number; inventoryQuantity: number }> }> }>("GET", `/shops/${SHOP}/products`);
    const variants = products.flatMap((p) => p.variants).filter((v) => v.inventoryQuantity > 5);
    const { customer } = await control<{ customer: { id: number } }>("POST", `/shops/${SHOP}/customers`, {
      firstName: "七海",
      lastName: "試験",
      email: `e2e-${Date.now()}@example.jp`,
      tags: ["VIP"],
    });
    customerId = customer.id;
    orderNames = [];
    for (const [index, source] of (["web", "pos"] as const).entries()) {
      const { order } = await control<{ order: { name: string } }>("POST", `/shops/${SHOP}/orders`, {
        customerId,
        sourceName: source,
        lines: [{ variantId: variants[index]!.id, quantity: 1 }],
      });
      orderNames.push(order.name);
    }
    const { checkout } = await control<{ checkout: { token: string } }>("POST", `/shops/${SHOP}/checkouts`, {
      customerId,
      lines: [{ variantId: variants[2]!.id, quantity: 2 }],
    });
    await control("POST", `/shops/${SHOP}/checkouts/${checkout.token}/abandon`);
    await control("POST", "/webhooks/idle?timeoutMs=30000");
  });

  test("shows a repeat customer's orders, abandoned checkout and notes in Japanese, and saves tags to Shopify", async ({ page }) => {
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/customers/${customerId}?locale=ja`);
    const app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "試験 七海", level: 1 })).toBeVisible({ timeout: 30_000 });
    for (const name of orderNames) await expect(app.getByText(`注文 ${name}`)).toBeVisible();
    await expect(app.getByRole("heading", { name: "カゴ落ち" })).toBeVisible();
    await expect(app.getByText("リピーター")).toBeVisible();

    await app.getByLabel("メモ", { exact: true }).fill("贈答用の包装を希望");
    await app.getByLabel("注意項目として表示する").check();
    await app.getByRole("button", { name: "メモを追加" }).click();
    await expect(app.getByRole("alert")).toContainText("贈答用の包装を希望");

    await app.getByLabel("タグ（カンマ区切り）").fill("VIP, 贈答");
    await app.getByRole("button", { name: "タグを保存" }).click();
    await expect(page.getByRole("status")).toContainText("タグをShopifyに保存しました");
    await expectNoAxeViolations(page);

    // The tag reached Shopify (the dev store's own customer page).
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/customers/${customerId}?locale=ja`);
    await expect(page.getByText("贈答")).toBeVisible();
  });

  test("shows the same customer in English", async ({ page }) => {
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/customers/${customerId}?locale=en`);
    const app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "試験 七海", level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByText(`Order ${orderNames[0]}`)).toBeVisible();
    await expect(app.getByRole("heading", { name: "Abandoned checkout" })).toBeVisible();
    await expect(app.getByText("Repeat customer")).toBeVisible();
  });

  test("finds the customer from the index by a partial name", async ({ page }) => {
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/customers?locale=ja`);
    const app = page.frameLocator("iframe");
    await app.getByPlaceholder("名前・メール・電話番号・注文番号で検索").fill("試験");
    await expect(app.getByRole("link", { name: "試験 七海" })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
