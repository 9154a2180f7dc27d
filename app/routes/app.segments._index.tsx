import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Page } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { SegmentList } from "../components/segment-list";
import { shopCurrency } from "../customers/shop-settings.server";
import type { Locale } from "../i18n/i18n";
import { segmentForm } from "../segments/segment-routes.server";
import { deleteSegments, listSegments } from "../segments/segments.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [segments, { timeZone }] = await Promise.all([listSegments(session.shop), shopCurrency(session.shop)]);
  return { segments, timeZone };
};

/** Bulk delete of the selected segments (`ids`). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await segmentForm(request);
  if (form.intent !== "delete") return data({ ok: false, deleted: 0 }, { status: 400 });
  return data({ ok: true, deleted: await deleteSegments(session.shop, form.ids) });
};

export default function Segments() {
  const { segments, timeZone } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  return (
    <Page title={t("segments.index.title")} primaryAction={segments.length ? { content: t("segments.index.create"), url: "/app/segments/new" } : undefined}>
      <TitleBar title={t("segments.index.title")} />
      <SegmentList segments={segments} locale={locale} timeZone={timeZone} />
    </Page>
  );
}
