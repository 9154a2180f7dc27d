import { BlockStack, Card, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { Locale } from "../i18n/i18n";
import { formatNumber } from "../utils/format";

type Props = { label: string; value: { count: number; exact: boolean } | null; locale: Locale };

export function KpiCard({ label, value, locale }: Props) {
  const { t } = useTranslation();
  const shown = value
    ? value.exact
      ? formatNumber(value.count, locale)
      : t("home.kpi.atLeast", { value: formatNumber(value.count, locale) })
    : "—";
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {shown}
        </Text>
      </BlockStack>
    </Card>
  );
}
