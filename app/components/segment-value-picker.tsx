import { BlockStack, Combobox, InlineStack, Listbox, Tag } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

export type PickerOption = { value: string; label: string };

type Props = {
  label: string;
  /** The chosen values. */
  selected: string[];
  onChange: (values: string[]) => void;
  /** Offered choices; filtered by what is typed unless `onSearch` filters them elsewhere. */
  options: PickerOption[];
  /** Whether a typed text that is no option can be added (tags, discount codes). */
  allowFree?: boolean;
  placeholder?: string;
  /** Typing asks this (the product search) instead of filtering `options` locally. */
  onSearch?: (text: string) => void;
  /** Labels for chosen values that are not among `options` (products already in a saved rule). */
  labels?: Record<string, string>;
  error?: boolean;
};

const ADD = "\u0000add:";
const MAX_SHOWN = 50;

/**
 * A multi-value picker: a combobox listing the choices (arrow keys and Enter choose, as Polaris' listbox does) and the
 * chosen values as removable tags below it.
 */
export function SegmentValuePicker({ label, selected, onChange, options, allowFree, placeholder, onSearch, labels, error }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const typed = text.trim();

  const shown = useMemo(() => {
    const needle = typed.normalize("NFKC").toLowerCase();
    const matching = onSearch || !needle ? options : options.filter((o) => o.label.normalize("NFKC").toLowerCase().includes(needle) || o.value.toLowerCase().includes(needle));
    return matching.slice(0, MAX_SHOWN);
  }, [options, typed, onSearch]);

  const labelOf = (value: string) => options.find((o) => o.value === value)?.label ?? labels?.[value] ?? value;
  const toggle = (value: string) => {
    if (value.startsWith(ADD)) {
      const added = value.slice(ADD.length);
      if (!selected.includes(added)) onChange([...selected, added]);
      setText("");
      return;
    }
    onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  };
  const canAdd = allowFree && typed !== "" && !selected.includes(typed) && !options.some((o) => o.value === typed);

  return (
    <BlockStack gap="100">
      {/* Not allowMultiple: its options hold checkboxes (nested interactive controls); the tags below show the choice. */}
      <Combobox
        activator={
          <Combobox.TextField
            label={label}
            labelHidden
            value={text}
            placeholder={placeholder}
            autoComplete="off"
            error={error}
            onChange={(value) => {
              setText(value);
              onSearch?.(value);
            }}
          />
        }
      >
        {shown.length > 0 || canAdd ? (
          <Listbox onSelect={toggle}>
            {canAdd ? (
              <Listbox.Option value={`${ADD}${typed}`}>{t("segments.builder.addValue") + ` "${typed}"`}</Listbox.Option>
            ) : null}
            {shown.map((option) => (
              <Listbox.Option key={option.value} value={option.value} selected={selected.includes(option.value)} accessibilityLabel={option.label}>
                {option.label}
              </Listbox.Option>
            ))}
          </Listbox>
        ) : typed ? (
          <Listbox>
            <Listbox.Option value="" disabled>
              {t("segments.builder.noMatches")}
            </Listbox.Option>
          </Listbox>
        ) : null}
      </Combobox>
      {selected.length > 0 ? (
        <InlineStack gap="100">
          {selected.map((value) => (
            <Tag key={value} onRemove={() => onChange(selected.filter((v) => v !== value))} accessibilityLabel={labelOf(value)}>
              {labelOf(value)}
            </Tag>
          ))}
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}
