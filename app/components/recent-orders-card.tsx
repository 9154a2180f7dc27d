import { Badge, Card, EmptyState, IndexTable, Link, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { HomeOverview } from "../home/home.server";
import type { Locale } from "../i18n/i18n";
import { adminUrl } from "../shopify/admin-links";
import { formatDateTime, formatMoney } from "../utils/format";

type Props = { orders: HomeOverview["recentOrders"]; locale: Locale; timeZone: string };

const FINANCIAL_TONE: Record<string, "success" | "attention" | "critical" | "info" | undefined> = {
  PAID: "success",
  PENDING: "attention",
  AUTHORIZED: "attention",
  PARTIALLY_PAID: "attention",
  REFUNDED: "info",
  PARTIALLY_REFUNDED: "info",
  VOIDED: "critical",
  EXPIRED: "critical",
};

export function RecentOrdersCard({ orders, locale, timeZone }: Props) {
  const { t, i18n } = useTranslation();
  const label = (group: string, key: string | null) =>
    key && i18n.exists(`${group}.${key}`) ? t(`${group}.${key}`) : t(`${group}.${group === "channel" ? "other" : "unknown"}`);

  return (
    <Card padding="0">
      <div style={{ padding: "var(--p-space-400)" }}>
        <Text as="h2" variant="headingMd">
          {t("home.recentOrders.title")}
        </Text>
      </div>
      <IndexTable
        resourceName={{
          singular: t("home.recentOrders.resourceName.singular"),
          plural: t("home.recentOrders.resourceName.plural"),
        }}
        itemCount={orders.length}
        selectable={false}
        emptyState={
          <EmptyState heading={t("home.recentOrders.empty.heading")} image="/images/empty-orders.svg">
            <p>{t("home.recentOrders.empty.body")}</p>
          </EmptyState>
        }
        headings={[
          { title: t("home.recentOrders.order") },
          { title: t("home.recentOrders.date") },
          { title: t("home.recentOrders.customer") },
          { title: t("home.recentOrders.channel") },
          { title: t("home.recentOrders.payment") },
          { title: t("home.recentOrders.fulfillment") },
          { title: t("home.recentOrders.total"), alignment: "end" },
        ]}
      >
        {orders.map((order, index) => (
          <IndexTable.Row id={order.id} key={order.id} position={index}>
            <IndexTable.Cell>
              <Text as="span" fontWeight="semibold">
                <Link url={adminUrl("orders", order.id)} removeUnderline>
                  {order.name}
                </Link>
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{formatDateTime(order.processedAt, locale, timeZone)}</IndexTable.Cell>
            <IndexTable.Cell>{order.customerName ?? t("home.recentOrders.guest")}</IndexTable.Cell>
            <IndexTable.Cell>{label("channel", order.channel)}</IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={FINANCIAL_TONE[order.financialStatus ?? ""]}>{label("financialStatus", order.financialStatus)}</Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={order.fulfillmentStatus === "FULFILLED" ? "success" : "attention"}>
                {label("fulfillmentStatus", order.fulfillmentStatus)}
              </Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {formatMoney(order.total.amount, order.total.currencyCode, locale)}
              </Text>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
