import { Checkbox, FormLayout, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CONTENT_LOCALES, type ContentLocale, type FaqView, type FieldErrors } from "../inquiries/settings";

type Props = {
  entry: FaqView | null;
  nextPosition: number;
  errors: FieldErrors;
  message(error: FieldErrors[string]): string | undefined;
  saving: boolean;
  onSave(fields: Record<string, string>): void;
  onClose(): void;
};

/** Add or edit one FAQ answer the chat widget suggests before a shopper sends a message. */
export function SupportSettingsFaqModal({ entry, nextPosition, errors, message, saving, onSave, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const [v, setV] = useState({
    question: entry?.question ?? "",
    answer: entry?.answer ?? "",
    keywords: entry?.keywords ?? "",
    locale: entry?.locale ?? ((i18n.language === "en" ? "en" : "ja") as ContentLocale),
    published: entry?.published ?? true,
    position: String(entry?.position ?? nextPosition),
  });
  const set = <K extends keyof typeof v>(field: K, value: (typeof v)[K]) => setV((s) => ({ ...s, [field]: value }));

  return (
    <Modal
      open
      onClose={onClose}
      title={entry ? t("inquirySettings.faq.form.titleEdit") : t("inquirySettings.faq.form.titleNew")}
      primaryAction={{ content: t("inquirySettings.common.save"), onAction: () => onSave({ ...v, published: String(v.published) }), loading: saving }}
      secondaryActions={[{ content: t("inquirySettings.common.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {errors.form && (
            <Text as="p" tone="critical">
              {message(errors.form)}
            </Text>
          )}
          <TextField label={t("inquirySettings.faq.form.question")} value={v.question} onChange={(x) => set("question", x)} error={message(errors.question)} autoComplete="off" maxLength={300} />
          <TextField
            label={t("inquirySettings.faq.form.answer")}
            value={v.answer}
            onChange={(x) => set("answer", x)}
            multiline={5}
            maxLength={2000}
            error={message(errors.answer)}
            autoComplete="off"
          />
          <TextField
            label={t("inquirySettings.faq.form.keywords")}
            helpText={t("inquirySettings.faq.form.keywordsHelp")}
            value={v.keywords}
            onChange={(x) => set("keywords", x)}
            error={message(errors.keywords)}
            autoComplete="off"
            maxLength={300}
          />
          <FormLayout.Group condensed>
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
          <Checkbox label={t("inquirySettings.faq.form.published")} helpText={t("inquirySettings.faq.form.publishedHelp")} checked={v.published} onChange={(x) => set("published", x)} />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
