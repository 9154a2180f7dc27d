import { Badge, BlockStack, Card, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { CohortReport } from "../analytics/cohorts";
import { formatMonth, formatPercent } from "../dashboard/format";
import type { Locale } from "../i18n/i18n";
import { formatNumber } from "../utils/format";
import { CohortTable } from "./cohort-table";

type Props = { f2: CohortReport["f2"]; repeat: CohortReport["repeat"]; windowDays: number; locale: Locale };

/** F2 conversion by first-order month (young months flagged "not yet complete") and by first channel; repeat rate. */
export function CohortF2Table({ f2, repeat, windowDays, locale }: Props) {
  const { t } = useTranslation();
  const rate = (value: number | null) => (value === null ? "—" : formatPercent(value, locale));
  const n = (value: number) => formatNumber(value, locale);
  const headings = [t("cohorts.f2.customers"), t("cohorts.f2.converted"), t("cohorts.f2.pending"), t("cohorts.f2.rate")];
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("cohorts.f2.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("cohorts.f2.description", { days: windowDays })}
          </Text>
          <Text as="p" fontWeight="semibold">
            <span data-testid="f2-overall">
              {t("cohorts.f2.overall", {
                rate: rate(f2.overall.rate),
                converted: n(f2.overall.converted),
                decided: n(f2.overall.customers - f2.overall.pending),
                pending: n(f2.overall.pending),
              })}
            </span>
          </Text>
          <Text as="p">{t("cohorts.repeat.body", { rate: rate(repeat.rate), repeaters: n(repeat.repeaters), buyers: n(repeat.buyers) })}</Text>
        </BlockStack>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("cohorts.f2.byMonth")}
          </Text>
          <CohortTable
            testId="f2-by-month"
            caption={t("cohorts.f2.byMonth")}
            headings={[t("cohorts.f2.month"), ...headings, t("cohorts.f2.status")]}
            rows={[...f2.byMonth].reverse().map((m) => ({
              key: m.month,
              header: formatMonth(m.month, locale),
              cells: [
                { value: n(m.customers) },
                { value: n(m.converted) },
                { value: n(m.pending) },
                { value: rate(m.rate) },
                { value: m.complete ? t("cohorts.f2.complete") : <Badge tone="attention">{t("cohorts.f2.incomplete")}</Badge> },
              ],
            }))}
          />
        </BlockStack>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("cohorts.f2.byChannel")}
          </Text>
          <CohortTable
            testId="f2-by-channel"
            caption={t("cohorts.f2.byChannel")}
            headings={[t("cohorts.f2.channel"), ...headings]}
            rows={f2.byChannel.map((c) => ({
              key: c.channel,
              header: c.channel || t("cohorts.f2.unknownChannel"),
              cells: [{ value: n(c.customers) }, { value: n(c.converted) }, { value: n(c.pending) }, { value: rate(c.rate) }],
            }))}
          />
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
