import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Box, Card, Page, SkeletonBodyText, Tabs } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { SupportSettingsCategories } from "../components/support-settings-categories";
import { SupportSettingsFaq } from "../components/support-settings-faq";
import { SupportSettingsGeneral } from "../components/support-settings-general";
import { SupportSettingsTemplates } from "../components/support-settings-templates";
import { SupportSettingsTriage } from "../components/support-settings-triage";
import { loadSupportSettings, runSupportSettingsIntent, supportSettingsFailureStatus } from "../inquiries/settings.server";
import { authenticate } from "../shopify.server";
import { resolveStaffLocale } from "../staff/staff.server";

export const meta: MetaFunction = () => [{ title: "Tsunagu" }];

const TABS = ["general", "categories", "templates", "faq", "triage"] as const;
type Tab = (typeof TABS)[number];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const locale = await resolveStaffLocale({
    shop: session.shop,
    userId: sessionToken?.sub ? String(sessionToken.sub) : null,
    requested: new URL(request.url).searchParams.get("locale"),
    acceptLanguage: request.headers.get("accept-language"),
  });
  return loadSupportSettings(session.shop, locale);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await runSupportSettingsIntent(session.shop, Object.fromEntries(await request.formData()));
  return data(result, { status: result.ok ? 200 : supportSettingsFailureStatus(result.code) });
};

export default function SupportSettingsPage() {
  const settings = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const requested = params.get("tab");
  const tab: Tab = TABS.includes(requested as Tab) ? (requested as Tab) : "general";
  // Switching tabs reloads the page data: show the shape of the page meanwhile rather than the old tab.
  const switching = navigation.state === "loading" && navigation.location.pathname.endsWith("/settings/support") && navigation.location.search !== `?${params.toString()}`;
  const select = (index: number) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set("tab", TABS[index] ?? "general");
      return next;
    });

  const panel = () => {
    switch (tab) {
      case "general":
        return <SupportSettingsGeneral general={settings.general} shopTimezone={settings.shopTimezone} />;
      case "categories":
        return <SupportSettingsCategories categories={settings.categories} staff={settings.staff} />;
      case "templates":
        return <SupportSettingsTemplates templates={settings.templates} categories={settings.categories} />;
      case "faq":
        return <SupportSettingsFaq faq={settings.faq} />;
      case "triage":
        return (
          <SupportSettingsTriage rules={settings.rules} categories={settings.categories} classifier={settings.classifier} timeZone={settings.general.timezone || settings.shopTimezone} />
        );
    }
  };

  return (
    <Page title={t("inquirySettings.title")}>
      <TitleBar title={t("inquirySettings.title")} />
      <BlockStack gap="400">
        <Tabs
          tabs={TABS.map((id) => ({ id: `support-tab-${id}`, content: t(`inquirySettings.tabs.${id}`), panelID: `support-panel-${id}` }))}
          selected={TABS.indexOf(tab)}
          onSelect={select}
        >
          {/* Polaris renders the tab panel itself (role, id, label); this is its content. */}
          <Box paddingBlockStart="400">
            {switching ? (
              <Card>
                <SkeletonBodyText lines={8} />
              </Card>
            ) : (
              panel()
            )}
          </Box>
        </Tabs>
      </BlockStack>
    </Page>
  );
}
