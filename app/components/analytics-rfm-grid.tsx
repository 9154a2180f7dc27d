import { Link } from "@remix-run/react";
import { BlockStack, Box, Card, Grid, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { ClassSummary } from "../analytics/overview.server";
import type { Locale } from "../i18n/i18n";
import { formatNumber } from "../utils/format";

type Background = "bg-surface-success" | "bg-surface-info" | "bg-surface-caution" | "bg-surface-warning" | "bg-surface-critical" | "bg-surface-secondary";

/** Colour by how the class stands: keep (green), grow (blue), watch (yellow), win back (orange), gone (red, grey). */
const COLOUR: Record<string, Background> = {
  champions: "bg-surface-success",
  loyal: "bg-surface-success",
  potential_loyalist: "bg-surface-info",
  new: "bg-surface-info",
  promising: "bg-surface-info",
  needs_attention: "bg-surface-caution",
  about_to_sleep: "bg-surface-caution",
  at_risk: "bg-surface-warning",
  cant_lose_them: "bg-surface-warning",
  hibernating: "bg-surface-secondary",
  lost: "bg-surface-critical",
};

type Props = { classes: ClassSummary[]; windowDays: number; withoutPurchase: number; locale: Locale };

/** The eleven RFM classes as cells with customer count and revenue share; each opens its customer list. */
export function AnalyticsRfmGrid({ classes, windowDays, withoutPurchase, locale }: Props) {
  const { t } = useTranslation();
  const percent = new Intl.NumberFormat(locale === "ja" ? "ja-JP" : "en-US", { style: "percent", maximumFractionDigits: 1 });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("analytics.rfm.title")}
        </Text>
        <Text as="p" tone="subdued">
          {t("analytics.rfm.description", { days: windowDays })}
        </Text>
        <Grid columns={{ xs: 2, sm: 3, md: 4, lg: 4, xl: 4 }}>
          {classes.map((c) => {
            const name = t(`analytics.rfm.classes.${c.code}`);
            return (
              <Grid.Cell key={c.code}>
                <Link
                  to={`/app/customers?rfm=${encodeURIComponent(c.code)}`}
                  data-rfm-class={c.code}
                  style={{ display: "block", height: "100%", color: "inherit", textDecoration: "none" }}
                >
                  <Box background={COLOUR[c.code] ?? "bg-surface-secondary"} padding="300" borderRadius="200" minHeight="100%">
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        {name}
                      </Text>
                      <Text as="p" variant="headingLg">
                        {t("analytics.rfm.customers", { count: c.customers, formatted: formatNumber(c.customers, locale) })}
                      </Text>
                      <Text as="p" variant="bodySm">
                        {t("analytics.rfm.share", { share: percent.format(c.share) })}
                      </Text>
                    </BlockStack>
                  </Box>
                </Link>
              </Grid.Cell>
            );
          })}
        </Grid>
        {withoutPurchase > 0 ? (
          <Text as="p" tone="subdued">
            {t("analytics.rfm.noPurchase", { count: withoutPurchase, formatted: formatNumber(withoutPurchase, locale) })}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
