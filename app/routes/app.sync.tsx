import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SyncProgress } from "../components/sync-progress";
import { authenticate } from "../shopify.server";
import { loadSyncOverview, requestSyncNow } from "../sync/initial-sync.server";

/** The sync status the progress card polls. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadSyncOverview(session.shop);
};

const SyncForm = z.object({ intent: z.enum(["full", "changes"]).default("full") });

/** "Sync now" / "Check for changes"; 409 while a sync runs. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = SyncForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return data({ result: "invalid" as const }, { status: 400 });
  const outcome = await requestSyncNow(session.shop, form.data.intent);
  return data({ result: outcome.status }, { status: outcome.status === "busy" ? 409 : 202 });
};

export default function SyncPage() {
  const { t } = useTranslation();
  return (
    <Page>
      <TitleBar title={t("sync.title")} />
      <Layout>
        <Layout.Section>
          <SyncProgress />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
