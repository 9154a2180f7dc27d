import { BlockStack, Card, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { CohortRow } from "../analytics/cohorts";
import { formatMonth } from "../dashboard/format";
import type { Locale } from "../i18n/i18n";
import { formatMoney } from "../utils/format";
import { DashboardChart } from "./dashboard-chart";

type Props = { cohorts: CohortRow[]; currencyCode: string; locale: Locale; count?: number; months?: number };

/** LTV by acquisition month: average cumulative revenue per customer of the latest cohorts, by months since. */
export function CohortLtvChart({ cohorts, currencyCode, locale, count = 6, months = 12 }: Props) {
  const { t } = useTranslation();
  const shown = cohorts.slice(-count);
  const width = Math.min(months + 1, Math.max(1, ...shown.map((c) => c.ltv.length)));
  const labels = Array.from({ length: width }, (_, k) => t("cohorts.retention.month", { n: k }));
  const money = (v: number) => formatMoney(v, currencyCode, locale);
  const series = shown.map((c) => ({
    name: formatMonth(c.month, locale),
    data: labels.map((key, k) => ({ key, value: c.ltv[k] ?? null })),
  }));
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("cohorts.ltv.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("cohorts.ltv.description")}
        </Text>
        <DashboardChart
          kind="line"
          series={series}
          formatY={(v) => money(Number(v ?? 0))}
          height={280}
          summary={t("cohorts.ltv.summaryShort", { count: shown.length })}
          table={{
            headings: [t("cohorts.retention.cohort"), ...labels],
            rows: shown.map((c) => [formatMonth(c.month, locale), ...labels.map((_, k) => (c.ltv[k] === undefined ? "" : money(c.ltv[k]!)))]),
          }}
        />
      </BlockStack>
    </Card>
  );
}
