import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDay } from "../dashboard/format";
import { RANGE_PRESETS, type DashboardSettingsValues } from "../dashboard/range";
import type { Locale } from "../i18n/i18n";

type Props = {
  settings: DashboardSettingsValues;
  current: { from: string; to: string };
  previous: { from: string; to: string } | null;
  canSave: boolean;
  locale: Locale;
};

/** The date range (presets or custom days) and "compare with the previous period", saved for the staff member. */
export function DashboardRange({ settings, current, previous, canSave, locale }: Props) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean; errors?: Record<string, string> }>();
  const [range, setRange] = useState<string>(settings.range);
  const [from, setFrom] = useState(settings.from ?? current.from);
  const [to, setTo] = useState(settings.to ?? current.to);
  const [compare, setCompare] = useState(settings.compare);
  useEffect(() => {
    setRange(settings.range);
    setCompare(settings.compare);
  }, [settings.range, settings.compare]);
  const errors = fetcher.data && !fetcher.data.ok ? (fetcher.data.errors ?? {}) : {};
  const submit = (next: { range: string; compare: boolean }) =>
    fetcher.submit({ intent: "settings", range: next.range, compare: String(next.compare), from, to }, { method: "post" });
  return (
    <Card>
      <fetcher.Form method="post" onSubmit={(e) => { e.preventDefault(); submit({ range, compare }); }}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingSm">
            {t("dashboard.range.title")}
          </Text>
          <InlineStack gap="400" blockAlign="end" wrap>
            <Select
              label={t("dashboard.range.label")}
              name="range"
              options={RANGE_PRESETS.map((p) => ({ value: p, label: t(`dashboard.range.presets.${p}`) }))}
              value={range}
              error={errors.range}
              disabled={!canSave}
              onChange={(value) => {
                setRange(value);
                // Presets apply at once; a custom range waits for its dates.
                if (value !== "custom") submit({ range: value, compare });
              }}
            />
            {range === "custom" ? (
              <>
                <TextField label={t("dashboard.range.from")} type="date" name="from" autoComplete="off" value={from} onChange={setFrom} error={errors.from} />
                <TextField label={t("dashboard.range.to")} type="date" name="to" autoComplete="off" value={to} onChange={setTo} error={errors.to} />
                <Button submit loading={fetcher.state !== "idle"} disabled={!canSave}>
                  {t("dashboard.range.apply")}
                </Button>
              </>
            ) : null}
            <Checkbox
              label={t("dashboard.range.compare")}
              checked={compare}
              disabled={!canSave}
              onChange={(checked) => {
                setCompare(checked);
                if (range !== "custom") submit({ range, compare: checked });
              }}
            />
          </InlineStack>
          <Text as="p" tone="subdued">
            <span data-testid="dashboard-range">{t("dashboard.range.current", { from: formatDay(current.from, locale), to: formatDay(current.to, locale) })}</span>
            {previous ? ` · ${t("dashboard.range.previous", { from: formatDay(previous.from, locale), to: formatDay(previous.to, locale) })}` : ""}
          </Text>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
