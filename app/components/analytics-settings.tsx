import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AnalysisOverview } from "../analytics/overview.server";

type Values = AnalysisOverview["settings"];
type Field = keyof Values;
type ActionResult = { intent: "settings"; ok: boolean; errors?: Record<string, string> } | { intent: "recompute"; ok: boolean };

const FIELDS: Field[] = ["rfmWindowDays", "firstPurchaseMaxOrders", "youngTenureDays", "trendTenureDays", "spendAmount", "lapseDays", "f2WindowDays"];

/** The RFM window and the CPM thresholds (amount in the shop's currency), with field errors in the staff's language. */
export function AnalyticsSettings({ settings, currencyCode }: { settings: Values; currencyCode: string }) {
  const { t } = useTranslation();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const [values, setValues] = useState<Record<Field, string>>(
    () => Object.fromEntries(FIELDS.map((f) => [f, String(settings[f])])) as Record<Field, string>,
  );
  const errors = result?.intent === "settings" && !result.ok ? (result.errors ?? {}) : {};
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "settings";
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="settings" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("analytics.settings.title")}
          </Text>
          <Text as="p" tone="subdued">
            {t("analytics.settings.description")}
          </Text>
          {result?.intent === "settings" && result.ok ? <Banner tone="success">{t("analytics.settings.saved")}</Banner> : null}
          <FormLayout>
            {FIELDS.map((field) => (
              <TextField
                key={field}
                name={field}
                type="number"
                autoComplete="off"
                label={t(`analytics.settings.${field}`, { currency: currencyCode })}
                value={values[field]}
                onChange={(value) => setValues((v) => ({ ...v, [field]: value }))}
                error={errors[field] ? t(errors[field]) : undefined}
              />
            ))}
          </FormLayout>
          <Button submit loading={saving}>
            {t("analytics.settings.save")}
          </Button>
        </BlockStack>
      </Form>
    </Card>
  );
}
