import { BlockStack, Button, ButtonGroup, Card, EmptyState, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CategoryView, TemplateView } from "../inquiries/settings";
import { parseTemplateInput } from "../inquiries/settings-validation";
import { useSettingsAction } from "./support-settings-action";
import { SupportSettingsTemplateModal } from "./support-settings-template-modal";

type Props = { templates: TemplateView[]; categories: CategoryView[] };
const INTENTS = ["createTemplate", "updateTemplate", "deleteTemplate"] as const;

/** Reply templates per category and language; the inbox offers the ones of the inquiry's category first. */
export function SupportSettingsTemplates({ templates, categories }: Props) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<TemplateView | "new" | null>(null);
  const { run, errors, setErrors, message, busy, pendingIntent } = useSettingsAction(INTENTS, (intent) => {
    if (intent !== "deleteTemplate") setEditing(null);
  });
  const categoryName = (key: string | null) => {
    const category = key ? categories.find((c) => c.key === key) : undefined;
    if (!key) return t("inquirySettings.templates.anyCategory");
    return category ? (i18n.language === "ja" ? category.nameJa : category.nameEn) : key;
  };
  const open = (target: TemplateView | "new") => {
    setErrors({});
    setEditing(target);
  };

  return (
    <BlockStack gap="400">
      <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
        <Text as="p">{t("inquirySettings.templates.intro")}</Text>
        {templates.length > 0 && (
          <Button variant="primary" onClick={() => open("new")}>
            {t("inquirySettings.templates.add")}
          </Button>
        )}
      </InlineStack>
      <Card padding="0">
        {templates.length === 0 ? (
          <EmptyState heading={t("inquirySettings.templates.empty.heading")} action={{ content: t("inquirySettings.templates.add"), onAction: () => open("new") }} image="">
            <p>{t("inquirySettings.templates.empty.body")}</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: t("inquirySettings.templates.resource.singular"), plural: t("inquirySettings.templates.resource.plural") }}
            itemCount={templates.length}
            selectable={false}
            headings={[
              { title: t("inquirySettings.templates.columns.name") },
              { title: t("inquirySettings.templates.columns.category") },
              { title: t("inquirySettings.common.language") },
              { title: t("inquirySettings.common.actions") },
            ]}
          >
            {templates.map((tpl, index) => (
              <IndexTable.Row id={tpl.id} key={tpl.id} position={index}>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="semibold">
                      {tpl.name}
                    </Text>
                    <Text as="span" variant="bodySm" tone="subdued" truncate>
                      {tpl.body.slice(0, 80)}
                    </Text>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{categoryName(tpl.categoryKey)}</IndexTable.Cell>
                <IndexTable.Cell>{t(`inquirySettings.languages.${tpl.locale}`)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <ButtonGroup>
                    <Button size="slim" onClick={() => open(tpl)} accessibilityLabel={t("inquirySettings.common.editLabel", { name: tpl.name })}>
                      {t("inquirySettings.common.edit")}
                    </Button>
                    <Button
                      size="slim"
                      variant="plain"
                      tone="critical"
                      disabled={busy}
                      onClick={() => run({ intent: "deleteTemplate", id: tpl.id })}
                      accessibilityLabel={t("inquirySettings.common.deleteLabel", { name: tpl.name })}
                    >
                      {t("inquirySettings.common.delete")}
                    </Button>
                  </ButtonGroup>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
      {editing && (
        <SupportSettingsTemplateModal
          key={editing === "new" ? "new" : editing.id}
          template={editing === "new" ? null : editing}
          categories={categories}
          nextPosition={templates.reduce((max, x) => Math.max(max, x.position + 1), 0)}
          errors={errors}
          message={message}
          saving={pendingIntent === "createTemplate" || pendingIntent === "updateTemplate"}
          onSave={(fields) =>
            run({ intent: editing === "new" ? "createTemplate" : "updateTemplate", ...(editing === "new" ? {} : { id: editing.id }), ...fields }, parseTemplateInput)
          }
          onClose={() => setEditing(null)}
        />
      )}
    </BlockStack>
  );
}
