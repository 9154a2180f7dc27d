import { BlockStack, Card, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { HomeOverview } from "../home/home.server";
import type { Locale } from "../i18n/i18n";
import { formatNumber } from "../utils/format";

type Count = HomeOverview["customers"];

/** The store as Shopify describes it, with Shopify's own customer and order counts (the dashboard shows the synced ones). */
export function ShopCard({ shop, customers, orders, locale }: { shop: HomeOverview["shop"]; customers: Count; orders: Count; locale: Locale }) {
  const { t } = useTranslation();
  const count = (value: Count) =>
    value ? (value.exact ? formatNumber(value.count, locale) : t("home.kpi.atLeast", { value: formatNumber(value.count, locale) })) : "—";
  const rows: Array<[string, string]> = [
    [t("home.shopCard.customers"), count(customers)],
    [t("home.shopCard.orders"), count(orders)],
    [t("home.shopCard.domain"), shop.myshopifyDomain],
    [t("home.shopCard.currency"), shop.currencyCode],
    [t("home.shopCard.timezone"), shop.ianaTimezone],
    [t("home.shopCard.email"), shop.email],
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("home.shopCard.title")}
        </Text>
        <Text as="p" variant="bodyLg" fontWeight="semibold">
          {shop.name}
        </Text>
        <dl>
          {rows.map(([label, value]) => (
            <div key={label} style={{ marginBottom: "var(--p-space-200)" }}>
              <Text as="dt" variant="bodySm" tone="subdued">
                {label}
              </Text>
              <Text as="dd" variant="bodyMd" breakWord>
                {value}
              </Text>
            </div>
          ))}
        </dl>
      </BlockStack>
    </Card>
  );
}
