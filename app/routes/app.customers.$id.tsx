import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { CustomerAttributesCard } from "../components/customer-attributes-card";
import { CustomerCautions, CustomerKpis, CustomerProfile, CustomerTags } from "../components/customer-profile";
import { CustomerTimeline, NoteForm } from "../components/customer-timeline";
import { personName } from "../customers/address";
import { addCustomerNote, loadCustomer360, saveCustomerTags, saveNameKana } from "../customers/customer-360.server";
import { attributeFailureStatus, saveCustomerAttributes } from "../customers/custom-attributes.server";
import { shopCurrency } from "../customers/shop-settings.server";
import type { Locale } from "../i18n/i18n";
import { authenticate } from "../shopify.server";
import { adminGateway } from "../shopify/gateway.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const customer = await loadCustomer360(session.shop, params.id ?? "");
  if (!customer) throw new Response(null, { status: 404 });
  return { customer, settings: await shopCurrency(session.shop) };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin, sessionToken } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const id = params.id ?? "";
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  if (form.intent === "attributes") {
    const saved = await saveCustomerAttributes(session.shop, id, userId, form);
    return data({ intent: "attributes", ...saved }, { status: saved.ok ? 200 : attributeFailureStatus(saved.code) });
  }
  const result =
    form.intent === "tags"
      ? await saveCustomerTags(session.shop, id, String(form.tags ?? ""), adminGateway(admin.graphql))
      : form.intent === "nameKana"
        ? await saveNameKana(session.shop, id, String(form.nameKana ?? ""))
        : await addCustomerNote(session.shop, id, userId, form);
  return data({ intent: String(form.intent ?? "note"), ...result }, { status: result.ok ? 200 : 400 });
};

export default function CustomerPage() {
  const { customer, settings } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
  const name = personName(customer.firstName, customer.lastName) || customer.email || t("customers.index.guestName");
  return (
    <Page backAction={{ content: t("customers.detail.back"), url: "/app/customers" }} title={name} subtitle={customer.nameKana ?? undefined}>
      <TitleBar title={name} />
      <BlockStack gap="400">
        <CustomerCautions cautions={customer.cautions} locale={locale} timeZone={settings.timeZone} />
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <CustomerKpis customer={customer} locale={locale} settings={settings} />
              <CustomerTimeline entries={customer.timeline} locale={locale} timeZone={settings.timeZone} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <CustomerProfile customer={customer} locale={locale} timeZone={settings.timeZone} />
              <CustomerAttributesCard attributes={customer.attributes} locale={locale} timeZone={settings.timeZone} />
              <CustomerTags tags={customer.tags} />
              <NoteForm />
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
