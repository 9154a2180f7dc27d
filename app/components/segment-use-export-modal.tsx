import { Banner, BlockStack, Button, ChoiceList, InlineStack, Modal, Text } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS, type ExportColumn } from "../segments/export-columns";
import type { ExportEncoding } from "../segments/export-csv";

type Props = { segmentId: string; memberCount: number | null; onClose(): void; onDone(): void };

/** The file name the server chose (RFC 5987 filename*), else the plain one. */
function fileNameOf(disposition: string | null): string {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "");
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!);
    } catch {
      // fall through to the ASCII name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? "")?.[1] ?? "segment.csv";
}

/**
 * Choose columns and encoding, then download. The export route needs the session token, which App Bridge adds to the
 * app's own fetches (a plain link would not carry it), so the file is fetched and saved from a blob.
 */
export function SegmentUseExportModal({ segmentId, memberCount, onClose, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const [columns, setColumns] = useState<ExportColumn[]>([...DEFAULT_EXPORT_COLUMNS]);
  const [encoding, setEncoding] = useState<ExportEncoding>("utf8bom");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failed, setFailed] = useState(false);

  const download = async () => {
    setBusy(true);
    setErrors({});
    setFailed(false);
    try {
      const query = new URLSearchParams({ columns: columns.join(","), encoding });
      const response = await fetch(`/app/segments/${encodeURIComponent(segmentId)}/export?${query.toString()}`);
      if (response.status === 400) {
        const body = (await response.json()) as { errors?: Array<{ field: string; message: string }> };
        setErrors(Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.message])));
        return;
      }
      if (!response.ok) {
        setFailed(true);
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = fileNameOf(response.headers.get("content-disposition"));
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      URL.revokeObjectURL(url);
      onDone();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  const formatted = memberCount === null ? null : new Intl.NumberFormat(i18n.language).format(memberCount);
  return (
    <Modal
      open
      onClose={onClose}
      title={t("segmentUse.export.title")}
      primaryAction={{ content: t("segmentUse.export.submit"), onAction: download, loading: busy, disabled: columns.length === 0 }}
      secondaryActions={[{ content: t("segmentUse.export.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          {failed ? <Banner tone="critical">{t("segmentUse.export.failed")}</Banner> : null}
          {formatted !== null ? <Text as="p">{t("segmentUse.export.members", { count: memberCount ?? 0, formatted })}</Text> : null}
          <ChoiceList
            title={t("segmentUse.export.encodingLabel")}
            choices={(["utf8bom", "cp932"] as const).map((value) => ({ value, label: t(`segmentUse.export.encodings.${value}`) }))}
            selected={[encoding]}
            onChange={(selected) => setEncoding((selected[0] as ExportEncoding | undefined) ?? "utf8bom")}
            error={errors.encoding}
          />
          {encoding === "cp932" ? (
            <Text as="p" tone="subdued">
              {t("segmentUse.export.cp932Note")}
            </Text>
          ) : null}
          <BlockStack gap="200">
            <InlineStack gap="200">
              <Button variant="plain" onClick={() => setColumns([...EXPORT_COLUMNS])}>
                {t("segmentUse.export.selectAll")}
              </Button>
              <Button variant="plain" onClick={() => setColumns([])}>
                {t("segmentUse.export.selectNone")}
              </Button>
            </InlineStack>
            <ChoiceList
              allowMultiple
              title={t("segmentUse.export.columnsLabel")}
              choices={EXPORT_COLUMNS.map((value) => ({ value, label: t(`segmentUse.export.columns.${value}`) }))}
              selected={columns}
              onChange={(selected) => setColumns(EXPORT_COLUMNS.filter((c) => selected.includes(c)))}
              error={errors.columns ?? (columns.length === 0 ? t("segmentUse.export.errors.columnsRequired") : undefined)}
            />
          </BlockStack>
          {busy ? (
            <Text as="p" tone="subdued">
              {t("segmentUse.export.downloading")}
            </Text>
          ) : null}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
