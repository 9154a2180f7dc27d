import { expect, expectNoAxeViolations, test, urls } from "./fixtures";

const SHOP_PATH = "/store/tsunagu-demo/apps/tsunagu";

test.describe("the inbox", () => {
  test("logs an in-person request, replies, notes with an @mention and lists it, with keyboard shortcuts", async ({ page }) => {
    const subject = `来店の相談 ${Date.now()}`;
    // The merchant has opened the app once (installed, staff directory knows them).
    await page.goto(`${urls.devstore()}${SHOP_PATH}?locale=ja`);
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "顧客数" })).toBeVisible({ timeout: 30_000 });

    await page.goto(`${urls.devstore()}${SHOP_PATH}/inbox/new?locale=ja`);
    let app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "電話・来店の問い合わせを記録", level: 1 })).toBeVisible({ timeout: 30_000 });
    await app.getByLabel("来店").check({ force: true });
    await app.getByLabel("氏名").fill("来店 花子");
    await app.getByLabel("電話番号").fill("03-1234-5678");
    await app.getByLabel("件名").fill(subject);
    await app.getByLabel("お問い合わせ内容").fill("<b>贈答用</b>の包装はできますか");
    await expectNoAxeViolations(page);
    await app.getByRole("button", { name: "問い合わせを記録" }).click();

    // The conversation: the shopper's words as text, the handling card, the composer.
    await expect(app.getByRole("heading", { name: new RegExp(subject), level: 1 })).toBeVisible();
    await expect(app.getByText("<b>贈答用</b>の包装はできますか")).toBeVisible();
    await expect(app.getByRole("heading", { name: "対応設定" })).toBeVisible();

    await app.getByLabel("お客様への返信").fill("はい、無料で承ります。");
    await app.getByRole("button", { name: "送信", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("返信を送信しました");
    await expect(app.getByText("はい、無料で承ります。")).toBeVisible();

    // "n" opens the note; typing "@" offers staff names.
    await app.locator("body").click({ position: { x: 5, y: 5 } });
    await app.locator("body").press("n");
    const note = app.getByLabel("スタッフ向けメモ");
    await expect(note).toBeFocused();
    await note.pressSequentially("包装紙を確認 @山");
    await app.getByRole("button", { name: /山田 花子/ }).click();
    await expect(note).toHaveValue("包装紙を確認 @山田花子 ");
    await app.getByRole("button", { name: "メモを追加" }).click();
    await expect(page.getByRole("status")).toContainText("メモを追加しました");
    await expect(app.getByText("メンション：山田 花子")).toBeVisible();

    // Typing in a field is never a shortcut; "?" elsewhere lists them.
    await expect(app.getByRole("dialog")).toHaveCount(0);
    await app.locator("body").click({ position: { x: 5, y: 5 } });
    await app.locator("body").press("?");
    const dialog = app.getByRole("dialog", { name: "キーボードショートカット" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText("自分に割り当て")).toBeVisible();
    await expectNoAxeViolations(page);
    await dialog.getByRole("button", { name: /閉じる|Close/ }).click();

    // The list: the new conversation under "すべて", with its channel.
    await page.goto(`${urls.devstore()}${SHOP_PATH}/inbox?locale=ja`);
    app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "受信箱", level: 1 })).toBeVisible({ timeout: 30_000 });
    const row = app.getByRole("row", { name: new RegExp(subject) });
    await expect(row).toBeVisible();
    await expect(row.getByText("来店", { exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
