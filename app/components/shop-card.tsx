import { BlockStack, Card, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { HomeOverview } from "../home/home.server";

export function ShopCard({ shop }: { shop: HomeOverview["shop"] }) {
  const { t } = useTranslation();
  const rows: Array<[string, string]> = [
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
