import { Badge, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Text, useIndexResourceState } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FaqView } from "../inquiries/settings";
import { parseFaqInput } from "../inquiries/settings-validation";
import { useSettingsAction } from "./support-settings-action";
import { SupportSettingsFaqModal } from "./support-settings-faq-modal";

type Props = { faq: FaqView[] };
const INTENTS = ["createFaq", "updateFaq", "publishFaq", "unpublishFaq", "deleteFaq"] as const;

/** The FAQ answers for the chat widget, with bulk publish, unpublish and delete. */
export function SupportSettingsFaq({ faq }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<FaqView | "new" | null>(null);
  const selection = useIndexResourceState(faq);
  const { run, errors, setErrors, message, busy, pendingIntent } = useSettingsAction(INTENTS, (intent) => {
    if (intent === "createFaq" || intent === "updateFaq") setEditing(null);
    else selection.clearSelection();
  });
  const open = (target: FaqView | "new") => {
    setErrors({});
    setEditing(target);
  };
  const bulk = (intent: "publishFaq" | "unpublishFaq" | "deleteFaq") => () => run({ intent, ids: JSON.stringify(selection.selectedResources) });

  return (
    <BlockStack gap="400">
      <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
        <Text as="p">{t("inquirySettings.faq.intro")}</Text>
        {faq.length > 0 && (
          <Button variant="primary" onClick={() => open("new")}>
            {t("inquirySettings.faq.add")}
          </Button>
        )}
      </InlineStack>
      <Card padding="0">
        {faq.length === 0 ? (
          <EmptyState heading={t("inquirySettings.faq.empty.heading")} action={{ content: t("inquirySettings.faq.add"), onAction: () => open("new") }} image="">
            <p>{t("inquirySettings.faq.empty.body")}</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: t("inquirySettings.faq.resource.singular"), plural: t("inquirySettings.faq.resource.plural") }}
            itemCount={faq.length}
            selectedItemsCount={selection.allResourcesSelected ? "All" : selection.selectedResources.length}
            onSelectionChange={selection.handleSelectionChange}
            promotedBulkActions={[
              { content: t("inquirySettings.faq.publish"), onAction: bulk("publishFaq"), disabled: busy },
              { content: t("inquirySettings.faq.unpublish"), onAction: bulk("unpublishFaq"), disabled: busy },
            ]}
            bulkActions={[{ content: t("inquirySettings.common.delete"), onAction: bulk("deleteFaq"), disabled: busy }]}
            headings={[
              { title: t("inquirySettings.faq.columns.question") },
              { title: t("inquirySettings.common.language") },
              { title: t("inquirySettings.faq.columns.status") },
              { title: t("inquirySettings.common.actions") },
            ]}
          >
            {faq.map((entry, index) => (
              <IndexTable.Row id={entry.id} key={entry.id} position={index} selected={selection.selectedResources.includes(entry.id)}>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="semibold">
                      {entry.question}
                    </Text>
                    {entry.keywords && (
                      <Text as="span" variant="bodySm" tone="subdued">
                        {entry.keywords}
                      </Text>
                    )}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{t(`inquirySettings.languages.${entry.locale}`)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={entry.published ? "success" : undefined}>{t(entry.published ? "inquirySettings.faq.published" : "inquirySettings.faq.draft")}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Button size="slim" onClick={() => open(entry)} accessibilityLabel={t("inquirySettings.common.editLabel", { name: entry.question })}>
                    {t("inquirySettings.common.edit")}
                  </Button>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
      {editing && (
        <SupportSettingsFaqModal
          key={editing === "new" ? "new" : editing.id}
          entry={editing === "new" ? null : editing}
          nextPosition={faq.reduce((max, x) => Math.max(max, x.position + 1), 0)}
          errors={errors}
          message={message}
          saving={pendingIntent === "createFaq" || pendingIntent === "updateFaq"}
          onSave={(fields) => run({ intent: editing === "new" ? "createFaq" : "updateFaq", ...(editing === "new" ? {} : { id: editing.id }), ...fields }, parseFaqInput)}
          onClose={() => setEditing(null)}
        />
      )}
    </BlockStack>
  );
}
