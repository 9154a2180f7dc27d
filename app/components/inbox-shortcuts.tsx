import { BlockStack, InlineStack, Modal, Text } from "@shopify/polaris";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

export type ShortcutKey = "j" | "k" | "r" | "n" | "e" | "a";
export const SHORTCUT_KEYS: ShortcutKey[] = ["j", "k", "r", "n", "e", "a"];

/** Typing in a field (or a menu, or with a modifier held) is never a shortcut. */
function typing(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return true;
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.getAttribute("role") === "combobox";
}

/**
 * Single-key shortcuts on the inbox (j/k next and previous, r reply, n note, e resolve, a assign to me, ? the list).
 * Handlers that are missing are not offered.
 */
export function useInboxShortcuts(handlers: Partial<Record<ShortcutKey, () => void>>, onHelp: () => void) {
  const latest = useRef({ handlers, onHelp });
  latest.current = { handlers, onHelp };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event)) return;
      if (event.key === "?") {
        event.preventDefault();
        latest.current.onHelp();
        return;
      }
      const handler = latest.current.handlers[event.key as ShortcutKey];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}

/** The accessible list of shortcuts, opened with "?". */
export function ShortcutHelp({ open, onClose, keys }: { open: boolean; onClose: () => void; keys: ShortcutKey[] }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onClose={onClose} title={t("inbox.shortcuts.title")}>
      <Modal.Section>
        <BlockStack gap="200">
          <dl style={{ margin: 0 }}>
            {[...keys, "?" as const].map((key) => (
              <InlineStack key={key} gap="300" blockAlign="center">
                <dt style={{ minWidth: "2.5rem" }}>
                  <kbd>{key}</kbd>
                </dt>
                <dd style={{ margin: 0 }}>
                  <Text as="span">{t(`inbox.shortcuts.${key === "?" ? "help" : key}`)}</Text>
                </dd>
              </InlineStack>
            ))}
          </dl>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
