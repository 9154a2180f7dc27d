import { Badge, BlockStack, Box, Card, InlineStack, Text } from "@shopify/polaris";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Locale } from "../i18n/i18n";
import type { CategoryOption, ThreadMessage } from "../inquiries/inbox.server";
import type { StaffEntry } from "../staff/directory.server";
import { formatDateTime, formatNumber } from "../utils/format";
import { categoryName, staffName } from "./inbox-badges";

type Context = { locale: Locale; timeZone: string; staff: StaffEntry[]; categories: CategoryOption[] };

/** Shopper and staff text exactly as written: plain text with its line breaks, never HTML. */
export function PlainText({ text }: { text: string }) {
  return <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{text}</div>;
}

const SystemEvent = z.discriminatedUnion("event", [
  z.object({ event: z.literal("assigned"), to: z.string().nullable(), by: z.string().nullable() }),
  z.object({ event: z.literal("status"), to: z.string(), by: z.string().nullable() }),
  z.object({ event: z.literal("category"), to: z.string().nullable(), by: z.string().nullable() }),
  z.object({ event: z.literal("priority"), to: z.string(), by: z.string().nullable() }),
  z.object({ event: z.literal("customer_linked"), customerShopifyId: z.string() }),
]);

function systemText(body: string, t: TFunction, ctx: Context): string {
  let parsed: z.infer<typeof SystemEvent>;
  try {
    const result = SystemEvent.safeParse(JSON.parse(body));
    if (!result.success) return t("inbox.events.other");
    parsed = result.data;
  } catch {
    return t("inbox.events.other");
  }
  const by = "by" in parsed && parsed.by ? staffName(ctx.staff, parsed.by, t) : t("inbox.events.automatic");
  switch (parsed.event) {
    case "assigned":
      return parsed.to ? t("inbox.events.assigned", { name: staffName(ctx.staff, parsed.to, t), by }) : t("inbox.events.unassigned", { by });
    case "status":
      return t("inbox.events.status", { status: t(`inbox.status.${parsed.to}`, { defaultValue: parsed.to }), by });
    case "category": {
      const found = ctx.categories.find((c) => c.key === parsed.to);
      return t("inbox.events.category", { category: parsed.to ? (found ? categoryName(found, ctx.locale) : parsed.to) : t("inbox.noCategory"), by });
    }
    case "priority":
      return t("inbox.events.priority", { priority: t(`inbox.priority.${parsed.to}`, { defaultValue: parsed.to }), by });
    case "customer_linked":
      return t("inbox.events.customerLinked");
  }
}

const DELIVERY_TONE: Record<string, "attention" | "success" | "critical"> = { queued: "attention", sent: "success", failed: "critical" };

function Message({ message, ctx, contact }: { message: ThreadMessage; ctx: Context; contact: string }) {
  const { t } = useTranslation();
  const when = formatDateTime(message.at, ctx.locale, ctx.timeZone);
  if (message.author === "system") {
    return (
      <Box paddingInline="400">
        <Text as="p" tone="subdued" variant="bodySm" alignment="center">
          {`${systemText(message.body, t, ctx)} · ${when}`}
        </Text>
      </Box>
    );
  }
  const isNote = message.author === "note";
  const isAgent = message.author === "agent";
  const background = isNote ? "bg-surface-warning" : isAgent ? "bg-surface-info" : "bg-surface-secondary";
  const who = isNote || isAgent ? (message.authorName ?? (message.authorUserId ? staffName(ctx.staff, message.authorUserId, t) : t("inbox.staff"))) : (message.authorName ?? contact);
  const label = isNote ? t("inbox.thread.note") : isAgent ? t("inbox.thread.agent") : t(`inbox.channel.${message.channel}`, { defaultValue: message.channel });
  return (
    <div data-author={message.author} style={{ marginInlineStart: isAgent || isNote ? "var(--p-space-1200)" : 0, marginInlineEnd: isAgent || isNote ? 0 : "var(--p-space-1200)" }}>
      <Box background={background} padding="300" borderRadius="200" borderWidth={isNote ? "025" : undefined} borderColor={isNote ? "border-caution" : undefined}>
        <BlockStack gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {who}
            </Text>
            <Badge tone={isNote ? "warning" : isAgent ? "info" : undefined}>{label}</Badge>
            {message.origin === "auto_reply" && <Badge>{t("inbox.thread.autoReply")}</Badge>}
            {message.deliveryState && (
              <Badge tone={DELIVERY_TONE[message.deliveryState]}>{t(`inbox.delivery.${message.deliveryState}`, { defaultValue: message.deliveryState })}</Badge>
            )}
            <Text as="span" tone="subdued" variant="bodySm">
              {when}
            </Text>
          </InlineStack>
          <PlainText text={message.body} />
          {message.attachments.length > 0 && (
            <BlockStack gap="100">
              {message.attachments.map((a, index) => (
                <Text as="p" tone="subdued" variant="bodySm" key={index}>
                  {t("inbox.thread.attachment", { name: a.filename ?? t("inbox.thread.unnamed"), size: formatNumber(Math.ceil(a.size / 1024), ctx.locale) })}
                </Text>
              ))}
            </BlockStack>
          )}
          {isNote && message.mentions.length > 0 && (
            <Text as="p" tone="subdued" variant="bodySm">
              {t("inbox.thread.mentioned", { names: message.mentions.map((id) => staffName(ctx.staff, id, t)).join(", ") })}
            </Text>
          )}
        </BlockStack>
      </Box>
    </div>
  );
}

export function InboxThread({ messages, contact, ...ctx }: Context & { messages: ThreadMessage[]; contact: string }) {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("inbox.thread.title")}
        </Text>
        <BlockStack gap="300">
          {messages.map((message) => (
            <Message key={message.id} message={message} ctx={ctx} contact={contact} />
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
