import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, redirect, useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { createI18n, type Locale } from "../i18n/i18n";

export const meta: MetaFunction = () => [{ title: "Tsunagu" }];

// Shopify opens the app at its root with ?shop=…; send those requests into the embedded app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Landing() {
  const locale = useRouteLoaderData<{ locale: Locale }>("root")?.locale ?? "en";
  const t = useMemo(() => createI18n(locale).t, [locale]);
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "10vh auto", padding: 24, lineHeight: 1.6 }}>
      <h1>{t("landing.heading")}</h1>
      <p>{t("landing.body")}</p>
      <p>{t("landing.installHint")}</p>
      <p>
        <Link to="/auth/login">{t("login.title")}</Link>
      </p>
    </main>
  );
}
