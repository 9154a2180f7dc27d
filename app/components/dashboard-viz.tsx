/**
 * Polaris Viz, loaded in the browser only (it measures the DOM and does not render on the server): the dashboard's
 * and the cohorts page's line and bar charts. Imported lazily by dashboard-chart.tsx.
 */
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import type { DataSeries } from "@shopify/polaris-viz";

export type VizProps = {
  kind: "line" | "bar";
  series: DataSeries[];
  formatY?: (value: number | string | null) => string;
  formatX?: (value: number | string | null) => string;
  /** Bars of the series stacked per key (inquiries per channel) rather than side by side. */
  stacked?: boolean;
};

export default function Viz({ kind, series, formatY, formatX, stacked }: VizProps) {
  const yAxisOptions = formatY ? { labelFormatter: formatY } : undefined;
  const xAxisOptions = formatX ? { labelFormatter: formatX } : undefined;
  return (
    <PolarisVizProvider defaultTheme="Light">
      {kind === "line" ? (
        <LineChart data={series} theme="Light" isAnimated={false} yAxisOptions={yAxisOptions} xAxisOptions={xAxisOptions} />
      ) : (
        <BarChart data={series} theme="Light" type={stacked ? "stacked" : "default"} isAnimated={false} yAxisOptions={yAxisOptions} xAxisOptions={xAxisOptions} />
      )}
    </PolarisVizProvider>
  );
}
