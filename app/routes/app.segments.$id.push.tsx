import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { createI18n } from "../i18n/i18n";
import { cancelPush, createTagPush, loadPushPanel, type PushFailure, pushErrorStatus, pushShopifySegment } from "../segments/push.server";
import { authenticate } from "../shopify.server";
import { adminGateway } from "../shopify/gateway.server";
import { resolveStaffLocale } from "../staff/staff.server";
import { wakeWorker } from "../worker/wake.server";

// A resource route for the segment page's "Push to Shopify" (app/components/segment-use-actions.tsx): the ShopifyQL
// for the rule and the pushes so far (polled while one runs), and the push / cancel actions. The loader answers plain
// JSON (read by a fetcher and by a direct GET); the action answers with data() and its status, as the page's fetcher
// (a single-fetch `.data` request) reads it, with each field's message in the staff member's language.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const panel = await loadPushPanel(session.shop, params.id ?? "");
  if (!panel) throw new Response("Not found", { status: 404 });
  return Response.json(panel);
};

const Intent = z.object({ intent: z.enum(["tags", "shopifySegment", "cancel"]) });

export type PushActionResult =
  | { ok: true; intent: string }
  | (Omit<PushFailure, "errors"> & { intent: string; errors: Array<PushFailure["errors"][number] & { message: string }> });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const segmentId = params.id ?? "";
  const form = Object.fromEntries(await request.formData());
  const intent = Intent.safeParse(form);
  const name = intent.success ? intent.data.intent : "invalid";
  const result: { ok: true } | PushFailure = !intent.success
    ? { ok: false, code: "kindInvalid", errors: [{ field: "kind", messageKey: "segmentUse.push.errors.kindInvalid" }] }
    : intent.data.intent === "tags"
      ? await createTagPush(session.shop, segmentId, userId, form.tag)
      : intent.data.intent === "shopifySegment"
        ? await pushShopifySegment(session.shop, segmentId, userId, form.name, adminGateway(admin.graphql))
        : await cancelPush(session.shop, segmentId, String(form.pushId ?? ""));
  if (!result.ok) {
    const locale = await resolveStaffLocale({ shop: session.shop, userId, requested: null, acceptLanguage: request.headers.get("accept-language") });
    const { t } = createI18n(locale);
    const errors = result.errors.map((e) => ({ ...e, message: t(e.messageKey, e.values) }));
    return data<PushActionResult>({ ...result, errors, intent: name }, { status: pushErrorStatus(result.code) });
  }
  if (name === "tags") wakeWorker();
  return data<PushActionResult>({ ok: true, intent: name }, { status: name === "tags" ? 202 : 200 });
};
