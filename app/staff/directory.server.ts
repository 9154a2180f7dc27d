/**
 * The shop's staff directory (names and mail addresses for assignment, @mentions and "who is viewing"). Shopify tells
 * an app who a staff member is only through an online access token: token exchange with
 * `requested_token_type=online-access-token` answers `associated_user` {first_name, last_name, email}. The app does
 * that exchange once per staff member (while their name is not known) and keeps the name and address on StaffMember.
 * The online token itself is dropped: the app works with its offline token.
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange
 */
import { ApiVersion, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import prisma from "../db.server";
import { env } from "../env.server";
import type { Locale } from "../i18n/i18n";

export type StaffEntry = { userId: string; name: string; email: string | null };

/** Family name first for Japanese names (山田 花子), given name first otherwise. */
export function staffDisplayName(first: string | null | undefined, last: string | null | undefined): string {
  const f = first?.trim() ?? "";
  const l = last?.trim() ?? "";
  const japanese = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(f + l);
  return (japanese ? [l, f] : [f, l]).filter(Boolean).join(" ");
}

/** The session token (`id_token`) the request carries: the Authorization header, else the launch URL's parameter. */
export function rawSessionToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header?.startsWith("Bearer ")) return header.slice(7).trim() || null;
  return new URL(request.url).searchParams.get("id_token");
}

let api: ReturnType<typeof shopifyApi> | undefined;

/** The same app credentials as app/shopify.server.ts; the transport (dev store or Shopify) is the runtime's fetch. */
function tokenApi() {
  if (api) return api;
  const config = env();
  const appUrl = new URL(config.SHOPIFY_APP_URL);
  api = shopifyApi({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    apiVersion: ApiVersion.October26,
    scopes: config.SCOPES.split(",").map((s) => s.trim()),
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    isEmbeddedApp: true,
    logger: { level: 0 },
    ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
  });
  return api;
}

/**
 * Learns the staff member's name and mail address once (an online-token exchange), so the directory can show them.
 * Failures are logged and retried on a later page load; they never block the page.
 */
export async function ensureStaffProfile(input: { shop: string; userId: string | null; request: Request; locale: Locale }): Promise<void> {
  const { shop, userId } = input;
  if (!userId) return;
  const known = await prisma.staffMember.findUnique({ where: { shop_userId: { shop, userId } }, select: { name: true } });
  if (known?.name) return;
  const sessionToken = rawSessionToken(input.request);
  if (!sessionToken) return;
  try {
    const { session } = await tokenApi().auth.tokenExchange({
      shop,
      sessionToken,
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    const user = session.onlineAccessInfo?.associated_user;
    if (!user) return;
    const name = staffDisplayName(user.first_name, user.last_name) || user.email || null;
    const email = user.email || null;
    await prisma.staffMember.upsert({
      where: { shop_userId: { shop, userId } },
      create: { shop, userId, name, email, locale: input.locale },
      update: { name, email },
    });
  } catch (error) {
    console.warn("staff profile: online token exchange failed", { shop, userId, error: error instanceof Error ? error.message : String(error) });
  }
}

/** Everyone of the shop the app has seen, with a name when known, by name. */
export async function listStaff(shop: string): Promise<StaffEntry[]> {
  const rows = await prisma.staffMember.findMany({ where: { shop }, select: { userId: true, name: true, email: true } });
  return rows
    .map((r) => ({ userId: r.userId, name: r.name ?? r.email ?? r.userId, email: r.email }))
    .sort((a, b) => a.name.localeCompare(b.name, "ja"));
}

/** One staff member's display name, when known. */
export async function staffMemberName(shop: string, userId: string): Promise<string | null> {
  const row = await prisma.staffMember.findUnique({ where: { shop_userId: { shop, userId } }, select: { name: true, email: true } });
  return row?.name ?? row?.email ?? null;
}
