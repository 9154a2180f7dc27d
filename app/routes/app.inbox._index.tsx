import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Card, Page } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { InboxList } from "../components/inbox-list";
import { ConversationSkeleton } from "../components/inbox-skeleton";
import { shopCurrency } from "../customers/shop-settings.server";
import type { Locale } from "../i18n/i18n";
import { bulkAction } from "../inquiries/inbox-actions.server";
import { listInbox, parseInboxQuery } from "../inquiries/inbox.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const query = parseInboxQuery(new URL(request.url).searchParams);
  const [page, { timeZone }] = await Promise.all([listInbox(session.shop, userId, query), shopCurrency(session.shop)]);
  return { ...page, query, userId, timeZone };
};

/** Bulk actions on the selected inquiries (`ids`): assign, set status, set category. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const result = await bulkAction({ shop: session.shop, userId, userName: null }, Object.fromEntries(await request.formData()));
  if (result.ok) return data({ ok: true, changed: result.changed });
  return data({ ok: false, error: Object.values(result.errors)[0] ?? "inbox.errors.invalid" }, { status: result.status });
};

export default function Inbox() {
  const loaded = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  // Opening a conversation: its outline at once, while it loads.
  if (navigation.state === "loading" && navigation.location.pathname.startsWith("/app/inbox/")) return <ConversationSkeleton />;
  return (
    <Page title={t("inbox.title")} fullWidth primaryAction={{ content: t("inbox.logCall"), url: "/app/inbox/new" }}>
      <TitleBar title={t("inbox.title")} />
      <Card padding="0">
        <InboxList data={loaded} locale={locale} />
      </Card>
    </Page>
  );
}
