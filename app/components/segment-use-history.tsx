import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { PushStatus, PushSummary } from "../segments/push.server";

const TONE: Record<PushStatus, "info" | "attention" | "success" | "critical" | undefined> = {
  queued: "info",
  running: "attention",
  succeeded: "success",
  failed: "critical",
  cancelled: undefined,
};

/** The segment's pushes, newest first: a progress bar with counts while a tag push runs, and its cancel button. */
export function SegmentUseHistory({ segmentId, pushes }: { segmentId: string; pushes: PushSummary[] }) {
  const { t, i18n } = useTranslation();
  const cancel = useFetcher<{ ok: boolean }>();
  const number = new Intl.NumberFormat(i18n.language);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  // After the cancel is answered Remix revalidates the list's fetcher by itself.

  if (pushes.length === 0) {
    return (
      <Text as="p" tone="subdued">
        {t("segmentUse.history.empty")}
      </Text>
    );
  }
  return (
    <BlockStack gap="300">
      {pushes.map((push) => {
        const active = push.status === "queued" || push.status === "running";
        const done = push.processed + push.failed;
        const percent = push.total > 0 ? Math.min(100, Math.round((done / push.total) * 100)) : active ? 0 : 100;
        return (
          <BlockStack key={push.id} gap="150">
            <InlineStack gap="200" blockAlign="center" align="space-between">
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {push.kind === "tags" ? t("segmentUse.history.tagPush", { tag: push.tag ?? "" }) : t("segmentUse.history.segmentPush", { query: push.query ?? "" })}
                </Text>
                <Badge tone={TONE[push.status]}>{t(`segmentUse.history.status.${push.status}`)}</Badge>
              </InlineStack>
              {active && push.kind === "tags" ? (
                <Button
                  size="slim"
                  tone="critical"
                  loading={cancel.state !== "idle"}
                  onClick={() => {
                    cancel.submit({ intent: "cancel", pushId: push.id }, { method: "post", action: `/app/segments/${encodeURIComponent(segmentId)}/push` });
                  }}
                >
                  {t("segmentUse.history.cancel")}
                </Button>
              ) : null}
            </InlineStack>
            {push.kind === "tags" ? (
              <>
                <ProgressBar progress={percent} size="small" tone={push.status === "failed" ? "critical" : "primary"} animated={active} />
                <Text as="p" tone="subdued">
                  {t("segmentUse.history.progress", { processed: number.format(push.processed), total: number.format(push.total) })}
                  {push.failed > 0 ? ` · ${t("segmentUse.history.failedCount", { count: push.failed })}` : ""}
                </Text>
              </>
            ) : null}
            {push.status === "failed" && push.lastError ? (
              <Text as="p" tone="critical" breakWord>
                {push.lastError}
              </Text>
            ) : null}
            <Text as="p" tone="subdued" variant="bodySm">
              {t("segmentUse.history.startedAt", { date: date.format(new Date(push.createdAt)) })}
            </Text>
          </BlockStack>
        );
      })}
    </BlockStack>
  );
}
