import { BlockStack, Button, Card, EmptyState, FormLayout, InlineError, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PRIORITIES, type CategoryView, type ClassifierView, type TriageRule } from "../inquiries/settings";
import { parseRulesInput } from "../inquiries/settings-validation";
import { useSettingsAction } from "./support-settings-action";

type Props = { rules: TriageRule[]; categories: CategoryView[]; classifier: ClassifierView; timeZone: string };
type Draft = { words: string; category: string; priority: string };
const INTENTS = ["saveRules", "retrain"] as const;

const toDraft = (rule: TriageRule): Draft => ({ words: rule.contains.join(", "), category: rule.category ?? "", priority: rule.priority ?? "" });
// Commas, 、 and spaces (half or full width) all separate words, as staff type them.
const words = (text: string) => text.split(/[\s,，、]+/u).filter(Boolean);

/** The merchant's triage rules (words -> category and/or priority) and the classifier trained on the shop's history. */
export function SupportSettingsTriage({ rules, categories, classifier, timeZone }: Props) {
  const { t, i18n } = useTranslation();
  const [drafts, setDrafts] = useState<Draft[]>(() => rules.map(toDraft));
  const { run, message, under, errors, pendingIntent } = useSettingsAction(INTENTS);
  const update = (index: number, patch: Partial<Draft>) => setDrafts((all) => all.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  const save = () =>
    run(
      { intent: "saveRules", rules: JSON.stringify(drafts.map((d) => ({ contains: words(d.words), category: d.category || null, priority: d.priority || null }))) },
      (fields) => parseRulesInput(fields.rules),
    );
  const categoryOptions = [
    { label: t("inquirySettings.triage.noChange"), value: "" },
    ...categories.filter((c) => !c.archived).map((c) => ({ label: i18n.language === "ja" ? c.nameJa : c.nameEn, value: c.key })),
  ];
  const priorityOptions = [{ label: t("inquirySettings.triage.noChange"), value: "" }, ...PRIORITIES.map((p) => ({ label: t(`inquirySettings.priorities.${p}`), value: p }))];
  const trainedAt = classifier
    ? new Intl.DateTimeFormat(i18n.language === "ja" ? "ja-JP" : "en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(classifier.trainedAt))
    : "";

  return (
    <Layout>
      <Layout.AnnotatedSection title={t("inquirySettings.triage.rules.title")} description={t("inquirySettings.triage.rules.description")}>
        <Card>
          <BlockStack gap="400">
            {drafts.length === 0 && (
              <EmptyState heading={t("inquirySettings.triage.rules.emptyHeading")} image="">
                <p>{t("inquirySettings.triage.rules.emptyBody")}</p>
              </EmptyState>
            )}
            {drafts.map((draft, index) => (
              <BlockStack gap="200" key={index}>
                <Text as="h3" variant="headingSm">
                  {t("inquirySettings.triage.rules.rule", { n: index + 1 })}
                </Text>
                <TextField
                  label={t("inquirySettings.triage.rules.words")}
                  helpText={t("inquirySettings.triage.rules.wordsHelp")}
                  value={draft.words}
                  onChange={(v) => update(index, { words: v })}
                  autoComplete="off"
                />
                <FormLayout.Group condensed>
                  <Select label={t("inquirySettings.triage.rules.category")} options={categoryOptions} value={draft.category} onChange={(v) => update(index, { category: v })} />
                  <Select label={t("inquirySettings.triage.rules.priority")} options={priorityOptions} value={draft.priority} onChange={(v) => update(index, { priority: v })} />
                </FormLayout.Group>
                {under(`rules.${index}`) && <InlineError message={under(`rules.${index}`) ?? ""} fieldID={`rule-${index}`} />}
                <InlineStack>
                  <Button
                    variant="plain"
                    tone="critical"
                    onClick={() => setDrafts((all) => all.filter((_, i) => i !== index))}
                    accessibilityLabel={t("inquirySettings.triage.rules.removeLabel", { n: index + 1 })}
                  >
                    {t("inquirySettings.triage.rules.remove")}
                  </Button>
                </InlineStack>
              </BlockStack>
            ))}
            {errors.rules && <InlineError message={message(errors.rules) ?? ""} fieldID="rules" />}
            <InlineStack gap="200" align="space-between">
              <Button onClick={() => setDrafts((all) => [...all, { words: "", category: "", priority: "" }])}>{t("inquirySettings.triage.rules.add")}</Button>
              <Button variant="primary" onClick={save} loading={pendingIntent === "saveRules"}>
                {t("inquirySettings.triage.rules.save")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>
      <Layout.AnnotatedSection title={t("inquirySettings.triage.classifier.title")} description={t("inquirySettings.triage.classifier.description")}>
        <Card>
          <BlockStack gap="300">
            {classifier ? (
              <BlockStack gap="100">
                <Text as="p">{t("inquirySettings.triage.classifier.examples", { n: classifier.examples })}</Text>
                <Text as="p">
                  {classifier.accuracy === null
                    ? t("inquirySettings.triage.classifier.accuracyUnknown")
                    : t("inquirySettings.triage.classifier.accuracy", { percent: Math.round(classifier.accuracy * 100) })}
                </Text>
                <Text as="p" tone="subdued">
                  {/* Server and browser ICU may space a date differently; the text is the same moment either way. */}
                  <span suppressHydrationWarning>{t("inquirySettings.triage.classifier.trainedAt", { date: trainedAt })}</span>
                </Text>
              </BlockStack>
            ) : (
              <Text as="p" tone="subdued">
                {t("inquirySettings.triage.classifier.never")}
              </Text>
            )}
            <InlineStack>
              <Button onClick={() => run({ intent: "retrain" })} loading={pendingIntent === "retrain"}>
                {t("inquirySettings.triage.classifier.retrain")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>
    </Layout>
  );
}
