import { BlockStack, Box, Button, SkeletonBodyText, Text } from "@shopify/polaris";
import { lazy, Suspense, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { CohortTable } from "./cohort-table";
import type { VizProps } from "./dashboard-viz";

const Viz = lazy(() => import("./dashboard-viz"));
// React 18 has no `inert` prop; as a plain attribute it reaches the DOM.
const INERT = { inert: "" } as Record<string, string>;

type Props = VizProps & {
  /** What the chart shows, in one or two sentences (read by screen readers and shown under the chart). */
  summary: string;
  /** The same data as a table, for screen readers and anyone who prefers numbers. */
  table: { headings: string[]; rows: Array<Array<string | number>> };
  height?: number;
};

/**
 * A chart rendered in the browser only (a skeleton on the server and while Polaris Viz loads), with a text summary
 * and a data table behind a toggle as its accessible alternative.
 */
export function DashboardChart({ summary, table, height = 240, ...viz }: Props) {
  const { t } = useTranslation();
  const [mounted, setMounted] = useState(false);
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  useEffect(() => setMounted(true), []);
  const skeleton = (
    <Box minHeight={`${height}px`}>
      <SkeletonBodyText lines={6} />
    </Box>
  );
  return (
    <BlockStack gap="200">
      {/* The drawing is for the eyes only (inert: out of the tab order and the accessibility tree; Polaris Viz's own
          ARIA markup fails axe); the summary and the table below carry the same data as text. */}
      <div style={{ height }} aria-hidden="true" {...INERT} data-chart-ready={mounted ? "true" : "false"}>
        {mounted ? <Suspense fallback={skeleton}>{<Viz {...viz} />}</Suspense> : skeleton}
      </div>
      <Text as="p" tone="subdued">
        {summary}
      </Text>
      <Box>
        <Button variant="plain" ariaExpanded={showTable} ariaControls={tableId} onClick={() => setShowTable((v) => !v)}>
          {showTable ? t("dashboard.chart.hideData") : t("dashboard.chart.showData")}
        </Button>
      </Box>
      <div id={tableId} hidden={!showTable}>
        {showTable ? (
          <CohortTable
            caption={summary}
            headings={table.headings}
            rows={table.rows.map(([header, ...cells], i) => ({ key: String(i), header, cells: cells.map((value) => ({ value })) }))}
          />
        ) : null}
      </div>
    </BlockStack>
  );
}
