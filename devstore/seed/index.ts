/** Seeding entry points: one shop, or the two demo shops. */
import type Database from "better-sqlite3";
import { records } from "../store/db";
import type { SeedSize } from "./plan";
import { type SeedCounts, seedShop } from "./seed-shop";

export { seedShop, startOfTodayUtc } from "./seed-shop";
export type { SeedCounts, SeedOptions } from "./seed-shop";
export type { SeedSize } from "./plan";

export const DEMO_SHOPS = [
  { domain: "tsunagu-demo.myshopify.com", locale: "ja" },
  { domain: "tsunagu-demo-en.myshopify.com", locale: "en" },
] as const;

/** Creates the Japanese and English demo shops when they are missing; existing shops are left alone. */
export function ensureDemoShops(db: Database.Database, size: SeedSize = "tiny", anchor?: Date): SeedCounts[] {
  const created: SeedCounts[] = [];
  for (const demo of DEMO_SHOPS) {
    if (records(db).getShop(demo.domain)) continue;
    created.push(seedShop(db, { ...demo, size, ...(anchor ? { anchor } : {}) }));
  }
  return created;
}
