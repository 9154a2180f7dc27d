import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Button, ButtonGroup, Card, EmptyState, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { parseDefinitionInput, type AttributeDefinitionView, type FieldErrors } from "../customers/custom-attributes";
import { AttributeDefinitionModal, type DefinitionFormValues } from "./attribute-definition-modal";

type ActionResult = { ok: boolean; intent: string; errors?: FieldErrors };
type Props = { definitions: AttributeDefinitionView[]; valueCounts: Record<string, number> };

/** The settings page body: the shop's attributes in order, with add / edit / archive / restore / move. */
export function AttributeSettings({ definitions, valueCounts }: Props) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const submit = useSubmit();
  const navigation = useNavigation();
  const result = useActionData<ActionResult>();
  // "new" for the add form, a definition to edit it, null when no form is open.
  const [editing, setEditing] = useState<AttributeDefinitionView | "new" | null>(null);
  const [formErrors, setFormErrors] = useState<FieldErrors>({});
  const busy = navigation.state !== "idle";
  const saving = navigation.state === "submitting" && ["create", "update"].includes(String(navigation.formData?.get("intent")));

  useEffect(() => {
    if (!result) return;
    if (result.ok) {
      shopify.toast.show(t(`attributes.settings.toast.${result.intent}`));
      if (result.intent === "create" || result.intent === "update") {
        setEditing(null);
        setFormErrors({});
      }
    } else if (result.intent === "create" || result.intent === "update") {
      setFormErrors(result.errors ?? {});
    } else {
      const first = Object.values(result.errors ?? {})[0];
      shopify.toast.show(first ? t(first.message, first.values) : t("attributes.errors.invalid"), { isError: true });
    }
  }, [result, shopify, t]);

  const open = (target: AttributeDefinitionView | "new") => {
    setFormErrors({});
    setEditing(target);
  };
  const run = (fields: Record<string, string>) => submit(fields, { method: "post" });
  const save = (values: DefinitionFormValues) => {
    // The same rules as the server, checked first so a typo is answered without a round trip.
    const checked = parseDefinitionInput({ ...values, key: editing && editing !== "new" ? editing.key : values.key });
    if (!checked.ok) return setFormErrors(checked.errors);
    run({
      intent: editing === "new" ? "create" : "update",
      ...(editing && editing !== "new" ? { id: editing.id } : {}),
      key: values.key,
      label: values.label,
      kind: values.kind,
      type: values.type,
      choices: JSON.stringify(values.choices),
    });
  };

  const active = definitions.filter((d) => !d.archived);
  const archived = definitions.filter((d) => d.archived);
  const choicesOf = (d: AttributeDefinitionView) =>
    d.choices.length === 0 ? (
      <Text as="span" tone="subdued">
        {t("attributes.settings.noChoices")}
      </Text>
    ) : (
      <InlineStack gap="100">
        {d.choices.map((c) => (
          <Badge key={c}>{c}</Badge>
        ))}
      </InlineStack>
    );
  const headings = [
    { title: t("attributes.settings.columns.label") },
    { title: t("attributes.settings.columns.type") },
    { title: t("attributes.settings.columns.kind") },
    { title: t("attributes.settings.columns.choices") },
    { title: t("attributes.settings.columns.actions") },
  ] as const;
  const resourceName = { singular: t("attributes.settings.resourceName.singular"), plural: t("attributes.settings.resourceName.plural") };

  const row = (d: AttributeDefinitionView, index: number, actions: ReactNode) => (
    <IndexTable.Row id={d.id} key={d.id} position={index}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span" fontWeight="semibold">
            {d.label}
          </Text>
          <Text as="span" variant="bodySm" tone="subdued">
            {d.key}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{t(`attributes.types.${d.type}`)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={d.kind === "dynamic" ? "info" : undefined}>{t(`attributes.kinds.${d.kind}`)}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>{choicesOf(d)}</IndexTable.Cell>
      <IndexTable.Cell>{actions}</IndexTable.Cell>
    </IndexTable.Row>
  );

  return (
    <BlockStack gap="400">
      <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
        <Text as="p">{t("attributes.settings.intro")}</Text>
        {definitions.length > 0 && (
          <Button variant="primary" onClick={() => open("new")}>
            {t("attributes.settings.add")}
          </Button>
        )}
      </InlineStack>
      <Card padding="0">
        {definitions.length === 0 ? (
          <EmptyState
            heading={t("attributes.settings.empty.heading")}
            action={{ content: t("attributes.settings.add"), onAction: () => open("new") }}
            image=""
          >
            <p>{t("attributes.settings.empty.body")}</p>
          </EmptyState>
        ) : (
          <IndexTable resourceName={resourceName} itemCount={active.length} selectable={false} headings={[...headings]}>
            {active.map((d, index) =>
              row(
                d,
                index,
                <ButtonGroup>
                  <Button size="slim" onClick={() => open(d)} accessibilityLabel={t("attributes.settings.actions.editLabel", { label: d.label })}>
                    {t("attributes.settings.actions.edit")}
                  </Button>
                  <Button
                    size="slim"
                    disabled={index === 0 || busy}
                    onClick={() => run({ intent: "move", id: d.id, direction: "up" })}
                    accessibilityLabel={t("attributes.settings.actions.upLabel", { label: d.label })}
                  >
                    {t("attributes.settings.actions.up")}
                  </Button>
                  <Button
                    size="slim"
                    disabled={index === active.length - 1 || busy}
                    onClick={() => run({ intent: "move", id: d.id, direction: "down" })}
                    accessibilityLabel={t("attributes.settings.actions.downLabel", { label: d.label })}
                  >
                    {t("attributes.settings.actions.down")}
                  </Button>
                  <Button
                    size="slim"
                    tone="critical"
                    variant="plain"
                    disabled={busy}
                    onClick={() => run({ intent: "archive", id: d.id })}
                    accessibilityLabel={t("attributes.settings.actions.archiveLabel", { label: d.label })}
                  >
                    {t("attributes.settings.actions.archive")}
                  </Button>
                </ButtonGroup>,
              ),
            )}
          </IndexTable>
        )}
      </Card>
      {archived.length > 0 && (
        <Card padding="0">
          <Box padding="400">
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">
                {t("attributes.settings.archived.title")}
              </Text>
              <Text as="p" tone="subdued">
                {t("attributes.settings.archived.help")}
              </Text>
            </BlockStack>
          </Box>
          <IndexTable resourceName={resourceName} itemCount={archived.length} selectable={false} headings={[...headings]}>
            {archived.map((d, index) =>
              row(
                d,
                index,
                <Button
                  size="slim"
                  disabled={busy}
                  onClick={() => run({ intent: "restore", id: d.id })}
                  accessibilityLabel={t("attributes.settings.actions.restoreLabel", { label: d.label })}
                >
                  {t("attributes.settings.actions.restore")}
                </Button>,
              ),
            )}
          </IndexTable>
        </Card>
      )}
      {editing && (
        <AttributeDefinitionModal
          // A fresh form per attribute opened.
          key={editing === "new" ? "new" : editing.id}
          definition={editing === "new" ? null : editing}
          valueCount={editing === "new" ? 0 : (valueCounts[editing.id] ?? 0)}
          errors={formErrors}
          saving={saving}
          onSave={save}
          onClose={() => setEditing(null)}
        />
      )}
    </BlockStack>
  );
}
