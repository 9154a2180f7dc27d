import { ChoiceList, FormLayout, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ASSIGNMENT_MODES, joinMinutes, splitMinutes, type AssignmentMode, type CategoryView, type FieldErrors, type StaffOption } from "../inquiries/settings";

type Props = {
  category: CategoryView | null;
  nextPosition: number;
  staff: StaffOption[];
  errors: FieldErrors;
  message(error: FieldErrors[string]): string | undefined;
  saving: boolean;
  onSave(fields: Record<string, string>): void;
  onClose(): void;
};

/** Add or edit one category: names in both languages, order, team, how new inquiries are assigned, SLA overrides. */
export function SupportSettingsCategoryModal({ category, nextPosition, staff, errors, message, saving, onSave, onClose }: Props) {
  const { t } = useTranslation();
  const first = splitMinutes(category?.firstResponseMinutes);
  const resolve = splitMinutes(category?.resolutionMinutes);
  const [v, setV] = useState({
    key: category?.key ?? "",
    nameJa: category?.nameJa ?? "",
    nameEn: category?.nameEn ?? "",
    position: String(category?.position ?? nextPosition),
    assignment: category?.assignment ?? ("manual" as AssignmentMode),
    team: category?.teamUserIds ?? [],
    firstHours: first.hours,
    firstMinutes: first.minutes,
    resolveHours: resolve.hours,
    resolveMinutes: resolve.minutes,
  });
  const set = <K extends keyof typeof v>(field: K, value: (typeof v)[K]) => setV((s) => ({ ...s, [field]: value }));
  const minutesText = (n: number | null) => (n === null ? "" : Number.isNaN(n) ? "x" : String(n));
  const save = () =>
    onSave({
      key: v.key,
      nameJa: v.nameJa,
      nameEn: v.nameEn,
      position: v.position,
      assignment: v.assignment,
      teamUserIds: JSON.stringify(v.team),
      firstResponseMinutes: minutesText(joinMinutes(v.firstHours, v.firstMinutes)),
      resolutionMinutes: minutesText(joinMinutes(v.resolveHours, v.resolveMinutes)),
    });
  const number = (field: "firstHours" | "firstMinutes" | "resolveHours" | "resolveMinutes") => (
    <TextField label={t(`inquirySettings.categories.form.${field}`)} type="number" min={0} value={v[field]} onChange={(x) => set(field, x)} autoComplete="off" />
  );

  return (
    <Modal
      open
      onClose={onClose}
      title={category ? t("inquirySettings.categories.form.titleEdit", { name: category.nameJa }) : t("inquirySettings.categories.form.titleNew")}
      primaryAction={{ content: t("inquirySettings.common.save"), onAction: save, loading: saving }}
      secondaryActions={[{ content: t("inquirySettings.common.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {errors.form && (
            <Text as="p" tone="critical">
              {message(errors.form)}
            </Text>
          )}
          <FormLayout.Group>
            <TextField label={t("inquirySettings.categories.form.nameJa")} value={v.nameJa} onChange={(x) => set("nameJa", x)} error={message(errors.nameJa)} autoComplete="off" maxLength={60} />
            <TextField label={t("inquirySettings.categories.form.nameEn")} value={v.nameEn} onChange={(x) => set("nameEn", x)} error={message(errors.nameEn)} autoComplete="off" maxLength={60} />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField
              label={t("inquirySettings.categories.form.key")}
              helpText={t("inquirySettings.categories.form.keyHelp")}
              value={v.key}
              onChange={(x) => set("key", x)}
              error={message(errors.key)}
              disabled={category !== null}
              autoComplete="off"
              monospaced
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
          <Select
            label={t("inquirySettings.categories.form.assignment")}
            options={ASSIGNMENT_MODES.map((mode) => ({ label: t(`inquirySettings.assignment.${mode}`), value: mode }))}
            value={v.assignment}
            onChange={(x) => set("assignment", x as AssignmentMode)}
            helpText={t(`inquirySettings.assignment.${v.assignment}Help`)}
            error={message(errors.assignment)}
          />
          {staff.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("inquirySettings.categories.form.noStaff")}
            </Text>
          ) : (
            <ChoiceList
              allowMultiple
              title={t("inquirySettings.categories.form.team")}
              choices={staff.map((s) => ({ label: s.name, value: s.userId }))}
              selected={v.team}
              onChange={(team) => set("team", team)}
              error={message(errors.teamUserIds)}
            />
          )}
          {staff.length === 0 && errors.teamUserIds && (
            <Text as="p" tone="critical">
              {message(errors.teamUserIds)}
            </Text>
          )}
          <Text as="p" tone="subdued">
            {t("inquirySettings.categories.form.slaHelp")}
          </Text>
          <FormLayout.Group condensed>
            {number("firstHours")}
            {number("firstMinutes")}
          </FormLayout.Group>
          {errors.firstResponseMinutes && (
            <Text as="p" tone="critical">
              {message(errors.firstResponseMinutes)}
            </Text>
          )}
          <FormLayout.Group condensed>
            {number("resolveHours")}
            {number("resolveMinutes")}
          </FormLayout.Group>
          {errors.resolutionMinutes && (
            <Text as="p" tone="critical">
              {message(errors.resolutionMinutes)}
            </Text>
          )}
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
