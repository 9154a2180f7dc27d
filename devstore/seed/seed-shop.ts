/**
 * Seeds one shop: products, customers, orders and checkouts, deterministic for a seed and anchor. Rows are written
 * directly with prepared statements in transactions of ~5,000 rows (no webhooks), streaming, so `large`
 * (100k customers, 1M orders) stays within a few hundred MB.
 */
import type Database from "better-sqlite3";
import type { CheckoutRecord, CustomerRecord, OrderRecord, ProductRecord, ShopRecord } from "../types";
import { records, reserveIds } from "../store/db";
import { toDecimal, toMinor } from "../store/money";
import { computeTotals, REDUCED_RATE_TYPES } from "../store/pricing";
import { EN_CATALOG, JA_CATALOG } from "./catalog";
import { writeCollections } from "./collections";
import { type Address, emailOf, enProfile, jaProfile, type Profile } from "./people";
import { HISTORY_MS, planOrders, seasonalTime, type SeedSize, sizing } from "./plan";
import { createRng, type Rng, seedOf } from "./prng";

export type SeedOptions = {
  domain: string;
  locale: "ja" | "en";
  size: SeedSize;
  seed?: number | string;
  /** "Now" for the generated history; defaults to the start of today (UTC). */
  anchor?: Date;
  name?: string;
};

export type SeedCounts = { shop: string; products: number; customers: number; orders: number; checkouts: number };

const BATCH = 5_000;
const DAY = 86_400_000;
const JA_CODES = ["WELCOME10", "SPRING500", "VIP15", "THANKYOU5", "SUMMER20"];
const EN_CODES = ["WELCOME10", "VIP15", "THANKYOU5", "BFCM25"];

export function startOfTodayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Collects rows and writes them in one transaction per BATCH. */
function batcher<T>(db: Database.Database, write: (row: T) => void) {
  let rows: T[] = [];
  const flush = db.transaction((batch: T[]) => {
    for (const row of batch) write(row);
  });
  return {
    push(row: T) {
      rows.push(row);
      if (rows.length >= BATCH) {
        flush(rows);
        rows = [];
      }
    },
    end() {
      if (rows.length) flush(rows);
      rows = [];
    },
  };
}

function shopRecord(db: Database.Database, o: SeedOptions, anchor: number): ShopRecord {
  const ja = o.locale === "ja";
  const handle = o.domain.replace(/\.myshopify\.com$/, "");
  return {
    domain: o.domain,
    id: reserveIds(db, "Shop"),
    name: o.name ?? (ja ? "つなぐ商店" : "Tsunagu Goods"),
    email: `owner@${handle}.example.com`,
    currencyCode: ja ? "JPY" : "USD",
    primaryLocale: o.locale,
    ianaTimezone: ja ? "Asia/Tokyo" : "America/New_York",
    plan: "Shopify",
    countryCode: ja ? "JP" : "US",
    createdAt: new Date(anchor - HISTORY_MS - 60 * DAY).toISOString(),
  };
}

function writeProducts(db: Database.Database, shop: ShopRecord, rng: Rng): ProductRecord[] {
  const catalog = shop.primaryLocale === "ja" ? JA_CATALOG : EN_CATALOG;
  const firstProduct = reserveIds(db, "Product", catalog.length);
  let variantId = reserveIds(db, "ProductVariant", catalog.reduce((s, p) => s + p.variants.length, 0));
  const at = new Date(Date.parse(shop.createdAt) + 7 * DAY).toISOString();
  const products = catalog.map((p, i): ProductRecord => ({
    id: firstProduct + i,
    shop: shop.domain,
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    productType: p.productType,
    status: "ACTIVE",
    tags: p.tags,
    imageUrl: null,
    variants: p.variants.map((v, j) => ({
      id: variantId++,
      title: v.title,
      sku: `TSN-${String(i + 1).padStart(3, "0")}-${j + 1}`,
      price: toDecimal(toMinor(v.price, shop.currencyCode), shop.currencyCode),
      inventoryQuantity: rng.int(0, 400),
      availableForSale: true,
    })),
    createdAt: at,
    updatedAt: at,
  }));
  const r = records(db);
  db.transaction(() => products.forEach(r.putProduct))();
  return products;
}

type Sellable = { product: ProductRecord; variantIndex: number; weight: number };

function pickLines(rng: Rng, sellables: Sellable[], weights: number[], maxLines: number) {
  const count = Math.min(maxLines, rng.weighted([1, 2, 3, 4], [55, 28, 12, 5]));
  const chosen = new Map<number, { s: Sellable; quantity: number }>();
  for (let i = 0; i < count; i++) {
    const s = rng.weighted(sellables, weights);
    const v = s.product.variants[s.variantIndex]!;
    const existing = chosen.get(v.id);
    if (existing) existing.quantity++;
    else chosen.set(v.id, { s, quantity: rng.weighted([1, 2, 3], [80, 15, 5]) });
  }
  return [...chosen.values()];
}

/** Seeds a shop that does not exist yet and returns what was written. */
export function seedShop(db: Database.Database, options: SeedOptions): SeedCounts {
  if (records(db).getShop(options.domain)) throw new Error(`Shop ${options.domain} already exists`);
  const anchor = (options.anchor ?? startOfTodayUtc()).getTime();
  const seed = seedOf(options.seed ?? 1, options.domain);
  const rng = createRng(seedOf(seed, "main"));
  const ja = options.locale === "ja";
  const size = sizing(options.locale, options.size);
  const r = records(db);
  const shop = shopRecord(db, options, anchor);
  r.putShop(shop);
  const currency = shop.currencyCode;
  const offsetHours = ja ? 9 : -5;
  const products = writeProducts(db, shop, rng);
  writeCollections(db, shop, products);
  const sellables: Sellable[] = products.flatMap((p, i) =>
    p.variants.map((_, j) => ({ product: p, variantIndex: j, weight: (ja ? JA_CATALOG : EN_CATALOG)[i]!.weight / p.variants.length })),
  );
  const weights = sellables.map((s) => s.weight);
  const profileOf = (i: number): Profile => (ja ? jaProfile(seed, i) : enProfile(seed, i));

  // Pass 1: de-duplicate emails (the n-th holder of a base address gets a number).
  const dup = new Uint16Array(size.customers);
  const seen = new Set<string>();
  for (let i = 0; i < size.customers; i++) {
    const p = profileOf(i);
    if (!p.emailLocal) continue;
    let d = 0;
    while (seen.has(emailOf(p, d)!)) d++;
    dup[i] = d;
    seen.add(emailOf(p, d)!);
  }
  seen.clear();

  const plan = planOrders(seed, options.locale, size, anchor, offsetHours);
  const customerBase = size.customers ? reserveIds(db, "Customer", size.customers) : 0;
  const addressBase = size.customers ? reserveIds(db, "MailingAddress", size.customers) : 0;
  const orderCount = plan.time.length;
  const orderBase = orderCount ? reserveIds(db, "Order", orderCount) : 0;
  let lineId = orderCount ? reserveIds(db, "LineItem", orderCount * 4) : 0;
  const orderAddressBase = orderCount ? reserveIds(db, "MailingAddress", orderCount) : 0;
  const checkoutBase = size.checkouts ? reserveIds(db, "AbandonedCheckout", size.checkouts) : 0;
  let lineIdForCheckouts = size.checkouts ? reserveIds(db, "LineItem", size.checkouts * 4) : 0;
  const checkoutAddressBase = size.checkouts ? reserveIds(db, "MailingAddress", size.checkouts) : 0;

  const spent = new Float64Array(size.customers);
  const numOrders = new Int32Array(size.customers);
  const lastOrder = new Float64Array(size.customers);
  const lastActivity = new Float64Array(size.customers);
  const completedTarget = Math.round(size.checkouts * 0.3);
  const webShare = 0.85 * orderCount;
  let completed = 0;
  const token = (tr: Rng) => {
    let s = "";
    for (let i = 0; i < 4; i++) s += Math.floor(tr.next() * 2 ** 32).toString(16).padStart(8, "0");
    return s;
  };
  const checkoutUrl = (t: string, tr: Rng) => `https://${shop.domain}/${shop.id}/checkouts/${t}/recover?key=${token(tr)}`;
  const checkoutRows = batcher<CheckoutRecord>(db, r.putCheckout);

  // Pass 2: orders in time order; numbers follow time, as on Shopify.
  const orderRows = batcher<OrderRecord>(db, r.putOrder);
  const codes = ja ? JA_CODES : EN_CODES;
  for (let k = 0; k < orderCount; k++) {
    const orng = createRng(seedOf(seed, "order", k));
    const ci = plan.customer[k]!;
    const processed = plan.time[k]!;
    const guest = ci < 0;
    const p = guest ? profileOf(1_000_000 + k) : profileOf(ci);
    const email = guest ? emailOf(p, 0) : emailOf(p, dup[ci]!);
    const pos = orng.chance(0.15);
    const picked = pickLines(orng, sellables, weights, 4);
    const priced = picked.map(({ s, quantity }) => {
      const v = s.product.variants[s.variantIndex]!;
      return {
        reduced: REDUCED_RATE_TYPES.has(s.product.productType),
        line: {
          id: lineId++,
          title: s.product.title,
          variantTitle: v.title === "Default Title" ? null : v.title,
          sku: v.sku,
          vendor: s.product.vendor,
          quantity,
          originalUnitPrice: v.price,
          productId: s.product.id,
          variantId: v.id,
        },
      };
    });
    lineId += 4 - priced.length;
    const discountCodes = orng.chance(0.12) ? [orng.pick(codes)] : [];
    const totals = computeTotals(priced, currency, discountCodes, !pos);
    const ageDays = (anchor - processed) / DAY;
    const cancelled = orng.chance(0.02);
    const financial = cancelled
      ? "REFUNDED"
      : ageDays < 3 && orng.chance(0.15)
        ? "PENDING"
        : orng.chance(0.015)
          ? "PARTIALLY_REFUNDED"
          : "PAID";
    const fulfilled = pos || (!cancelled && (ageDays > 5 || orng.chance(0.4)));
    const fulfillment = fulfilled ? "FULFILLED" : !cancelled && ageDays < 5 && orng.chance(0.1) ? "PARTIALLY_FULFILLED" : "UNFULFILLED";
    const at = new Date(processed).toISOString();
    const later = (hours: number) => new Date(Math.min(anchor, processed + hours * 3_600_000)).toISOString();
    const fulfilledAt = fulfilled ? (pos ? at : later(orng.int(12, 72))) : null;
    const cancelledAt = cancelled ? later(orng.int(1, 48)) : null;
    const address = pos ? null : { ...p.address, id: orderAddressBase + k };
    const id = orderBase + k;
    const checkoutToken = pos ? null : token(orng);
    const order: OrderRecord = {
      id,
      shop: shop.domain,
      name: `#${1001 + k}`,
      number: 1001 + k,
      customerId: guest ? null : customerBase + ci,
      email,
      phone: p.phone,
      currencyCode: currency,
      subtotalPrice: totals.subtotalPrice,
      totalDiscounts: totals.totalDiscounts,
      totalShippingPrice: totals.totalShippingPrice,
      totalTax: totals.totalTax,
      totalPrice: totals.totalPrice,
      displayFinancialStatus: financial,
      displayFulfillmentStatus: fulfillment,
      sourceName: pos ? "pos" : "web",
      discountCodes,
      tags: pos ? ["POS"] : [],
      note: orng.chance(0.03) ? (ja ? "のし希望（御礼）" : "Gift note: Happy birthday!") : null,
      customerLocale: p.locale,
      lineItems: priced.map((x) => x.line),
      shippingAddress: address,
      billingAddress: address,
      test: false,
      processedAt: at,
      createdAt: at,
      updatedAt: [at, fulfilledAt, cancelledAt].filter((x): x is string => Boolean(x)).sort().at(-1)!,
      cancelledAt,
      cancelReason: cancelled ? orng.pick(["CUSTOMER", "INVENTORY", "DECLINED"]) : null,
      closedAt: cancelledAt ?? fulfilledAt,
      fulfilledAt,
      checkoutToken,
    };
    orderRows.push(order);
    if (!guest) {
      lastActivity[ci] = Math.max(lastActivity[ci]!, Date.parse(order.updatedAt));
      if (!cancelled) {
        spent[ci]! += toMinor(order.totalPrice, currency);
        numOrders[ci]! += 1;
        lastOrder[ci] = id;
      }
    }
    // Some web orders come with their (completed) checkout record.
    if (checkoutToken && completed < completedTarget && orng.next() < (completedTarget * 1.2) / webShare) {
      const created = new Date(processed - orng.int(3, 40) * 60_000).toISOString();
      checkoutRows.push({
        id: checkoutBase + completed,
        shop: shop.domain,
        token: checkoutToken,
        customerId: order.customerId,
        email,
        phone: p.phone,
        currencyCode: currency,
        lineItems: order.lineItems.map((l) => ({ ...l, id: lineIdForCheckouts++ })),
        subtotalPrice: order.subtotalPrice,
        totalDiscounts: order.totalDiscounts,
        totalTax: order.totalTax,
        totalPrice: toDecimal(toMinor(order.totalPrice, currency) - toMinor(order.totalShippingPrice, currency), currency),
        discountCodes,
        note: null,
        customerLocale: p.locale,
        shippingAddress: address,
        billingAddress: address,
        abandonedCheckoutUrl: checkoutUrl(checkoutToken, orng),
        abandonedAt: null,
        completedAt: at,
        orderId: id,
        createdAt: created,
        updatedAt: at,
      });
      lineIdForCheckouts += 4 - order.lineItems.length;
      completed++;
    }
  }
  orderRows.end();

  // Pass 3: customers, with aggregates that match their non-cancelled orders.
  const customerRows = batcher<CustomerRecord>(db, r.putCustomer);
  const spentCut = topSpendThreshold(spent);
  for (let i = 0; i < size.customers; i++) {
    const p = profileOf(i);
    const crng = createRng(seedOf(seed, "customer-extra", i));
    const first = plan.firstOrderAt[i]!;
    const created = Number.isNaN(first)
      ? seasonalTime(crng.next, options.locale, anchor - HISTORY_MS, anchor - 3_600_000, offsetHours)
      : first - crng.int(1, 30) * 60_000;
    const updated = Math.max(created, lastActivity[i]!);
    const tags: string[] = [];
    if (spent[i]! > 0 && spent[i]! >= spentCut) tags.push("VIP");
    if (numOrders[i]! >= 3) tags.push(ja ? "リピーター" : "repeat");
    if (p.wholesale) tags.push(ja ? "卸" : "wholesale");
    if (p.flagged) tags.push(ja ? "要注意" : "watch");
    if (p.consent?.state === "SUBSCRIBED" && crng.chance(0.3)) tags.push(ja ? "メルマガ" : "newsletter");
    const consentAt = new Date(created + crng.int(0, 600) * 1000).toISOString();
    customerRows.push({
      id: customerBase + i,
      shop: shop.domain,
      firstName: p.firstName,
      lastName: p.lastName,
      email: emailOf(p, dup[i]!),
      phone: p.phone,
      locale: p.locale,
      note: p.note,
      tags,
      state: p.accountEnabled ? "ENABLED" : "DISABLED",
      verifiedEmail: Boolean(p.emailLocal),
      taxExempt: p.wholesale,
      emailMarketingConsent: p.consent
        ? {
            marketingState: p.consent.state,
            marketingOptInLevel: p.consent.level,
            consentUpdatedAt: p.consent.state === "NOT_SUBSCRIBED" ? null : consentAt,
          }
        : null,
      addresses: [{ ...p.address, id: addressBase + i }],
      defaultAddressId: addressBase + i,
      numberOfOrders: numOrders[i]!,
      amountSpent: toDecimal(spent[i]!, currency),
      lastOrderId: numOrders[i]! > 0 ? lastOrder[i]! : null,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(updated).toISOString(),
    });
  }
  customerRows.end();

  // Pass 4: abandoned checkouts, mostly recent, some by known customers.
  for (let a = completed; a < size.checkouts; a++) {
    const arng = createRng(seedOf(seed, "abandoned", a));
    const known = size.customers > 0 && arng.chance(0.4);
    const ci = known ? arng.int(0, size.customers - 1) : -1;
    const p = known ? profileOf(ci) : profileOf(2_000_000 + a);
    const email = known ? emailOf(p, dup[ci]!) : emailOf(p, 0);
    const recent = arng.chance(0.7);
    const createdMs = recent
      ? anchor - arng.next() * 30 * DAY
      : seasonalTime(arng.next, options.locale, anchor - 365 * DAY, anchor - 30 * DAY, offsetHours);
    const picked = pickLines(arng, sellables, weights, 3);
    const priced = picked.map(({ s, quantity }) => {
      const v = s.product.variants[s.variantIndex]!;
      return {
        reduced: REDUCED_RATE_TYPES.has(s.product.productType),
        line: {
          id: lineIdForCheckouts++,
          title: s.product.title,
          variantTitle: v.title === "Default Title" ? null : v.title,
          sku: v.sku,
          vendor: s.product.vendor,
          quantity,
          originalUnitPrice: v.price,
          productId: s.product.id,
          variantId: v.id,
        },
      };
    });
    lineIdForCheckouts += 4 - priced.length;
    const totals = computeTotals(priced, currency, [], false);
    const t = token(arng);
    const created = new Date(Math.floor(createdMs / 1000) * 1000).toISOString();
    const updated = new Date(Date.parse(created) + arng.int(1, 20) * 60_000).toISOString();
    const address: Address | null = arng.chance(0.6) ? p.address : null;
    checkoutRows.push({
      id: checkoutBase + a,
      shop: shop.domain,
      token: t,
      customerId: known ? customerBase + ci : null,
      email,
      phone: p.phone,
      currencyCode: currency,
      lineItems: priced.map((x) => x.line),
      subtotalPrice: totals.subtotalPrice,
      totalDiscounts: totals.totalDiscounts,
      totalTax: totals.totalTax,
      totalPrice: totals.totalPrice,
      discountCodes: [],
      note: null,
      customerLocale: p.locale,
      shippingAddress: address ? { ...address, id: checkoutAddressBase + a } : null,
      billingAddress: address ? { ...address, id: checkoutAddressBase + a } : null,
      abandonedCheckoutUrl: checkoutUrl(t, arng),
      abandonedAt: new Date(Math.min(anchor, Date.parse(updated) + 3_600_000)).toISOString(),
      completedAt: null,
      orderId: null,
      createdAt: created,
      updatedAt: updated,
    });
  }
  checkoutRows.end();

  return {
    shop: shop.domain,
    products: products.length,
    customers: size.customers,
    orders: orderCount,
    checkouts: Math.max(size.checkouts, completed),
  };
}

/** Spend that puts a customer in the top 5% of buyers. */
function topSpendThreshold(spent: Float64Array): number {
  const buyers = Array.from(spent).filter((s) => s > 0).sort((a, b) => b - a);
  if (buyers.length === 0) return Number.POSITIVE_INFINITY;
  return buyers[Math.max(0, Math.floor(buyers.length * 0.05) - 1)]!;
}
