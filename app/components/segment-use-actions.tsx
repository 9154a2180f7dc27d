import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PushKind, PushSummary } from "../segments/push.server";
import type { SegmentDetail } from "../segments/segments.server";
import type { ShopifyQlResult } from "../segments/shopifyql";
import { SegmentUseExportModal } from "./segment-use-export-modal";
import { SegmentUseHistory } from "./segment-use-history";
import { SegmentUsePushModal } from "./segment-use-push-modal";

type Panel = { shopifyQl: ShopifyQlResult; pushes: PushSummary[] };
type Notice = { tone: "success" | "critical"; key: string } | null;

/** How often the push list is reloaded while a push is queued or running. */
const POLL_MS = 2000;

/**
 * Using a saved segment: Export CSV, Push to Shopify (tag or Shopify segment), and the pushes so far with live
 * progress. Its data comes from the resource route app.segments.$id.push, so the segment page's loader stays its own.
 */
export function SegmentUseActions({ segment }: { segment: Pick<SegmentDetail, "id" | "name" | "memberCount"> }) {
  const { t } = useTranslation();
  const panel = useFetcher<Panel>();
  const [open, setOpen] = useState<"export" | "push" | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const url = `/app/segments/${encodeURIComponent(segment.id)}/push`;
  const { load } = panel;
  const reload = useCallback(() => load(url), [load, url]);
  const state = useRef(panel.state);
  state.current = panel.state;

  useEffect(() => {
    reload();
  }, [reload]);

  const active = panel.data?.pushes.some((p) => p.status === "queued" || p.status === "running") ?? false;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      // Never over a load or a revalidation still running: it would be aborted.
      if (document.visibilityState === "visible" && state.current === "idle") reload();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, reload]);

  // No reload here: Remix revalidates loaded fetchers after an action (a second load would abort that one).
  const onPushed = (kind: PushKind) => {
    setOpen(null);
    setNotice({ tone: "success", key: kind === "tags" ? "segmentUse.push.queued" : "segmentUse.push.created" });
  };

  return (
    <div data-segment-use="">
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t("segmentUse.title")}
            </Text>
            <Text as="p" tone="subdued">
              {t("segmentUse.description")}
            </Text>
          </BlockStack>
          {notice ? (
            <Banner tone={notice.tone} onDismiss={() => setNotice(null)}>
              {t(notice.key)}
            </Banner>
          ) : null}
          <InlineStack gap="200">
            <Button onClick={() => setOpen("export")}>{t("segmentUse.export.button")}</Button>
            <Button onClick={() => setOpen("push")}>{t("segmentUse.push.button")}</Button>
          </InlineStack>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              {t("segmentUse.history.title")}
            </Text>
            <SegmentUseHistory segmentId={segment.id} pushes={panel.data?.pushes ?? []} />
          </BlockStack>
        </BlockStack>
        {open === "export" ? (
          <SegmentUseExportModal
            segmentId={segment.id}
            memberCount={segment.memberCount}
            onClose={() => setOpen(null)}
            onDone={() => {
              setOpen(null);
              setNotice({ tone: "success", key: "segmentUse.export.done" });
            }}
          />
        ) : null}
        {open === "push" ? (
          <SegmentUsePushModal segment={segment} shopifyQl={panel.data?.shopifyQl ?? null} onClose={() => setOpen(null)} onPushed={onPushed} />
        ) : null}
      </Card>
    </div>
  );
}
