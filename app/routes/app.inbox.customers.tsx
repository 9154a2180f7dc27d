import { type LoaderFunctionArgs } from "@remix-run/node";
import { findCustomersForCall } from "../inquiries/inbox.server";
import { authenticate } from "../shopify.server";

/** Customer search for "log a call": `?q=` name (kanji or kana), email or phone; at most 10. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  return { customers: await findCustomersForCall(session.shop, q) };
};
