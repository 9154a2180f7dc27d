import { useActionData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Link,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
  type IndexTableProps,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../i18n/i18n";
import type { CategoryOption, InboxPage, InboxQuery } from "../inquiries/inbox.server";
import { CHANNELS, INQUIRY_STATUSES, PRIORITIES } from "../inquiries/types";
import type { StaffEntry } from "../staff/directory.server";
import { formatDateTime, formatNumber } from "../utils/format";
import { InboxDue, PriorityBadge, StatusBadge, categoryName, staffName } from "./inbox-badges";
import { ShortcutHelp, useInboxShortcuts } from "./inbox-shortcuts";

/** j / k move the focus down and up the list's conversation links. */
function moveFocus(step: 1 | -1) {
  const links = [...document.querySelectorAll<HTMLElement>("a[data-primary-link]")];
  if (links.length === 0) return;
  const current = links.findIndex((link) => link === document.activeElement);
  const next = current === -1 ? (step === 1 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, current + step));
  links[next]?.focus();
}

const VIEWS = ["all", "new", "open", "pending", "resolved", "mine", "unassigned", "overdue"] as const;

type Data = InboxPage & { query: InboxQuery; userId: string | null; timeZone: string };
type ActionResult = { ok: boolean; changed?: number; error?: string };

export function InboxList({ data, locale }: { data: Data; locale: Locale }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const result = useActionData<ActionResult>();
  const { mode, setMode } = useSetIndexFiltersMode(IndexFiltersMode.Default);
  const [queryValue, setQueryValue] = useState(params.get("q") ?? "");
  const q = data.query;
  const loading = navigation.state === "loading";
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(data.rows);
  const [help, setHelp] = useState(false);
  useInboxShortcuts({ j: () => moveFocus(1), k: () => moveFocus(-1) }, () => setHelp(true));

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next, { replace: true, preventScrollReset: true });
  };

  useEffect(() => {
    if (queryValue === (params.get("q") ?? "")) return;
    const timer = setTimeout(() => update({ q: queryValue }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryValue]);

  useEffect(() => {
    if (!result) return;
    if (result.ok) {
      shopify.toast.show(t("inbox.bulk.done", { count: result.changed ?? 0 }));
      clearSelection();
    } else {
      shopify.toast.show(t(result.error ?? "inbox.errors.generic"), { isError: true });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);

  const bulk = (fields: Record<string, string>) =>
    submit({ ...fields, ids: selectedResources.join(",") }, { method: "post", replace: true });

  const tabs: IndexFiltersProps["tabs"] = VIEWS.map((view, index) => ({
    id: `inbox-view-${view}`,
    content: t(`inbox.views.${view}`),
    badge: formatNumber(data.counts[view] ?? 0, locale),
    index,
    onAction: () => update({ view: view === "all" ? null : view }),
    isLocked: true,
  }));

  const choice = (key: "channel" | "category" | "assignee" | "priority", label: string, choices: Array<{ label: string; value: string }>) => ({
    key,
    label,
    pinned: true,
    filter: (
      <ChoiceList title={label} titleHidden choices={choices} selected={q[key] ? [q[key]!] : []} onChange={([value]) => update({ [key]: value ?? null })} />
    ),
  });
  const staffChoices = [{ label: t("inbox.unassigned"), value: "none" }, ...data.staff.map((s) => ({ label: s.name, value: s.userId }))];
  const filters: IndexFiltersProps["filters"] = [
    choice("channel", t("inbox.filters.channel"), CHANNELS.map((c) => ({ label: t(`inbox.channel.${c}`), value: c }))),
    choice("category", t("inbox.filters.category"), [
      { label: t("inbox.noCategory"), value: "none" },
      ...data.categories.map((c) => ({ label: categoryName(c, locale), value: c.key })),
    ]),
    choice("assignee", t("inbox.filters.assignee"), staffChoices),
    choice("priority", t("inbox.filters.priority"), PRIORITIES.map((p) => ({ label: t(`inbox.priority.${p}`), value: p }))),
  ];
  const applied: IndexFiltersProps["appliedFilters"] = [];
  if (q.channel) applied.push({ key: "channel", label: t("inbox.filters.is", { name: t("inbox.filters.channel"), value: t(`inbox.channel.${q.channel}`) }), onRemove: () => update({ channel: null }) });
  if (q.category) {
    const found = data.categories.find((c) => c.key === q.category);
    const value = q.category === "none" ? t("inbox.noCategory") : found ? categoryName(found, locale) : q.category;
    applied.push({ key: "category", label: t("inbox.filters.is", { name: t("inbox.filters.category"), value }), onRemove: () => update({ category: null }) });
  }
  if (q.assignee) {
    const value = q.assignee === "none" ? t("inbox.unassigned") : staffName(data.staff, q.assignee, t);
    applied.push({ key: "assignee", label: t("inbox.filters.is", { name: t("inbox.filters.assignee"), value }), onRemove: () => update({ assignee: null }) });
  }
  if (q.priority) applied.push({ key: "priority", label: t("inbox.filters.is", { name: t("inbox.filters.priority"), value: t(`inbox.priority.${q.priority}`) }), onRemove: () => update({ priority: null }) });

  const sortOptions: IndexFiltersProps["sortOptions"] = [
    { label: t("inbox.sort.last"), value: "last desc", directionLabel: t("inbox.sort.newest") },
    { label: t("inbox.sort.due"), value: "due asc", directionLabel: t("inbox.sort.soonest") },
  ];

  const bulkActions: IndexTableProps["bulkActions"] = [
    { title: t("inbox.bulk.assign"), items: [
      ...(data.userId ? [{ content: t("inbox.bulk.assignToMe"), onAction: () => bulk({ intent: "assign", assignee: data.userId! }) }] : []),
      { content: t("inbox.bulk.unassign"), onAction: () => bulk({ intent: "assign", assignee: "none" }) },
      ...data.staff.filter((s) => s.userId !== data.userId).map((s) => ({ content: t("inbox.bulk.assignTo", { name: s.name }), onAction: () => bulk({ intent: "assign", assignee: s.userId }) })),
    ] },
    { title: t("inbox.bulk.status"), items: INQUIRY_STATUSES.map((status) => ({ content: t("inbox.bulk.setStatus", { status: t(`inbox.status.${status}`) }), onAction: () => bulk({ intent: "status", status }) })) },
    { title: t("inbox.bulk.category"), items: data.categories.map((c) => ({ content: t("inbox.bulk.setCategory", { category: categoryName(c, locale) }), onAction: () => bulk({ intent: "category", category: c.key }) })) },
  ];

  const filtered = Boolean(q.q) || applied.length > 0 || q.view !== "all";
  const lastPage = Math.max(1, Math.ceil(data.total / data.pageSize));
  const selectedTab = Math.max(0, VIEWS.indexOf(q.view));

  return (
    <>
      <IndexFilters
        tabs={tabs}
        selected={selectedTab}
        onSelect={() => undefined}
        canCreateNewView={false}
        sortOptions={sortOptions}
        sortSelected={[q.sort === "due" ? "due asc" : "last desc"]}
        onSort={([value]) => update({ sort: value?.startsWith("due") ? "due" : null })}
        queryValue={queryValue}
        queryPlaceholder={t("inbox.searchPlaceholder")}
        onQueryChange={setQueryValue}
        onQueryClear={() => {
          setQueryValue("");
          update({ q: null });
        }}
        filters={filters}
        appliedFilters={applied}
        onClearAll={() => update({ channel: null, category: null, assignee: null, priority: null })}
        mode={mode}
        setMode={setMode}
        loading={loading}
      />
      <IndexTable
        resourceName={{ singular: t("inbox.resourceName.singular"), plural: t("inbox.resourceName.plural") }}
        itemCount={data.rows.length}
        selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
        onSelectionChange={handleSelectionChange}
        bulkActions={bulkActions}
        loading={loading}
        emptyState={
          <EmptyState heading={t(filtered ? "inbox.empty.filteredHeading" : "inbox.empty.heading")} image="/images/empty-orders.svg">
            <p>{t(filtered ? "inbox.empty.filteredBody" : "inbox.empty.body")}</p>
          </EmptyState>
        }
        headings={[
          { title: t("inbox.columns.inquiry") },
          { title: t("inbox.columns.contact") },
          { title: t("inbox.columns.status") },
          { title: t("inbox.columns.category") },
          { title: t("inbox.columns.assignee") },
          { title: t("inbox.columns.due") },
          { title: t("inbox.columns.last") },
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
          <IndexTable.Row id={row.id} key={row.id} position={index} selected={selectedResources.includes(row.id)}>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <InlineStack gap="100" blockAlign="center" wrap={false}>
                  {row.unread && <Badge tone="info" size="small">{t("inbox.unread")}</Badge>}
                  <Text as="span" fontWeight={row.unread ? "bold" : "semibold"}>
                    <Link url={`/app/inbox/${row.id}`} removeUnderline dataPrimaryLink>
                      {`#${row.number} ${row.subject ?? t("inbox.noSubject")}`}
                    </Link>
                  </Text>
                </InlineStack>
                <Text as="span" tone="subdued" variant="bodySm" truncate>
                  {row.snippet}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <Text as="span">{row.contact ?? t("inbox.anonymous")}</Text>
                <Text as="span" tone="subdued" variant="bodySm">
                  {t(`inbox.channel.${row.channel}`)}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="100">
                <StatusBadge status={row.status} />
                <PriorityBadge priority={row.priority} />
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{row.category ? categoryLabel(data.categories, row.category, locale) : t("inbox.noCategory")}</IndexTable.Cell>
            <IndexTable.Cell>{row.assigneeUserId ? staffName(data.staff, row.assigneeUserId, t) : t("inbox.unassigned")}</IndexTable.Cell>
            <IndexTable.Cell>
              <InboxDue dueAt={row.dueAt} overdue={row.overdue} locale={locale} timeZone={data.timeZone} />
            </IndexTable.Cell>
            <IndexTable.Cell>{formatDateTime(row.lastMessageAt, locale, data.timeZone)}</IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
      <ShortcutHelp open={help} onClose={() => setHelp(false)} keys={["j", "k"]} />
    </>
  );
}

function categoryLabel(categories: CategoryOption[], key: string, locale: Locale): string {
  const found = categories.find((c) => c.key === key);
  return found ? categoryName(found, locale) : key;
}

export type { StaffEntry };
