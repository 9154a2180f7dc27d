import type { ActionFunctionArgs } from "@remix-run/node";
import { countSegment, readRule, ruleFailure } from "../segments/segments.server";
import { failureResponse } from "../segments/segment-routes.server";
import { authenticate } from "../shopify.server";

/** The builder's live count: POST `rule` (JSON) → the number of matching customers and a sample, or 400 with field messages. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const form = await request.formData();
  const rule = await readRule(session.shop, form.get("rule") ?? "");
  if (!rule.ok) return failureResponse({ request, shop: session.shop, userId }, ruleFailure(rule.error), { resource: true });
  return Response.json(await countSegment(session.shop, rule.rule));
};
