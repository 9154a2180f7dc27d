import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Page } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { InboxLogCallForm } from "../components/inbox-log-call";
import { logCall } from "../inquiries/inbox-actions.server";
import { customerForCall, listCategories } from "../inquiries/inbox.server";
import { authenticate } from "../shopify.server";
import { staffMemberName } from "../staff/directory.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const customerId = new URL(request.url).searchParams.get("customer");
  const [categories, customer] = await Promise.all([
    listCategories(session.shop),
    customerId ? customerForCall(session.shop, customerId) : Promise.resolve(null),
  ]);
  return { categories, customer };
};

/** Opens a phone or in-person inquiry logged by the signed-in staff member, then shows it. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const userId = sessionToken?.sub ? String(sessionToken.sub) : null;
  const userName = userId ? await staffMemberName(session.shop, userId) : null;
  const result = await logCall({ shop: session.shop, userId, userName }, Object.fromEntries(await request.formData()));
  if (result.ok) return redirect(`/app/inbox/${result.id}`);
  return data({ errors: result.errors }, { status: result.status });
};

export default function LogCall() {
  const { categories, customer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <Page narrowWidth backAction={{ content: t("inbox.title"), url: "/app/inbox" }} title={t("inbox.logCallPage.title")}>
      <TitleBar title={t("inbox.logCallPage.title")} />
      <InboxLogCallForm categories={categories} initialCustomer={customer} errors={result?.errors ?? null} />
    </Page>
  );
}
