import type { LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, localeFromAcceptLanguage, toLocale, type Locale } from "./i18n/i18n";

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
