import { Button, InlineGrid, InlineStack, Select, TextField, type SelectProps } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { PREFECTURE_CODES, prefectureName } from "../customers/prefectures";
import type { Locale } from "../i18n/i18n";
import { operatorsOf, withField, withOperator, type AttributeTypeOf, type EditorCondition } from "../segments/editor";
import {
  ATTRIBUTE_PREFIX,
  CHANNEL_VALUES,
  CONSENT_VALUES,
  CPM_CLASS_VALUES,
  FIELD_GROUPS,
  FIELD_KEYS,
  REGION_KEYS,
  RFM_CLASS_VALUES,
  attributeIdOf,
  isAttributeField,
  valueKindOf,
  type Operator,
} from "../segments/rule";
import type { BuilderAttribute, BuilderInquiryCategory } from "../segments/segment-routes.server";
import { SegmentValuePicker, type PickerOption } from "./segment-value-picker";

export type ConditionContext = {
  locale: Locale;
  tags: string[];
  attributes: BuilderAttribute[];
  typeOf: AttributeTypeOf;
  products: PickerOption[];
  productLabels: Record<string, string>;
  searchProducts: (text: string) => void;
  inquiryCategories: BuilderInquiryCategory[];
  collections: Array<{ id: string; title: string }>;
};

type Props = { condition: EditorCondition; ctx: ConditionContext; onChange: (next: EditorCondition) => void; onRemove: () => void; error?: string };

const asNumber = (text: string) => (text.trim() === "" ? "" : Number(text));
const asText = (value: unknown) => (value === "" || value === null || value === undefined || Number.isNaN(value) ? "" : String(value));

/** One condition: field, operator and a value input that fits them. */
export function SegmentConditionRow({ condition, ctx, onChange, onRemove, error }: Props) {
  const { t } = useTranslation();
  const attribute = isAttributeField(condition.field) ? ctx.attributes.find((a) => a.id === attributeIdOf(condition.field as `attribute:${string}`)) : undefined;

  const fieldOptions: SelectProps["options"] = [
    ...(["customer", "orders", "analysis", "inquiries"] as const).map((group) => ({
      title: t(`segments.fieldGroups.${group}`),
      options: FIELD_KEYS.filter((key) => FIELD_GROUPS[key] === group).map((key) => ({ label: t(`segments.fields.${key}`), value: key })),
    })),
    ...(ctx.attributes.length
      ? [{ title: t("segments.fieldGroups.attributes"), options: ctx.attributes.map((a) => ({ label: a.label, value: `${ATTRIBUTE_PREFIX}${a.id}` })) }]
      : []),
    // A saved rule can name an attribute deleted since: keep it selectable so the page shows what is stored.
    ...(isAttributeField(condition.field) && !attribute ? [{ label: t("segments.fields.unknownAttribute"), value: condition.field }] : []),
  ];

  const operators = operatorsOf(condition.field, ctx.typeOf);
  const operatorLabel = (op: Operator) => {
    if ((op === "isSet" || op === "isNotSet") && (condition.field === "discountCode" || condition.field === "tags" || condition.field === "openInquiry")) {
      return t(`segments.operatorsFor.${condition.field}.${op}`);
    }
    return t(`segments.operators.${op}`);
  };

  return (
    <InlineStack gap="200" blockAlign="start" wrap={false}>
      <div style={{ flex: 1 }}>
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="200">
          <Select label={t("segments.builder.field")} labelHidden options={fieldOptions} value={condition.field} onChange={(field) => onChange(withField(condition, field, ctx.typeOf))} />
          <Select
            label={t("segments.builder.operator")}
            labelHidden
            options={(operators.length ? operators : [condition.operator]).map((op) => ({ label: operatorLabel(op), value: op }))}
            value={condition.operator}
            onChange={(op) => onChange(withOperator(condition, op as Operator))}
          />
          <ValueInput condition={condition} ctx={ctx} attribute={attribute} onChange={(value) => onChange({ ...condition, value })} error={error} />
        </InlineGrid>
      </div>
      <Button variant="tertiary" tone="critical" onClick={onRemove}>
        {t("segments.builder.removeCondition")}
      </Button>
    </InlineStack>
  );
}

function monthOptions(locale: Locale): PickerOption[] {
  const format = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-US", { month: "long", timeZone: "UTC" });
  return Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: format.format(new Date(Date.UTC(2000, i, 1))) }));
}

function ValueInput({ condition, ctx, attribute, onChange, error }: { condition: EditorCondition; ctx: ConditionContext; attribute?: BuilderAttribute; onChange: (value: unknown) => void; error?: string }) {
  const { t } = useTranslation();
  const label = t("segments.builder.value");
  const kind = valueKindOf(condition.operator);
  const v = condition.value;

  switch (kind) {
    case "none":
      return <span />;
    case "number":
      return <TextField label={label} labelHidden type="number" autoComplete="off" value={asText(v)} onChange={(text) => onChange(asNumber(text))} error={error} />;
    case "days":
      return (
        <TextField label={t("segments.builder.days")} labelHidden type="number" min={1} autoComplete="off" suffix={t("segments.builder.daysSuffix")} value={asText(v)} onChange={(text) => onChange(asNumber(text))} error={error} />
      );
    case "day":
      return <TextField label={t("segments.builder.date")} labelHidden type="date" autoComplete="off" value={asText(v)} onChange={onChange} error={error} />;
    case "range": {
      const [min, max] = Array.isArray(v) ? v : ["", ""];
      return (
        <InlineStack gap="100" wrap={false}>
          <TextField label={t("segments.builder.min")} labelHidden placeholder={t("segments.builder.min")} type="number" autoComplete="off" value={asText(min)} onChange={(text) => onChange([asNumber(text), max])} error={error} />
          <TextField label={t("segments.builder.max")} labelHidden placeholder={t("segments.builder.max")} type="number" autoComplete="off" value={asText(max)} onChange={(text) => onChange([min, asNumber(text)])} />
        </InlineStack>
      );
    }
    case "months": {
      const selected = Array.isArray(v) ? v.map(String) : [];
      return <SegmentValuePicker label={t("segments.builder.months")} placeholder={t("segments.builder.choose")} options={monthOptions(ctx.locale)} selected={selected} onChange={(values) => onChange(values.map(Number))} error={Boolean(error)} />;
    }
    case "strings": {
      const selected = Array.isArray(v) ? v.map(String) : [];
      const picker = stringChoices(condition.field, attribute, ctx, t);
      return (
        <BlockError error={error}>
          <SegmentValuePicker label={label} selected={selected} onChange={onChange} error={Boolean(error)} {...picker} />
        </BlockError>
      );
    }
    default:
      return <span />;
  }
}

function BlockError({ error, children }: { error?: string; children: React.ReactNode }) {
  return (
    <div>
      {children}
      {error ? (
        <div role="alert" style={{ color: "var(--p-color-text-critical)", marginTop: "var(--p-space-100)" }}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

type Picker = Pick<React.ComponentProps<typeof SegmentValuePicker>, "options" | "allowFree" | "placeholder" | "onSearch" | "labels">;

function stringChoices(field: string, attribute: BuilderAttribute | undefined, ctx: ConditionContext, t: (key: string, options?: Record<string, unknown>) => string): Picker {
  const choose = t("segments.builder.choose");
  const of = (values: readonly string[], label: (v: string) => string) => values.map((value) => ({ value, label: label(value) }));
  if (attribute) {
    if (attribute.type === "boolean") return { options: of(["true", "false"], (v) => t(`segments.operatorsFor.boolean.${v}`)), placeholder: choose };
    if (attribute.type === "text") return { options: [], allowFree: true, placeholder: choose };
    return { options: of(attribute.choices, (v) => v), placeholder: choose };
  }
  switch (field) {
    case "tags":
      return { options: of(ctx.tags, (v) => v), allowFree: true, placeholder: t("segments.builder.tagsPlaceholder") };
    case "consent":
      return { options: of(CONSENT_VALUES, (v) => t(`customers.consent.${v}`)), placeholder: choose };
    case "prefecture":
      return { options: of(PREFECTURE_CODES, (v) => prefectureName(v, ctx.locale) ?? v), placeholder: choose };
    case "region":
      return { options: of(REGION_KEYS, (v) => t(`segments.regions.${v}`)), placeholder: choose };
    case "productBought":
      return { options: ctx.products, onSearch: ctx.searchProducts, labels: ctx.productLabels, placeholder: t("segments.builder.productsPlaceholder") };
    case "collectionBought": {
      const options = ctx.collections.map((c) => ({ value: c.id, label: c.title }));
      return { options, labels: Object.fromEntries(ctx.collections.map((c) => [c.id, c.title])), placeholder: options.length ? choose : t("segments.builder.noCollections") };
    }
    case "channel":
      return { options: of(CHANNEL_VALUES, (v) => t(`channel.${v}`)), allowFree: true, placeholder: t("segments.builder.channelPlaceholder") };
    case "discountCode":
      return { options: [], allowFree: true, placeholder: t("segments.builder.codesPlaceholder") };
    case "rfmClass":
      return { options: of(RFM_CLASS_VALUES, (v) => t(`analytics.rfm.classes.${v}`)), placeholder: choose };
    case "cpmClass":
      return { options: of(CPM_CLASS_VALUES, (v) => t(`analytics.cpm.classes.${v}`)), placeholder: choose };
    case "inquiryCategory": {
      // In the staff member's language; archived categories are not offered but still name a saved value.
      const name = (c: BuilderInquiryCategory) => (ctx.locale === "ja" ? c.nameJa : c.nameEn) || c.key;
      const labels = Object.fromEntries(ctx.inquiryCategories.map((c) => [c.key, c.archived ? t("segments.builder.archivedCategory", { name: name(c) }) : name(c)]));
      const options = ctx.inquiryCategories.filter((c) => !c.archived).map((c) => ({ value: c.key, label: name(c) }));
      return { options, labels, placeholder: options.length ? choose : t("segments.builder.noInquiryCategories") };
    }
    default:
      return { options: [], allowFree: true, placeholder: choose };
  }
}
