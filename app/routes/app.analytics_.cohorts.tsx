/**
 * /app/analytics/cohorts: F2 conversion, cohort retention, repeat rate and LTV by acquisition month, read from the
 * report the daily analysis stores (app/analytics/cohorts.server.ts). The trailing underscore keeps it out of the
 * analysis page's layout: it is a page of its own under the same URL prefix.
 */
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, Layout, Page, SkeletonBodyText, SkeletonPage, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useTranslation } from "react-i18next";
import { loadCohortsPage } from "../analytics/cohorts.server";
import { CohortF2Table } from "../components/cohort-f2-table";
import { CohortLtvChart } from "../components/cohort-ltv-chart";
import { CohortRetentionTable } from "../components/cohort-retention-table";
import type { Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import { formatDateTime } from "../utils/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadCohortsPage(session.shop);
};

function CohortsSkeleton() {
  return (
    <SkeletonPage backAction>
      <Layout>
        <Layout.Section>
          <Card>
            <SkeletonBodyText lines={8} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

export default function CohortsPage() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  if (navigation.state === "loading" && navigation.location.pathname !== "/app/analytics/cohorts") return <CohortsSkeleton />;
  const { report } = page;
  return (
    <Page title={t("cohorts.title")} backAction={{ content: t("analytics.tabs.classes"), url: "/app/analytics" }}>
      <TitleBar title={t("cohorts.title")} />
      <BlockStack gap="500">
        <Card>
          <div data-testid="cohorts-computed-at" data-computed-at={report?.computedAt ?? ""}>
            <BlockStack gap="200" inlineAlign="start">
              <Text as="p">
                {report ? t("cohorts.lastComputed", { when: formatDateTime(report.computedAt, locale, page.timeZone) }) : t("cohorts.never")}
              </Text>
              {!report && page.hasOrders ? <Button url="/app/analytics">{t("cohorts.recomputeLink")}</Button> : null}
            </BlockStack>
          </div>
        </Card>
        {!report && page.hasOrders ? null : !page.hasOrders || !report || report.cohorts.length === 0 ? (
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("cohorts.empty.title")}
              </Text>
              <Text as="p">{t("cohorts.empty.body")}</Text>
            </BlockStack>
          </Card>
        ) : (
          <>
            <CohortF2Table f2={report.f2} repeat={report.repeat} windowDays={report.windowDays} locale={locale} />
            <CohortRetentionTable cohorts={report.cohorts} locale={locale} />
            <CohortLtvChart cohorts={report.cohorts} currencyCode={page.currencyCode} locale={locale} />
          </>
        )}
      </BlockStack>
    </Page>
  );
}
