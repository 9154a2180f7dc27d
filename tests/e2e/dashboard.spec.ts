/**
 * The dashboard (admin home) in ja and en: add a card, remove one, reorder by keyboard and by drag, and find the same
 * layout after a reload; then the cohorts page. Staff member 3 of each shop, so other specs' staff keep the default.
 */
import type { FrameLocator, Page } from "@playwright/test";
import { devstoreControl, expect, expectNoAxeViolations, test, urls } from "./fixtures";

const LANGUAGES = [
  {
    locale: "ja",
    handle: "tsunagu-demo",
    customers: "顧客数",
    add: "カードを追加",
    aov: "平均注文額（AOV）",
    remove: "を削除",
    moveDown: /を下へ移動$/,
    cohortsLink: "F2・コホート",
    cohortsTitle: "F2・コホート",
    f2: "F2転換率",
    retention: "コホート別継続率",
    showData: "データ表を表示",
    openInquiries: "未解決の問い合わせ",
    noneOverdue: "現在の新規・対応中・保留（期限超過なし）",
    noReply: "この期間に初回応答した問い合わせはありません。",
    inquiriesChart: "チャネル別の日別問い合わせ件数",
    inquirySummary: /の問い合わせは1件です（フォーム 1件、/,
  },
  {
    locale: "en",
    handle: "tsunagu-demo-en",
    customers: "Customers",
    add: "Add card",
    aov: "Average order value (AOV)",
    remove: "Remove",
    moveDown: /^Move .+ down$/,
    cohortsLink: "F2 and cohorts",
    cohortsTitle: "F2 and cohorts",
    f2: "F2 conversion",
    retention: "Cohort retention",
    showData: "Show data table",
    openInquiries: "Open inquiries",
    noneOverdue: "New, open and pending now; none overdue",
    noReply: "No inquiry was first answered in this range.",
    inquiriesChart: "Inquiries per day by channel",
    inquirySummary: /: 1 \(Form 1, /,
  },
] as const;

const home = (l: (typeof LANGUAGES)[number]) => `${urls.devstore()}/store/${l.handle}/apps/tsunagu?locale=${l.locale}&user=3`;

async function order(app: FrameLocator): Promise<string[]> {
  return app.locator("[data-card-key]").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-card-key") ?? ""));
}

/** Waits for the layout the screen just saved to reach the app. */
function saved(page: Page) {
  return page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(".data") && r.status() === 200);
}

test.describe("the dashboard", () => {
  for (const l of LANGUAGES) {
    test(`adds, removes and reorders cards by keyboard and drag, and keeps them after a reload (${l.locale})`, async ({ page }) => {
      await page.goto(home(l));
      const app = page.frameLocator("iframe");
      await expect(app.getByRole("heading", { name: l.customers, exact: true })).toBeVisible({ timeout: 30_000 });
      // On a first visit the initial sync is still filling the database: reload until customers are counted.
      await expect(async () => {
        await page.reload();
        await expect(app.locator('[data-card-key="customers"] [data-testid="kpi-value"]')).not.toHaveText(/^0$/, { timeout: 5_000 });
      }).toPass({ timeout: 60_000 });
      // Comparison is on by default: the KPIs show a ▲/▼ (or ±) change.
      await expect(app.getByText(/▲|▼|± 0/).first()).toBeVisible();
      // Charts draw in the browser and carry a data table.
      await expect(app.locator('[data-chart-ready="true"] svg').first()).toBeVisible({ timeout: 30_000 });
      await expectNoAxeViolations(page);

      // Remove the AOV card in one click.
      const aov = app.locator('[data-card-key="aov"]');
      await expect(aov).toHaveCount(1);
      await Promise.all([saved(page), aov.getByRole("button", { name: l.remove }).click()]);
      await expect(aov).toHaveCount(0);

      // Add it back from the menu of hidden cards: it comes last.
      await app.getByRole("button", { name: l.add }).click();
      await Promise.all([saved(page), app.getByRole("menuitem", { name: l.aov }).click()]);
      await expect(aov).toHaveCount(1);
      expect((await order(app)).at(-1)).toBe("aov");

      // Keyboard, with dnd-kit's sensor: Space picks the first card up, → moves it one place, Space drops it.
      const before = await order(app);
      const handle = app.locator(`[data-card-key="${before[0]}"] [data-testid="drag-handle"]`);
      await handle.focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("ArrowRight");
      await Promise.all([saved(page), page.keyboard.press("Space")]);
      await expect.poll(() => order(app)).toEqual([before[1], before[0], ...before.slice(2)]);
      await expect(app.getByTestId("dashboard-announcement")).not.toBeEmpty();

      // Keyboard, with the explicit button: Enter on "Move down" of the (new) first card.
      const afterKeys = await order(app);
      await app.locator(`[data-card-key="${afterKeys[0]}"]`).getByRole("button", { name: l.moveDown }).focus();
      await Promise.all([saved(page), page.keyboard.press("Enter")]);
      await expect.poll(() => order(app)).toEqual([afterKeys[1], afterKeys[0], ...afterKeys.slice(2)]);

      // Drag: the third card's handle onto the first card.
      const keys = await order(app);
      const from = await app.locator(`[data-card-key="${keys[2]}"] [data-testid="drag-handle"]`).boundingBox();
      const to = await app.locator(`[data-card-key="${keys[0]}"]`).boundingBox();
      if (!from || !to) throw new Error("cards not laid out");
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2, { steps: 5 });
      await page.mouse.move(to.x + 20, to.y + to.height / 2, { steps: 20 });
      await Promise.all([saved(page), page.mouse.up()]);
      await expect.poll(() => order(app)).toEqual([keys[2], keys[0], keys[1], ...keys.slice(3)]);
      const arranged = await order(app);

      // After a reload, the same layout.
      await page.reload();
      await expect(app.locator("[data-card-key]").first()).toBeVisible({ timeout: 30_000 });
      expect(await order(app)).toEqual(arranged);
      await expectNoAxeViolations(page);
    });

    test(`opens the cohorts page from the analysis page (${l.locale})`, async ({ page }) => {
      await page.goto(`${urls.devstore()}/store/${l.handle}/apps/tsunagu/analytics?locale=${l.locale}&user=3`);
      const app = page.frameLocator("iframe");
      await app.getByRole("link", { name: l.cohortsLink }).click();
      await expect(app.getByRole("heading", { name: l.cohortsTitle, level: 1 })).toBeVisible({ timeout: 30_000 });
      // The report comes from the analysis run after the initial sync; reload until it is there.
      await expect(async () => {
        await page.reload();
        await expect(app.getByRole("heading", { name: l.retention })).toBeVisible({ timeout: 5_000 });
      }).toPass({ timeout: 60_000 });
      await expect(app.getByRole("heading", { name: l.f2, exact: true })).toBeVisible();
      await expect(app.getByTestId("retention-table").locator("th[scope=row]").first()).toBeVisible();
      await app.getByRole("button", { name: l.showData }).click();
      await expect(app.getByRole("table").last()).toBeVisible();
      await expectNoAxeViolations(page);
    });
  }

  for (const l of LANGUAGES) {
    test(`shows a shopper's inquiry in the inquiry cards and the per-channel chart (${l.locale})`, async ({ page }) => {
      // A fresh shop: the merchant opens the app once, then a shopper sends the storefront form (through the proxy).
      const { shop } = await devstoreControl<{ shop: { domain: string } }>("POST", "/shops", { locale: l.locale, size: "tiny" });
      const handle = shop.domain.replace(".myshopify.com", "");
      const home = `${urls.devstore()}/store/${handle}/apps/tsunagu?locale=${l.locale}`;
      await page.goto(home);
      const app = page.frameLocator("iframe");
      await expect(app.getByRole("heading", { name: l.openInquiries, exact: true })).toBeVisible({ timeout: 30_000 });
      const sent = await fetch(`${urls.devstore()}/storefront/${handle}/apps/tsunagu/inquiries?locale=${l.locale}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ name: "山田 花子", email: `dash-${Date.now()}@example.jp`, body: "在庫はありますか？", page_url: "/", pages_viewed: "[]", website: "" }),
      });
      expect(sent.status).toBe(201);

      await page.reload();
      const card = (key: string) => app.locator(`[data-card-key="${key}"]`);
      await expect(card("openInquiries").getByTestId("kpi-value")).toHaveText("1", { timeout: 30_000 });
      await expect(card("openInquiries")).toContainText(l.noneOverdue);
      await expect(card("inquiriesReceived").getByTestId("kpi-value")).toHaveText("1");
      // Nobody has answered yet: the response-time card says so instead of a number.
      await expect(card("firstResponseTime").getByTestId("kpi-value")).toHaveText("—");
      await expect(card("firstResponseTime")).toContainText(l.noReply);
      const chart = card("inquiriesChart");
      await expect(chart.getByRole("heading", { name: l.inquiriesChart })).toBeVisible();
      await expect(chart.locator('[data-chart-ready="true"] svg').first()).toBeVisible({ timeout: 30_000 });
      await expect(chart).toContainText(l.inquirySummary);
      await app.locator('[data-card-key="inquiriesChart"]').getByRole("button", { name: l.showData }).click();
      await expect(chart.getByRole("table")).toBeVisible();
      await expectNoAxeViolations(page);
    });
  }
});

