/** Seeds the demo collections of a shop (catalog.ts) directly, without webhooks, as the rest of the seed. */
import type Database from "better-sqlite3";
import { putCollection } from "../store/collections";
import { reserveIds } from "../store/db";
import type { ProductRecord, ShopRecord } from "../types";
import { EN_COLLECTIONS, JA_COLLECTIONS } from "./catalog";

export function writeCollections(db: Database.Database, shop: ShopRecord, products: ProductRecord[]): number {
  const catalog = shop.primaryLocale === "ja" ? JA_COLLECTIONS : EN_COLLECTIONS;
  const byHandle = new Map(products.map((p) => [p.handle, p.id]));
  const first = reserveIds(db, "Collection", catalog.length);
  // A day after the products: the collections were put together once the catalog existed.
  const at = new Date(Date.parse(products[0]?.updatedAt ?? shop.createdAt) + 86_400_000).toISOString();
  db.transaction(() => {
    catalog.forEach((c, i) => {
      const productIds = (c.productHandles ?? []).map((h) => byHandle.get(h)).filter((id): id is number => id !== undefined);
      putCollection(
        db,
        {
          id: first + i,
          shop: shop.domain,
          title: c.title,
          handle: c.handle,
          descriptionHtml: "",
          sortOrder: c.ruleSet ? "BEST_SELLING" : "MANUAL",
          ruleSet: c.ruleSet ? { appliedDisjunctively: c.ruleSet.appliedDisjunctively, rules: c.ruleSet.rules.map((r) => ({ ...r })) } : null,
          createdAt: at,
          updatedAt: at,
          publishedAt: at,
        },
        productIds,
      );
    });
  })();
  return catalog.length;
}
