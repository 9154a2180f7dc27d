/**
 * The admin home: the staff member's dashboard (app/dashboard) over the app's database, and what is true about the
 * shop right now (store card, recent orders) read through the Admin API.
 */
import { type DashboardData, loadDashboard, saveLayout, saveSettings, type SaveResult } from "../dashboard/dashboard.server";
import { createI18n } from "../i18n/i18n";
import type { AdminGateway } from "../shopify/gateway.server";
import { resolveStaffLocale } from "../staff/staff.server";
import { HomeOverview, type HomeOverviewData } from "../shopify/operations";

export type HomeOverview = {
  shop: HomeOverviewData["shop"];
  customers: { count: number; exact: boolean } | null;
  orders: { count: number; exact: boolean } | null;
  recentOrders: Array<{
    id: string;
    name: string;
    processedAt: string;
    financialStatus: string | null;
    fulfillmentStatus: string;
    channel: string;
    total: { amount: string; currencyCode: string };
    customerName: string | null;
  }>;
};

export async function loadHomeOverview(gateway: AdminGateway): Promise<HomeOverview> {
  const data = await gateway.run(HomeOverview);
  const count = (c: HomeOverviewData["customersCount"]) => (c ? { count: c.count, exact: c.precision === "EXACT" } : null);
  return {
    shop: data.shop,
    customers: count(data.customersCount),
    orders: count(data.ordersCount),
    recentOrders: data.orders.nodes.map((order) => ({
      id: order.id,
      name: order.name,
      processedAt: order.processedAt,
      financialStatus: order.displayFinancialStatus,
      fulfillmentStatus: order.displayFulfillmentStatus,
      channel: order.sourceName ?? "other",
      total: order.totalPriceSet.shopMoney,
      customerName: order.customer?.displayName ?? null,
    })),
  };
}

export type Home = { overview: HomeOverview; dashboard: DashboardData; canSave: boolean };

/** Everything the home page shows for `userId` (the session token's `sub`; null when the request has no user). */
export async function loadHome(gateway: AdminGateway, shop: string, userId: string | null): Promise<Home> {
  const [overview, dashboard] = await Promise.all([loadHomeOverview(gateway), loadDashboard(shop, userId)]);
  return { overview, dashboard, canSave: userId !== null };
}

/**
 * Saves the card layout (`cards`, a JSON list of card keys) or the date range of the staff member; refusals come
 * back as field messages in their language.
 */
export async function saveDashboard(
  request: { shop: string; userId: string; acceptLanguage: string | null },
  intent: "layout" | "settings",
  form: Record<string, unknown>,
): Promise<SaveResult> {
  const { shop, userId } = request;
  const result = intent === "layout" ? await saveLayout(shop, userId, form.cards) : await saveSettings(shop, userId, form);
  if (result.ok) return result;
  const locale = await resolveStaffLocale({ shop, userId, requested: null, acceptLanguage: request.acceptLanguage });
  const { t } = createI18n(locale);
  return { ok: false, errors: Object.fromEntries(Object.entries(result.errors).map(([field, key]) => [field, t(key)])) };
}
