import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Layout, Page } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { AttributeSettings } from "../components/attribute-settings";
import { attributeFailureStatus, countValuesByDefinition, listDefinitions, runDefinitionIntent } from "../customers/custom-attributes.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => [{ title: "Tsunagu" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [definitions, valueCounts] = await Promise.all([
    listDefinitions(session.shop, { includeArchived: true }),
    countValuesByDefinition(session.shop),
  ]);
  return { definitions, valueCounts };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await runDefinitionIntent(session.shop, Object.fromEntries(await request.formData()));
  return data(result, { status: result.ok ? 200 : attributeFailureStatus(result.code) });
};

export default function AttributeSettingsPage() {
  const { definitions, valueCounts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page title={t("attributes.settings.title")}>
      <TitleBar title={t("attributes.settings.title")} />
      <Layout>
        <Layout.Section>
          <AttributeSettings definitions={definitions} valueCounts={valueCounts} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
