import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Card, EmptyState, IndexTable, Link, Modal, Text, useIndexResourceState } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../i18n/i18n";
import type { SegmentSummary } from "../segments/segments.server";
import { formatDateTime, formatNumber } from "../utils/format";

/** The shop's segments: name, description, member count when last counted, last update; bulk delete. */
export function SegmentList({ segments, locale, timeZone }: { segments: SegmentSummary[]; locale: Locale; timeZone: string }) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const deleter = useFetcher<{ ok: boolean; deleted: number }>();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(segments);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    if (deleter.state !== "idle" || !deleter.data?.ok) return;
    shopify.toast.show(t("segments.index.delete.done", { count: deleter.data.deleted }));
    clearSelection();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deleter.state, deleter.data]);

  if (!segments.length) {
    return (
      <Card>
        <EmptyState
          heading={t("segments.index.empty.heading")}
          action={{ content: t("segments.index.create"), url: "/app/segments/new" }}
          image="/images/empty-orders.svg"
        >
          <p>{t("segments.index.empty.body")}</p>
        </EmptyState>
      </Card>
    );
  }

  const remove = () => {
    const form = new FormData();
    form.set("intent", "delete");
    for (const id of selectedResources) form.append("ids", id);
    deleter.submit(form, { method: "post" });
    setConfirming(false);
  };

  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: t("segments.index.resourceName.singular"), plural: t("segments.index.resourceName.plural") }}
        itemCount={segments.length}
        selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
        onSelectionChange={handleSelectionChange}
        promotedBulkActions={[{ content: t("segments.index.delete.action"), onAction: () => setConfirming(true) }]}
        loading={deleter.state !== "idle"}
        headings={[
          { title: t("segments.index.columns.name") },
          { title: t("segments.index.columns.description") },
          { title: t("segments.index.columns.members"), alignment: "end" },
          { title: t("segments.index.columns.updated") },
        ]}
      >
        {segments.map((segment, index) => (
          <IndexTable.Row id={segment.id} key={segment.id} position={index} selected={selectedResources.includes(segment.id)}>
            <IndexTable.Cell>
              <Text as="span" fontWeight="semibold">
                <Link url={`/app/segments/${segment.id}`} removeUnderline dataPrimaryLink>
                  {segment.name}
                </Link>
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" tone="subdued" truncate>
                {segment.description}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {segment.memberCount === null ? t("segments.index.notCounted") : formatNumber(segment.memberCount, locale)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{formatDateTime(segment.updatedAt, locale, timeZone)}</IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("segments.index.delete.title", { count: selectedResources.length })}
        primaryAction={{ content: t("segments.index.delete.confirm"), destructive: true, onAction: remove }}
        secondaryActions={[{ content: t("segments.index.delete.cancel"), onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">{t("segments.index.delete.body")}</Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}
