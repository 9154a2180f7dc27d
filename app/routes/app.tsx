import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { createI18n, polarisTranslations } from "../i18n/i18n";
import { loadAppFrame } from "../staff/app-frame.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => loadAppFrame(request);

function Navigation() {
  const { t } = useTranslation();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.home")}
      </Link>
      <Link to="/app/inbox">{t("inbox.nav")}</Link>
      <Link to="/app/customers">{t("customers.nav")}</Link>
      <Link to="/app/segments">{t("segments.nav")}</Link>
      <Link to="/app/analytics">{t("analytics.nav")}</Link>
      <Link to="/app/data-requests">{t("compliance.navLink")}</Link>
      <Link to="/app/settings/attributes">{t("attributes.nav")}</Link>
      <Link to="/app/settings/support">{t("inquirySettings.nav")}</Link>
    </NavMenu>
  );
}

export default function App() {
  const { apiKey, locale, appBridgeUrl } = useLoaderData<typeof loader>();
  const i18n = useMemo(() => createI18n(locale), [locale]);
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} i18n={polarisTranslations[locale]} __APP_BRIDGE_URL={appBridgeUrl}>
      <I18nextProvider i18n={i18n}>
        <Navigation />
        <Outlet />
      </I18nextProvider>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included in the response.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
