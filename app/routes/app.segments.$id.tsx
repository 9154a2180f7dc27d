import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { SegmentBuilder } from "../components/segment-builder";
import type { Locale } from "../i18n/i18n";
import { failureResponse, loadBuilderOptions, segmentForm, type SegmentActionResult } from "../segments/segment-routes.server";
import { getSegment, updateSegment } from "../segments/segments.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const segment = await getSegment(session.shop, params.id ?? "");
  if (!segment) throw new Response("Not found", { status: 404 });
  return { segment, options: await loadBuilderOptions(session.shop, segment.rule) };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const form = await segmentForm(request);
  const result = await updateSegment(session.shop, params.id ?? "", form);
  if (!result.ok) return failureResponse({ request, shop: session.shop, userId }, result);
  return data<SegmentActionResult>({ ok: true, id: result.segment.id, intent: "update" });
};

export default function EditSegment() {
  const { segment, options } = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  return (
    <>
      <TitleBar title={segment.name} />
      {/* Keyed by id so moving between segments starts a fresh editor. */}
      <SegmentBuilder key={segment.id} segment={segment} options={options} locale={locale} />
    </>
  );
}
