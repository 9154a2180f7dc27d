/**
 * Saved views as IndexFilters tabs on the customers index, the way Shopify admin's own lists behave: the URL says
 * which view is open (`?view=<id>` plus its parameters), "Save as" keeps the current filters as a new view, "Save"
 * writes them into the open view, and Cancel goes back to what the view holds.
 */
import { useFetcher, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { IndexFiltersMode, type IndexFiltersProps, type TabProps } from "@shopify/polaris";
import { useCallback, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { SavedView } from "../customers/saved-views.server";

export type CustomerViewsData = {
  views: SavedView[];
  selectedViewId: string | null;
  /** The current filters are not what the selected view (or "All customers") holds. */
  modified: boolean;
  /** The URL parameters that belong to the index (the rest, like `host` and `locale`, belong to the admin). */
  indexParams: string[];
  maxViews: number;
};

export type ViewActionResult =
  | { ok: true; intent: string; view: SavedView | null }
  | { ok: false; intent: string; errors: Array<{ field: string; message: string }> };

/** Submits to the route's action and resolves with its answer, as Polaris' view callbacks want a promise. */
function useViewAction() {
  const fetcher = useFetcher<ViewActionResult>();
  const pending = useRef<{ resolve: (result: ViewActionResult | undefined) => void; started: boolean } | null>(null);
  useEffect(() => {
    const waiting = pending.current;
    if (!waiting) return;
    if (fetcher.state !== "idle") waiting.started = true;
    else if (waiting.started) {
      pending.current = null;
      waiting.resolve(fetcher.data);
    }
  }, [fetcher.state, fetcher.data]);
  const run = useCallback(
    (form: Record<string, string>) =>
      new Promise<ViewActionResult | undefined>((resolve) => {
        pending.current = { resolve, started: false };
        fetcher.submit(form, { method: "post" });
      }),
    [fetcher],
  );
  return { run, busy: fetcher.state !== "idle" };
}

export function useCustomerViews(
  data: CustomerViewsData,
  { setMode, onQueryReset }: { setMode: (mode: IndexFiltersMode) => void; onQueryReset: (q: string) => void },
) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const [params, setParams] = useSearchParams();
  const { run, busy } = useViewAction();
  const selectedIndex = data.selectedViewId ? data.views.findIndex((view) => view.id === data.selectedViewId) + 1 : 0;
  const selectedView = selectedIndex > 0 ? data.views[selectedIndex - 1] : undefined;
  const atLimit = data.views.length >= data.maxViews;

  /** Shows a view: its parameters replace the index's, the admin's own parameters stay. */
  const open = (view: SavedView | undefined, replace = false) => {
    const next = new URLSearchParams(params);
    for (const key of [...data.indexParams, "view", "page"]) next.delete(key);
    if (view) {
      next.set("view", view.id);
      for (const [key, value] of new URLSearchParams(view.query)) next.append(key, value);
    }
    onQueryReset(next.get("q") ?? "");
    setParams(next, { replace, preventScrollReset: true });
  };

  const act = async (form: Record<string, string>, done: string, then?: (view: SavedView | null) => void) => {
    const result = await run(form);
    if (!result?.ok) {
      shopify.toast.show(result?.errors[0]?.message ?? t("customers.views.errors.failed"), { isError: true });
      return false;
    }
    shopify.toast.show(t(done));
    then?.(result.view);
    return true;
  };

  const current = () => params.toString();

  const tabs: TabProps[] = [
    { id: "customers-view-all", content: t("customers.views.all"), isLocked: true },
    ...data.views.map((view, index): TabProps => ({
      id: `customers-view-${view.id}`,
      content: view.name,
      badge: index + 1 === selectedIndex && data.modified ? t("customers.views.unsaved") : undefined,
      isModalLoading: busy,
      actions: [
        {
          type: "rename",
          onPrimaryAction: (name) => act({ intent: "rename", id: view.id, name }, "customers.views.toast.renamed"),
        },
        {
          type: "duplicate",
          onPrimaryAction: (name) =>
            act({ intent: "duplicate", id: view.id, name }, "customers.views.toast.duplicated", (copy) => open(copy ?? undefined)),
          disabled: atLimit,
        },
        { type: "edit", onAction: () => setMode(IndexFiltersMode.Filtering) },
        {
          type: "delete",
          onPrimaryAction: () =>
            act({ intent: "delete", id: view.id }, "customers.views.toast.deleted", () => {
              if (view.id === data.selectedViewId) open(undefined, true);
            }),
        },
      ],
    })),
  ];

  const props = {
    tabs,
    selected: selectedIndex,
    onSelect: (index: number) => {
      if (index !== selectedIndex) open(index === 0 ? undefined : data.views[index - 1]);
    },
    canCreateNewView: !atLimit,
    // A new view starts from all customers, with the filters open to shape it (as in Shopify admin).
    onCreateNewView: (name: string) =>
      act({ intent: "create", name, query: "" }, "customers.views.toast.created", (view) => {
        open(view ?? undefined);
        setMode(IndexFiltersMode.Filtering);
      }),
    primaryAction: selectedView
      ? {
          type: "save" as const,
          onAction: () => act({ intent: "save", id: selectedView.id, query: current() }, "customers.views.toast.updated"),
          disabled: !data.modified || busy,
          loading: busy,
        }
      : {
          type: "save-as" as const,
          onAction: (name: string) =>
            act({ intent: "create", name, query: current() }, "customers.views.toast.created", (view) => open(view ?? undefined, true)),
          disabled: !data.modified || atLimit || busy,
          loading: busy,
        },
    // Cancel discards unsaved changes: back to what the open view (or "All customers") holds.
    cancelAction: { onAction: () => (data.modified ? open(selectedView, true) : undefined), disabled: busy },
  } satisfies Partial<IndexFiltersProps>;

  return props;
}
