import { useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Link,
  Select,
  Text,
  TextField,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { personName } from "../customers/address";
import type { CustomerIndexQuery, CustomerListRow, IndexSegment } from "../customers/customer-index.server";
import { PREFECTURE_CODES, prefectureName } from "../customers/prefectures";
import type { Locale } from "../i18n/i18n";
import { formatDateTime, formatMoney, formatNumber } from "../utils/format";
import { useCustomerViews, type CustomerViewsData } from "./use-customer-views";

type Data = {
  rows: CustomerListRow[];
  total: number;
  page: number;
  pageSize: number;
  tags: string[];
  query: CustomerIndexQuery;
  currency: { currencyCode: string; timeZone: string };
  views: CustomerViewsData;
  /** The segment the list is narrowed to ("View members" on a segment). */
  segment?: IndexSegment | null;
};

const SORTS = ["lastOrderAt", "totalSpent", "ordersCount", "name", "createdAt"] as const;
const CONSENTS = ["SUBSCRIBED", "NOT_SUBSCRIBED", "UNSUBSCRIBED", "PENDING"] as const;
const RANGE_KEYS = ["minOrders", "maxOrders", "minSpent", "maxSpent", "lastOrderFrom", "lastOrderTo"] as const;

export function CustomerTable({ data, locale }: { data: Data; locale: Locale }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  // Search is what people come here for: the search field is open from the start, unless the shop keeps saved
  // views and one of them is shown as saved (then the tabs come first, as in Shopify admin).
  const editing = data.views.views.length === 0 || data.views.modified;
  const { mode, setMode } = useSetIndexFiltersMode(editing ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const [queryValue, setQueryValue] = useState(params.get("q") ?? "");
  // Opening a view sets the search box to the view's search; that must not be sent again as typing would be.
  const resetQuery = useRef<string | null>(null);
  const onQueryReset = (q: string) => {
    if (q === queryValue) return;
    resetQuery.current = q;
    setQueryValue(q);
  };
  const views = useCustomerViews(data.views, { setMode, onQueryReset });

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next, { replace: true, preventScrollReset: true });
  };

  // Search as the merchant types, without a request per keystroke.
  useEffect(() => {
    if (resetQuery.current === queryValue) {
      resetQuery.current = null;
      return;
    }
    if (queryValue === (params.get("q") ?? "")) return;
    const timer = setTimeout(() => update({ q: queryValue }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryValue]);

  const sortOptions: IndexFiltersProps["sortOptions"] = SORTS.flatMap((key) =>
    (["asc", "desc"] as const).map((dir) => ({
      label: t(`customers.index.sort.${key}`),
      value: `${key} ${dir}` as const,
      directionLabel: t(`customers.index.sort.${dir}`),
    })),
  );

  const consentLabel = (state: string | null) =>
    t(`customers.consent.${state && (CONSENTS as readonly string[]).includes(state) ? state : "unknown"}`);
  const q = data.query;
  const money = (n: number | undefined) => (n === undefined ? t("customers.index.filters.any") : formatMoney(n, data.currency.currencyCode, locale));
  const day = (d: Date | string | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : t("customers.index.filters.any"));

  const rangeField = (key: (typeof RANGE_KEYS)[number], label: string, type: "number" | "date") => (
    <TextField
      label={label}
      type={type}
      autoComplete="off"
      value={params.get(key) ?? ""}
      onChange={(value) => update({ [key]: value })}
    />
  );

  const filters: IndexFiltersProps["filters"] = [
    {
      key: "tag",
      label: t("customers.index.filters.tag"),
      pinned: true,
      filter: (
        <ChoiceList
          title={t("customers.index.filters.tag")}
          titleHidden
          choices={data.tags.map((tag) => ({ label: tag, value: tag }))}
          selected={q.tag ? [q.tag] : []}
          onChange={([tag]) => update({ tag: tag ?? null })}
        />
      ),
    },
    {
      key: "consent",
      label: t("customers.index.filters.consent"),
      pinned: true,
      filter: (
        <ChoiceList
          title={t("customers.index.filters.consent")}
          titleHidden
          choices={CONSENTS.map((state) => ({ label: consentLabel(state), value: state }))}
          selected={q.consent ? [q.consent] : []}
          onChange={([consent]) => update({ consent: consent ?? null })}
        />
      ),
    },
    {
      key: "orders",
      label: t("customers.index.filters.orders"),
      filter: (
        <InlineStack gap="200" wrap={false}>
          {rangeField("minOrders", t("customers.index.filters.min"), "number")}
          {rangeField("maxOrders", t("customers.index.filters.max"), "number")}
        </InlineStack>
      ),
    },
    {
      key: "spent",
      label: t("customers.index.filters.spent"),
      filter: (
        <InlineStack gap="200" wrap={false}>
          {rangeField("minSpent", t("customers.index.filters.min"), "number")}
          {rangeField("maxSpent", t("customers.index.filters.max"), "number")}
        </InlineStack>
      ),
    },
    {
      key: "lastOrder",
      label: t("customers.index.filters.lastOrder"),
      filter: (
        <InlineStack gap="200" wrap={false}>
          {rangeField("lastOrderFrom", t("customers.index.filters.from"), "date")}
          {rangeField("lastOrderTo", t("customers.index.filters.to"), "date")}
        </InlineStack>
      ),
    },
    {
      key: "province",
      label: t("customers.index.filters.province"),
      filter: (
        <Select
          label={t("customers.index.filters.province")}
          labelHidden
          options={[
            { label: t("customers.index.filters.any"), value: "" },
            ...PREFECTURE_CODES.map((code) => ({ label: prefectureName(code, locale) ?? code, value: code })),
          ]}
          value={q.province ?? ""}
          onChange={(province) => update({ province })}
        />
      ),
    },
    {
      key: "channel",
      label: t("customers.index.filters.channel"),
      filter: (
        <ChoiceList
          title={t("customers.index.filters.channel")}
          titleHidden
          choices={["web", "pos"].map((channel) => ({ label: t(`channel.${channel}`), value: channel }))}
          selected={q.channel ? [q.channel] : []}
          onChange={([channel]) => update({ channel: channel ?? null })}
        />
      ),
    },
  ];

  if (data.segment) {
    // Only while the list is narrowed to a segment ("View members"): its pill, not an entry of "Add filter".
    filters.push({
      key: "segment",
      label: t("segments.nav"),
      hidden: true,
      filter: data.segment.name === null ? <Text as="p">{t("segments.customersFilter.missing")}</Text> : <Link url={`/app/segments/${data.segment.id}`}>{t("segments.customersFilter.open")}</Link>,
    });
  }

  const applied: IndexFiltersProps["appliedFilters"] = [];
  if (data.segment) {
    applied.push({
      key: "segment",
      label: data.segment.name === null ? t("segments.customersFilter.missing") : t("segments.customersFilter.is", { name: data.segment.name }),
      onRemove: () => update({ segment: null }),
    });
  }
  if (q.tag) applied.push({ key: "tag", label: t("customers.index.filters.tagIs", { value: q.tag }), onRemove: () => update({ tag: null }) });
  if (q.consent) {
    applied.push({ key: "consent", label: t("customers.index.filters.consentIs", { value: consentLabel(q.consent) }), onRemove: () => update({ consent: null }) });
  }
  if (q.minOrders !== undefined || q.maxOrders !== undefined) {
    applied.push({
      key: "orders",
      label: t("customers.index.filters.ordersBetween", { from: q.minOrders ?? t("customers.index.filters.any"), to: q.maxOrders ?? t("customers.index.filters.any") }),
      onRemove: () => update({ minOrders: null, maxOrders: null }),
    });
  }
  if (q.minSpent !== undefined || q.maxSpent !== undefined) {
    applied.push({
      key: "spent",
      label: t("customers.index.filters.spentBetween", { from: money(q.minSpent), to: money(q.maxSpent) }),
      onRemove: () => update({ minSpent: null, maxSpent: null }),
    });
  }
  if (q.lastOrderFrom || q.lastOrderTo) {
    applied.push({
      key: "lastOrder",
      label: t("customers.index.filters.lastOrderBetween", { from: day(q.lastOrderFrom), to: day(q.lastOrderTo) }),
      onRemove: () => update({ lastOrderFrom: null, lastOrderTo: null }),
    });
  }
  if (q.province) {
    applied.push({ key: "province", label: t("customers.index.filters.provinceIs", { value: prefectureName(q.province, locale) ?? q.province }), onRemove: () => update({ province: null }) });
  }
  if (q.channel) {
    applied.push({ key: "channel", label: t("customers.index.filters.channelIs", { value: t(`channel.${q.channel}`) }), onRemove: () => update({ channel: null }) });
  }

  const filtered = Boolean(q.q) || applied.length > 0;
  const lastPage = Math.max(1, Math.ceil(data.total / data.pageSize));

  return (
    <>
      <IndexFilters
        sortOptions={sortOptions}
        sortSelected={[`${q.sort} ${q.dir}`]}
        onSort={([value]) => {
          const [sort, dir] = (value ?? "lastOrderAt desc").split(" ");
          update({ sort: sort ?? null, dir: dir ?? null });
        }}
        queryValue={queryValue}
        queryPlaceholder={t("customers.index.searchPlaceholder")}
        onQueryChange={setQueryValue}
        onQueryClear={() => {
          setQueryValue("");
          update({ q: null });
        }}
        {...views}
        filters={filters}
        appliedFilters={applied}
        onClearAll={() => update(Object.fromEntries(["tag", "consent", "province", "channel", "segment", ...RANGE_KEYS].map((k) => [k, null])))}
        mode={mode}
        setMode={setMode}
        loading={navigation.state === "loading"}
      />
      <IndexTable
        resourceName={{ singular: t("customers.index.resourceName.singular"), plural: t("customers.index.resourceName.plural") }}
        itemCount={data.rows.length}
        selectable={false}
        loading={navigation.state === "loading"}
        emptyState={
          <EmptyState
            heading={t(filtered ? "customers.index.empty.heading" : "customers.index.empty.noneYetHeading")}
            image="/images/empty-orders.svg"
          >
            <p>{t(filtered ? "customers.index.empty.body" : "customers.index.empty.noneYetBody")}</p>
          </EmptyState>
        }
        headings={[
          { title: t("customers.index.columns.name") },
          { title: t("customers.index.columns.email") },
          { title: t("customers.index.columns.consent") },
          { title: t("customers.index.columns.region") },
          { title: t("customers.index.columns.orders"), alignment: "end" },
          { title: t("customers.index.columns.spent"), alignment: "end" },
          { title: t("customers.index.columns.lastOrder") },
        ]}
        pagination={{
          hasPrevious: data.page > 1,
          hasNext: data.page < lastPage,
          onPrevious: () => update({ page: String(data.page - 1) }),
          onNext: () => update({ page: String(data.page + 1) }),
          label: `${formatNumber(data.page, locale)} / ${formatNumber(lastPage, locale)}`,
        }}
      >
        {data.rows.map((row, index) => (
          <IndexTable.Row id={row.shopifyId} key={row.shopifyId} position={index}>
            <IndexTable.Cell>
              <Text as="span" fontWeight="semibold">
                <Link url={`/app/customers/${row.shopifyId}`} removeUnderline>
                  {personName(row.firstName, row.lastName) || row.email || t("customers.index.guestName")}
                </Link>
              </Text>
              {row.tags.length > 0 && (
                <InlineStack gap="100">
                  {row.tags.slice(0, 3).map((tag) => (
                    <Badge key={tag}>{tag}</Badge>
                  ))}
                </InlineStack>
              )}
            </IndexTable.Cell>
            <IndexTable.Cell>{row.email ?? ""}</IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={row.marketingState === "SUBSCRIBED" ? "success" : undefined}>{consentLabel(row.marketingState)}</Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>{prefectureName(row.provinceCode, locale) ?? row.provinceCode ?? ""}</IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {formatNumber(row.ordersCount, locale)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {formatMoney(row.totalSpent, data.currency.currencyCode, locale)}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              {row.lastOrderAt ? formatDateTime(row.lastOrderAt, locale, data.currency.timeZone) : t("customers.index.noOrders")}
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </>
  );
}
