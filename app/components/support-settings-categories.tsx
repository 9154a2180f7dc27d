import { Badge, BlockStack, Box, Button, Card, EmptyState, IndexTable, InlineStack, Text, useIndexResourceState } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CategoryView, StaffOption } from "../inquiries/settings";
import { parseCategoryInput } from "../inquiries/settings-validation";
import { useSettingsAction } from "./support-settings-action";
import { SupportSettingsCategoryModal } from "./support-settings-category-modal";

type Props = { categories: CategoryView[]; staff: StaffOption[] };
const INTENTS = ["createCategory", "updateCategory", "archiveCategories", "restoreCategories"] as const;

/** Categories with their team, assignment and SLA overrides; archived ones are listed apart and can be restored. */
export function SupportSettingsCategories({ categories, staff }: Props) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<CategoryView | "new" | null>(null);
  const active = categories.filter((c) => !c.archived);
  const archived = categories.filter((c) => c.archived);
  const selection = useIndexResourceState(active);
  const { run, errors, setErrors, message, busy, pendingIntent } = useSettingsAction(INTENTS, (intent) => {
    if (intent === "createCategory" || intent === "updateCategory") setEditing(null);
    if (intent === "archiveCategories") selection.clearSelection();
  });
  const nameOf = (c: CategoryView) => (i18n.language === "ja" ? c.nameJa : c.nameEn);
  const staffName = (id: string) => staff.find((s) => s.userId === id)?.name ?? id;
  const duration = (minutes: number | null) =>
    minutes === null ? t("inquirySettings.categories.slaDefault") : t("inquirySettings.common.duration", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  const open = (target: CategoryView | "new") => {
    setErrors({});
    setEditing(target);
  };
  const resourceName = { singular: t("inquirySettings.categories.resource.singular"), plural: t("inquirySettings.categories.resource.plural") };
  const headings = [
    { title: t("inquirySettings.categories.columns.name") },
    { title: t("inquirySettings.categories.columns.assignment") },
    { title: t("inquirySettings.categories.columns.team") },
    { title: t("inquirySettings.categories.columns.sla") },
    { title: t("inquirySettings.common.actions") },
  ] as const;
  const cells = (c: CategoryView) => (
    <>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span" fontWeight="semibold">
            {nameOf(c)}
          </Text>
          <Text as="span" variant="bodySm" tone="subdued">
            {c.key}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{t(`inquirySettings.assignment.${c.assignment}`)}</IndexTable.Cell>
      <IndexTable.Cell>
        {c.teamUserIds.length === 0 ? (
          <Text as="span" tone="subdued">
            {t("inquirySettings.categories.noTeam")}
          </Text>
        ) : (
          <InlineStack gap="100">
            {c.teamUserIds.map((id) => (
              <Badge key={id}>{staffName(id)}</Badge>
            ))}
          </InlineStack>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        {t("inquirySettings.categories.slaPair", { first: duration(c.firstResponseMinutes), resolution: duration(c.resolutionMinutes) })}
      </IndexTable.Cell>
    </>
  );

  return (
    <BlockStack gap="400">
      <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
        <Text as="p">{t("inquirySettings.categories.intro")}</Text>
        {categories.length > 0 && (
          <Button variant="primary" onClick={() => open("new")}>
            {t("inquirySettings.categories.add")}
          </Button>
        )}
      </InlineStack>
      <Card padding="0">
        {categories.length === 0 ? (
          <EmptyState heading={t("inquirySettings.categories.empty.heading")} action={{ content: t("inquirySettings.categories.add"), onAction: () => open("new") }} image="">
            <p>{t("inquirySettings.categories.empty.body")}</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={resourceName}
            itemCount={active.length}
            headings={[...headings]}
            selectedItemsCount={selection.allResourcesSelected ? "All" : selection.selectedResources.length}
            onSelectionChange={selection.handleSelectionChange}
            promotedBulkActions={[
              {
                content: t("inquirySettings.categories.archive"),
                onAction: () => run({ intent: "archiveCategories", ids: JSON.stringify(selection.selectedResources) }),
                disabled: busy,
              },
            ]}
          >
            {active.map((c, index) => (
              <IndexTable.Row id={c.id} key={c.id} position={index} selected={selection.selectedResources.includes(c.id)}>
                {cells(c)}
                <IndexTable.Cell>
                  <Button size="slim" onClick={() => open(c)} accessibilityLabel={t("inquirySettings.common.editLabel", { name: nameOf(c) })}>
                    {t("inquirySettings.common.edit")}
                  </Button>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
      {archived.length > 0 && (
        <Card padding="0">
          <Box padding="400">
            <Text as="h2" variant="headingMd">
              {t("inquirySettings.categories.archived")}
            </Text>
          </Box>
          <IndexTable resourceName={resourceName} itemCount={archived.length} selectable={false} headings={[...headings]}>
            {archived.map((c, index) => (
              <IndexTable.Row id={c.id} key={c.id} position={index}>
                {cells(c)}
                <IndexTable.Cell>
                  <Button
                    size="slim"
                    disabled={busy}
                    onClick={() => run({ intent: "restoreCategories", ids: JSON.stringify([c.id]) })}
                    accessibilityLabel={t("inquirySettings.categories.restoreLabel", { name: nameOf(c) })}
                  >
                    {t("inquirySettings.categories.restore")}
                  </Button>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      )}
      {editing && (
        <SupportSettingsCategoryModal
          key={editing === "new" ? "new" : editing.id}
          category={editing === "new" ? null : editing}
          nextPosition={categories.reduce((max, c) => Math.max(max, c.position + 1), 0)}
          staff={staff}
          errors={errors}
          message={message}
          saving={pendingIntent === "createCategory" || pendingIntent === "updateCategory"}
          onSave={(fields) =>
            run(
              { intent: editing === "new" ? "createCategory" : "updateCategory", ...(editing === "new" ? {} : { id: editing.id }), ...fields },
              (f) => parseCategoryInput(editing === "new" ? f : { ...f, key: editing.key }),
            )
          }
          onClose={() => setEditing(null)}
        />
      )}
    </BlockStack>
  );
}
