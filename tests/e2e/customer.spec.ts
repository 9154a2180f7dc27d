import { expect, expectNoAxeViolations, test, urls, devstoreControl as control } from "./fixtures";

const SHOP = "tsunagu-demo.myshopify.com";
// A mobile number of this run only (Shopify keeps phones unique per shop), stored by Shopify in E.164.
const MOBILE = String(Date.now()).slice(-8);

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
      phone: `+8190${MOBILE}`,
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

  test("defines attributes on the settings page, sets them on the customer and keeps the furigana in katakana", async ({ page }) => {
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/settings/attributes?locale=ja`);
    const app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "顧客属性", level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByText("顧客について記録したい項目を追加しましょう")).toBeVisible();

    // A date and a choice attribute, added through the modal form.
    await app.getByRole("button", { name: "属性を追加" }).click();
    let dialog = app.getByRole("dialog");
    await dialog.getByLabel("項目名").fill("誕生日");
    await dialog.getByLabel("キー").fill("Birthday");
    await dialog.getByLabel("種類").selectOption({ label: "日付" });
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(dialog.getByText("半角英小文字・数字・_ のみ使えます。")).toBeVisible();
    await dialog.getByLabel("キー").fill("birthday");
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(page.getByRole("status")).toContainText("属性を追加しました");
    await expect(app.getByRole("dialog")).toHaveCount(0);

    await app.getByRole("button", { name: "属性を追加" }).click();
    dialog = app.getByRole("dialog");
    await dialog.getByLabel("項目名").fill("性別");
    await dialog.getByLabel("キー").fill("gender");
    await dialog.getByLabel("種類").selectOption({ label: "単一選択" });
    await dialog.getByLabel("新しい選択肢").fill("女性");
    await dialog.getByLabel("新しい選択肢").press("Enter");
    await dialog.getByLabel("新しい選択肢").fill("男性");
    await dialog.getByRole("button", { name: "追加", exact: true }).click();
    await expect(dialog.getByText("女性", { exact: true })).toBeVisible();
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(app.getByRole("dialog")).toHaveCount(0);
    const rows = app.locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText("単一選択");

    // Reordered from the keyboard: the move buttons are ordinary buttons.
    await app.getByRole("button", { name: "性別を上へ移動" }).focus();
    await page.keyboard.press("Enter");
    await expect(rows.first()).toContainText("性別");
    await expect(rows.nth(1)).toContainText("誕生日");
    await expectNoAxeViolations(page);

    // On the customer: values in the form each type needs, shown formatted.
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/customers/${customerId}?locale=ja`);
    await expect(app.getByRole("heading", { name: "試験 七海", level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByText(`090-${MOBILE.slice(0, 4)}-${MOBILE.slice(4)}`)).toBeVisible();
    await app.getByRole("button", { name: "属性を編集" }).click();
    await app.getByLabel("誕生日").fill("1990-04-01");
    await app.getByLabel("性別").selectOption("女性");
    await app.getByRole("button", { name: "属性を保存" }).click();
    await expect(page.getByRole("status")).toContainText("属性を保存しました");
    await expect(app.getByText("1990年4月1日")).toBeVisible();
    await expect(app.getByText("女性", { exact: true })).toBeVisible();

    // フリガナ typed in hiragana comes back in katakana, above the name.
    await app.getByRole("button", { name: "フリガナを追加" }).click();
    await app.getByLabel("フリガナ").fill("山田");
    await app.getByRole("button", { name: "保存", exact: true }).click();
    await expect(app.getByText("ひらがなまたはカタカナで入力してください。")).toBeVisible();
    await app.getByLabel("フリガナ").fill("しけん　ななみ");
    await app.getByRole("button", { name: "保存", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("フリガナを保存しました");
    await expect(app.locator("rt")).toHaveText("シケン ナナミ");
    await expectNoAxeViolations(page);
  });

  test("shows the same customer in English", async ({ page }) => {
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/customers/${customerId}?locale=en`);
    const app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "試験 七海", level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByText(`Order ${orderNames[0]}`)).toBeVisible();
    await expect(app.getByRole("heading", { name: "Abandoned checkout" })).toBeVisible();
    await expect(app.getByText("Repeat customer")).toBeVisible();
    await expect(app.getByText(`+81 90-${MOBILE.slice(0, 4)}-${MOBILE.slice(4)}`)).toBeVisible();
    await expect(app.getByRole("heading", { name: "Custom attributes" })).toBeVisible();
    await expect(app.getByText("April 1, 1990")).toBeVisible();
    await expect(app.locator("rt")).toHaveText("シケン ナナミ");
  });

  test("finds the customer from the index by a partial name", async ({ page }) => {
    await page.goto(`${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/customers?locale=ja`);
    const app = page.frameLocator("iframe");
    await app.getByPlaceholder("名前・メール・電話番号・注文番号で検索").fill("試験");
    await expect(app.getByRole("link", { name: "試験 七海" })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
