import { BlockStack, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { INQUIRY_CHANNELS } from "../dashboard/cards";
import type { DashboardData } from "../dashboard/dashboard.server";
import { daysOf, formatDay } from "../dashboard/format";
import type { Locale } from "../i18n/i18n";
import { formatMoney, formatNumber } from "../utils/format";
import { DashboardChart } from "./dashboard-chart";

type Props = { data: Pick<DashboardData, "current" | "previous" | "currencyCode">; locale: Locale };

const sum = (values: number[] | undefined) => (values ?? []).reduce((a, b) => a + b, 0);

/** Orders and revenue per day, each with the previous period as a comparison series. */
export function DashboardSalesChart({ data, locale }: Props) {
  const { t } = useTranslation();
  const days = daysOf(data.current.from, data.current.days);
  const labels = days.map((d) => formatDay(d, locale));
  const money = (v: number) => formatMoney(v, data.currencyCode, locale);
  const seriesOf = (name: string, values: number[] | undefined, isComparison = false) => ({
    name,
    isComparison,
    data: labels.map((key, i) => ({ key, value: values?.[i] ?? 0 })),
  });
  const orders = [seriesOf(t("dashboard.chart.orders"), data.current.series.orders)];
  const revenue = [seriesOf(t("dashboard.chart.revenue"), data.current.series.revenue)];
  if (data.previous) {
    orders.push(seriesOf(t("dashboard.chart.previousOrders"), data.previous.series.orders, true));
    revenue.push(seriesOf(t("dashboard.chart.previousRevenue"), data.previous.series.revenue, true));
  }
  const range = { from: formatDay(data.current.from, locale), to: formatDay(data.current.to, locale) };
  const totals = { orders: formatNumber(sum(data.current.series.orders), locale), revenue: money(sum(data.current.series.revenue)) };
  const summary = data.previous
    ? t("dashboard.chart.salesSummaryCompare", {
        ...range,
        ...totals,
        previousOrders: formatNumber(sum(data.previous.series.orders), locale),
        previousRevenue: money(sum(data.previous.series.revenue)),
      })
    : t("dashboard.chart.salesSummary", { ...range, ...totals });
  const headings = [t("dashboard.chart.date"), t("dashboard.chart.orders"), t("dashboard.chart.revenue")];
  if (data.previous) headings.push(t("dashboard.chart.previousOrders"), t("dashboard.chart.previousRevenue"));
  const rows = labels.map((label, i) => {
    const row: Array<string | number> = [label, formatNumber(data.current.series.orders?.[i] ?? 0, locale), money(data.current.series.revenue?.[i] ?? 0)];
    if (data.previous) row.push(formatNumber(data.previous.series.orders?.[i] ?? 0, locale), money(data.previous.series.revenue?.[i] ?? 0));
    return row;
  });
  return (
    <BlockStack gap="400">
      <DashboardChart kind="line" series={orders} summary={summary} table={{ headings, rows }} />
      <DashboardChart
        kind="line"
        series={revenue}
        formatY={(v) => money(Number(v ?? 0))}
        summary={t("dashboard.chart.revenueChart")}
        table={{ headings, rows }}
      />
    </BlockStack>
  );
}

/** New and returning customers per day (the day of their first order in the range). */
export function DashboardNewVsReturningChart({ data, locale }: Props) {
  const { t } = useTranslation();
  const days = daysOf(data.current.from, data.current.days);
  const labels = days.map((d) => formatDay(d, locale));
  const newPerDay = data.current.series.newCustomers ?? [];
  const returningPerDay = data.current.series.returningCustomers ?? [];
  const series = [
    { name: t("dashboard.chart.newCustomers"), data: labels.map((key, i) => ({ key, value: newPerDay[i] ?? 0 })) },
    { name: t("dashboard.chart.returningCustomers"), data: labels.map((key, i) => ({ key, value: returningPerDay[i] ?? 0 })) },
  ];
  const summary = t("dashboard.chart.newVsReturningSummary", {
    from: formatDay(data.current.from, locale),
    to: formatDay(data.current.to, locale),
    newCustomers: formatNumber(sum(newPerDay), locale),
    returningCustomers: formatNumber(sum(returningPerDay), locale),
  });
  const headings = [t("dashboard.chart.date"), t("dashboard.chart.newCustomers"), t("dashboard.chart.returningCustomers")];
  const rows = labels.map((label, i) => [label, formatNumber(newPerDay[i] ?? 0, locale), formatNumber(returningPerDay[i] ?? 0, locale)]);
  return <DashboardChart kind="bar" series={series} summary={summary} table={{ headings, rows }} />;
}

/** Inquiries received per day, stacked by channel (form, chat, mail, phone, in person); a sentence when there are none. */
export function DashboardInquiriesChart({ data, locale }: Props) {
  const { t } = useTranslation();
  const days = daysOf(data.current.from, data.current.days);
  const labels = days.map((d) => formatDay(d, locale));
  const perChannel = data.current.series.inquiriesByChannel;
  const totals = INQUIRY_CHANNELS.map((channel) => sum(perChannel?.[channel]));
  const total = totals.reduce((a, b) => a + b, 0);
  const range = { from: formatDay(data.current.from, locale), to: formatDay(data.current.to, locale) };
  if (total === 0) {
    return (
      <Text as="p" tone="subdued">
        <span data-testid="inquiries-chart-empty">{t("dashboard.empty.inquiriesChart", range)}</span>
      </Text>
    );
  }
  const channelName = (channel: string) => t(`dashboard.chart.channels.${channel}`);
  const series = INQUIRY_CHANNELS.map((channel) => ({
    name: channelName(channel),
    data: labels.map((key, i) => ({ key, value: perChannel?.[channel]?.[i] ?? 0 })),
  }));
  const byChannel = INQUIRY_CHANNELS.map((channel, i) => t("dashboard.chart.channelCount", { channel: channelName(channel), value: formatNumber(totals[i] ?? 0, locale) })).join(t("dashboard.chart.listSeparator"));
  const summary = t("dashboard.chart.inquiriesSummary", { ...range, total: formatNumber(total, locale), byChannel });
  const headings = [t("dashboard.chart.date"), ...INQUIRY_CHANNELS.map(channelName)];
  const rows = labels.map((label, i) => [label, ...INQUIRY_CHANNELS.map((channel) => formatNumber(perChannel?.[channel]?.[i] ?? 0, locale))]);
  return <DashboardChart kind="bar" stacked series={series} summary={summary} table={{ headings, rows }} />;
}
