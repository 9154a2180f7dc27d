import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, SkeletonBodyText, SkeletonPage, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useTranslation } from "react-i18next";
import { KpiCard } from "../components/kpi-card";
import { RecentOrdersCard } from "../components/recent-orders-card";
import { ShopCard } from "../components/shop-card";
import { SyncProgress } from "../components/sync-progress";
import { loadHomeOverview } from "../home/home.server";
import type { Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import { adminGateway } from "../shopify/gateway.server";

export const meta: MetaFunction = () => [{ title: "Tsunagu" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin } = await authenticate.admin(request);
  return loadHomeOverview(adminGateway(admin.graphql));
};

function HomeSkeleton() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <SkeletonBodyText lines={4} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

export default function Home() {
  const overview = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  if (navigation.state === "loading" && navigation.location.pathname !== "/app") return <HomeSkeleton />;
  return (
    <Page>
      <TitleBar title={t("home.title")} />
      <BlockStack gap="500">
        <Text as="h1" variant="headingLg">
          {t("home.subtitle", { shop: overview.shop.name })}
        </Text>
        <SyncProgress />
        <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
          <KpiCard label={t("home.kpi.customers")} value={overview.customers} locale={locale} />
          <KpiCard label={t("home.kpi.orders")} value={overview.orders} locale={locale} />
        </InlineGrid>
        <Layout>
          <Layout.Section>
            <RecentOrdersCard orders={overview.recentOrders} locale={locale} timeZone={overview.shop.ianaTimezone} />
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <ShopCard shop={overview.shop} />
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
