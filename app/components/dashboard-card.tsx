import { SkeletonBodyText } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { type CardKey, cardOf } from "../dashboard/cards";
import type { DashboardData } from "../dashboard/dashboard.server";
import { formatNumber } from "../utils/format";
import type { Locale } from "../i18n/i18n";
import { DashboardInquiriesChart, DashboardNewVsReturningChart, DashboardSalesChart } from "./dashboard-charts";
import { DashboardKpi } from "./dashboard-kpi";

type Props = { cardKey: CardKey; dashboard: DashboardData; locale: Locale };

/** The body of one dashboard card: its chart, or its KPI with a hint (an empty state's when there is nothing yet). */
export function DashboardCardBody({ cardKey, dashboard, locale }: Props) {
  const { t } = useTranslation();
  const card = cardOf(cardKey);
  if (card.kind === "chart") {
    switch (card.chart) {
      case "sales":
        return <DashboardSalesChart data={dashboard} locale={locale} />;
      case "newVsReturning":
        return <DashboardNewVsReturningChart data={dashboard} locale={locale} />;
      case "inquiriesByChannel":
        return <DashboardInquiriesChart data={dashboard} locale={locale} />;
    }
  }
  const value = dashboard.values[cardKey];
  if (value === undefined || card.kind !== "kpi") return <SkeletonBodyText lines={2} />;
  return (
    <DashboardKpi
      value={value}
      format={card.format}
      compare={dashboard.previous !== null && !("snapshot" in card && card.snapshot)}
      lowerIsBetter={"lowerIsBetter" in card && card.lowerIsBetter}
      hint={hintOf(cardKey, dashboard, locale, t)}
      locale={locale}
      currencyCode={dashboard.currencyCode}
    />
  );
}

function hintOf(key: CardKey, dashboard: DashboardData, locale: Locale, t: (key: string, options?: Record<string, unknown>) => string): string {
  const f = dashboard.current.figures;
  switch (key) {
    case "openInquiries":
      if (!f.openInquiries) return t("dashboard.empty.openInquiries");
      return f.overdueInquiries ? t("dashboard.hints.openInquiriesOverdue", { count: f.overdueInquiries, formatted: formatNumber(f.overdueInquiries, locale) }) : t("dashboard.hints.openInquiries");
    case "firstResponseTime":
      return f.firstResponseMedian === null || f.firstResponseMedian === undefined ? t("dashboard.empty.firstResponseTime") : t("dashboard.hints.firstResponseTime");
    case "slaBreachRate":
      return f.slaMeasured ? t("dashboard.hints.slaBreachRate", { breached: formatNumber(f.slaBreached ?? 0, locale), measured: formatNumber(f.slaMeasured, locale) }) : t("dashboard.empty.slaBreachRate");
    case "inquiriesReceived":
      return f.inquiriesReceived ? t("dashboard.hints.inquiriesReceived") : t("dashboard.empty.inquiriesReceived");
    default:
      return t(`dashboard.hints.${key}`, { days: dashboard.f2WindowDays });
  }
}
