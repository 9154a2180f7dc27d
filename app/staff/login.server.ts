/** The non-embedded login page: a merchant types a shop domain and is sent to Shopify to install or open the app. */
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { DEFAULT_LOCALE, localeFromAcceptLanguage, type Locale } from "../i18n/i18n";
import { login } from "../shopify.server";

export type LoginPageData = { errorKey: "MISSING_SHOP" | "INVALID_SHOP" | null; locale: Locale };

export async function loginWithShopDomain(request: Request): Promise<LoginPageData> {
  const locale = localeFromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LOCALE;
  // Throws a redirect to Shopify when the domain is valid.
  const errors = await login(request);
  const errorKey =
    errors?.shop === LoginErrorType.MissingShop
      ? "MISSING_SHOP"
      : errors?.shop === LoginErrorType.InvalidShop
        ? "INVALID_SHOP"
        : null;
  return { errorKey, locale };
}
