import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Card, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { CustomerTable } from "../components/customer-table";
import type { ViewActionResult } from "../components/use-customer-views";
import { parseCustomerIndexQuery, searchCustomers } from "../customers/customer-index.server";
import { loadSavedViews, MAX_VIEWS_PER_SHOP, runSavedViewIntent, savedViewError } from "../customers/saved-views.server";
import { shopCurrency } from "../customers/shop-settings.server";
import { createI18n, type Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import { resolveStaffLocale } from "../staff/staff.server";
import { formatNumber } from "../utils/format";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const query = parseCustomerIndexQuery(params);
  const [result, currency, views] = await Promise.all([
    searchCustomers(session.shop, query),
    shopCurrency(session.shop),
    loadSavedViews(session.shop, params.get("view"), query),
  ]);
  return { ...result, query, currency, views };
};

/** Saved views: create, rename, save, duplicate, delete. Errors come back as field messages in the staff member's language. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const form = Object.fromEntries(await request.formData());
  const intent = typeof form.intent === "string" ? form.intent : "";
  const result = await runSavedViewIntent(session.shop, userId, form);
  if (result.ok) return data<ViewActionResult>({ ok: true, intent, view: result.view });
  const error = savedViewError(result.code);
  const locale = await resolveStaffLocale({
    shop: session.shop,
    userId,
    requested: new URL(request.url).searchParams.get("locale"),
    acceptLanguage: request.headers.get("accept-language"),
  });
  const message = createI18n(locale).t(error.messageKey, { max: MAX_VIEWS_PER_SHOP });
  return data<ViewActionResult>({ ok: false, intent, errors: [{ field: error.field, message }] }, { status: error.status });
};

export default function Customers() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  return (
    <Page fullWidth>
      <TitleBar title={t("customers.index.title")} />
      <Card padding="0">
        <div style={{ padding: "var(--p-space-300) var(--p-space-400) 0" }}>
          <Text as="p" tone="subdued" variant="bodySm">
            {t("customers.index.total", { value: formatNumber(data.total, locale) })}
          </Text>
        </div>
        <CustomerTable data={data} locale={locale} />
      </Card>
    </Page>
  );
}
