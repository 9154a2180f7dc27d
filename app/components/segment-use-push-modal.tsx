import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, ChoiceList, List, Modal, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PushActionResult } from "../routes/app.segments.$id.push";
import type { PushKind } from "../segments/push.server";
import { FIELD_GROUPS, type BuiltinField } from "../segments/rule";
import { type NotExpressible, notExpressibleKey, type ShopifyQlResult } from "../segments/shopifyql";

type Props = {
  segment: { id: string; name: string; memberCount: number | null };
  shopifyQl: ShopifyQlResult | null;
  onClose(): void;
  onPushed(kind: PushKind): void;
};

function fieldLabelKey(field: string | undefined): string {
  // Inquiry fields are named as in the builder (segments.json); the push dialog's own list predates them.
  if (field && FIELD_GROUPS[field as BuiltinField] === "inquiries") return `segments.fields.${field}`;
  return field?.startsWith("attribute:") ? "segmentUse.shopifySegment.fields.attribute" : `segmentUse.shopifySegment.fields.${field ?? ""}`;
}

/** Why the rule cannot be a Shopify segment, one line per reason. */
export function NotExpressibleReasons({ reasons }: { reasons: NotExpressible[] }) {
  const { t } = useTranslation();
  return (
    <Banner tone="warning" title={t("segmentUse.shopifySegment.notExpressible.title")}>
      <List>
        {reasons.map((reason) => (
          <List.Item key={`${reason.code}-${reason.field ?? ""}-${reason.operator ?? ""}`}>
            {t(notExpressibleKey(reason), { field: reason.field ? t(fieldLabelKey(reason.field)) : "" })}
          </List.Item>
        ))}
      </List>
    </Banner>
  );
}

/** Push as a tag (queued for the worker) or create a Shopify segment (at once); errors come back per field. */
export function SegmentUsePushModal({ segment, shopifyQl, onClose, onPushed }: Props) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<PushActionResult>();
  const [kind, setKind] = useState<PushKind>("tags");
  const [tag, setTag] = useState("");
  const [name, setName] = useState(segment.name);
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;

  useEffect(() => {
    if (fetcher.state === "idle" && result?.ok) onPushed(kind);
    // Only a new answer matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, result]);

  const errorOf = (field: string) => {
    if (!result || result.ok) return undefined;
    const error = result.errors.find((e) => e.field === field);
    return error?.message;
  };
  const submit = () => {
    fetcher.submit(kind === "tags" ? { intent: "tags", tag } : { intent: "shopifySegment", name }, {
      method: "post",
      action: `/app/segments/${encodeURIComponent(segment.id)}/push`,
    });
  };
  const expressible = shopifyQl?.ok === true;
  const formatted = segment.memberCount === null ? null : new Intl.NumberFormat(i18n.language).format(segment.memberCount);

  return (
    <Modal
      open
      onClose={onClose}
      title={t("segmentUse.push.title")}
      primaryAction={{ content: t("segmentUse.push.submit"), onAction: submit, loading: busy, disabled: kind === "shopifySegment" && !expressible }}
      secondaryActions={[{ content: t("segmentUse.push.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          {errorOf("form") ? <Banner tone="critical">{errorOf("form")}</Banner> : null}
          <ChoiceList
            title={t("segmentUse.push.kindLabel")}
            choices={(["tags", "shopifySegment"] as const).map((value) => ({ value, label: t(`segmentUse.push.kinds.${value}`) }))}
            selected={[kind]}
            onChange={(selected) => setKind((selected[0] as PushKind | undefined) ?? "tags")}
            error={errorOf("kind")}
          />
          {kind === "tags" ? (
            <BlockStack gap="200">
              <TextField
                label={t("segmentUse.push.tagLabel")}
                value={tag}
                onChange={setTag}
                autoComplete="off"
                maxLength={255}
                helpText={t("segmentUse.push.tagHelp")}
                error={errorOf("tag")}
              />
              {formatted !== null ? <Text as="p">{t("segmentUse.push.tagsNote", { count: segment.memberCount ?? 0, formatted })}</Text> : null}
            </BlockStack>
          ) : (
            <BlockStack gap="300">
              {shopifyQl && !shopifyQl.ok ? <NotExpressibleReasons reasons={shopifyQl.reasons} /> : null}
              {result && !result.ok && result.reasons ? <NotExpressibleReasons reasons={result.reasons} /> : null}
              <TextField
                label={t("segmentUse.push.segmentNameLabel")}
                value={name}
                onChange={setName}
                autoComplete="off"
                maxLength={255}
                error={errorOf("name")}
                disabled={!expressible}
              />
              {shopifyQl?.ok ? (
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    {t("segmentUse.push.queryLabel")}
                  </Text>
                  <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                    <Text as="p" breakWord>
                      <code data-testid="shopifyql">{shopifyQl.query}</code>
                    </Text>
                  </Box>
                </BlockStack>
              ) : null}
            </BlockStack>
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
