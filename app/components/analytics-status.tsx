import { useFetcher, useRevalidator } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, ProgressBar, Spinner, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../i18n/i18n";
import { formatDateTime } from "../utils/format";

const POLL_MS = 2000;

type Props = {
  lastComputedAt: string | null;
  lastDurationMs: number | null;
  running: boolean;
  requested: boolean;
  timeZone: string;
  locale: Locale;
};

/** When classes were last computed, and "Recompute now": queued for the worker, polled until the run has finished. */
export function AnalyticsStatus({ lastComputedAt, lastDurationMs, running, requested, timeZone, locale }: Props) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ result: string }>();
  const revalidator = useRevalidator();
  const submitting = fetcher.state !== "idle";
  const busy = running || requested || submitting;

  // Poll only while a run is asked for or under way.
  useEffect(() => {
    if (!running && !requested) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, requested, revalidator]);

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("analytics.status.title")}
        </Text>
        <div data-testid="analysis-last-computed" data-computed-at={lastComputedAt ?? ""}>
          <Text as="p">
            {lastComputedAt
              ? t("analytics.status.lastComputed", {
                  when: formatDateTime(lastComputedAt, locale, timeZone),
                  seconds: ((lastDurationMs ?? 0) / 1000).toFixed(1),
                })
              : t("analytics.status.never")}
          </Text>
        </div>
        {busy ? (
          <BlockStack gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Spinner size="small" accessibilityLabel={t("analytics.status.running")} />
              <div role="status">
                <Text as="p">{running ? t("analytics.status.running") : t("analytics.status.queued")}</Text>
              </div>
            </InlineStack>
            <ProgressBar progress={running ? 60 : 15} size="small" animated />
          </BlockStack>
        ) : null}
        <InlineStack gap="200" blockAlign="center">
          <Button
            variant="primary"
            loading={busy}
            disabled={busy}
            onClick={() => fetcher.submit({ intent: "recompute" }, { method: "post" })}
          >
            {t("analytics.status.recompute")}
          </Button>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("analytics.status.schedule")}
          </Text>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
