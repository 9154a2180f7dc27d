import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { loadAnalysisOverview, saveAnalysisSettings } from "../analytics/overview.server";
import { requestAnalysisRecompute } from "../analytics/recompute.server";
import { AnalyticsCpmTable } from "../components/analytics-cpm-table";
import { AnalyticsMovement } from "../components/analytics-movement";
import { AnalyticsRfmGrid } from "../components/analytics-rfm-grid";
import { AnalyticsSettings } from "../components/analytics-settings";
import { AnalyticsStatus } from "../components/analytics-status";
import type { Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import { wakeWorker } from "../worker/wake.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadAnalysisOverview(session.shop);
};

const Intent = z.object({ intent: z.enum(["recompute", "settings"]) });

/** "Recompute now" (queued for the worker, 202) and the settings form (400 with field errors). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const intent = Intent.safeParse(form);
  if (!intent.success) return data({ intent: "recompute" as const, ok: false }, { status: 400 });
  if (intent.data.intent === "recompute") {
    await requestAnalysisRecompute(session.shop);
    wakeWorker();
    return data({ intent: "recompute" as const, ok: true }, { status: 202 });
  }
  const saved = await saveAnalysisSettings(session.shop, form);
  if (!saved.ok) return data({ intent: "settings" as const, ok: false, errors: saved.errors }, { status: 400 });
  wakeWorker();
  return data({ intent: "settings" as const, ok: true });
};

export default function AnalyticsPage() {
  const { t } = useTranslation();
  const overview = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  return (
    <Page title={t("analytics.title")}>
      <TitleBar title={t("analytics.title")} />
      <Layout>
        <Layout.Section>
          <InlineStack align="end">
            <Button url="/app/analytics/cohorts">{t("analytics.tabs.cohorts")}</Button>
          </InlineStack>
        </Layout.Section>
        <Layout.Section>
          <AnalyticsStatus
            lastComputedAt={overview.lastComputedAt}
            lastDurationMs={overview.lastDurationMs}
            running={overview.running}
            requested={overview.requested}
            timeZone={overview.timeZone}
            locale={locale}
          />
        </Layout.Section>
        {overview.hasOrders ? (
          <>
            <Layout.Section>
              <AnalyticsRfmGrid
                classes={overview.rfm}
                windowDays={overview.settings.rfmWindowDays}
                withoutPurchase={overview.customersWithoutPurchase}
                locale={locale}
              />
            </Layout.Section>
            <Layout.Section>
              <AnalyticsCpmTable
                classes={overview.cpm}
                lapseDays={overview.settings.lapseDays}
                currencyCode={overview.currencyCode}
                locale={locale}
              />
            </Layout.Section>
            <Layout.Section>
              <AnalyticsMovement movement={overview.movement} locale={locale} />
            </Layout.Section>
          </>
        ) : (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("analytics.empty.title")}
                </Text>
                <Text as="p">{t("analytics.empty.body")}</Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <AnalyticsSettings settings={overview.settings} currencyCode={overview.currencyCode} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
