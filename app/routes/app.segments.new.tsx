import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { useTranslation } from "react-i18next";
import { SegmentBuilder } from "../components/segment-builder";
import type { Locale } from "../i18n/i18n";
import { EMPTY_RULE } from "../segments/rule";
import { failureResponse, loadBuilderOptions, segmentForm, type SegmentActionResult } from "../segments/segment-routes.server";
import { createSegment } from "../segments/segments.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { options: await loadBuilderOptions(session.shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const form = await segmentForm(request);
  const result = await createSegment(session.shop, userId, form);
  if (!result.ok) return failureResponse({ request, shop: session.shop, userId }, result);
  return data<SegmentActionResult>({ ok: true, id: result.segment.id, intent: "create" }, { status: 201 });
};

export default function NewSegment() {
  const { options } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  return (
    <>
      <TitleBar title={t("segments.builder.newTitle")} />
      <SegmentBuilder segment={{ id: null, name: "", description: "", rule: EMPTY_RULE, memberCount: null }} options={options} locale={locale} />
    </>
  );
}
