import { BlockStack, Button, Card, Checkbox, FormLayout, InlineError, InlineStack, Layout, PageActions, Select, Tag, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { joinMinutes, PRIORITIES, splitMinutes, type GeneralSettingsView, type SettingsPriority } from "../inquiries/settings";
import { parseGeneralInput } from "../inquiries/settings-validation";
import { useSettingsAction } from "./support-settings-action";
import { SupportSettingsHours } from "./support-settings-hours";

type Props = { general: GeneralSettingsView; shopTimezone: string };
type SlaDraft = Record<SettingsPriority, { firstHours: string; firstMinutes: string; resolveHours: string; resolveMinutes: string }>;

// Zones Japanese and nearby shops use; any stored zone is kept in the list too.
const ZONES = ["Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai", "Asia/Taipei", "Asia/Singapore", "Australia/Sydney", "America/Los_Angeles", "America/New_York", "Europe/London", "UTC"];

function slaDraft(general: GeneralSettingsView): SlaDraft {
  return Object.fromEntries(
    PRIORITIES.map((p) => {
      const first = splitMinutes(general.slaTargets[p]?.firstResponse);
      const resolve = splitMinutes(general.slaTargets[p]?.resolution);
      return [p, { firstHours: first.hours, firstMinutes: first.minutes, resolveHours: resolve.hours, resolveMinutes: resolve.minutes }];
    }),
  ) as SlaDraft;
}

/** The next 年末年始 closing, 29 December to 3 January, as most Japanese shops and carriers close. */
function yearEndDates(today = new Date()): string[] {
  const year = today.getUTCMonth() === 0 && today.getUTCDate() <= 3 ? today.getUTCFullYear() - 1 : today.getUTCFullYear();
  return [`${year}-12-29`, `${year}-12-30`, `${year}-12-31`, `${year + 1}-01-01`, `${year + 1}-01-02`, `${year + 1}-01-03`];
}

/** General support settings: mail address, business hours and holidays, the out-of-hours auto-reply, SLA defaults. */
export function SupportSettingsGeneral({ general, shopTimezone }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState(general);
  const [sla, setSla] = useState(() => slaDraft(general));
  const [newDate, setNewDate] = useState("");
  const { run, errors, message, under, busy } = useSettingsAction(["saveGeneral"]);
  const set = <K extends keyof GeneralSettingsView>(field: K, value: GeneralSettingsView[K]) => setValues((v) => ({ ...v, [field]: value }));
  const zones = values.timezone && !ZONES.includes(values.timezone) ? [values.timezone, ...ZONES] : ZONES;

  const addDates = (dates: string[]) => set("closedDates", [...new Set([...values.closedDates, ...dates.filter(Boolean)])].sort());
  const save = () => {
    const slaTargets = Object.fromEntries(
      PRIORITIES.flatMap((p) => {
        const first = joinMinutes(sla[p].firstHours, sla[p].firstMinutes);
        const resolution = joinMinutes(sla[p].resolveHours, sla[p].resolveMinutes);
        return first === null && resolution === null ? [] : [[p, { firstResponse: first, resolution }]];
      }),
    );
    run({
      intent: "saveGeneral",
      supportAddress: values.supportAddress,
      senderName: values.senderName,
      timezone: values.timezone,
      businessHours: JSON.stringify(values.businessHours),
      observeJapaneseHolidays: String(values.observeJapaneseHolidays),
      closedDates: JSON.stringify(values.closedDates),
      autoReplyOutsideHours: String(values.autoReplyOutsideHours),
      autoReplyJa: values.autoReplyJa,
      autoReplyEn: values.autoReplyEn,
      slaTargets: JSON.stringify(slaTargets),
    }, parseGeneralInput);
  };
  const slaField = (p: SettingsPriority, field: keyof SlaDraft[SettingsPriority], label: string) => (
    <TextField
      label={label}
      type="number"
      min={0}
      value={sla[p][field]}
      onChange={(v) => setSla((s) => ({ ...s, [p]: { ...s[p], [field]: v } }))}
      autoComplete="off"
    />
  );

  return (
    <BlockStack gap="400">
      {errors.form && <InlineError message={message(errors.form) ?? ""} fieldID="support-general" />}
      <Layout>
        <Layout.AnnotatedSection title={t("inquirySettings.general.mail.title")} description={t("inquirySettings.general.mail.description")}>
          <Card>
            <FormLayout>
              <TextField
                label={t("inquirySettings.general.mail.address")}
                type="email"
                value={values.supportAddress}
                onChange={(v) => set("supportAddress", v)}
                helpText={t("inquirySettings.general.mail.addressHelp")}
                error={message(errors.supportAddress)}
                autoComplete="off"
              />
              <TextField
                label={t("inquirySettings.general.mail.senderName")}
                value={values.senderName}
                onChange={(v) => set("senderName", v)}
                helpText={t("inquirySettings.general.mail.senderNameHelp")}
                error={message(errors.senderName)}
                autoComplete="off"
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("inquirySettings.general.hours.title")} description={t("inquirySettings.general.hours.description")}>
          <Card>
            <BlockStack gap="400">
              <Select
                label={t("inquirySettings.general.hours.timezone")}
                options={[
                  { label: t("inquirySettings.general.hours.shopTimezone", { zone: shopTimezone }), value: "" },
                  ...zones.map((zone) => ({ label: zone, value: zone })),
                ]}
                value={values.timezone}
                onChange={(v) => set("timezone", v)}
                error={message(errors.timezone)}
              />
              <SupportSettingsHours hours={values.businessHours} onChange={(h) => set("businessHours", h)} errorFor={(day) => under(`businessHours.${day}`)} />
              {errors.businessHours && <InlineError message={message(errors.businessHours) ?? ""} fieldID="support-hours" />}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("inquirySettings.general.holidays.title")} description={t("inquirySettings.general.holidays.description")}>
          <Card>
            <BlockStack gap="300">
              <Checkbox
                label={t("inquirySettings.general.holidays.observe")}
                helpText={t("inquirySettings.general.holidays.observeHelp")}
                checked={values.observeJapaneseHolidays}
                onChange={(v) => set("observeJapaneseHolidays", v)}
              />
              <TextField
                label={t("inquirySettings.general.holidays.closedDate")}
                type="date"
                value={newDate}
                onChange={setNewDate}
                autoComplete="off"
                error={under("closedDates")}
                connectedRight={
                  <Button
                    onClick={() => {
                      addDates([newDate]);
                      setNewDate("");
                    }}
                    disabled={!newDate}
                  >
                    {t("inquirySettings.general.holidays.add")}
                  </Button>
                }
              />
              <InlineStack>
                <Button variant="plain" onClick={() => addDates(yearEndDates())}>
                  {t("inquirySettings.general.holidays.addYearEnd")}
                </Button>
              </InlineStack>
              {values.closedDates.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("inquirySettings.general.holidays.none")}
                </Text>
              ) : (
                <InlineStack gap="100">
                  {values.closedDates.map((date) => (
                    <Tag
                      key={date}
                      onRemove={() => set("closedDates", values.closedDates.filter((d) => d !== date))}
                      accessibilityLabel={t("inquirySettings.general.holidays.removeLabel", { date })}
                    >
                      {date}
                    </Tag>
                  ))}
                </InlineStack>
              )}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("inquirySettings.general.autoReply.title")} description={t("inquirySettings.general.autoReply.description")}>
          <Card>
            <FormLayout>
              <Checkbox label={t("inquirySettings.general.autoReply.enabled")} checked={values.autoReplyOutsideHours} onChange={(v) => set("autoReplyOutsideHours", v)} />
              <TextField
                label={t("inquirySettings.general.autoReply.ja")}
                value={values.autoReplyJa}
                onChange={(v) => set("autoReplyJa", v)}
                multiline={4}
                maxLength={2000}
                disabled={!values.autoReplyOutsideHours}
                error={message(errors.autoReplyJa)}
                autoComplete="off"
              />
              <TextField
                label={t("inquirySettings.general.autoReply.en")}
                value={values.autoReplyEn}
                onChange={(v) => set("autoReplyEn", v)}
                multiline={4}
                maxLength={2000}
                disabled={!values.autoReplyOutsideHours}
                error={message(errors.autoReplyEn)}
                autoComplete="off"
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("inquirySettings.general.sla.title")} description={t("inquirySettings.general.sla.description")}>
          <Card>
            <BlockStack gap="400">
              {PRIORITIES.map((p) => {
                const priority = t(`inquirySettings.priorities.${p}`);
                return (
                  <BlockStack gap="200" key={p}>
                    <Text as="h3" variant="headingSm">
                      {priority}
                    </Text>
                    <FormLayout.Group condensed>
                      {slaField(p, "firstHours", t("inquirySettings.general.sla.firstHours", { priority }))}
                      {slaField(p, "firstMinutes", t("inquirySettings.general.sla.firstMinutes", { priority }))}
                      {slaField(p, "resolveHours", t("inquirySettings.general.sla.resolveHours", { priority }))}
                      {slaField(p, "resolveMinutes", t("inquirySettings.general.sla.resolveMinutes", { priority }))}
                    </FormLayout.Group>
                    {under(`slaTargets.${p}`) && <InlineError message={under(`slaTargets.${p}`) ?? ""} fieldID={`sla-${p}`} />}
                  </BlockStack>
                );
              })}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
      <PageActions primaryAction={{ content: t("inquirySettings.general.save"), onAction: save, loading: busy }} />
    </BlockStack>
  );
}
