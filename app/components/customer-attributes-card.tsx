import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Button, Card, ChoiceList, InlineStack, Link, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  canonicalValue,
  formatDay,
  formatDecimal,
  formValue,
  storedChoices,
  type AttributeDefinitionView,
  type FieldError,
  type FieldErrors,
} from "../customers/custom-attributes";
import type { CustomerAttribute } from "../customers/custom-attributes.server";
import type { Locale } from "../i18n/i18n";
import { formatDateTime } from "../utils/format";

type ActionResult = { intent: string; ok: boolean; errors?: FieldErrors };
type Props = { attributes: CustomerAttribute[]; locale: Locale; timeZone: string };

/** The form field of a definition on the customer page (kept in step with attributeField on the server). */
const fieldOf = (definitionId: string) => `attribute.${definitionId}`;

/** The customer's custom attributes (顧客属性): read at a glance, edited in place with the input each type needs. */
export function CustomerAttributesCard({ attributes, locale, timeZone }: Props) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const submit = useSubmit();
  const navigation = useNavigation();
  const result = useActionData<ActionResult>();
  const [editing, setEditing] = useState(false);
  const initial = () => Object.fromEntries(attributes.map((a) => [fieldOf(a.definition.id), formValue(a.definition.type, a.value)]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "attributes";

  useEffect(() => {
    if (result?.intent !== "attributes") return;
    if (result.ok) {
      setEditing(false);
      shopify.toast.show(t("attributes.customer.saved"));
    }
  }, [result, shopify, t]);

  const [localErrors, setLocalErrors] = useState<FieldErrors | null>(null);
  const errors = localErrors ?? (result?.intent === "attributes" && !result.ok ? (result.errors ?? {}) : {});
  const message = (error: FieldError | undefined) => (error ? t(error.message, error.values) : undefined);
  const startEditing = () => {
    setValues(initial());
    setLocalErrors(null);
    setEditing(true);
  };
  const save = () => {
    // The server applies the same rules; checking here first answers a typo without a round trip.
    const found: FieldErrors = {};
    for (const { definition } of attributes) {
      const checked = canonicalValue(definition, values[fieldOf(definition.id)] ?? "");
      if (!checked.ok) found[fieldOf(definition.id)] = checked.error;
    }
    if (Object.keys(found).length > 0) return setLocalErrors(found);
    setLocalErrors(null);
    submit({ intent: "attributes", ...values }, { method: "post" });
  };

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("attributes.customer.title")}
          </Text>
          {attributes.length > 0 && !editing && (
            <Button variant="plain" onClick={startEditing}>
              {t("attributes.customer.edit")}
            </Button>
          )}
        </InlineStack>
        {attributes.length === 0 && (
          <BlockStack gap="100">
            <Text as="p" tone="subdued">
              {t("attributes.customer.none")}
            </Text>
            <Link url="/app/settings/attributes">{t("attributes.customer.define")}</Link>
          </BlockStack>
        )}
        {!editing &&
          attributes.map((a) => (
            <BlockStack key={a.definition.id} gap="050">
              <Text as="p" tone="subdued" variant="bodySm">
                {a.definition.label}
              </Text>
              <AttributeValue attribute={a} locale={locale} />
              {a.definition.kind === "dynamic" && a.updatedAt && (
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("attributes.customer.updated", { date: formatDateTime(a.updatedAt, locale, timeZone) })}
                </Text>
              )}
            </BlockStack>
          ))}
        {editing && (
          <BlockStack gap="300">
            {errors.form && (
              <Text as="p" tone="critical">
                {message(errors.form)}
              </Text>
            )}
            {attributes.map((a) => (
              <AttributeInput
                key={a.definition.id}
                definition={a.definition}
                value={values[fieldOf(a.definition.id)] ?? ""}
                onChange={(value) => setValues((v) => ({ ...v, [fieldOf(a.definition.id)]: value }))}
                error={message(errors[fieldOf(a.definition.id)])}
              />
            ))}
            <InlineStack align="end" gap="200">
              <Button onClick={() => setEditing(false)}>{t("attributes.customer.cancel")}</Button>
              <Button variant="primary" loading={saving} onClick={save}>
                {t("attributes.customer.save")}
              </Button>
            </InlineStack>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

function AttributeValue({ attribute, locale }: { attribute: CustomerAttribute; locale: Locale }) {
  const { t } = useTranslation();
  const { value, definition } = attribute;
  if (value === null) {
    return (
      <Text as="p" tone="subdued">
        {t("attributes.customer.notSet")}
      </Text>
    );
  }
  switch (definition.type) {
    case "date":
      return <Text as="p">{formatDay(value, locale)}</Text>;
    case "number":
      return <Text as="p">{formatDecimal(value, locale)}</Text>;
    case "boolean":
      return <Text as="p">{t(value === "true" ? "attributes.customer.yes" : "attributes.customer.no")}</Text>;
    case "choice":
      return (
        <InlineStack>
          <Badge>{value}</Badge>
        </InlineStack>
      );
    case "multi_choice":
      return (
        <InlineStack gap="100">
          {storedChoices(value).map((c) => (
            <Badge key={c}>{c}</Badge>
          ))}
        </InlineStack>
      );
    default:
      return (
        <Text as="p" breakWord>
          {value}
        </Text>
      );
  }
}

type InputProps = { definition: AttributeDefinitionView; value: string; onChange(value: string): void; error?: string };

function AttributeInput({ definition, value, onChange, error }: InputProps) {
  const { t } = useTranslation();
  const label = definition.label;
  const unset = { label: t("attributes.customer.notSet"), value: "" };
  switch (definition.type) {
    case "boolean":
      return (
        <Select
          label={label}
          options={[unset, { label: t("attributes.customer.yes"), value: "true" }, { label: t("attributes.customer.no"), value: "false" }]}
          value={value}
          onChange={onChange}
          error={error}
        />
      );
    case "choice":
      return <Select label={label} options={[unset, ...definition.choices.map((c) => ({ label: c, value: c }))]} value={value} onChange={onChange} error={error} />;
    case "multi_choice":
      return (
        <ChoiceList
          allowMultiple
          title={label}
          choices={definition.choices.map((c) => ({ label: c, value: c }))}
          selected={storedChoices(value)}
          onChange={(picked) => onChange(JSON.stringify(picked))}
          error={error}
        />
      );
    case "date":
      return <TextField label={label} type="date" value={value} onChange={onChange} error={error} autoComplete="off" helpText={t("attributes.customer.dateHelp")} />;
    case "number":
      return <TextField label={label} type="text" inputMode="decimal" value={value} onChange={onChange} error={error} autoComplete="off" />;
    default:
      return <TextField label={label} value={value} onChange={onChange} error={error} autoComplete="off" multiline={2} maxLength={500} />;
  }
}
