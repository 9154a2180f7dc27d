/** What every embedded admin page needs: authentication, the staff member's language, App Bridge settings. */
import { env } from "../env.server";
import type { Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import { ensureStaffProfile } from "./directory.server";
import { resolveStaffLocale } from "./staff.server";

export type AppFrame = { apiKey: string; locale: Locale; appBridgeUrl: string | undefined };

export async function loadAppFrame(request: Request): Promise<AppFrame> {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const locale = await resolveStaffLocale({
    shop: session.shop,
    userId,
    requested: new URL(request.url).searchParams.get("locale"),
    acceptLanguage: request.headers.get("accept-language"),
  });
  // The staff directory (assignment, @mentions) learns the member's name once.
  await ensureStaffProfile({ shop: session.shop, userId, request, locale });
  const config = env();
  return { apiKey: config.SHOPIFY_API_KEY, locale, appBridgeUrl: config.APP_BRIDGE_URL };
}
