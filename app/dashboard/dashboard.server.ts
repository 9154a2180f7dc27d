/**
 * The dashboard (the admin home) of one staff member: their layout and date range (DashboardLayout, keyed by the
 * session token's `sub`), the visible cards' values for the range and, when comparing, the previous period.
 */
import prisma from "../db.server";
import { dayNumber, utcOffsetMinutes } from "../analytics/classes";
import { DEFAULT_F2_WINDOW_DAYS } from "../analytics/cohorts";
import { shopCurrency } from "../customers/shop-settings.server";
import { CARDS, type CardKey, cardOf, DEFAULT_LAYOUT, type Figures, isSnapshot, LayoutInput, parseLayout, type Series, sourcesOf } from "./cards";
import { loadSources, type SourceContext } from "./metrics.server";
import { DashboardSettings, type DashboardSettingsValues, DEFAULT_SETTINGS, isoOfDay, parseSettings, resolveRange } from "./range";

export type PeriodData = { from: string; to: string; days: number; figures: Figures; series: Partial<Series> };

export type DashboardData = {
  layout: CardKey[];
  hidden: CardKey[];
  settings: DashboardSettingsValues;
  currencyCode: string;
  timeZone: string;
  f2WindowDays: number;
  current: PeriodData;
  previous: PeriodData | null;
  /** The KPI cards' values: current and previous period (null when not comparing or without meaning). */
  values: Partial<Record<CardKey, { current: number | null; previous: number | null }>>;
};

/** A staff member's layout and settings, or the defaults when they have saved none. */
export async function loadLayout(shop: string, userId: string | null): Promise<{ layout: CardKey[]; settings: DashboardSettingsValues }> {
  if (!userId) return { layout: DEFAULT_LAYOUT, settings: DEFAULT_SETTINGS };
  const row = await prisma.dashboardLayout.findUnique({ where: { shop_userId: { shop, userId } } });
  return row ? { layout: parseLayout(row.cards), settings: parseSettings(row.settings) } : { layout: DEFAULT_LAYOUT, settings: DEFAULT_SETTINGS };
}

/** Loads the dashboard of `userId` in `shop` on `now`. */
export async function loadDashboard(shop: string, userId: string | null, now = new Date()): Promise<DashboardData> {
  const [{ layout, settings }, { currencyCode, timeZone }, analysis] = await Promise.all([
    loadLayout(shop, userId),
    shopCurrency(shop),
    prisma.analysisSettings.findUnique({ where: { shop }, select: { f2WindowDays: true } }),
  ]);
  const offsetMinutes = utcOffsetMinutes(timeZone, now);
  const f2WindowDays = analysis?.f2WindowDays ?? DEFAULT_F2_WINDOW_DAYS;
  const ctx: SourceContext = { shop, offsetMinutes, nowDay: dayNumber(now, offsetMinutes), f2WindowDays, now };
  const { current, previous } = resolveRange(settings, now, offsetMinutes);
  const [now_, before] = await Promise.all([
    loadSources(ctx, current, sourcesOf(layout)),
    // Snapshot cards (open inquiries now) have no previous value: their source is not asked for it.
    settings.compare ? loadSources(ctx, previous, sourcesOf(layout, { compared: true })) : Promise.resolve(null),
  ]);
  const values: DashboardData["values"] = {};
  for (const key of layout) {
    const card = cardOf(key);
    if (card.kind !== "kpi") continue;
    values[key] = { current: card.value(now_.figures), previous: before && !isSnapshot(key) ? card.value(before.figures) : null };
  }
  const period = (p: typeof current, data: typeof now_): PeriodData => ({
    from: isoOfDay(p.fromDay),
    to: isoOfDay(p.toDay),
    days: p.days,
    figures: data.figures,
    series: data.series ?? {},
  });
  return {
    layout,
    hidden: CARDS.map((c) => c.key).filter((k) => !layout.includes(k)),
    settings,
    currencyCode,
    timeZone,
    f2WindowDays,
    current: period(current, now_),
    previous: before ? period(previous, before) : null,
    values,
  };
}

export type SaveResult = { ok: true } | { ok: false; errors: Record<string, string> };

function fieldErrors(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, prefix: string, codes: string[], fallback: string) {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = typeof issue.path[0] === "string" ? issue.path[0] : "form";
    errors[field] ??= `${prefix}.${codes.includes(issue.message) ? issue.message : fallback}`;
  }
  return errors;
}

/**
 * Saves a staff member's card order from the screen's JSON list. Unknown keys and duplicates are refused with an
 * i18n key (dashboard.layout.errors.*) and nothing is written.
 */
export async function saveLayout(shop: string, userId: string, cardsJson: unknown): Promise<SaveResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(String(cardsJson ?? ""));
  } catch {
    return { ok: false, errors: { cards: "dashboard.layout.errors.invalid" } };
  }
  const parsed = LayoutInput.safeParse(raw);
  if (!parsed.success) {
    const code = parsed.error.issues.find((i) => ["unknown", "duplicate"].includes(i.message))?.message ?? "invalid";
    return { ok: false, errors: { cards: `dashboard.layout.errors.${code}` } };
  }
  const cards = JSON.stringify(parsed.data);
  await prisma.dashboardLayout.upsert({
    where: { shop_userId: { shop, userId } },
    create: { shop, userId, cards },
    update: { cards },
  });
  return { ok: true };
}

/** Saves a staff member's date range and comparison (form fields range, compare, from, to). */
export async function saveSettings(shop: string, userId: string, form: Record<string, unknown>): Promise<SaveResult> {
  const parsed = DashboardSettings.safeParse({
    range: form.range,
    compare: form.compare === "true" || form.compare === "on",
    from: form.range === "custom" && form.from ? form.from : undefined,
    to: form.range === "custom" && form.to ? form.to : undefined,
  });
  if (!parsed.success) {
    return { ok: false, errors: fieldErrors(parsed.error.issues, "dashboard.range.errors", ["range", "date", "required", "order", "tooLong"], "date") };
  }
  const settings = JSON.stringify(parsed.data);
  await prisma.dashboardLayout.upsert({
    where: { shop_userId: { shop, userId } },
    create: { shop, userId, cards: JSON.stringify(DEFAULT_LAYOUT), settings },
    update: { settings },
  });
  return { ok: true };
}
