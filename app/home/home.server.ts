/** The admin home: what is true about the shop right now, read through the Admin API. */
import type { AdminGateway } from "../shopify/gateway.server";
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
