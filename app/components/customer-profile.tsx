import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineGrid, InlineStack, List, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { addressLines, personName } from "../customers/address";
import type { Customer360 } from "../customers/customer-360.server";
import { isKanaReading, NAME_KANA_MAX_LENGTH, toKatakana } from "../customers/kana";
import { formatPhone } from "../customers/phone";
import type { Locale } from "../i18n/i18n";
import { formatDateTime, formatMoney, formatNumber } from "../utils/format";

type Settings = { currencyCode: string; timeZone: string };
type ActionResult = { intent: string; ok: boolean; errors?: Partial<Record<"body" | "tags" | "nameKana", string>> };

export function CustomerCautions({ cautions, locale, timeZone }: { cautions: Customer360["cautions"]; locale: Locale; timeZone: string }) {
  const { t } = useTranslation();
  if (cautions.length === 0) return null;
  return (
    <Banner tone="critical" title={t("customers.detail.cautionTitle")}>
      <List>
        {cautions.map((c) => (
          <List.Item key={c.id}>
            {c.body} <Text as="span" tone="subdued">({formatDateTime(c.at, locale, timeZone)})</Text>
          </List.Item>
        ))}
      </List>
    </Banner>
  );
}

function Kpi({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {detail && (
          <Text as="p" variant="bodySm" tone="subdued">
            {detail}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

export function CustomerKpis({ customer, locale, settings }: { customer: Customer360; locale: Locale; settings: Settings }) {
  const { t } = useTranslation();
  const k = customer.kpis;
  const money = (amount: string) => formatMoney(amount, settings.currencyCode, locale);
  const date = (iso: string | null) => (iso ? formatDateTime(iso, locale, settings.timeZone) : "—");
  return (
    <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
      <Kpi
        label={t("customers.detail.kpi.ltv")}
        value={money(k.totalSpent)}
        detail={k.ordersCount === 0 ? t("customers.detail.kpi.noOrders") : t(k.repeat ? "customers.detail.kpi.repeat" : "customers.detail.kpi.oneTime")}
      />
      <Kpi label={t("customers.detail.kpi.aov")} value={money(k.averageOrderValue)} />
      <Kpi
        label={t("customers.detail.kpi.orders")}
        value={formatNumber(k.ordersCount, locale)}
        detail={k.preferredChannel ? t("customers.detail.kpi.preferredChannel", { value: t(`channel.${k.preferredChannel}`, { defaultValue: k.preferredChannel }) }) : undefined}
      />
      <Kpi
        label={t("customers.detail.kpi.lastOrder")}
        value={date(k.lastOrderAt)}
        detail={
          k.daysSinceLastOrder !== null
            ? `${t("customers.detail.kpi.daysSince", { value: formatNumber(k.daysSinceLastOrder, locale) })} · ${t("customers.detail.kpi.firstOrder")} ${date(k.firstOrderAt)}`
            : undefined
        }
      />
    </InlineGrid>
  );
}

export function CustomerProfile({ customer, locale, timeZone }: { customer: Customer360; locale: Locale; timeZone: string }) {
  const { t } = useTranslation();
  const consent = customer.marketingState ?? "unknown";
  return (
    <Card>
      <BlockStack gap="300">
        <NameWithKana customer={customer} />
        <Text as="h2" variant="headingMd">
          {t("customers.detail.contact.title")}
        </Text>
        <BlockStack gap="100">
          <Text as="p" tone="subdued" variant="bodySm">
            {t("customers.detail.contact.email")}
          </Text>
          <Text as="p" breakWord>
            {customer.email ?? t("customers.detail.contact.none")}
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("customers.detail.contact.phone")}
          </Text>
          <Text as="p">{customer.phone ? formatPhone(customer.phone, locale) : t("customers.detail.contact.none")}</Text>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("customers.detail.contact.consent")}
          </Text>
          <InlineStack gap="200" blockAlign="center">
            <Badge tone={consent === "SUBSCRIBED" ? "success" : undefined}>
              {t(`customers.consent.${consent}`, { defaultValue: t("customers.consent.unknown") })}
            </Badge>
            {customer.marketingConsentUpdatedAt && (
              <Text as="span" tone="subdued" variant="bodySm">
                {t("customers.detail.contact.consentSince", { date: formatDateTime(customer.marketingConsentUpdatedAt, locale, timeZone) })}
              </Text>
            )}
          </InlineStack>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("customers.detail.customerSince", { date: formatDateTime(customer.shopifyCreatedAt, locale, timeZone) })}
          </Text>
        </BlockStack>
        <Text as="h2" variant="headingMd">
          {t("customers.detail.addresses.title")}
        </Text>
        {customer.addresses.length === 0 && <Text as="p">{t("customers.detail.addresses.none")}</Text>}
        {customer.addresses.map((address, index) => (
          <BlockStack key={index} gap="050">
            {index === 0 && <Badge>{t("customers.detail.addresses.default")}</Badge>}
            {addressLines(address, locale).map((line, i) => (
              <Text as="p" key={i}>
                {line}
              </Text>
            ))}
            {address.phone && <Text as="p">{formatPhone(address.phone, locale)}</Text>}
          </BlockStack>
        ))}
        {customer.note && (
          <>
            <Text as="h2" variant="headingMd">
              {t("customers.detail.shopifyNote.title")}
            </Text>
            <Text as="p">{customer.note}</Text>
          </>
        )}
      </BlockStack>
    </Card>
  );
}

/**
 * The name with its reading (フリガナ) above it, as furigana is written, and an in-place form for the reading: typed
 * in hiragana or katakana, saved as katakana.
 */
function NameWithKana({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const submit = useSubmit();
  const navigation = useNavigation();
  const result = useActionData<ActionResult>();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(customer.nameKana ?? "");
  const [localError, setLocalError] = useState<string | null>(null);
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "nameKana";
  const name = personName(customer.firstName, customer.lastName);

  useEffect(() => {
    if (result?.intent === "nameKana" && result.ok) {
      setEditing(false);
      shopify.toast.show(t("attributes.kana.saved"));
    }
  }, [result, shopify, t]);

  const serverError = result?.intent === "nameKana" && result.errors?.nameKana ? result.errors.nameKana : null;
  const error = localError ?? serverError;
  const save = () => {
    // The server's rule, checked first so a kanji reading is answered without a round trip.
    const kana = toKatakana(value);
    if (kana.length > NAME_KANA_MAX_LENGTH) return setLocalError("attributes.kana.errors.tooLong");
    if (kana !== "" && !isKanaReading(kana)) return setLocalError("attributes.kana.errors.notKana");
    setLocalError(null);
    submit({ intent: "nameKana", nameKana: value }, { method: "post" });
  };
  if (editing) {
    return (
      <BlockStack gap="200">
        <TextField
          label={t("attributes.kana.label")}
          helpText={t("attributes.kana.help")}
          value={value}
          onChange={setValue}
          autoComplete="off"
          error={error ? t(error) : undefined}
          maxLength={100}
        />
        <InlineStack align="end" gap="200">
          <Button onClick={() => setEditing(false)}>{t("attributes.kana.cancel")}</Button>
          <Button variant="primary" loading={saving} onClick={save}>
            {t("attributes.kana.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    );
  }
  return (
    <BlockStack gap="100">
      {name && (
        <Text as="p" variant="headingMd">
          {customer.nameKana ? (
            <ruby>
              {name}
              <rp>(</rp>
              <rt>{customer.nameKana}</rt>
              <rp>)</rp>
            </ruby>
          ) : (
            name
          )}
        </Text>
      )}
      <InlineStack>
        <Button
          variant="plain"
          onClick={() => {
            setValue(customer.nameKana ?? "");
            setLocalError(null);
            setEditing(true);
          }}
        >
          {customer.nameKana ? t("attributes.kana.edit") : t("attributes.kana.add")}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

export function CustomerTags({ tags }: { tags: string[] }) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const submit = useSubmit();
  const navigation = useNavigation();
  const result = useActionData<ActionResult>();
  const [value, setValue] = useState(tags.join(", "));
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "tags";

  useEffect(() => setValue(tags.join(", ")), [tags]);
  useEffect(() => {
    if (result?.intent === "tags" && result.ok) shopify.toast.show(t("customers.detail.tags.saved"));
  }, [result, shopify, t]);

  const error = result?.intent === "tags" && result.errors?.tags ? t(result.errors.tags) : undefined;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customers.detail.tags.title")}
        </Text>
        {tags.length > 0 && (
          <InlineStack gap="100">
            {tags.map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
          </InlineStack>
        )}
        <TextField
          label={t("customers.detail.tags.label")}
          helpText={t("customers.detail.tags.help")}
          value={value}
          onChange={setValue}
          autoComplete="off"
          error={error}
        />
        <InlineStack align="end">
          <Button loading={saving} onClick={() => submit({ intent: "tags", tags: value }, { method: "post" })}>
            {t("customers.detail.tags.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
