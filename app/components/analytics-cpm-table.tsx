import { Link } from "@remix-run/react";
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { ClassSummary } from "../analytics/overview.server";
import type { Locale } from "../i18n/i18n";
import { formatMoney, formatNumber } from "../utils/format";

type Props = { classes: ClassSummary[]; lapseDays: number; currencyCode: string; locale: Locale };

/** The ten CPM classes with customers, revenue and average spend; each name opens its customer list. */
export function AnalyticsCpmTable({ classes, lapseDays, currencyCode, locale }: Props) {
  const { t } = useTranslation();
  const rows = classes.map((c) => [
    <Link key={c.code} to={`/app/customers?cpm=${encodeURIComponent(c.code)}`} data-cpm-class={c.code}>
      {t(`analytics.cpm.classes.${c.code}`)}
    </Link>,
    formatNumber(c.customers, locale),
    formatMoney(c.revenue, currencyCode, locale),
    formatMoney(c.averageSpend, currencyCode, locale),
  ]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("analytics.cpm.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("analytics.cpm.description", { days: lapseDays })}
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric"]}
          headings={[
            t("analytics.cpm.columns.class"),
            t("analytics.cpm.columns.customers"),
            t("analytics.cpm.columns.revenue"),
            t("analytics.cpm.columns.average"),
          ]}
          rows={rows}
        />
      </BlockStack>
    </Card>
  );
}
