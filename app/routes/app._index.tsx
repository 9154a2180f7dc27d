import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, SkeletonBodyText, SkeletonPage, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { TitleBar } from "@shopify/app-bridge-react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DashboardBoard } from "../components/dashboard-board";
import { DashboardCardBody } from "../components/dashboard-card";
import { DashboardRange } from "../components/dashboard-range";
import { RecentOrdersCard } from "../components/recent-orders-card";
import { ShopCard } from "../components/shop-card";
import { SyncProgress } from "../components/sync-progress";
import type { CardKey } from "../dashboard/cards";
import { loadHome, saveDashboard } from "../home/home.server";
import type { Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import { adminGateway } from "../shopify/gateway.server";

export const meta: MetaFunction = () => [{ title: "Tsunagu" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

async function staff(request: Request) {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  return { admin, shop: session.shop, userId: sessionToken?.sub ? String(sessionToken.sub) : null };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop, userId } = await staff(request);
  return loadHome(adminGateway(admin.graphql), shop, userId);
};

const Intent = z.object({ intent: z.enum(["layout", "settings"]) });

/** Saves the staff member's card layout or date range; 400 with localized field messages when refused. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, userId } = await staff(request);
  const form = Object.fromEntries(await request.formData());
  const intent = Intent.safeParse(form);
  if (!intent.success || !userId) return data({ ok: false, errors: {} as Record<string, string> }, { status: 400 });
  const saved = await saveDashboard({ shop, userId, acceptLanguage: request.headers.get("accept-language") }, intent.data.intent, form);
  return saved.ok ? data({ ok: true }) : data({ ok: false, errors: saved.errors }, { status: 400 });
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
  const home = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  if (navigation.state === "loading" && navigation.location.pathname !== "/app") return <HomeSkeleton />;
  const { dashboard, overview } = home;
  const renderCard = (key: CardKey) => <DashboardCardBody cardKey={key} dashboard={dashboard} locale={locale} />;
  return (
    <Page>
      <TitleBar title={t("home.title")} />
      <BlockStack gap="500">
        <Text as="h1" variant="headingLg">
          {t("home.subtitle", { shop: overview.shop.name })}
        </Text>
        <SyncProgress />
        <DashboardRange
          settings={dashboard.settings}
          current={dashboard.current}
          previous={dashboard.previous}
          canSave={home.canSave}
          locale={locale}
        />
        <DashboardBoard layout={dashboard.layout} canSave={home.canSave} renderCard={renderCard} />
        <Layout>
          <Layout.Section>
            <RecentOrdersCard orders={overview.recentOrders} locale={locale} timeZone={overview.shop.ianaTimezone} />
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <ShopCard shop={overview.shop} customers={overview.customers} orders={overview.orders} locale={locale} />
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
