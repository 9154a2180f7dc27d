/**
 * The storefront handshake through the app proxy. The proxy signature is verified before anything else
 * (authenticate.public.appProxy answers 400 to a missing or tampered signature).
 */
import prisma from "../db.server";
import { toLocale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";

export type StorefrontStatus = {
  shop: string;
  installed: boolean;
  loggedInCustomerId: string | null;
  locale: "en" | "ja";
};

export async function storefrontStatus(request: Request): Promise<StorefrontStatus> {
  const { session } = await authenticate.public.appProxy(request);
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop") ?? "";
  const installed = session
    ? (await prisma.shop.count({ where: { domain: shop, uninstalledAt: null } })) > 0
    : false;
  return {
    shop,
    installed,
    loggedInCustomerId: url.searchParams.get("logged_in_customer_id") || null,
    locale: toLocale(url.searchParams.get("locale")) ?? "en",
  };
}
