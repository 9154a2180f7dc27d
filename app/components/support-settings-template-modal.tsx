import { BlockStack, Box, Button, Card, FormLayout, InlineStack, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { renderTemplate } from "../inquiries/templates";
import { CONTENT_LOCALES, TEMPLATE_VARIABLES, variableToken, type CategoryView, type ContentLocale, type FieldErrors, type TemplateView } from "../inquiries/settings";

type Props = {
  template: TemplateView | null;
  categories: CategoryView[];
  nextPosition: number;
  errors: FieldErrors;
  message(error: FieldErrors[string]): string | undefined;
  saving: boolean;
  onSave(fields: Record<string, string>): void;
  onClose(): void;
};

const BODY_ID = "support-template-body";

/** Add or edit a reply template, with buttons that insert variables and a preview filled with sample data. */
export function SupportSettingsTemplateModal({ template, categories, nextPosition, errors, message, saving, onSave, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const [v, setV] = useState({
    name: template?.name ?? "",
    categoryKey: template?.categoryKey ?? "",
    locale: template?.locale ?? ((i18n.language === "en" ? "en" : "ja") as ContentLocale),
    body: template?.body ?? "",
    position: String(template?.position ?? nextPosition),
  });
  const set = <K extends keyof typeof v>(field: K, value: (typeof v)[K]) => setV((s) => ({ ...s, [field]: value }));
  // Sample values in the template's language, not the staff member's: a Japanese template previews with 様.
  const sample = (name: string) => t(`inquirySettings.templates.sample.${name}`, { lng: v.locale });
  const preview = renderTemplate(v.body, {
    locale: v.locale,
    customerLastName: sample("lastName"),
    customerFirstName: sample("firstName"),
    orderNumber: sample("orderNumber"),
    trackingUrl: sample("trackingUrl"),
    shopName: sample("shopName"),
    agentName: sample("agentName"),
    inquiryNumber: sample("inquiryNumber"),
  });

  const insert = (name: string) => {
    const area = document.getElementById(BODY_ID) as HTMLTextAreaElement | null;
    const at = area?.selectionStart ?? v.body.length;
    const end = area?.selectionEnd ?? at;
    set("body", v.body.slice(0, at) + variableToken(name) + v.body.slice(end));
  };

  return (
    <Modal
      open
      size="large"
      onClose={onClose}
      title={template ? t("inquirySettings.templates.form.titleEdit", { name: template.name }) : t("inquirySettings.templates.form.titleNew")}
      primaryAction={{ content: t("inquirySettings.common.save"), onAction: () => onSave(v), loading: saving }}
      secondaryActions={[{ content: t("inquirySettings.common.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {errors.form && (
            <Text as="p" tone="critical">
              {message(errors.form)}
            </Text>
          )}
          <TextField label={t("inquirySettings.templates.form.name")} value={v.name} onChange={(x) => set("name", x)} error={message(errors.name)} autoComplete="off" maxLength={100} />
          <FormLayout.Group condensed>
            <Select
              label={t("inquirySettings.templates.form.category")}
              options={[
                { label: t("inquirySettings.templates.anyCategory"), value: "" },
                ...categories.filter((c) => !c.archived || c.key === v.categoryKey).map((c) => ({ label: i18n.language === "ja" ? c.nameJa : c.nameEn, value: c.key })),
              ]}
              value={v.categoryKey}
              onChange={(x) => set("categoryKey", x)}
              error={message(errors.categoryKey)}
            />
            <Select
              label={t("inquirySettings.common.language")}
              options={CONTENT_LOCALES.map((l) => ({ label: t(`inquirySettings.languages.${l}`), value: l }))}
              value={v.locale}
              onChange={(x) => set("locale", x as ContentLocale)}
            />
            <TextField
              label={t("inquirySettings.common.position")}
              type="number"
              min={0}
              value={v.position}
              onChange={(x) => set("position", x)}
              error={message(errors.position)}
              autoComplete="off"
            />
          </FormLayout.Group>
          <TextField
            id={BODY_ID}
            label={t("inquirySettings.templates.form.body")}
            value={v.body}
            onChange={(x) => set("body", x)}
            multiline={8}
            maxLength={5000}
            error={message(errors.body)}
            autoComplete="off"
          />
          <BlockStack gap="200">
            <Text as="p" variant="bodySm" tone="subdued">
              {t("inquirySettings.templates.form.variablesHelp")}
            </Text>
            <InlineStack gap="200">
              {TEMPLATE_VARIABLES.map((name) => {
                // The accessible name starts with the visible text, so speech users can say what they see.
                const visible = `${t(`inquirySettings.templates.variables.${name}`)} ${variableToken(name)}`;
                return (
                  <Button key={name} size="slim" onClick={() => insert(name)} accessibilityLabel={t("inquirySettings.templates.form.insertLabel", { variable: visible })}>
                    {visible}
                  </Button>
                );
              })}
            </InlineStack>
          </BlockStack>
          <Card background="bg-surface-secondary">
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                {t("inquirySettings.templates.form.preview")}
              </Text>
              <Box>
                {/* Plain text: whatever staff typed is shown as typed, never as HTML. */}
                <Text as="p">
                  <span data-testid="template-preview" style={{ whiteSpace: "pre-wrap" }}>
                    {preview.text || t("inquirySettings.templates.form.previewEmpty")}
                  </span>
                </Text>
                {preview.unknown.length > 0 && (
                  <Text as="p" tone="critical">
                    {t("inquirySettings.errors.unknownVariable", { name: preview.unknown.join(", ") })}
                  </Text>
                )}
              </Box>
            </BlockStack>
          </Card>
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
