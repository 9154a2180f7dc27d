import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useRouteLoaderData, useSubmit } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { InboxDue, PriorityBadge, StatusBadge } from "../components/inbox-badges";
import { InboxComposer, NOTE_FIELD_ID, REPLY_FIELD_ID, type ComposerMode } from "../components/inbox-composer";
import { PresenceWarning, usePresence } from "../components/inbox-presence";
import { ShortcutHelp, SHORTCUT_KEYS, useInboxShortcuts } from "../components/inbox-shortcuts";
import { CustomerCard, PagesViewedCard, PreviousInquiriesCard, SimilarCard, TriageCard } from "../components/inbox-side";
import { InboxThread } from "../components/inbox-thread";
import { shopCurrency } from "../customers/shop-settings.server";
import type { Locale } from "../i18n/i18n";
import { conversationAction } from "../inquiries/inbox-actions.server";
import { openConversation } from "../inquiries/inbox.server";
import { authenticate } from "../shopify.server";
import { staffMemberName } from "../staff/directory.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const agentName = userId ? await staffMemberName(session.shop, userId) : null;
  const [opened, settings] = await Promise.all([openConversation(session.shop, params.id ?? "", agentName), shopCurrency(session.shop)]);
  if (!opened) throw new Response(null, { status: 404 });
  return { ...opened, settings, userId };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const form = Object.fromEntries(await request.formData());
  const userName = userId ? await staffMemberName(session.shop, userId) : null;
  const result = await conversationAction({ shop: session.shop, userId, userName }, params.id ?? "", form);
  if (result.ok) return data({ ok: true as const, intent: result.intent, errors: null, at: Date.now() });
  return data({ ok: false as const, intent: String(form.intent ?? ""), errors: result.errors, at: Date.now() }, { status: result.status });
};

export default function InboxConversation() {
  const { conversation, similar, templateValues, settings, userId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const navigate = useNavigate();
  const submit = useSubmit();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  const i = conversation.inquiry;
  const [mode, setMode] = useState<ComposerMode>("reply");
  const [help, setHelp] = useState(false);
  const [typing, setTyping] = useState(false);
  const [inserted, setInserted] = useState<{ text: string; at: number } | null>(null);
  const others = usePresence(i.id, typing);
  const onTyping = useCallback((value: boolean) => setTyping(value), []);

  useEffect(() => {
    if (!result) return;
    if (result.ok) shopify.toast.show(t(`inbox.toast.${result.intent}`));
    else shopify.toast.show(t(Object.values(result.errors ?? {})[0] ?? "inbox.errors.invalid"), { isError: true });
  }, [result, shopify, t]);

  const focus = (next: ComposerMode) => {
    setMode(next);
    // The field of the other tab exists after the render.
    setTimeout(() => document.getElementById(next === "reply" ? REPLY_FIELD_ID : NOTE_FIELD_ID)?.focus(), 0);
  };
  const change = (fields: Record<string, string>) => submit(fields, { method: "post", replace: true, preventScrollReset: true });
  useInboxShortcuts(
    {
      j: conversation.older ? () => navigate(`/app/inbox/${conversation.older}`) : undefined,
      k: conversation.newer ? () => navigate(`/app/inbox/${conversation.newer}`) : undefined,
      r: () => focus("reply"),
      n: () => focus("note"),
      e: i.status !== "resolved" ? () => change({ intent: "status", status: "resolved" }) : undefined,
      a: userId && i.assigneeUserId !== userId ? () => change({ intent: "assign", assignee: "me" }) : undefined,
    },
    () => setHelp(true),
  );

  const contact = i.contactName ?? i.contactEmail ?? i.contactPhone ?? t("inbox.anonymous");
  const title = `#${i.number} ${i.subject ?? t("inbox.noSubject")}`;
  return (
    <Page
      fullWidth
      backAction={{ content: t("inbox.title"), url: "/app/inbox" }}
      title={title}
      subtitle={`${contact} · ${t(`inbox.channel.${i.channel}`)}`}
      titleMetadata={
        <>
          <StatusBadge status={i.status} /> <PriorityBadge priority={i.priority} />
        </>
      }
      primaryAction={
        i.status === "resolved"
          ? { content: t("inbox.actions.reopen"), onAction: () => change({ intent: "status", status: "open" }) }
          : { content: t("inbox.actions.resolve"), onAction: () => change({ intent: "status", status: "resolved" }) }
      }
      secondaryActions={[{ content: t("inbox.shortcuts.open"), onAction: () => setHelp(true) }]}
    >
      <TitleBar title={title} />
      <BlockStack gap="400">
        <PresenceWarning others={others} />
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <InboxDue dueAt={i.dueAt} overdue={i.overdue} locale={locale} timeZone={settings.timeZone} />
              <InboxThread messages={conversation.messages} contact={contact} locale={locale} timeZone={settings.timeZone} staff={conversation.staff} categories={conversation.categories} />
              <InboxComposer
                mode={mode}
                onModeChange={setMode}
                templates={conversation.templates}
                templateValues={templateValues}
                staff={conversation.staff}
                errors={result && !result.ok ? result.errors : null}
                savedIntent={result?.ok ? result.intent : null}
                savedAt={result?.at ?? 0}
                inserted={inserted}
                onTyping={onTyping}
              />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <TriageCard conversation={conversation} userId={userId} locale={locale} />
              <CustomerCard inquiry={i} customer={conversation.customer} settings={settings} locale={locale} />
              <PagesViewedCard inquiry={i} locale={locale} timeZone={settings.timeZone} />
              <PreviousInquiriesCard previous={conversation.previous} locale={locale} timeZone={settings.timeZone} />
              <SimilarCard
                similar={similar}
                onUseReply={(text) => {
                  setInserted({ text, at: Date.now() });
                  focus("reply");
                }}
              />
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
      <ShortcutHelp open={help} onClose={() => setHelp(false)} keys={SHORTCUT_KEYS} />
    </Page>
  );
}
