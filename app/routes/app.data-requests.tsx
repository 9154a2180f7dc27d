import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { listDataRequests, type DataRequestSummary } from "../compliance/data-requests.server";
import type { Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => [{ title: "Tsunagu" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return listDataRequests(session.shop);
};

// The export route needs the session token, which App Bridge adds to the app's own fetches (a plain link would not).
async function download(request: DataRequestSummary): Promise<boolean> {
  const response = await fetch(`/app/data-requests/${encodeURIComponent(request.id)}`);
  if (!response.ok) return false;
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = `customer-${request.customerShopifyId}-data-request-${request.dataRequestId ?? request.id}.json`;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
  return true;
}

export default function DataRequests() {
  const { requests, timeZone } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });

  const onDownload = async (request: DataRequestSummary) => {
    setBusy(request.id);
    setFailed(false);
    try {
      setFailed(!(await download(request)));
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  };

  const rows = requests.map((request) => [
    format.format(new Date(request.receivedAt)),
    request.email ?? t("compliance.dataRequests.customerId", { id: request.customerShopifyId }),
    request.dataRequestId ?? "—",
    <Button
      key={request.id}
      size="slim"
      loading={busy === request.id}
      onClick={() => void onDownload(request)}
      accessibilityLabel={t("compliance.dataRequests.downloadFor", { customer: request.email ?? request.customerShopifyId })}
    >
      {t("compliance.dataRequests.download")}
    </Button>,
  ]);

  return (
    <Page backAction={{ url: "/app" }}>
      <TitleBar title={t("compliance.dataRequests.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="h1" variant="headingLg">
              {t("compliance.dataRequests.title")}
            </Text>
            <Text as="p" tone="subdued">
              {t("compliance.dataRequests.intro")}
            </Text>
            {failed ? (
              <Banner tone="critical" onDismiss={() => setFailed(false)}>
                {t("compliance.dataRequests.downloadFailed")}
              </Banner>
            ) : null}
            <Card padding={requests.length === 0 ? "400" : "0"}>
              {requests.length === 0 ? (
                <EmptyState heading={t("compliance.dataRequests.empty.heading")} image="">
                  <p>{t("compliance.dataRequests.empty.body")}</p>
                </EmptyState>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={[
                    t("compliance.dataRequests.received"),
                    t("compliance.dataRequests.customer"),
                    t("compliance.dataRequests.requestId"),
                    t("compliance.dataRequests.export"),
                  ]}
                  rows={rows}
                />
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
