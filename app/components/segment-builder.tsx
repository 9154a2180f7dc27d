import { useFetcher, useNavigate } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, Layout, Link, Page, SkeletonBodyText, Text, TextField } from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../i18n/i18n";
import { conditionCount, nodeAtPath, replaceNode, toEditor, toRule, type EditorGroup, type EditorNode } from "../segments/editor";
import { MAX_CONDITIONS, MAX_DEPTH, validateRule, type SegmentGroup } from "../segments/rule";
import type { BuilderOptions, SegmentActionResult } from "../segments/segment-routes.server";
import type { SegmentCount } from "../segments/segments.server";
import { formatMoney, formatNumber } from "../utils/format";
import { SegmentGroupEditor } from "./segment-group";
import { SegmentUseActions } from "./segment-use-actions";
import type { ConditionContext } from "./segment-condition";
import type { PickerOption } from "./segment-value-picker";

export type BuilderSegment = { id: string | null; name: string; description: string; rule: SegmentGroup; memberCount: number | null };

type CountResponse = SegmentCount | { errors: Array<{ message: string; path?: string }> };
type ProductsResponse = { products: Array<{ id: string; title: string }> };

const COUNT_DELAY_MS = 350;

/** The segment page: name, description, the rule editor, and the live member count with a sample. */
export function SegmentBuilder({ segment, options, locale }: { segment: BuilderSegment; options: BuilderOptions; locale: Locale }) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const navigate = useNavigate();
  const [name, setName] = useState(segment.name);
  const [description, setDescription] = useState(segment.description);
  const [tree, setTree] = useState<EditorGroup>(() => toEditor(segment.rule));
  const [errors, setErrors] = useState<{ name?: string; description?: string; nodes: Record<string, string>; form?: string }>({ nodes: {} });

  const onNode = useCallback((id: string, update: (node: EditorNode) => EditorNode | null) => setTree((root) => replaceNode(root, id, update)), []);

  // Live count: debounced, and a newer rule aborts the request for the stale one. A plain fetch (App Bridge adds the
  // session token), not a Remix fetcher: a fetcher's POST would reload the page's loaders after every edit and
  // interrupt other loads in flight (the product picker's), which Remix reports as console errors.
  const ruleJson = useMemo(() => JSON.stringify(toRule(tree)), [tree]);
  const valid = useMemo(() => validateRule(JSON.parse(ruleJson)).ok, [ruleJson]);
  const counter = useLiveCount(ruleJson, valid);
  const counted = counter.data && "count" in counter.data ? counter.data : null;
  const counting = valid && (counter.loading || !counter.data);
  // The server refused the rule (an attribute deleted since, say): same message as a rule the browser cannot count.
  const refused = !valid || (!counting && Boolean(counter.data && "errors" in counter.data));

  // Product picker: products bought in the shop, searched by title on the server.
  const products = useFetcher<ProductsResponse>();
  const loadProducts = products.load;
  const searchTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const searchProducts = useCallback(
    (text: string) => {
      clearTimeout(searchTimer.current);
      searchTimer.current = setTimeout(() => loadProducts(`/app/segments/products?q=${encodeURIComponent(text)}`), 250);
    },
    [loadProducts],
  );
  useEffect(() => {
    loadProducts("/app/segments/products?q=");
  }, [loadProducts]);
  const seen = useRef<Record<string, string>>({ ...options.productTitles });
  const productOptions: PickerOption[] = (products.data?.products ?? []).map((p) => {
    seen.current[p.id] = p.title;
    return { value: p.id, label: p.title };
  });

  const ctx: ConditionContext = {
    locale,
    tags: options.tags,
    attributes: options.attributes,
    typeOf: (id) => options.attributes.find((a) => a.id === id)?.type,
    products: productOptions,
    productLabels: seen.current,
    searchProducts,
    inquiryCategories: options.inquiryCategories,
    collections: options.collections,
  };

  // Save.
  const saver = useFetcher<SegmentActionResult>();
  const saving = saver.state !== "idle";
  const save = () => {
    setErrors({ nodes: {} });
    saver.submit({ intent: segment.id ? "update" : "create", name, description, rule: ruleJson }, { method: "post" });
  };
  const treeRef = useRef(tree);
  treeRef.current = tree;
  useEffect(() => {
    const result = saver.data;
    if (!result || saver.state !== "idle") return;
    if (result.ok) {
      shopify.toast.show(t(result.intent === "create" ? "segments.builder.created" : "segments.builder.saved"));
      if (result.intent === "create") navigate(`/app/segments/${result.id}`);
      return;
    }
    const next: typeof errors = { nodes: {} };
    for (const error of result.errors) {
      if (error.field === "name") next.name = error.message;
      else if (error.field === "description") next.description = error.message;
      else if (error.field === "rule") {
        const node = nodeAtPath(treeRef.current, error.path ?? "");
        if (node) next.nodes[node.id] = error.message;
        else next.form = error.message;
      } else next.form = error.message;
    }
    setErrors(next);
  }, [saver.data, saver.state, shopify, t, navigate]);

  const total = conditionCount(tree);

  return (
    <Page
      title={segment.id ? segment.name : t("segments.builder.newTitle")}
      backAction={{ content: t("segments.builder.back"), url: "/app/segments" }}
      primaryAction={{ content: t("segments.builder.save"), onAction: save, loading: saving }}
      secondaryActions={segment.id ? [{ content: t("segments.builder.viewMembers"), url: `/app/customers?segment=${segment.id}` }] : []}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("segments.builder.details")}
                </Text>
                <TextField label={t("segments.builder.name")} value={name} onChange={setName} autoComplete="off" maxLength={80} error={errors.name} requiredIndicator />
                <TextField
                  label={t("segments.builder.description")}
                  helpText={t("segments.builder.descriptionHelp")}
                  value={description}
                  onChange={setDescription}
                  autoComplete="off"
                  multiline={2}
                  maxLength={500}
                  error={errors.description}
                />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("segments.builder.rule")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("segments.builder.ruleHelp")} {t("segments.builder.limits", { conditions: MAX_CONDITIONS, depth: MAX_DEPTH })}
                </Text>
                <SegmentGroupEditor group={tree} depth={1} ctx={ctx} onNode={onNode} errors={errors.nodes} canAdd={total < MAX_CONDITIONS} />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("segments.count.label")}
                </Text>
                <div aria-live="polite" aria-atomic="true" data-testid="segment-count">
                  {refused ? (
                    <Text as="p" tone="critical">
                      {t("segments.count.failed")}
                    </Text>
                  ) : counted && !counting ? (
                    <Text as="p" variant="headingLg">
                      {t("segments.count.members", { count: counted.count, formatted: formatNumber(counted.count, locale) })}
                    </Text>
                  ) : counted ? (
                    <Text as="p" variant="headingLg" tone="subdued">
                      {t("segments.count.counting")}
                    </Text>
                  ) : (
                    <Text as="p" tone="subdued">
                      {t("segments.count.counting")}
                    </Text>
                  )}
                </div>
                {refused ? null : counted ? <Sample sample={counted.sample} locale={locale} currency={options.currency.currencyCode} /> : <SkeletonBodyText lines={4} />}
              </BlockStack>
            </Card>
            {segment.id ? <SegmentUseActions segment={{ id: segment.id, name: segment.name, memberCount: segment.memberCount }} /> : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Sample({ sample, locale, currency }: { sample: SegmentCount["sample"]; locale: Locale; currency: string }) {
  const { t } = useTranslation();
  if (!sample.length) {
    return (
      <Text as="p" tone="subdued">
        {t("segments.count.sampleEmpty")}
      </Text>
    );
  }
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t("segments.count.sample")}
      </Text>
      <ul style={{ margin: 0, paddingInlineStart: "1.2em" }}>
        {sample.map((member) => (
          <li key={member.shopifyId}>
            <Link url={`/app/customers/${member.shopifyId}`}>
              {member.name || member.shopifyId}
            </Link>{" "}
            <Text as="span" tone="subdued" variant="bodySm">
              {t("segments.count.orders", { count: member.ordersCount, formatted: formatNumber(member.ordersCount, locale) })} · {formatMoney(member.totalSpent, currency, locale)}
            </Text>
          </li>
        ))}
      </ul>
    </BlockStack>
  );
}

/** POSTs the rule to the count route COUNT_DELAY_MS after it last changed; the newest rule's answer wins. */
function useLiveCount(ruleJson: string, valid: boolean): { data: CountResponse | null; loading: boolean } {
  const [state, setState] = useState<{ data: CountResponse | null; loading: boolean }>({ data: null, loading: false });
  useEffect(() => {
    if (!valid) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((current) => ({ ...current, loading: true }));
      const body = new FormData();
      body.set("rule", ruleJson);
      fetch("/app/segments/count", { method: "POST", body, signal: controller.signal })
        .then((response) => response.json() as Promise<CountResponse>)
        .then((data) => setState({ data, loading: false }))
        .catch(() => {
          // Aborted: a newer rule is on its way. Anything else: shown as a rule that could not be counted.
          if (!controller.signal.aborted) setState({ data: { errors: [] }, loading: false });
        });
    }, COUNT_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [ruleJson, valid]);
  return state;
}
