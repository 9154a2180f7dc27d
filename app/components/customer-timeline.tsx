import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Button, Card, Checkbox, Divider, InlineStack, Link, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TimelineEntry } from "../customers/customer-360.server";
import type { Locale } from "../i18n/i18n";
import { adminUrl } from "../shopify/admin-links";
import { formatDateTime, formatMoney } from "../utils/format";

type ActionResult = { intent: string; ok: boolean; errors?: Partial<Record<"body" | "tags", string>> };

function Entry({ entry, locale, timeZone }: { entry: TimelineEntry; locale: Locale; timeZone: string }) {
  const { t } = useTranslation();
  const when = (
    <Text as="span" tone="subdued" variant="bodySm">
      {formatDateTime(entry.at, locale, timeZone)}
    </Text>
  );
  switch (entry.kind) {
    case "order":
      return (
        <BlockStack gap="100">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              <Link url={adminUrl("orders", `gid://shopify/Order/${entry.id}`)} removeUnderline>
                {t("customers.detail.timeline.order", { name: entry.name })}
              </Link>
            </Text>
            <Text as="span" numeric>
              {formatMoney(entry.total, entry.currencyCode, locale)}
            </Text>
            {entry.cancelled && <Badge tone="critical">{t("customers.detail.timeline.cancelled")}</Badge>}
            {entry.sourceName && <Badge>{t(`channel.${entry.sourceName}`, { defaultValue: entry.sourceName })}</Badge>}
            {when}
          </InlineStack>
          <Text as="p" tone="subdued">
            {entry.items.map((item) => t("customers.detail.timeline.items", { title: item.title, quantity: item.quantity })).join("、")}
          </Text>
        </BlockStack>
      );
    case "checkout":
      return (
        <BlockStack gap="100">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {t(entry.completed ? "customers.detail.timeline.checkoutCompleted" : "customers.detail.timeline.checkout")}
            </Text>
            <Text as="span" numeric>
              {formatMoney(entry.total, entry.currencyCode, locale)}
            </Text>
            {!entry.completed && <Badge tone="attention">{t("customers.detail.timeline.checkout")}</Badge>}
            {when}
          </InlineStack>
          <Text as="p" tone="subdued">
            {entry.items.map((item) => t("customers.detail.timeline.items", { title: item.title, quantity: item.quantity })).join("、")}
          </Text>
          {!entry.completed && entry.recoveryUrl && (
            <Link url={entry.recoveryUrl} target="_blank">
              {t("customers.detail.timeline.recovery")}
            </Link>
          )}
        </BlockStack>
      );
    case "note":
      return (
        <BlockStack gap="100">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {t("customers.detail.timeline.note")}
            </Text>
            {entry.caution && <Badge tone="critical">{t("customers.detail.timeline.caution")}</Badge>}
            {when}
          </InlineStack>
          <Text as="p">{entry.body}</Text>
        </BlockStack>
      );
    case "inquiry":
      return (
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            <Link url={`/app/inbox/${entry.id}`} removeUnderline>
              {t("inbox.timeline.inquiry", { number: entry.number, subject: entry.subject ?? t("inbox.noSubject") })}
            </Link>
          </Text>
          <Badge>{t(`inbox.status.${entry.status}`, { defaultValue: entry.status })}</Badge>
          <Badge>{t(`inbox.channel.${entry.channel}`, { defaultValue: entry.channel })}</Badge>
          {when}
        </InlineStack>
      );
  }
}

export function CustomerTimeline({ entries, locale, timeZone }: { entries: TimelineEntry[]; locale: Locale; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("customers.detail.timeline.title")}
        </Text>
        {entries.length === 0 && <Text as="p">{t("customers.detail.timeline.empty")}</Text>}
        <BlockStack gap="300">
          {entries.map((entry, index) => (
            <Box key={`${entry.kind}-${entry.id}`}>
              {index > 0 && (
                <Box paddingBlockEnd="300">
                  <Divider />
                </Box>
              )}
              <Entry entry={entry} locale={locale} timeZone={timeZone} />
            </Box>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

export function NoteForm() {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const navigation = useNavigation();
  const result = useActionData<ActionResult>();
  const [body, setBody] = useState("");
  const [caution, setCaution] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "note";

  useEffect(() => {
    if (result?.intent === "note" && result.ok) {
      setBody("");
      setCaution(false);
      shopify.toast.show(t("customers.detail.notes.saved"));
    }
  }, [result, shopify, t]);

  const error = result?.intent === "note" && result.errors?.body ? t(result.errors.body) : undefined;
  return (
    <Card>
      <Form method="post" ref={form}>
        <input type="hidden" name="intent" value="note" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("customers.detail.notes.title")}
          </Text>
          <TextField label={t("customers.detail.notes.label")} name="body" value={body} onChange={setBody} multiline={3} autoComplete="off" error={error} />
          <Checkbox label={t("customers.detail.notes.caution")} checked={caution} onChange={setCaution} />
          <input type="hidden" name="caution" value={caution ? "true" : "false"} />
          <InlineStack align="end">
            <Button submit loading={saving}>
              {t("customers.detail.notes.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
