import { data, type ActionFunctionArgs } from "@remix-run/node";
import { heartbeat, HeartbeatInput } from "../inquiries/presence.server";
import { staffMemberName } from "../staff/directory.server";
import { authenticate } from "../shopify.server";

/** Presence heartbeats from an open conversation: `state` viewing | replying | left; answers who else is there. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  if (!userId) return data({ others: [] });
  const parsed = HeartbeatInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ errors: [{ field: "state", message: "invalid" }] }, { status: 400 });
  const others = await heartbeat({
    shop: session.shop,
    inquiryId: params.id ?? "",
    userId,
    userName: await staffMemberName(session.shop, userId),
    state: parsed.data.state,
  });
  if (!others) throw new Response(null, { status: 404 });
  return data({ others });
};
