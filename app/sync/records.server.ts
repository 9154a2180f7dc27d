/**
 * The shared writers for synced Shopify records, used by webhooks (one row) and the initial bulk sync (1,000-row
 * batches). Keyed on (shop, shopifyId); the newest `shopifyUpdatedAt` wins, so repeats and reordering never roll data
 * back: an older row changes nothing and an equal one is a no-op. One transaction per batch; new rows go in with
 * createMany, and each winning update is a conditional update (`shopifyUpdatedAt < incoming`), which stays correct
 * when two workers race on the same record.
 */
import type { Prisma } from "@tsunagu-generated/prisma-sqlite";
import { recomputeCustomerFacts } from "../customers/facts.server";
import prisma from "../db.server";
import type { CheckoutRow, CustomerRow, OrderRow } from "./types";

type Tx = Prisma.TransactionClient;

// Long batches (bulk sync) hold the SQLite writer a while; the default 5 s interactive timeout is too tight there.
const TX_OPTIONS = { timeout: 60_000, maxWait: 30_000 };

// SQLite through the driver adapter takes at most 999 bound values per statement; IN lists stay well below.
const IN_LIST = 500;

/**
 * Another writer (the initial sync's bulk loader, a second worker) can insert the same (shop, shopifyId) between our
 * read and our insert; the unique key then refuses the insert. Running the batch again is correct: the rows now exist
 * and take the newest-wins update path.
 */
async function retryOnUniqueConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
      if (code !== "P2002" || attempt >= attempts) throw error;
    }
  }
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_LIST) out.push(items.slice(i, i + IN_LIST));
  return out;
}

/** Runs one query per slice of ids and joins the rows. */
async function perChunk<T>(ids: string[], query: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (const slice of chunks(ids)) rows.push(...(await query(slice)));
  return rows;
}

/** Keeps the newest row per shopifyId, so a batch holding two versions of one record writes the newer. */
function newestById<T extends { shopifyId: string; shopifyUpdatedAt: Date }>(rows: T[]): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) {
    const seen = byId.get(row.shopifyId);
    if (!seen || seen.shopifyUpdatedAt < row.shopifyUpdatedAt) byId.set(row.shopifyId, row);
  }
  return [...byId.values()];
}

function customerData(row: CustomerRow) {
  const main = row.addresses[0];
  return {
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phone: row.phone,
    note: row.note,
    tags: row.tags.join(", "),
    state: row.state,
    marketingState: row.marketingState,
    marketingOptInLevel: row.marketingOptInLevel,
    marketingConsentUpdatedAt: row.marketingConsentUpdatedAt,
    addresses: JSON.stringify(row.addresses),
    provinceCode: main?.provinceCode ?? null,
    countryCode: main?.countryCode ?? null,
    zip: main?.zip ?? null,
    shopifyCreatedAt: row.shopifyCreatedAt,
    shopifyUpdatedAt: row.shopifyUpdatedAt,
    // A newer write after a customers/delete brings the customer back (Shopify never reuses ids).
    deletedAt: null,
  };
}

/** Writes customers newer than what is stored, with their tags; returns how many rows changed, and which. */
export async function upsertCustomers(shop: string, rows: CustomerRow[]): Promise<{ written: number; writtenIds: Set<string> }> {
  const batch = newestById(rows);
  if (batch.length === 0) return { written: 0, writtenIds: new Set() };
  const created = await retryOnUniqueConflict(() => prisma.$transaction(async (tx) => {
    const existing = await perChunk(batch.map((r) => r.shopifyId), (ids) =>
      tx.customer.findMany({ where: { shop, shopifyId: { in: ids } }, select: { shopifyId: true, shopifyUpdatedAt: true } }),
    );
    const stored = new Map(existing.map((c) => [c.shopifyId, c.shopifyUpdatedAt]));
    const fresh = batch.filter((r) => !stored.has(r.shopifyId));
    const newer = batch.filter((r) => {
      const at = stored.get(r.shopifyId);
      return at !== undefined && at < r.shopifyUpdatedAt;
    });

    if (fresh.length > 0) {
      await tx.customer.createMany({
        data: fresh.map((r) => ({ shop, shopifyId: r.shopifyId, locale: r.locale, ...customerData(r) })),
      });
    }
    const won: CustomerRow[] = [...fresh];
    for (const r of newer) {
      const { count } = await tx.customer.updateMany({
        // A redacted row (customers/redact) never takes personal data back, however new the update.
        where: { shop, shopifyId: r.shopifyId, shopifyUpdatedAt: { lt: r.shopifyUpdatedAt }, redactedAt: null },
        // REST payloads carry no locale (GraphQL's is never null): keep the one we know rather than erase it.
        data: { ...customerData(r), ...(r.locale ? { locale: r.locale } : {}) },
      });
      if (count > 0) won.push(r);
    }
    await replaceCustomerTags(tx, shop, won, fresh.length);
    return { written: won.length, won: won.map((r) => r.shopifyId), fresh: fresh.map((r) => r.shopifyId) };
  }, TX_OPTIONS));
  // Orders may have arrived before their customer (webhooks are unordered): give those new customers their facts.
  // Only buyers need it (a new row starts at zero), which keeps a 1,000-row bulk batch to one extra query.
  if (created.fresh.length > 0) {
    const buyers = await perChunk(created.fresh, (ids) =>
      prisma.order.findMany({
        where: { shop, customerShopifyId: { in: ids } },
        select: { customerShopifyId: true },
        distinct: ["customerShopifyId"],
      }),
    );
    const ids = buyers.flatMap((o) => (o.customerShopifyId ? [o.customerShopifyId] : []));
    if (ids.length > 0) await recomputeCustomerFacts(shop, ids);
  }
  return { written: created.written, writtenIds: new Set(created.won) };
}

async function replaceCustomerTags(tx: Tx, shop: string, won: CustomerRow[], freshCount: number): Promise<void> {
  // The first `freshCount` rows are new customers: they have no tags stored yet.
  const updated = won.slice(freshCount).map((r) => r.shopifyId);
  for (const ids of chunks(updated)) await tx.customerTag.deleteMany({ where: { shop, customerShopifyId: { in: ids } } });
  const tags = won.flatMap((r) => r.tags.map((tag) => ({ shop, customerShopifyId: r.shopifyId, tag })));
  if (tags.length > 0) await tx.customerTag.createMany({ data: tags });
}

/**
 * customers/delete: keeps the row as a tombstone at `at`, so an update that was sent before the delete and arrives
 * after it changes nothing. Creates the tombstone when the customer was never seen. A delete older than the stored
 * update is stale and ignored.
 */
export async function markCustomerDeleted(shop: string, shopifyId: string, at: Date): Promise<void> {
  await retryOnUniqueConflict(() => prisma.$transaction(async (tx) => {
    const existing = await tx.customer.findUnique({
      where: { shop_shopifyId: { shop, shopifyId } },
      select: { shopifyUpdatedAt: true, deletedAt: true },
    });
    if (!existing) {
      await tx.customer.create({
        data: { shop, shopifyId, shopifyCreatedAt: at, shopifyUpdatedAt: at, deletedAt: at },
      });
      return;
    }
    if (existing.deletedAt || existing.shopifyUpdatedAt > at) return;
    // Moving shopifyUpdatedAt to the delete makes the one comparison in the upserts guard the tombstone too.
    await tx.customer.updateMany({
      where: { shop, shopifyId, shopifyUpdatedAt: { lte: at } },
      data: { deletedAt: at, shopifyUpdatedAt: at },
    });
    await tx.customerTag.deleteMany({ where: { shop, customerShopifyId: shopifyId } });
  }));
}

function orderData(row: OrderRow) {
  return {
    customerShopifyId: row.customerShopifyId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    currencyCode: row.currencyCode,
    subtotalPrice: row.subtotalPrice,
    totalDiscounts: row.totalDiscounts,
    totalShipping: row.totalShipping,
    totalTax: row.totalTax,
    totalPrice: row.totalPrice,
    financialStatus: row.financialStatus,
    fulfillmentStatus: row.fulfillmentStatus,
    sourceName: row.sourceName,
    discountCodes: JSON.stringify(row.discountCodes),
    tags: row.tags.join(", "),
    note: row.note,
    processedAt: row.processedAt,
    cancelledAt: row.cancelledAt,
    shopifyCreatedAt: row.shopifyCreatedAt,
    shopifyUpdatedAt: row.shopifyUpdatedAt,
  };
}

/**
 * Writes orders newer than what is stored, replacing their line items. Returns the customers whose facts the change
 * touches (the buyer, and the previous buyer when an order moved); their facts are recomputed unless
 * `recomputeFacts: false` (the bulk sync recomputes the whole shop once at the end instead).
 */
export async function upsertOrders(
  shop: string,
  rows: OrderRow[],
  options: { recomputeFacts?: boolean } = {},
): Promise<{ written: number; customerIds: string[] }> {
  const batch = newestById(rows);
  if (batch.length === 0) return { written: 0, customerIds: [] };
  const result = await retryOnUniqueConflict(() => prisma.$transaction(async (tx) => {
    const existing = await perChunk(batch.map((r) => r.shopifyId), (ids) =>
      tx.order.findMany({
        where: { shop, shopifyId: { in: ids } },
        select: { id: true, shopifyId: true, shopifyUpdatedAt: true, customerShopifyId: true },
      }),
    );
    const stored = new Map(existing.map((o) => [o.shopifyId, o]));
    const customers = new Set<string>();
    const won: Array<{ orderId: string; row: OrderRow }> = [];

    const fresh = batch.filter((r) => !stored.has(r.shopifyId));
    if (fresh.length > 0) {
      const created = await tx.order.createManyAndReturn({
        data: fresh.map((r) => ({ shop, shopifyId: r.shopifyId, ...orderData(r) })),
        select: { id: true, shopifyId: true },
      });
      const byShopifyId = new Map(fresh.map((r) => [r.shopifyId, r]));
      for (const o of created) won.push({ orderId: o.id, row: byShopifyId.get(o.shopifyId)! });
    }
    const replaced: string[] = [];
    for (const r of batch) {
      const before = stored.get(r.shopifyId);
      if (!before || before.shopifyUpdatedAt >= r.shopifyUpdatedAt) continue;
      const { count } = await tx.order.updateMany({
        // A redacted row (customers/redact) never takes personal data back, however new the update.
        where: { shop, shopifyId: r.shopifyId, shopifyUpdatedAt: { lt: r.shopifyUpdatedAt }, redactedAt: null },
        data: orderData(r),
      });
      if (count === 0) continue;
      won.push({ orderId: before.id, row: r });
      replaced.push(before.id);
      if (before.customerShopifyId) customers.add(before.customerShopifyId);
    }
    for (const ids of chunks(replaced)) await tx.orderLineItem.deleteMany({ where: { shop, orderId: { in: ids } } });
    const lines = won.flatMap(({ orderId, row }) =>
      row.lineItems.map((l) => ({
        shop,
        orderId,
        shopifyId: l.shopifyId,
        title: l.title,
        variantTitle: l.variantTitle,
        sku: l.sku,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        productShopifyId: l.productShopifyId,
        variantShopifyId: l.variantShopifyId,
      })),
    );
    if (lines.length > 0) await tx.orderLineItem.createMany({ data: lines });
    for (const { row } of won) if (row.customerShopifyId) customers.add(row.customerShopifyId);
    return { written: won.length, customerIds: [...customers] };
  }, TX_OPTIONS));
  if (options.recomputeFacts !== false && result.customerIds.length > 0) {
    await recomputeCustomerFacts(shop, result.customerIds);
  }
  return result;
}

function checkoutData(row: CheckoutRow) {
  return {
    token: row.token,
    customerShopifyId: row.customerShopifyId,
    email: row.email,
    phone: row.phone,
    currencyCode: row.currencyCode,
    totalPrice: row.totalPrice,
    lineItems: JSON.stringify(row.lineItems),
    recoveryUrl: row.recoveryUrl,
    completedAt: row.completedAt,
    shopifyCreatedAt: row.shopifyCreatedAt,
    shopifyUpdatedAt: row.shopifyUpdatedAt,
  };
}

/** Writes abandoned checkouts newer than what is stored. */
export async function upsertCheckouts(shop: string, rows: CheckoutRow[]): Promise<{ written: number }> {
  const batch = newestById(rows);
  if (batch.length === 0) return { written: 0 };
  return retryOnUniqueConflict(() => prisma.$transaction(async (tx) => {
    const existing = await perChunk(batch.map((r) => r.shopifyId), (ids) =>
      tx.abandonedCheckout.findMany({ where: { shop, shopifyId: { in: ids } }, select: { shopifyId: true, shopifyUpdatedAt: true } }),
    );
    const stored = new Map(existing.map((c) => [c.shopifyId, c.shopifyUpdatedAt]));
    const fresh = batch.filter((r) => !stored.has(r.shopifyId));
    if (fresh.length > 0) {
      await tx.abandonedCheckout.createMany({ data: fresh.map((r) => ({ shop, shopifyId: r.shopifyId, ...checkoutData(r) })) });
    }
    let written = fresh.length;
    for (const r of batch) {
      const at = stored.get(r.shopifyId);
      if (at === undefined || at >= r.shopifyUpdatedAt) continue;
      const { count } = await tx.abandonedCheckout.updateMany({
        // A redacted row (customers/redact) never takes personal data back, however new the update.
        where: { shop, shopifyId: r.shopifyId, shopifyUpdatedAt: { lt: r.shopifyUpdatedAt }, redactedAt: null },
        data: checkoutData(r),
      });
      written += count;
    }
    return { written };
  }, TX_OPTIONS));
}
