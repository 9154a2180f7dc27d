import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Card, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { CustomerTable } from "../components/customer-table";
import { parseCustomerIndexQuery, searchCustomers } from "../customers/customer-index.server";
import { shopCurrency } from "../customers/shop-settings.server";
import type { Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import { formatNumber } from "../utils/format";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = parseCustomerIndexQuery(new URL(request.url).searchParams);
  const [result, currency] = await Promise.all([searchCustomers(session.shop, query), shopCurrency(session.shop)]);
  return { ...result, query, currency };
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
