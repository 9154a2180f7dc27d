import { BlockStack, Card, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { type CohortRow, heatLevel } from "../analytics/cohorts";
import { formatMonth, formatPercent } from "../dashboard/format";
import type { Locale } from "../i18n/i18n";
import { formatNumber } from "../utils/format";
import { CohortTable } from "./cohort-table";

type Props = { cohorts: CohortRow[]; locale: Locale; months?: number; rows?: number };

/**
 * Retention heat table: first-order months down, months since across; each cell shaded by its share (month 0, always
 * 100 %, is left out of the scale) and carrying its value as text, with row and column headers for screen readers.
 */
export function CohortRetentionTable({ cohorts, locale, months = 12, rows = 18 }: Props) {
  const { t } = useTranslation();
  const shown = cohorts.slice(-rows).reverse();
  const width = Math.min(months + 1, Math.max(1, ...shown.map((c) => c.retention.length)));
  const max = Math.max(0, ...shown.flatMap((c) => c.retention.slice(1, width)));
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("cohorts.retention.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("cohorts.retention.description")}
        </Text>
        <CohortTable
          testId="retention-table"
          caption={t("cohorts.retention.caption")}
          headings={[t("cohorts.retention.cohort"), t("cohorts.retention.customers"), ...Array.from({ length: width }, (_, k) => t("cohorts.retention.month", { n: k }))]}
          rows={shown.map((c) => ({
            key: c.month,
            header: formatMonth(c.month, locale),
            cells: [
              { value: formatNumber(c.customers, locale) },
              ...Array.from({ length: width }, (_, k) => {
                const value = c.retention[k];
                if (value === undefined) return { value: "" };
                const level = k === 0 ? 1 : heatLevel(value, max);
                // Dark text on light shades (alpha ≤ 0.66), white on dark ones (≥ 0.9): shades in between would fail
                // WCAG contrast with either, so the scale jumps over them.
                const alpha = level <= 0.6 ? 0.06 + level : 0.9 + (level - 0.6) * 0.25;
                return {
                  value: formatPercent(value, locale),
                  level: level.toFixed(2),
                  style: { background: `rgba(0, 91, 211, ${alpha.toFixed(2)})`, color: alpha >= 0.9 ? "#ffffff" : "#202223" },
                };
              }),
            ],
          }))}
        />
      </BlockStack>
    </Card>
  );
}
