import { useFetcher, useRouteLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../i18n/i18n";
import type { action, loader } from "../routes/app.sync";
import type { PhaseProgress, SyncOverview } from "../sync/initial-sync.server";
import { formatDateTime, formatNumber } from "../utils/format";

const POLL_MS = 3000;
const STATUS_URL = "/app/sync";

function percent({ done, total }: PhaseProgress): number {
  if (!total) return done > 0 ? 100 : 0;
  return Math.min(100, Math.round((done / total) * 100));
}

function PhaseBar({ id, label, progress }: { id: string; label: string; progress: PhaseProgress }) {
  return (
    <BlockStack gap="100">
      <Text as="p" variant="bodySm" id={id}>
        {label}
      </Text>
      <ProgressBar progress={percent(progress)} size="small" ariaLabelledBy={id} />
    </BlockStack>
  );
}

/** The sync card: progress bars with counts while a sync runs (polled only then), the last sync, the last error. */
export function SyncProgress() {
  const { t } = useTranslation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  const status = useFetcher<typeof loader>();
  const submit = useFetcher<typeof action>();
  const overview: SyncOverview | undefined = status.data;
  const running = Boolean(overview?.active) || submit.state !== "idle";

  useEffect(() => {
    if (status.state === "idle" && !status.data) status.load(STATUS_URL);
  }, [status]);

  // Poll only while a sync is active, so an idle page costs nothing.
  useEffect(() => {
    if (!overview?.active) return;
    const timer = setInterval(() => {
      if (status.state === "idle") status.load(STATUS_URL);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [overview?.active, status]);

  const count = (p: PhaseProgress) => ({
    done: formatNumber(p.done, locale),
    total: p.total === null ? t("sync.progress.unknownTotal") : formatNumber(p.total, locale),
  });
  const active = overview?.active;
  const start = (intent: "full" | "changes") => submit.submit({ intent }, { method: "post", action: STATUS_URL });

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("sync.progress.title")}
        </Text>
        {submit.data?.result === "busy" ? <Banner tone="info">{t("sync.result.busy")}</Banner> : null}
        {overview?.lastError && !active ? (
          <Banner tone="critical" title={t("sync.errors.title")}>
            {t(`sync.errors.${overview.lastError.code}`)}
          </Banner>
        ) : null}
        {active ? (
          <BlockStack gap="300">
            <Text as="p" tone="subdued">
              {active.queued
                ? t("sync.progress.queued")
                : active.kind === "reconcile"
                  ? t("sync.progress.reconciling")
                  : t("sync.progress.running")}
            </Text>
            <PhaseBar id="sync-customers" label={t("sync.progress.customers", count(active.customers))} progress={active.customers} />
            <PhaseBar id="sync-orders" label={t("sync.progress.orders", count(active.orders))} progress={active.orders} />
            <PhaseBar id="sync-checkouts" label={t("sync.progress.checkouts", count(active.checkouts))} progress={active.checkouts} />
          </BlockStack>
        ) : null}
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="p" variant="bodySm" tone="subdued">
            {overview?.lastCompletedAt
              ? t("sync.progress.lastCompleted", { when: formatDateTime(overview.lastCompletedAt, locale, overview.timeZone) })
              : t("sync.progress.never")}
          </Text>
          <InlineStack gap="200">
            <Button onClick={() => start("changes")} disabled={running}>
              {t("sync.actions.checkChanges")}
            </Button>
            <Button variant="primary" onClick={() => start("full")} loading={submit.state !== "idle"} disabled={running}>
              {t("sync.actions.syncNow")}
            </Button>
          </InlineStack>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
