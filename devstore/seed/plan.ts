/**
 * The shape of a seeded shop before any row is written: how many orders each customer places and when.
 * Kept in typed arrays (about 20 bytes per order) so a million orders plan in a few MB.
 */
import { createRng, seedOf } from "./prng";

export type SeedSize = "empty" | "tiny" | "small" | "medium" | "large";
export type Sizing = { customers: number; orders: number; checkouts: number };

const JA_SIZES: Record<SeedSize, Sizing> = {
  empty: { customers: 0, orders: 0, checkouts: 0 },
  tiny: { customers: 40, orders: 120, checkouts: 15 },
  small: { customers: 1_000, orders: 10_000, checkouts: 1_500 },
  medium: { customers: 10_000, orders: 100_000, checkouts: 15_000 },
  large: { customers: 100_000, orders: 1_000_000, checkouts: 100_000 },
};

/** The English shop is the secondary demo: a tenth of the Japanese one, and ~15 customers when tiny. */
export function sizing(locale: "ja" | "en", size: SeedSize): Sizing {
  const ja = JA_SIZES[size];
  if (locale === "ja") return ja;
  if (size === "tiny") return { customers: 15, orders: 40, checkouts: 6 };
  return { customers: ja.customers / 10, orders: ja.orders / 10, checkouts: ja.checkouts / 10 };
}

const DAY = 86_400_000;
export const HISTORY_MS = 3 * 365 * DAY;

/** Relative demand per month (0 = January): お中元 in July, お歳暮 in December; BFCM and holidays in the US. */
const SEASON: Record<"ja" | "en", number[]> = {
  ja: [0.9, 0.8, 1.1, 1.0, 1.0, 1.0, 1.4, 1.1, 0.9, 1.0, 1.2, 1.6],
  en: [0.7, 0.8, 0.9, 0.9, 1.0, 0.9, 0.9, 1.0, 1.0, 1.1, 1.7, 1.5],
};

export type OrderPlan = {
  /** Customer index per order, -1 for a guest; in time order. */
  customer: Int32Array;
  /** processedAt (ms) per order, ascending. */
  time: Float64Array;
  /** Earliest order time per customer, NaN when the customer never ordered. */
  firstOrderAt: Float64Array;
};

/** Samples an order time in the history window, weighted by growth and season, at a plausible local hour. */
export function seasonalTime(next: () => number, locale: "ja" | "en", start: number, end: number, offsetHours: number): number {
  const season = SEASON[locale];
  // Short windows (a repeat order right before the anchor): no room for shaping.
  if (end - start < 2 * DAY) return Math.floor((start + next() * (end - start)) / 1000) * 1000;
  for (;;) {
    const t = start + next() * (end - start);
    const growth = 0.5 + (t - start) / (end - start);
    const weight = growth * season[new Date(t).getUTCMonth()]!;
    if (next() * 1.7 * 1.5 < weight) {
      const day = Math.floor(t / DAY) * DAY;
      // Evening peak in local time.
      const hour = next() < 0.45 ? 19 + next() * 4 : 8 + next() * 11;
      const at = day + (hour - offsetHours) * 3_600_000 + next() * 3_600_000;
      if (at < end && at >= start) return Math.floor(at / 1000) * 1000;
    }
  }
}

/**
 * How many orders each customer places: ~20% never order, ~60% of buyers order once, the rest share the remaining
 * orders by a heavy-tailed weight (a few loyal buyers with dozens of orders). ~8% of orders are guest checkouts.
 */
export function planOrders(seed: number, locale: "ja" | "en", size: Sizing, anchor: number, offsetHours: number): OrderPlan {
  const rng = createRng(seedOf(seed, "plan"));
  const n = size.customers;
  const counts = new Int32Array(n);
  const weight = new Float64Array(n);
  const guestOrders = Math.round(size.orders * 0.08);
  let remaining = size.orders - guestOrders;
  let loyalWeight = 0;
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.2) continue;
    counts[i] = 1;
    remaining--;
    if (r >= 0.2 + 0.8 * 0.6) {
      counts[i] = 2;
      remaining--;
      // Pareto(alpha 1.3): most repeat buyers order a few times, some dozens.
      const w = Math.min(200, 1 / Math.pow(1 - rng.next(), 1 / 1.3));
      weight[i] = w;
      loyalWeight += w;
    }
  }
  if (remaining > 0 && loyalWeight > 0) {
    let given = 0;
    for (let i = 0; i < n; i++) {
      if (weight[i]! === 0) continue;
      const extra = Math.floor((remaining * weight[i]!) / loyalWeight);
      counts[i]! += extra;
      given += extra;
    }
    // Hand out what rounding left over, one each, to loyal buyers in index order.
    for (let i = 0; given < remaining && i < n; i++) {
      if (weight[i]! > 0) {
        counts[i]! += 1;
        given++;
      }
    }
  }
  const total = counts.reduce((s, c) => s + c, 0) + guestOrders;
  const time = new Float64Array(total);
  const customer = new Int32Array(total);
  const firstOrderAt = new Float64Array(n).fill(Number.NaN);
  const start = anchor - HISTORY_MS;
  const end = anchor - 3_600_000;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    // Repeat buyers tend to have started earlier.
    const first = c > 1 ? Math.min(seasonalTime(rng.next, locale, start, end, offsetHours), seasonalTime(rng.next, locale, start, end, offsetHours)) : seasonalTime(rng.next, locale, start, end, offsetHours);
    firstOrderAt[i] = first;
    customer[k] = i;
    time[k++] = first;
    for (let j = 1; j < c; j++) {
      customer[k] = i;
      time[k++] = seasonalTime(rng.next, locale, first, end, offsetHours);
    }
  }
  for (let g = 0; g < guestOrders; g++) {
    customer[k] = -1;
    time[k++] = seasonalTime(rng.next, locale, start, end, offsetHours);
  }
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => time[a]! - time[b]! || a - b);
  const sortedTime = new Float64Array(total);
  const sortedCustomer = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    sortedTime[i] = time[order[i]!]!;
    sortedCustomer[i] = customer[order[i]!]!;
  }
  return { customer: sortedCustomer, time: sortedTime, firstOrderAt };
}
