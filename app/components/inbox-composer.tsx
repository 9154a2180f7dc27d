import { Form, useNavigation } from "@remix-run/react";
import { ActionList, BlockStack, Box, Button, Card, InlineStack, Select, Tabs, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReplyTemplateOption } from "../inquiries/inbox.server";
import { renderTemplate, type TemplateVars } from "../inquiries/templates";
import { INQUIRY_STATUSES, type InquiryStatus } from "../inquiries/types";
import type { StaffEntry } from "../staff/directory.server";

export type ComposerMode = "reply" | "note";
export const REPLY_FIELD_ID = "inbox-reply-body";
export const NOTE_FIELD_ID = "inbox-note-body";

type Props = {
  mode: ComposerMode;
  onModeChange: (mode: ComposerMode) => void;
  templates: ReplyTemplateOption[];
  /** The values templates fill in ({{customer_name}} …). */
  templateValues: TemplateVars;
  staff: StaffEntry[];
  errors: Partial<Record<string, string>> | null;
  /** The last successful change, so the fields empty after a send. */
  savedIntent: string | null;
  savedAt: number;
  /** Text put into the reply from elsewhere (a similar case's reply). */
  inserted: { text: string; at: number } | null;
  onTyping: (typing: boolean) => void;
};

const compact = (name: string) => name.normalize("NFKC").replace(/\s+/g, "");
/** "@" followed by what is typed so far, at the end of the text. */
const PARTIAL_MENTION = /(?:^|\s)@([^\s@]*)$/u;

export function InboxComposer({ mode, onModeChange, templates, templateValues, staff, errors, savedIntent, savedAt, inserted, onTyping }: Props) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [reply, setReply] = useState("");
  const [note, setNote] = useState("");
  const [status, setStatus] = useState<InquiryStatus>("pending");
  const [templateId, setTemplateId] = useState("");
  const [mentions, setMentions] = useState<string[]>([]);
  const [missing, setMissing] = useState<string[]>([]);
  const busy = navigation.state === "submitting";
  const sending = (intent: string) => busy && navigation.formData?.get("intent") === intent;

  useEffect(() => {
    if (savedIntent === "reply") {
      setReply("");
      setTemplateId("");
      setMissing([]);
    }
    if (savedIntent === "note") {
      setNote("");
      setMentions([]);
    }
  }, [savedIntent, savedAt]);

  useEffect(() => {
    if (inserted) setReply(inserted.text);
  }, [inserted]);

  useEffect(() => onTyping(reply.trim() !== "" || note.trim() !== ""), [reply, note, onTyping]);

  const partial = mode === "note" ? PARTIAL_MENTION.exec(note)?.[1] : undefined;
  const suggestions = useMemo(() => {
    if (partial === undefined) return [];
    const typed = partial.toLowerCase();
    return staff.filter((s) => compact(s.name).toLowerCase().startsWith(typed) || (s.email ?? "").toLowerCase().startsWith(typed)).slice(0, 6);
  }, [partial, staff]);

  const mention = (member: StaffEntry) => {
    setNote((text) => text.replace(/@([^\s@]*)$/u, `@${compact(member.name)} `));
    setMentions((ids) => (ids.includes(member.userId) ? ids : [...ids, member.userId]));
    document.getElementById(NOTE_FIELD_ID)?.focus();
  };

  const pickTemplate = (id: string) => {
    setTemplateId(id);
    const template = templates.find((tpl) => tpl.id === id);
    if (!template) return setMissing([]);
    const rendered = renderTemplate(template.body, templateValues);
    setReply(rendered.text);
    setMissing([...rendered.missing, ...rendered.unknown]);
  };

  const tabs = [
    { id: "inbox-compose-reply", content: t("inbox.composer.reply"), panelID: "inbox-compose-reply-panel" },
    { id: "inbox-compose-note", content: t("inbox.composer.note"), panelID: "inbox-compose-note-panel" },
  ];

  return (
    <Card>
      <Tabs tabs={tabs} selected={mode === "reply" ? 0 : 1} onSelect={(index) => onModeChange(index === 0 ? "reply" : "note")}>
        <Box paddingBlockStart="300">
          {mode === "reply" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="reply" />
              <input type="hidden" name="templateId" value={templateId} />
              <BlockStack gap="300">
                {templates.length > 0 && (
                  <Select
                    label={t("inbox.composer.template")}
                    options={[{ label: t("inbox.composer.noTemplate"), value: "" }, ...templates.map((tpl) => ({ label: tpl.name, value: tpl.id }))]}
                    value={templateId}
                    onChange={pickTemplate}
                  />
                )}
                <TextField
                  id={REPLY_FIELD_ID}
                  label={t("inbox.composer.replyLabel")}
                  name="body"
                  value={reply}
                  onChange={setReply}
                  multiline={5}
                  maxLength={10_000}
                  autoComplete="off"
                  error={errors?.body ? t(errors.body) : undefined}
                />
                {missing.length > 0 && (
                  <Text as="p" tone="caution">
                    {t("inbox.composer.templateMissing", { names: missing.map((name) => `{{${name}}}`).join(", ") })}
                  </Text>
                )}
                <InlineStack align="end" gap="200" blockAlign="end">
                  <Select
                    label={t("inbox.composer.statusAfter")}
                    name="status"
                    options={INQUIRY_STATUSES.map((s) => ({ label: t(`inbox.status.${s}`), value: s }))}
                    value={status}
                    onChange={(value) => setStatus(value as InquiryStatus)}
                  />
                  <Button submit variant="primary" loading={sending("reply")}>
                    {t("inbox.composer.send")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="note" />
              <input type="hidden" name="mentions" value={mentions.join(",")} />
              <BlockStack gap="300">
                <TextField
                  id={NOTE_FIELD_ID}
                  label={t("inbox.composer.noteLabel")}
                  helpText={t("inbox.composer.noteHelp")}
                  name="body"
                  value={note}
                  onChange={setNote}
                  multiline={4}
                  maxLength={10_000}
                  autoComplete="off"
                  error={errors?.body ? t(errors.body) : undefined}
                />
                {suggestions.length > 0 && (
                  <Box borderWidth="025" borderColor="border" borderRadius="200">
                    <Text as="p" visuallyHidden>
                      {t("inbox.composer.mentionHint")}
                    </Text>
                    <ActionList items={suggestions.map((s) => ({ content: s.name, helpText: s.email ?? undefined, onAction: () => mention(s) }))} />
                  </Box>
                )}
                <InlineStack align="end">
                  <Button submit loading={sending("note")}>
                    {t("inbox.composer.addNote")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          )}
        </Box>
      </Tabs>
    </Card>
  );
}
