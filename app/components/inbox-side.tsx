import { useSubmit } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, Divider, InlineStack, Link, Select, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { personName } from "../customers/address";
import type { Customer360 } from "../customers/customer-360.server";
import type { Locale } from "../i18n/i18n";
import type { Conversation } from "../inquiries/inbox.server";
import type { SimilarConversation } from "../inquiries/similar.server";
import { PRIORITIES } from "../inquiries/types";
import { adminUrl } from "../shopify/admin-links";
import { formatDateTime, formatMoney, formatNumber } from "../utils/format";
import { categoryName, StatusBadge } from "./inbox-badges";
import { PlainText } from "./inbox-thread";

type Settings = { currencyCode: string; timeZone: string };
type Inquiry = Conversation["inquiry"];

/** Category (with the classifier's confidence and a correction), priority and assignee. */
export function TriageCard({ conversation, userId, locale }: { conversation: Conversation; userId: string | null; locale: Locale }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const i = conversation.inquiry;
  const change = (fields: Record<string, string>) => submit(fields, { method: "post", replace: true, preventScrollReset: true });
  const source = i.categorySource
    ? i.categorySource === "classifier" && i.categoryConfidence !== null
      ? t("inbox.triage.classifier", { percent: formatNumber(Math.round(i.categoryConfidence * 100), locale) })
      : t(`inbox.triage.source.${i.categorySource}`, { defaultValue: i.categorySource })
    : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("inbox.triage.title")}
        </Text>
        <Select
          label={t("inbox.triage.category")}
          helpText={source ?? undefined}
          options={[{ label: t("inbox.noCategory"), value: "" }, ...conversation.categories.map((c) => ({ label: categoryName(c, locale), value: c.key }))]}
          value={i.category ?? ""}
          onChange={(category) => change({ intent: "category", category })}
        />
        <Select
          label={t("inbox.triage.priority")}
          helpText={i.prioritySource && i.prioritySource !== "default" ? t(`inbox.triage.source.${i.prioritySource}`, { defaultValue: i.prioritySource }) : undefined}
          options={PRIORITIES.map((p) => ({ label: t(`inbox.priority.${p}`), value: p }))}
          value={i.priority}
          onChange={(priority) => change({ intent: "priority", priority })}
        />
        <Select
          label={t("inbox.triage.assignee")}
          options={[{ label: t("inbox.unassigned"), value: "none" }, ...conversation.staff.map((s) => ({ label: s.name, value: s.userId }))]}
          value={i.assigneeUserId ?? "none"}
          onChange={(assignee) => change({ intent: "assign", assignee })}
        />
        {userId && i.assigneeUserId !== userId && (
          <InlineStack align="end">
            <Button onClick={() => change({ intent: "assign", assignee: "me" })}>{t("inbox.triage.assignToMe")}</Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}

/** Who is asking: the customer 360 in short (KPIs, recent orders) or the contact details of a guest. */
export function CustomerCard({ inquiry, customer, settings, locale }: { inquiry: Inquiry; customer: Customer360 | null; settings: Settings; locale: Locale }) {
  const { t } = useTranslation();
  const money = (amount: string) => formatMoney(amount, settings.currencyCode, locale);
  const name = customer ? personName(customer.firstName, customer.lastName) || customer.email || t("inbox.anonymous") : (inquiry.contactName ?? t("inbox.anonymous"));
  const orders = customer ? customer.timeline.flatMap((e) => (e.kind === "order" ? [e] : [])).slice(0, 5) : [];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("inbox.customer.title")}
        </Text>
        <BlockStack gap="100">
          {customer ? (
            <Link url={`/app/customers/${customer.shopifyId}`}>{name}</Link>
          ) : (
            <Text as="p" fontWeight="semibold">
              {name}
            </Text>
          )}
          {(customer?.email ?? inquiry.contactEmail) && <Text as="p">{customer?.email ?? inquiry.contactEmail}</Text>}
          {(customer?.phone ?? inquiry.contactPhone) && <Text as="p">{customer?.phone ?? inquiry.contactPhone}</Text>}
          {inquiry.orderNumber && <Text as="p">{t("inbox.customer.orderNumber", { number: inquiry.orderNumber })}</Text>}
          {!customer && <Text as="p" tone="subdued">{t(inquiry.customerLink === "pending" ? "inbox.customer.pending" : "inbox.customer.guest")}</Text>}
        </BlockStack>
        {customer && customer.cautions.length > 0 && (
          <BlockStack gap="100">
            <Badge tone="critical">{t("customers.detail.timeline.caution")}</Badge>
            {customer.cautions.map((c) => (
              <PlainText key={c.id} text={c.body} />
            ))}
          </BlockStack>
        )}
        {customer && (
          <>
            <Divider />
            <InlineStack gap="400">
              <BlockStack gap="050">
                <Text as="span" tone="subdued" variant="bodySm">
                  {t("customers.detail.kpi.ltv")}
                </Text>
                <Text as="span" variant="headingSm" numeric>
                  {money(customer.kpis.totalSpent)}
                </Text>
              </BlockStack>
              <BlockStack gap="050">
                <Text as="span" tone="subdued" variant="bodySm">
                  {t("customers.detail.kpi.orders")}
                </Text>
                <Text as="span" variant="headingSm" numeric>
                  {formatNumber(customer.kpis.ordersCount, locale)}
                </Text>
              </BlockStack>
              <BlockStack gap="050">
                <Text as="span" tone="subdued" variant="bodySm">
                  {t("customers.detail.kpi.aov")}
                </Text>
                <Text as="span" variant="headingSm" numeric>
                  {money(customer.kpis.averageOrderValue)}
                </Text>
              </BlockStack>
            </InlineStack>
            <Text as="h3" variant="headingSm">
              {t("inbox.customer.orders")}
            </Text>
            {orders.length === 0 && <Text as="p" tone="subdued">{t("customers.detail.kpi.noOrders")}</Text>}
            {orders.map((o) => (
              <InlineStack key={o.id} gap="200" align="space-between" wrap={false}>
                <Link url={adminUrl("orders", `gid://shopify/Order/${o.id}`)} target="_blank" removeUnderline>
                  {o.name}
                </Link>
                <Text as="span" numeric>
                  {money(o.total)}
                </Text>
                <Text as="span" tone="subdued" variant="bodySm">
                  {formatDateTime(o.at, locale, settings.timeZone)}
                </Text>
              </InlineStack>
            ))}
          </>
        )}
      </BlockStack>
    </Card>
  );
}

/** The storefront pages the shopper saw before asking, and the page they asked from (text only, never a link). */
export function PagesViewedCard({ inquiry, locale, timeZone }: { inquiry: Inquiry; locale: Locale; timeZone: string }) {
  const { t } = useTranslation();
  if (!inquiry.pageUrl && inquiry.pagesViewed.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("inbox.pages.title")}
        </Text>
        {inquiry.pageUrl && (
          <Text as="p" breakWord>
            {t("inbox.pages.askedFrom", { url: inquiry.pageUrl })}
          </Text>
        )}
        {inquiry.pagesViewed.map((p, index) => (
          <BlockStack key={index} gap="0">
            <Text as="p" breakWord>
              {p.title ? `${p.title} — ${p.url}` : p.url}
            </Text>
            {p.at && !Number.isNaN(Date.parse(p.at)) && (
              <Text as="span" tone="subdued" variant="bodySm">
                {formatDateTime(p.at, locale, timeZone)}
              </Text>
            )}
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}

export function PreviousInquiriesCard({ previous, locale, timeZone }: { previous: Conversation["previous"]; locale: Locale; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("inbox.previous.title")}
        </Text>
        {previous.length === 0 && <Text as="p" tone="subdued">{t("inbox.previous.none")}</Text>}
        {previous.map((p) => (
          <InlineStack key={p.id} gap="200" blockAlign="center">
            <Link url={`/app/inbox/${p.id}`} removeUnderline>{`#${p.number} ${p.subject ?? t("inbox.noSubject")}`}</Link>
            <StatusBadge status={p.status} />
            <Text as="span" tone="subdued" variant="bodySm">
              {formatDateTime(p.at, locale, timeZone)}
            </Text>
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}

export type SimilarItem = Omit<SimilarConversation, "resolvedAt" | "reply"> & { resolvedAt: string | null; reply: { body: string; authorName: string | null; createdAt: string } };

/** Similar past conversations and the reply that answered each (類似案件). */
export function SimilarCard({ similar, onUseReply }: { similar: SimilarItem[]; onUseReply: (body: string) => void }) {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("inbox.similar.title")}
        </Text>
        {similar.length === 0 && <Text as="p" tone="subdued">{t("inbox.similar.none")}</Text>}
        {similar.map((s) => (
          <BlockStack key={s.inquiryId} gap="100">
            <Link url={`/app/inbox/${s.inquiryId}`} removeUnderline>{`#${s.number} ${s.subject ?? t("inbox.noSubject")}`}</Link>
            <Text as="span" tone="subdued" variant="bodySm">
              {t("inbox.similar.question")}
            </Text>
            <PlainText text={s.question} />
            <Text as="span" tone="subdued" variant="bodySm">
              {t("inbox.similar.reply", { name: s.reply.authorName ?? t("inbox.staff") })}
            </Text>
            <PlainText text={s.reply.body} />
            <InlineStack align="end">
              <Button variant="plain" onClick={() => onUseReply(s.reply.body)} accessibilityLabel={t("inbox.similar.useLabel", { number: s.number })}>
                {t("inbox.similar.use")}
              </Button>
            </InlineStack>
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}
