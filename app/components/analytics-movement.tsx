import { Badge, BlockStack, Box, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { CPM_CLASSES, CPM_STAGES } from "../analytics/classes";
import type { AnalysisOverview } from "../analytics/overview.server";
import type { Locale } from "../i18n/i18n";
import { formatNumber } from "../utils/format";

type Props = { movement: AnalysisOverview["movement"]; locale: Locale };

const stageIndex = (code: string) => CPM_STAGES.findIndex((stage) => code.startsWith(`cpm_${stage}_`));
const isLapsed = (code: string) => code.endsWith("_lapsed");

/** "up" when the stage rises while active, "lapsed" when an active customer became lapsed, else "same". */
function kind(from: string, to: string): "up" | "lapsed" | "same" {
  if (from !== "new" && !isLapsed(from) && isLapsed(to)) return "lapsed";
  if (from !== "new" && stageIndex(to) > stageIndex(from) && !isLapsed(to)) return "up";
  return "same";
}

const ROW = 24;
const WIDTH = 640;

/** From→to matrix of customers between last month's and this month's CPM class, with a hand-drawn flow chart. */
export function AnalyticsMovement({ movement, locale }: Props) {
  const { t } = useTranslation();
  const name = (code: string) => (code === "new" ? t("analytics.movement.new") : t(`analytics.cpm.classes.${code}`));
  if (!movement.from || movement.rows.length === 0) {
    return (
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t("analytics.movement.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("analytics.movement.none")}
          </Text>
        </BlockStack>
      </Card>
    );
  }
  const fromCodes = ["new", ...CPM_CLASSES].filter((c) => movement.rows.some((r) => r.from === c));
  const toCodes = CPM_CLASSES.filter((c) => movement.rows.some((r) => r.to === c));
  const count = (from: string, to: string) => movement.rows.find((r) => r.from === from && r.to === to)?.customers ?? 0;
  const totals = { up: 0, lapsed: 0, same: 0 };
  for (const r of movement.rows) totals[kind(r.from, r.to)] += r.customers;

  const matrix = fromCodes.map((from) => [name(from), ...toCodes.map((to) => formatNumber(count(from, to), locale))]);
  const max = Math.max(...movement.rows.map((r) => r.customers));
  const height = Math.max(fromCodes.length, toCodes.length) * ROW + ROW;
  const y = (index: number) => ROW + index * ROW;
  const colour = { up: "#1a7f37", lapsed: "#b42318", same: "#6d7175" };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("analytics.movement.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("analytics.movement.description", { from: movement.from, to: movement.to })}
        </Text>
        <InlineStack gap="200">
          <Badge tone="success">{`${t("analytics.movement.up")}: ${formatNumber(totals.up, locale)}`}</Badge>
          <Badge tone="critical">{`${t("analytics.movement.lapsed")}: ${formatNumber(totals.lapsed, locale)}`}</Badge>
          <Badge>{`${t("analytics.movement.same")}: ${formatNumber(totals.same, locale)}`}</Badge>
        </InlineStack>
        <div data-testid="movement-matrix">
          <DataTable
            columnContentTypes={["text", ...toCodes.map(() => "numeric" as const)]}
            headings={[`${t("analytics.movement.from")} \\ ${t("analytics.movement.to")}`, ...toCodes.map(name)]}
            rows={matrix}
          />
        </div>
        <Box overflowX="scroll">
          <svg
            role="img"
            aria-labelledby="movement-chart-title movement-chart-desc"
            viewBox={`0 0 ${WIDTH} ${height}`}
            width="100%"
            style={{ maxWidth: WIDTH, minWidth: 480 }}
          >
            <title id="movement-chart-title">{t("analytics.movement.chartTitle")}</title>
            <desc id="movement-chart-desc">{t("analytics.movement.chartDescription")}</desc>
            {movement.rows.map((r) => {
              const a = y(fromCodes.indexOf(r.from));
              const b = y(toCodes.indexOf(r.to as (typeof toCodes)[number]));
              return (
                <path
                  key={`${r.from}-${r.to}`}
                  d={`M 200 ${a} C 320 ${a}, 320 ${b}, 440 ${b}`}
                  fill="none"
                  stroke={colour[kind(r.from, r.to)]}
                  strokeOpacity={0.55}
                  strokeWidth={1 + (9 * r.customers) / max}
                >
                  <title>{t("analytics.movement.flowLabel", { from: name(r.from), to: name(r.to), customers: formatNumber(r.customers, locale) })}</title>
                </path>
              );
            })}
            {fromCodes.map((code, index) => (
              <text key={`from-${code}`} x={192} y={y(index) + 4} textAnchor="end" fontSize={12} fill="#303030">
                {name(code)}
              </text>
            ))}
            {toCodes.map((code, index) => (
              <text key={`to-${code}`} x={448} y={y(index) + 4} fontSize={12} fill="#303030">
                {name(code)}
              </text>
            ))}
          </svg>
        </Box>
      </BlockStack>
    </Card>
  );
}
