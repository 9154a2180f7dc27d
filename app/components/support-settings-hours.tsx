import { BlockStack, Button, Checkbox, InlineError, InlineStack, Text, TextField } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { LIMITS, WEEKDAYS, type BusinessHours, type TimeRange } from "../inquiries/settings";

type Props = {
  hours: BusinessHours;
  onChange(hours: BusinessHours): void;
  /** The message for a weekday ("0" … "6"), if its ranges are wrong. */
  errorFor(day: string): string | undefined;
};

const DEFAULT_RANGE: TimeRange = { open: "09:00", close: "18:00" };

/** Opening hours per weekday: closed, or one to four ranges (a lunch break is two ranges). */
export function SupportSettingsHours({ hours, onChange, errorFor }: Props) {
  const { t } = useTranslation();
  const setDay = (day: string, ranges: TimeRange[]) => onChange({ ...hours, [day]: ranges });

  return (
    <BlockStack gap="300">
      {WEEKDAYS.map((weekday) => {
        const day = String(weekday);
        const ranges = hours[day] ?? [];
        const dayName = t(`inquirySettings.weekdays.${day}`);
        const error = errorFor(day);
        const update = (index: number, patch: Partial<TimeRange>) => setDay(day, ranges.map((r, i) => (i === index ? { ...r, ...patch } : r)));
        return (
          <BlockStack gap="100" key={day}>
            <InlineStack gap="400" blockAlign="start" wrap={false}>
              <div style={{ minWidth: "7rem" }}>
                <Checkbox
                  label={dayName}
                  checked={ranges.length > 0}
                  onChange={(open) => setDay(day, open ? [DEFAULT_RANGE] : [])}
                  helpText={ranges.length === 0 ? t("inquirySettings.general.hours.closed") : undefined}
                />
              </div>
              <BlockStack gap="200">
                {ranges.map((range, index) => (
                  <InlineStack gap="200" blockAlign="center" key={index} wrap={false}>
                    <TextField
                      label={t("inquirySettings.general.hours.opensLabel", { day: dayName, n: index + 1 })}
                      labelHidden
                      type="time"
                      value={range.open}
                      onChange={(open) => update(index, { open })}
                      autoComplete="off"
                    />
                    <Text as="span">{t("inquirySettings.general.hours.to")}</Text>
                    <TextField
                      label={t("inquirySettings.general.hours.closesLabel", { day: dayName, n: index + 1 })}
                      labelHidden
                      type="time"
                      value={range.close}
                      onChange={(close) => update(index, { close })}
                      autoComplete="off"
                    />
                    <Button
                      variant="plain"
                      tone="critical"
                      onClick={() => setDay(day, ranges.filter((_, i) => i !== index))}
                      accessibilityLabel={t("inquirySettings.general.hours.removeLabel", { day: dayName, n: index + 1 })}
                    >
                      {t("inquirySettings.general.hours.remove")}
                    </Button>
                  </InlineStack>
                ))}
                {ranges.length > 0 && ranges.length < LIMITS.rangesPerDay && (
                  <InlineStack>
                    <Button
                      variant="plain"
                      onClick={() => setDay(day, [...ranges, { open: ranges.at(-1)?.close ?? DEFAULT_RANGE.open, close: DEFAULT_RANGE.close }])}
                      accessibilityLabel={t("inquirySettings.general.hours.addLabel", { day: dayName })}
                    >
                      {t("inquirySettings.general.hours.add")}
                    </Button>
                  </InlineStack>
                )}
              </BlockStack>
            </InlineStack>
            {error && <InlineError message={error} fieldID={`hours-${day}`} />}
          </BlockStack>
        );
      })}
    </BlockStack>
  );
}
