import { BlockStack, Button, FormLayout, InlineStack, Modal, Select, Tag, Text, TextField } from "@shopify/polaris";
import { useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  ATTRIBUTE_KINDS,
  ATTRIBUTE_TYPES,
  isChoiceType,
  type AttributeDefinitionView,
  type AttributeKind,
  type AttributeType,
  type FieldError,
  type FieldErrors,
} from "../customers/custom-attributes";

export type DefinitionFormValues = { key: string; label: string; kind: AttributeKind; type: AttributeType; choices: string[] };

type Props = {
  /** null adds a new attribute. */
  definition: AttributeDefinitionView | null;
  /** Customers holding a value: the type is locked when there are any. */
  valueCount: number;
  errors: FieldErrors;
  saving: boolean;
  onSave(values: DefinitionFormValues): void;
  onClose(): void;
};

/** The add / edit form of one attribute, in a modal. Choices are entered one at a time and shown as removable tags. */
export function AttributeDefinitionModal({ definition, valueCount, errors, saving, onSave, onClose }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<DefinitionFormValues>(() => ({
    key: definition?.key ?? "",
    label: definition?.label ?? "",
    kind: definition?.kind ?? "static",
    type: definition?.type ?? "text",
    choices: definition?.choices ?? [],
  }));
  const [draft, setDraft] = useState("");
  const message = (error: FieldError | undefined) => (error ? t(error.message, error.values) : undefined);
  const set = <K extends keyof DefinitionFormValues>(field: K, value: DefinitionFormValues[K]) => setValues((v) => ({ ...v, [field]: value }));
  const typeLocked = definition !== null && valueCount > 0;

  const addChoice = () => {
    const choice = draft.trim();
    if (choice && !values.choices.includes(choice)) set("choices", [...values.choices, choice]);
    setDraft("");
  };
  const onDraftKey = (event: KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      addChoice();
    }
  };
  // A choice typed but not yet added still counts when saving: people press Save straight away.
  const save = () => {
    const pending = draft.trim();
    onSave({ ...values, choices: pending && !values.choices.includes(pending) ? [...values.choices, pending] : values.choices });
  };

  return (
    <Modal
      open
      onClose={onClose}
      title={definition ? t("attributes.form.titleEdit", { label: definition.label }) : t("attributes.form.titleNew")}
      primaryAction={{ content: t("attributes.form.save"), onAction: save, loading: saving }}
      secondaryActions={[{ content: t("attributes.form.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {errors.form && (
            <Text as="p" tone="critical">
              {message(errors.form)}
            </Text>
          )}
          <TextField
            label={t("attributes.form.label")}
            helpText={t("attributes.form.labelHelp")}
            value={values.label}
            onChange={(v) => set("label", v)}
            error={message(errors.label)}
            autoComplete="off"
            maxLength={60}
          />
          <TextField
            label={t("attributes.form.key")}
            helpText={t("attributes.form.keyHelp")}
            value={values.key}
            onChange={(v) => set("key", v)}
            error={message(errors.key)}
            autoComplete="off"
            disabled={definition !== null}
            monospaced
          />
          <FormLayout.Group>
            <Select
              label={t("attributes.form.type")}
              options={ATTRIBUTE_TYPES.map((type) => ({ label: t(`attributes.types.${type}`), value: type }))}
              value={values.type}
              onChange={(v) => set("type", v as AttributeType)}
              disabled={typeLocked}
              helpText={typeLocked ? t("attributes.form.typeLocked") : undefined}
              error={message(errors.type)}
            />
            <Select
              label={t("attributes.form.kind")}
              options={ATTRIBUTE_KINDS.map((kind) => ({ label: t(`attributes.kinds.${kind}`), value: kind }))}
              value={values.kind}
              onChange={(v) => set("kind", v as AttributeKind)}
              helpText={t(`attributes.kinds.${values.kind}Help`)}
              error={message(errors.kind)}
            />
          </FormLayout.Group>
          {isChoiceType(values.type) && (
            <BlockStack gap="200">
              <div onKeyDown={onDraftKey}>
                <TextField
                  label={t("attributes.form.newChoice")}
                  helpText={t("attributes.form.newChoiceHelp")}
                  value={draft}
                  onChange={setDraft}
                  autoComplete="off"
                  maxLength={60}
                  error={message(errors.choices)}
                  connectedRight={<Button onClick={addChoice}>{t("attributes.form.addChoice")}</Button>}
                />
              </div>
              {values.choices.length > 0 && (
                <BlockStack gap="100">
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t("attributes.form.choices")}
                  </Text>
                  <InlineStack gap="100">
                    {values.choices.map((choice) => (
                      <Tag key={choice} onRemove={() => set("choices", values.choices.filter((c) => c !== choice))}>
                        {choice}
                      </Tag>
                    ))}
                  </InlineStack>
                </BlockStack>
              )}
            </BlockStack>
          )}
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
