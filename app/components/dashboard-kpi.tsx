import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { type CardFormat, deltaOf } from "../dashboard/cards";
import { formatDeltaSize, formatValue } from "../dashboard/format";
import type { Locale } from "../i18n/i18n";

type Props = {
  value: { current: number | null; previous: number | null } | undefined;
  format: CardFormat;
  compare: boolean;
  hint: string;
  locale: Locale;
  currencyCode: string;
  /** A fall is good news (response time, breach rate): ▼ in green, ▲ in red. */
  lowerIsBetter?: boolean;
};

/** A KPI's value for the range, and with comparison its change from the previous period (▲/▼). */
export function DashboardKpi({ value, format, compare, hint, locale, currencyCode, lowerIsBetter = false }: Props) {
  const { t } = useTranslation();
  const current = value?.current ?? null;
  const previous = value?.previous ?? null;
  const delta = compare ? deltaOf(current, previous, format) : null;
  const size = delta === null ? "" : format === "percent" ? t("dashboard.delta.points", { value: formatDeltaSize(delta, format, locale) }) : formatDeltaSize(delta, format, locale);
  const previousText = formatValue(previous, format, locale, currencyCode);
  let deltaLine: { shown: string; spoken: string; tone: "success" | "critical" | "subdued" } | null = null;
  if (delta !== null) {
    if (delta > 0) deltaLine = { shown: t("dashboard.delta.up", { value: size }), spoken: t("dashboard.delta.accessibleUp", { value: size, previous: previousText }), tone: lowerIsBetter ? "critical" : "success" };
    else if (delta < 0) {
      deltaLine = { shown: t("dashboard.delta.down", { value: size }), spoken: t("dashboard.delta.accessibleDown", { value: size, previous: previousText }), tone: lowerIsBetter ? "success" : "critical" };
    }
    else deltaLine = { shown: t("dashboard.delta.same"), spoken: t("dashboard.delta.accessibleSame", { previous: previousText }), tone: "subdued" };
  }
  return (
    <BlockStack gap="100">
      <Text as="p" variant="heading2xl" numeric>
        <span data-testid="kpi-value">{formatValue(current, format, locale, currencyCode)}</span>
      </Text>
      {deltaLine ? (
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" tone={deltaLine.tone} fontWeight="semibold">
            <span aria-hidden="true">{deltaLine.shown}</span>
            <Text as="span" visuallyHidden>
              {deltaLine.spoken}
            </Text>
          </Text>
          <Text as="span" tone="subdued" variant="bodySm">
            <span aria-hidden="true">{t("dashboard.delta.previous", { value: previousText })}</span>
          </Text>
        </InlineStack>
      ) : null}
      <Text as="p" tone="subdued" variant="bodySm">
        {hint}
      </Text>
    </BlockStack>
  );
}
