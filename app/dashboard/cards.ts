/**
 * The dashboard's card registry: one entry per card (its key, title, the data source it reads, how its value comes
 * out of that source's figures for a period, and how it is shown), and the per-staff layout (card keys in order),
 * validated against the registry. Pure: shared by the loader, the action and the screen.
 *
 * A source is computed once per period for all visible cards that read it (app/dashboard/metrics.server.ts), so a
 * future card over automations (attributed revenue) is one source and one entry here. Inquiry cards read the inquiry
 * desk (docs/decisions/016-one-conversation-model.md): "inquiries" per period, "inquiriesNow" as of now (a snapshot
 * card has no previous period to compare with).
 */
import { z } from "zod";

export type SourceKey = "customers" | "orders" | "buyers" | "ltv" | "inquiries" | "inquiriesNow";

/** Inquiry channels (app/inquiries/types.ts Channel), in the order the chart stacks them. */
export const INQUIRY_CHANNELS = ["form", "chat", "email", "phone", "in_person"] as const;
export type InquiryChannel = (typeof INQUIRY_CHANNELS)[number];

/** What the sources found for one period. Money is in the shop's currency. */
export type Figures = {
  customers?: number;
  orders?: number;
  revenue?: number;
  buyers?: number;
  newCustomers?: number;
  returningCustomers?: number;
  /** Buyers of the period with two or more counted orders up to its end. */
  repeatBuyers?: number;
  /** New customers of the period: converted within the F2 window, and still inside it without a second order. */
  f2Converted?: number;
  f2Pending?: number;
  ltv?: number | null;
  /** Unresolved inquiries now (new, open, pending), and those of them past a due time. */
  openInquiries?: number;
  overdueInquiries?: number;
  /** Inquiries received in the period. */
  inquiriesReceived?: number;
  /** Median business minutes to the first reply, over inquiries first answered in the period. */
  firstResponseMedian?: number | null;
  /** Inquiries received in the period with a due time, and those of them that missed one. */
  slaMeasured?: number;
  slaBreached?: number;
};

/** Per-day series of a period (index 0 = its first day). */
export type Series = {
  orders: number[];
  revenue: number[];
  newCustomers: number[];
  returningCustomers: number[];
  inquiriesByChannel: Record<InquiryChannel, number[]>;
};

/** "duration" is in minutes, shown as hours and minutes. */
export type CardFormat = "number" | "money" | "percent" | "duration";

type KpiCard = {
  key: string;
  kind: "kpi";
  source: SourceKey;
  format: CardFormat;
  /** The card's value for a period; null when it has no meaning (no orders, nobody to divide by). */
  value: (f: Figures) => number | null;
  /** A value as of now, whatever the range: never compared with a previous period. */
  snapshot?: boolean;
  /** A fall is good news (response time, breach rate): the change is coloured the other way round. */
  lowerIsBetter?: boolean;
};
type ChartCard = { key: string; kind: "chart"; source: SourceKey; chart: "sales" | "newVsReturning" | "inquiriesByChannel" };
export type CardDefinition = KpiCard | ChartCard;

const share = (part: number | undefined, whole: number | undefined) => (whole ? (part ?? 0) / whole : null);

export const CARDS = [
  { key: "customers", kind: "kpi", source: "customers", format: "number", value: (f) => f.customers ?? null },
  { key: "newCustomers", kind: "kpi", source: "buyers", format: "number", value: (f) => f.newCustomers ?? null },
  { key: "returningCustomers", kind: "kpi", source: "buyers", format: "number", value: (f) => f.returningCustomers ?? null },
  { key: "orders", kind: "kpi", source: "orders", format: "number", value: (f) => f.orders ?? null },
  { key: "revenue", kind: "kpi", source: "orders", format: "money", value: (f) => f.revenue ?? null },
  {
    key: "aov",
    kind: "kpi",
    source: "orders",
    format: "money",
    value: (f) => (f.orders ? Math.round(((f.revenue ?? 0) / f.orders) * 100) / 100 : null),
  },
  { key: "repeatRate", kind: "kpi", source: "buyers", format: "percent", value: (f) => share(f.repeatBuyers, f.buyers) },
  {
    key: "f2",
    kind: "kpi",
    source: "buyers",
    format: "percent",
    value: (f) => share(f.f2Converted, (f.newCustomers ?? 0) - (f.f2Pending ?? 0)),
  },
  { key: "ltv", kind: "kpi", source: "ltv", format: "money", value: (f) => f.ltv ?? null },
  { key: "openInquiries", kind: "kpi", source: "inquiriesNow", format: "number", snapshot: true, value: (f) => f.openInquiries ?? null },
  { key: "inquiriesReceived", kind: "kpi", source: "inquiries", format: "number", value: (f) => f.inquiriesReceived ?? null },
  {
    key: "firstResponseTime",
    kind: "kpi",
    source: "inquiries",
    format: "duration",
    lowerIsBetter: true,
    value: (f) => f.firstResponseMedian ?? null,
  },
  {
    key: "slaBreachRate",
    kind: "kpi",
    source: "inquiries",
    format: "percent",
    lowerIsBetter: true,
    value: (f) => share(f.slaBreached, f.slaMeasured),
  },
  { key: "salesChart", kind: "chart", source: "orders", chart: "sales" },
  { key: "newVsReturningChart", kind: "chart", source: "buyers", chart: "newVsReturning" },
  { key: "inquiriesChart", kind: "chart", source: "inquiries", chart: "inquiriesByChannel" },
] as const satisfies readonly CardDefinition[];

export type CardKey = (typeof CARDS)[number]["key"];
export const CARD_KEYS = CARDS.map((c) => c.key) as CardKey[];
const BY_KEY = new Map<string, CardDefinition>(CARDS.map((c) => [c.key, c]));

export function cardOf(key: CardKey): CardDefinition {
  return BY_KEY.get(key)!;
}

export function isCardKey(value: string): value is CardKey {
  return BY_KEY.has(value);
}

/** What a staff member sees before arranging anything. */
export const DEFAULT_LAYOUT: CardKey[] = [
  "customers",
  "newCustomers",
  "returningCustomers",
  "orders",
  "revenue",
  "aov",
  "repeatRate",
  "f2",
  "ltv",
  "openInquiries",
  "inquiriesReceived",
  "firstResponseTime",
  "slaBreachRate",
  "salesChart",
  "newVsReturningChart",
  "inquiriesChart",
];

/** A layout as the screen sends it: known card keys only, each at most once. Messages are dashboard.layout.errors.*. */
export const LayoutInput = z
  .array(z.string().refine(isCardKey, "unknown"), { error: "invalid" })
  .max(CARD_KEYS.length, "invalid")
  .refine((keys) => new Set(keys).size === keys.length, "duplicate")
  .transform((keys) => keys as CardKey[]);

/** Stored JSON → layout; an unreadable or outdated one (a card since removed) falls back to what is still valid. */
export function parseLayout(json: string | null | undefined): CardKey[] {
  if (!json) return DEFAULT_LAYOUT;
  try {
    const raw: unknown = JSON.parse(json);
    if (!Array.isArray(raw)) return DEFAULT_LAYOUT;
    const keys = raw.filter((k): k is CardKey => typeof k === "string" && isCardKey(k));
    return [...new Set(keys)];
  } catch {
    return DEFAULT_LAYOUT;
  }
}

/** The sources the cards need (for the previous period: `compared`, leaving out snapshot cards). */
export function sourcesOf(keys: readonly CardKey[], options: { compared?: boolean } = {}): Set<SourceKey> {
  return new Set(keys.filter((k) => !(options.compared && isSnapshot(k))).map((k) => cardOf(k).source));
}

/** Whether a card shows a value as of now rather than for the range. */
export function isSnapshot(key: CardKey): boolean {
  const card = cardOf(key);
  return card.kind === "kpi" && card.snapshot === true;
}

/** Change from the previous period: relative for counts and money, in points for rates; null when not comparable. */
export function deltaOf(current: number | null, previous: number | null, format: CardFormat): number | null {
  if (current === null || previous === null) return null;
  if (format === "percent" || current === previous) return current - previous;
  if (previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** Moves a card one place up (-1) or down (+1); unchanged at the ends. */
export function moveCard(keys: readonly CardKey[], key: CardKey, by: -1 | 1): CardKey[] {
  const index = keys.indexOf(key);
  const target = index + by;
  if (index < 0 || target < 0 || target >= keys.length) return [...keys];
  const next = [...keys];
  next.splice(index, 1);
  next.splice(target, 0, key);
  return next;
}
