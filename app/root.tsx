import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { createI18n, DEFAULT_LOCALE, localeFromAcceptLanguage, toLocale, type Locale } from "./i18n/i18n";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const locale: Locale =
    toLocale(url.searchParams.get("locale")) ?? localeFromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LOCALE;
  return { locale };
};

export default function App() {
  const { locale: rootLocale } = useLoaderData<typeof loader>();
  // Inside the admin, the app layout knows the staff member's language better than the request headers do.
  const appData = useRouteLoaderData<{ locale?: Locale }>("routes/app");
  const locale = appData?.locale ?? rootLocale;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/** Last-resort error page, in the visitor's language; admin pages have their own boundary (routes/app.tsx). */
export function ErrorBoundary() {
  const error = useRouteError();
  const locale = useRouteLoaderData<typeof loader>("root")?.locale ?? DEFAULT_LOCALE;
  const { t } = createI18n(locale);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <title>{t("errors.title")}</title>
        <Meta />
        <Links />
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "10vh auto", maxWidth: 560, padding: 24 }}>
        <main>
          <h1>{t("errors.title")}</h1>
          <p>{notFound ? t("errors.notFound") : t("errors.generic")}</p>
        </main>
        <Scripts />
      </body>
    </html>
  );
}
