/** A fresh seeded shop on an in-memory context, for the store's and the control API's unit tests. */
import crypto from "node:crypto";
import { seedShop } from "../seed/index";
import { createTestContext } from "../testing";
import type { DevstoreConfig, ProductRecord } from "../types";

export function createTestShop(locale: "ja" | "en" = "ja", overrides: Partial<DevstoreConfig> = {}) {
  const ctx = createTestContext(overrides);
  const shop = `test-${crypto.randomBytes(4).toString("hex")}.myshopify.com`;
  seedShop(ctx.db, { domain: shop, locale, size: "empty", anchor: new Date("2026-11-20T00:00:00Z") });
  const products = (ctx.db.prepare("SELECT data FROM products WHERE shop = ? ORDER BY id").all(shop) as { data: string }[]).map(
    (r) => JSON.parse(r.data) as ProductRecord,
  );
  const variant = (handle: string, index = 0) => {
    const v = products.find((p) => p.handle === handle)?.variants[index];
    if (!v) throw new Error(`no variant ${handle}#${index}`);
    return v;
  };
  return { ctx, shop, products, variant };
}
