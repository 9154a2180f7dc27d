import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { useMemo, useState } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { createI18n, polarisTranslations } from "../../i18n/i18n";
import { loginWithShopDomain } from "../../staff/login.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => loginWithShopDomain(request);

export const action = async ({ request }: ActionFunctionArgs) => loginWithShopDomain(request);

function LoginForm({ errorKey }: { errorKey: string | null }) {
  const { t } = useTranslation();
  const [shop, setShop] = useState("");
  return (
    <Page narrowWidth>
      <Card>
        <Form method="post">
          <FormLayout>
            <Text variant="headingMd" as="h1">
              {t("login.title")}
            </Text>
            <TextField
              type="text"
              name="shop"
              label={t("login.shopDomain")}
              helpText={t("login.shopDomainHelp")}
              value={shop}
              onChange={setShop}
              autoComplete="on"
              error={errorKey ? t(`login.errors.${errorKey}`) : undefined}
            />
            <Button submit variant="primary">
              {t("login.submit")}
            </Button>
          </FormLayout>
        </Form>
      </Card>
    </Page>
  );
}

export default function Auth() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const locale = loaderData.locale;
  const i18n = useMemo(() => createI18n(locale), [locale]);
  const errorKey = (actionData ?? loaderData).errorKey;
  return (
    <PolarisAppProvider i18n={polarisTranslations[locale]}>
      <I18nextProvider i18n={i18n}>
        <LoginForm errorKey={errorKey} />
      </I18nextProvider>
    </PolarisAppProvider>
  );
}
