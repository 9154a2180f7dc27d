/**
 * Collections and their products, kept for "bought from a collection" segment rules (issue 5). Shopify's collections
 * are read through ordinary paginated queries (there are few of them): each collection is written with its whole
 * membership in one transaction, so a run that stops halfway leaves every collection either old or new, and running
 * again converges (idempotent). A full sync runs once after the initial sync and then daily; the collections/*
 * webhooks refresh the one collection they name.
 */
import { z } from "zod";
import prisma from "../db.server";
import { type AdminGateway, adminGateway } from "../shopify/gateway.server";
import { CollectionById, CollectionProductsPage, CollectionsPage, type CollectionsPageData, type SyncCollection } from "../shopify/operations";
import type { HandlerOutcome } from "../webhooks/types";
import { gidNumber } from "./bulk-rows";

export const COLLECTION_SYNC_EVERY_MS = 24 * 60 * 60_000;
const SCHEDULE_CHECK_MS = 60_000;

type Log = (message: string, context?: object) => void;

export type CollectionSyncDeps = {
  /** The Admin gateway for a shop; by default its offline session through `unauthenticated.admin`. */
  gatewayFor?: (shop: string) => Promise<AdminGateway>;
  log?: Log;
  now?: () => Date;
};

async function offlineGateway(shop: string): Promise<AdminGateway> {
  // Loaded lazily: shopify.server parses the app's environment, which tests driving the sync directly do not have.
  const { unauthenticated } = await import("../shopify.server");
  const { admin } = await unauthenticated.admin(shop);
  return adminGateway(admin.graphql);
}

/** Every product id of the collection: the first page came with it, the rest is read 250 at a time. */
async function allProductIds(gateway: AdminGateway, collection: SyncCollection): Promise<string[]> {
  const ids = collection.products.nodes.map((p) => gidNumber(p.id));
  for (let info = collection.products.pageInfo; info.hasNextPage && info.endCursor; ) {
    const more = await gateway.run(CollectionProductsPage, { id: collection.id, after: info.endCursor });
    if (!more.collection) break;
    ids.push(...more.collection.products.nodes.map((p) => gidNumber(p.id)));
    info = more.collection.products.pageInfo;
  }
  return ids;
}

/**
 * Writes one collection and replaces its membership, in one transaction. A stored version newer than what was read
 * (a webhook refreshed it while a full sync was paging) wins: the read is then stale and changes nothing.
 */
async function writeCollection(shop: string, collection: SyncCollection, productIds: string[], syncedAt: Date): Promise<boolean> {
  const shopifyId = gidNumber(collection.id);
  const updatedAt = new Date(collection.updatedAt);
  return prisma.$transaction(async (tx) => {
    const stored = await tx.collection.findUnique({ where: { shop_shopifyId: { shop, shopifyId } }, select: { shopifyUpdatedAt: true } });
    if (stored?.shopifyUpdatedAt && stored.shopifyUpdatedAt > updatedAt) {
      // Still in Shopify: a full sync must not take it for deleted.
      await tx.collection.update({ where: { shop_shopifyId: { shop, shopifyId } }, data: { syncedAt } });
      return false;
    }
    const fields = { title: collection.title, handle: collection.handle, shopifyUpdatedAt: updatedAt, syncedAt };
    await tx.collection.upsert({ where: { shop_shopifyId: { shop, shopifyId } }, create: { shop, shopifyId, ...fields }, update: fields });
    await tx.collectionProduct.deleteMany({ where: { shop, collectionShopifyId: shopifyId } });
    const unique = [...new Set(productIds)];
    if (unique.length > 0) {
      await tx.collectionProduct.createMany({ data: unique.map((productShopifyId) => ({ shop, collectionShopifyId: shopifyId, productShopifyId })) });
    }
    return true;
  });
}

async function removeCollection(shop: string, shopifyId: string): Promise<void> {
  await prisma.$transaction([
    prisma.collectionProduct.deleteMany({ where: { shop, collectionShopifyId: shopifyId } }),
    prisma.collection.deleteMany({ where: { shop, shopifyId } }),
  ]);
}

export type CollectionSyncResult = { collections: number; products: number; removed: number };

/**
 * Reads every collection of the shop with its products and stores them; collections no longer in Shopify are removed
 * (those not seen by this run and not written since it started).
 */
export async function syncCollections(shop: string, gateway: AdminGateway, now = new Date()): Promise<CollectionSyncResult> {
  let collections = 0;
  let products = 0;
  for (let after: string | null = null; ; ) {
    const page: CollectionsPageData = await gateway.run(CollectionsPage, { after });
    for (const collection of page.collections.nodes) {
      const ids = await allProductIds(gateway, collection);
      await writeCollection(shop, collection, ids, now);
      collections++;
      products += ids.length;
    }
    if (!page.collections.pageInfo.hasNextPage || !page.collections.pageInfo.endCursor) break;
    after = page.collections.pageInfo.endCursor;
  }
  const gone = await prisma.collection.findMany({ where: { shop, syncedAt: { lt: now } }, select: { shopifyId: true } });
  for (const { shopifyId } of gone) await removeCollection(shop, shopifyId);
  return { collections, products, removed: gone.length };
}

const CollectionPayload = z.object({ id: z.union([z.number(), z.string()]), admin_graphql_api_id: z.string().optional() });

/**
 * collections/create, collections/update, collections/delete: the payload names the collection (it carries no
 * products), so create and update read it again from the Admin API and replace its membership; delete removes it.
 * Repeats and reordering are harmless: whatever arrives, the stored collection ends as Shopify has it now.
 */
export async function applyCollectionWebhook(
  shop: string,
  topic: string,
  payload: unknown,
  deps: Pick<CollectionSyncDeps, "gatewayFor"> = {},
): Promise<HandlerOutcome> {
  const parsed = CollectionPayload.parse(payload);
  const shopifyId = String(parsed.id);
  if (topic === "collections/delete") {
    await removeCollection(shop, shopifyId);
    return { status: "processed" };
  }
  const gateway = await (deps.gatewayFor ?? offlineGateway)(shop);
  const { collection } = await gateway.run(CollectionById, { id: parsed.admin_graphql_api_id ?? `gid://shopify/Collection/${shopifyId}` });
  if (!collection) {
    // Deleted since: the delete webhook may still be on its way, or was handled before this one.
    await removeCollection(shop, shopifyId);
    return { status: "processed", note: "collection no longer exists" };
  }
  const written = await writeCollection(shop, collection, await allProductIds(gateway, collection), new Date());
  return written ? { status: "processed" } : { status: "skipped", note: "not newer than the stored collection" };
}

export type CollectionChoice = { id: string; title: string };

const byTitle = new Intl.Collator("ja");

/**
 * The shop's collections for the segment builder's picker, by title (one collation on both databases). `id` is what
 * segment rules store.
 */
export async function listCollections(shop: string): Promise<CollectionChoice[]> {
  const rows = await prisma.collection.findMany({ where: { shop }, orderBy: { shopifyId: "asc" }, select: { shopifyId: true, title: true } });
  return rows.sort((a, b) => byTitle.compare(a.title, b.title)).map((r) => ({ id: r.shopifyId, title: r.title }));
}

/** When each shop's collections were last read by this process (shops without collections have no syncedAt to show it). */
const lastRunAt = new Map<string, number>();
const active = new Map<string, Promise<void>>();
let lastScheduleCheck = 0;
let lastFreshCheck = 0;

/**
 * Whether the shop's collections are due: the shop is installed, its initial sync has completed, and they were never
 * read since, or over a day ago.
 */
async function isDue(shop: string, now: Date): Promise<boolean> {
  const [installed, initial, stored] = await Promise.all([
    prisma.shop.findFirst({ where: { domain: shop, uninstalledAt: null }, select: { domain: true } }),
    prisma.syncRun.findFirst({ where: { shop, kind: "initial", status: "completed" }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } }),
    prisma.collection.aggregate({ where: { shop }, _max: { syncedAt: true } }),
  ]);
  if (!installed || !initial?.finishedAt) return false;
  const last = Math.max(stored._max.syncedAt?.getTime() ?? 0, lastRunAt.get(shop) ?? 0);
  return last < initial.finishedAt.getTime() || now.getTime() - last >= COLLECTION_SYNC_EVERY_MS;
}

/**
 * Called from the worker loop: starts a collections sync in the background for each shop that is due and returns how
 * many it started. Shops whose initial sync just completed are looked at on every call (one query), so their
 * collections follow at once; every installed shop is looked at once a minute (or when `force`d) for the daily run.
 */
export async function runDueCollectionSyncs(deps: CollectionSyncDeps & { force?: boolean } = {}): Promise<number> {
  const now = deps.now?.() ?? new Date();
  const log = deps.log ?? ((message: string, context?: object) => console.log(`[collections] ${message}`, context ?? ""));
  const candidates = new Set<string>();
  // Overlapping windows: a run finished by another process just before this clock read is not missed.
  const fresh = await prisma.syncRun.findMany({
    where: { kind: "initial", status: "completed", finishedAt: { gte: new Date(lastFreshCheck - 5_000) } },
    select: { shop: true },
  });
  lastFreshCheck = now.getTime();
  for (const run of fresh) candidates.add(run.shop);
  if (deps.force || now.getTime() - lastScheduleCheck >= SCHEDULE_CHECK_MS) {
    lastScheduleCheck = now.getTime();
    const shops = await prisma.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
    for (const { domain } of shops) candidates.add(domain);
  }
  let started = 0;
  for (const domain of candidates) {
    if (active.has(domain) || !(await isDue(domain, now))) continue;
    lastRunAt.set(domain, now.getTime());
    const job = (async () => {
      try {
        const gateway = await (deps.gatewayFor ?? offlineGateway)(domain);
        const result = await syncCollections(domain, gateway, now);
        log("collections synced", { shop: domain, ...result });
      } catch (error) {
        log("collections sync failed", { shop: domain, error: error instanceof Error ? error.message : String(error) });
      }
    })().finally(() => active.delete(domain));
    active.set(domain, job);
    started++;
  }
  return started;
}

/** Resolves when every collections sync this process started has ended (tests, shutdown). */
export async function settleCollectionSyncs(): Promise<void> {
  while (active.size > 0) await Promise.all([...active.values()]);
}
