import { Form, useNavigation } from "@remix-run/react";
import { ActionList, BlockStack, Box, Button, Card, ChoiceList, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../i18n/i18n";
import type { CategoryOption, CustomerPick } from "../inquiries/inbox.server";
import { categoryName } from "./inbox-badges";

type Props = { categories: CategoryOption[]; initialCustomer: CustomerPick | null; errors: Partial<Record<string, string>> | null };

/** "Log a call / in-person request": the customer (searched or typed in), what they asked, and how. */
export function InboxLogCallForm({ categories, initialCustomer, errors }: Props) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.language === "ja" ? "ja" : "en") as Locale;
  const navigation = useNavigation();
  const [channel, setChannel] = useState<"phone" | "in_person">("phone");
  const [customer, setCustomer] = useState<CustomerPick | null>(initialCustomer);
  const [search, setSearch] = useState("");
  const [results, setResults] = useState<CustomerPick[] | null>(null);
  const [fields, setFields] = useState({ name: "", email: "", phone: "", subject: "", body: "", orderNumber: "", category: "", locale });
  const set = (key: keyof typeof fields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));
  const error = (key: string) => (errors?.[key] ? t(errors[key]!) : undefined);

  // Search as staff type, without a request per keystroke.
  useEffect(() => {
    const q = search.trim();
    if (!q) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/app/inbox/customers?q=${encodeURIComponent(q)}`, { signal: controller.signal })
        .then(async (response) => (response.ok ? ((await response.json()) as { customers: CustomerPick[] }) : { customers: [] }))
        .then((body) => setResults(body.customers))
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search]);

  return (
    <Form method="post">
      <input type="hidden" name="channel" value={channel} />
      <input type="hidden" name="customerId" value={customer?.shopifyId ?? ""} />
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="300">
            <ChoiceList
              title={t("inbox.logCallPage.channel")}
              choices={[
                { label: t("inbox.channel.phone"), value: "phone" },
                { label: t("inbox.channel.in_person"), value: "in_person" },
              ]}
              selected={[channel]}
              onChange={([value]) => setChannel(value === "in_person" ? "in_person" : "phone")}
            />
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("inbox.logCallPage.customer")}
            </Text>
            {customer ? (
              <InlineStack align="space-between" blockAlign="center">
                <BlockStack gap="050">
                  <Text as="p" fontWeight="semibold">
                    {customer.name || customer.email || t("inbox.anonymous")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {[customer.email, customer.phone].filter(Boolean).join(" · ")}
                  </Text>
                </BlockStack>
                <Button onClick={() => setCustomer(null)}>{t("inbox.logCallPage.change")}</Button>
              </InlineStack>
            ) : (
              <>
                <TextField
                  label={t("inbox.logCallPage.search")}
                  helpText={t("inbox.logCallPage.searchHelp")}
                  value={search}
                  onChange={setSearch}
                  autoComplete="off"
                  error={error("customerId")}
                />
                {results && results.length === 0 && (
                  <Text as="p" tone="subdued">
                    {t("inbox.logCallPage.noMatch")}
                  </Text>
                )}
                {results && results.length > 0 && (
                  <Box borderWidth="025" borderColor="border" borderRadius="200">
                    <ActionList
                      items={results.map((c) => ({
                        content: c.name || c.email || t("inbox.anonymous"),
                        helpText: [c.email, c.phone].filter(Boolean).join(" · ") || undefined,
                        onAction: () => {
                          setCustomer(c);
                          setSearch("");
                        },
                      }))}
                    />
                  </Box>
                )}
                <Text as="p" tone="subdued">
                  {t("inbox.logCallPage.orNew")}
                </Text>
                <FormLayout>
                  <FormLayout.Group>
                    <TextField label={t("inbox.logCallPage.name")} name="name" value={fields.name} onChange={set("name")} autoComplete="off" maxLength={100} error={error("name")} />
                    <TextField label={t("inbox.logCallPage.phone")} name="phone" type="tel" value={fields.phone} onChange={set("phone")} autoComplete="off" maxLength={30} error={error("phone")} />
                  </FormLayout.Group>
                  <TextField label={t("inbox.logCallPage.email")} name="email" type="email" value={fields.email} onChange={set("email")} autoComplete="off" maxLength={254} error={error("email")} />
                </FormLayout>
              </>
            )}
          </BlockStack>
        </Card>
        <Card>
          <FormLayout>
            <TextField label={t("inbox.logCallPage.subject")} name="subject" value={fields.subject} onChange={set("subject")} autoComplete="off" maxLength={200} error={error("subject")} />
            <TextField
              label={t("inbox.logCallPage.body")}
              helpText={t("inbox.logCallPage.bodyHelp")}
              name="body"
              value={fields.body}
              onChange={set("body")}
              multiline={6}
              autoComplete="off"
              maxLength={10_000}
              error={error("body")}
            />
            <FormLayout.Group>
              <Select
                label={t("inbox.triage.category")}
                name="category"
                options={[{ label: t("inbox.logCallPage.autoCategory"), value: "" }, ...categories.map((c) => ({ label: categoryName(c, locale), value: c.key }))]}
                value={fields.category}
                onChange={set("category")}
                error={error("category")}
              />
              <TextField label={t("inbox.logCallPage.orderNumber")} name="orderNumber" value={fields.orderNumber} onChange={set("orderNumber")} autoComplete="off" maxLength={40} error={error("orderNumber")} />
            </FormLayout.Group>
            <Select
              label={t("inbox.logCallPage.language")}
              name="locale"
              options={[
                { label: t("inbox.logCallPage.languageJa"), value: "ja" },
                { label: t("inbox.logCallPage.languageEn"), value: "en" },
              ]}
              value={fields.locale}
              onChange={set("locale")}
            />
          </FormLayout>
        </Card>
        {error("form") && (
          <Text as="p" tone="critical">
            {error("form")}
          </Text>
        )}
        <InlineStack align="end">
          <Button submit variant="primary" loading={navigation.state === "submitting"}>
            {t("inbox.logCallPage.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
