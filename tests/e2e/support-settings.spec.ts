/**
 * Support settings in Chromium: business hours with their field message, a category added and archived in bulk, a
 * template built with the variable buttons and previewed, an FAQ answer published, a triage rule and a retrain.
 * The demo shop is shared with other browser tests: everything made here has a name of this run and is removed or
 * archived again, and the general settings are saved as they were.
 */
import { expect, expectNoAxeViolations, test, urls } from "./fixtures";

const RUN = String(Date.now() % 1_000_000);
const PAGE = `${urls.devstore()}/store/tsunagu-demo/apps/tsunagu/settings/support`;

test.describe("the support settings", () => {
  test("edit business hours, categories, templates, FAQ and triage rules in Japanese", async ({ page }) => {
    await page.goto(`${PAGE}?locale=ja`);
    const app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "サポート設定", level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByRole("tab", { name: "基本設定" })).toHaveAttribute("aria-selected", "true");
    await expectNoAxeViolations(page);

    // Sunday opened with a second period that ends when it starts: refused with the message beside the day.
    const sunday = app.getByRole("checkbox", { name: "日曜日" });
    const wasOpen = await sunday.isChecked();
    if (!wasOpen) await sunday.check({ force: true });
    await app.getByRole("button", { name: "日曜日に時間帯を追加" }).click();
    await app.getByRole("button", { name: "設定を保存" }).click();
    await expect(app.getByText("終了時刻は開始時刻より後にしてください。")).toBeVisible();
    await app.getByRole("button", { name: "日曜日の2つ目の時間帯を削除" }).click();
    if (!wasOpen) await sunday.uncheck({ force: true });
    await app.getByRole("button", { name: "設定を保存" }).click();
    await expect(page.getByRole("status")).toContainText("設定を保存しました");
    await expect(app.getByText("終了時刻は開始時刻より後にしてください。")).toHaveCount(0);

    // A category: round robin without a team is refused, manual is saved; then archived from the bulk action.
    await app.getByRole("tab", { name: "カテゴリ" }).click();
    await app.getByRole("button", { name: "カテゴリを追加" }).first().click();
    let dialog = app.getByRole("dialog");
    await dialog.getByLabel("名前（日本語）").fill(`検証${RUN}`);
    await dialog.getByLabel("名前（英語）").fill(`Check ${RUN}`);
    await dialog.getByLabel("キー").fill(`check_${RUN}`);
    await dialog.getByLabel("割り当て方法").selectOption({ label: "順番に割り当て" });
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(dialog.getByText("自動で割り当てるには、チームに1人以上必要です。")).toBeVisible();
    await dialog.getByLabel("割り当て方法").selectOption({ label: "手動" });
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(page.getByRole("status")).toContainText("カテゴリを追加しました");
    const row = app.locator("tbody tr", { hasText: `検証${RUN}` });
    await expect(row).toContainText(`check_${RUN}`);
    await expectNoAxeViolations(page);
    await row.getByRole("checkbox").check({ force: true });
    await app.getByRole("button", { name: "アーカイブ", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("カテゴリをアーカイブしました");
    await expect(app.getByRole("button", { name: `検証${RUN}を元に戻す` })).toBeVisible();

    // A template: a typo in a variable is refused; the insert button and the preview use the sample customer with 様.
    await app.getByRole("tab", { name: "テンプレート" }).click();
    await app.getByRole("button", { name: "テンプレートを追加" }).first().click();
    dialog = app.getByRole("dialog");
    await dialog.getByLabel("テンプレート名").fill(`検証テンプレート${RUN}`);
    await dialog.getByLabel("本文").fill("{{custmer_name}}");
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(dialog.getByText("不明な変数です: custmer_name。下のボタンで挿入してください。").first()).toBeVisible();
    await dialog.getByLabel("本文").fill("\nご注文ありがとうございます。");
    await dialog.getByLabel("本文").press("Control+Home");
    await dialog.getByRole("button", { name: "お客様名 {{customer_name}}を挿入" }).click();
    await expect(dialog.getByTestId("template-preview")).toHaveText("山田 太郎 様\nご注文ありがとうございます。");
    await expectNoAxeViolations(page);
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(page.getByRole("status")).toContainText("テンプレートを追加しました");
    await app.getByRole("button", { name: `検証テンプレート${RUN}を削除` }).click();
    await expect(page.getByRole("status")).toContainText("テンプレートを削除しました");
    await expect(app.getByText(`検証テンプレート${RUN}`)).toHaveCount(0);

    // An FAQ answer saved as a draft, published in bulk, then deleted.
    await app.getByRole("tab", { name: "よくある質問" }).click();
    await app.getByRole("button", { name: "質問を追加" }).first().click();
    dialog = app.getByRole("dialog");
    await dialog.getByLabel("質問", { exact: true }).fill(`検証の質問${RUN}？`);
    await dialog.getByLabel("回答").fill("<b>太字にはなりません</b>");
    await dialog.getByRole("checkbox", { name: "公開する" }).uncheck({ force: true });
    await dialog.getByRole("button", { name: "保存" }).click();
    await expect(page.getByRole("status")).toContainText("質問を追加しました");
    const faq = app.locator("tbody tr", { hasText: `検証の質問${RUN}？` });
    await expect(faq).toContainText("下書き");
    await faq.getByRole("checkbox").check({ force: true });
    await app.getByRole("button", { name: "公開", exact: true }).click();
    await expect(faq).toContainText("公開中");
    await expectNoAxeViolations(page);
    await faq.getByRole("checkbox").check({ force: true });
    // Deleting is a destructive bulk action, kept behind the "more actions" menu.
    await app.getByRole("button", { name: "その他の操作" }).click();
    await app.getByText("削除", { exact: true }).click();
    await expect(page.getByRole("status")).toContainText("質問を削除しました");
    await expect(faq).toHaveCount(0);

    // A triage rule needs a category or a priority; the classifier retrains on demand.
    await app.getByRole("tab", { name: "自動振り分け" }).click();
    await app.getByRole("button", { name: "ルールを追加" }).click();
    const rules = await app.getByLabel("次のいずれかの言葉を含む").count();
    await app.getByLabel("次のいずれかの言葉を含む").nth(rules - 1).fill(`検証${RUN}`);
    await app.getByRole("button", { name: "ルールを保存" }).click();
    await expect(app.getByText("カテゴリか優先度、または両方を選んでください。")).toBeVisible();
    await app.getByRole("button", { name: `ルール${rules}を削除` }).click();
    await app.getByRole("button", { name: "ルールを保存" }).click();
    await expect(page.getByRole("status")).toContainText("ルールを保存しました");
    await app.getByRole("button", { name: "今すぐ再学習" }).click();
    await expect(page.getByRole("status")).toContainText("分類器を再学習しました");
    await expectNoAxeViolations(page);
  });

  test("speaks English", async ({ page }) => {
    await page.goto(`${PAGE}?locale=en&tab=triage`);
    const app = page.frameLocator("iframe");
    await expect(app.getByRole("heading", { name: "Support settings", level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByRole("tab", { name: "Automatic sorting" })).toHaveAttribute("aria-selected", "true");
    await expect(app.getByRole("button", { name: "Retrain now" })).toBeVisible();
    await app.getByRole("tab", { name: "General" }).click();
    await expect(app.getByRole("checkbox", { name: "Closed on Japanese public holidays" })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
