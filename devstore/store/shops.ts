/** Shop lookups shared by the state-change functions. */
import type Database from "better-sqlite3";
import type { CustomerRecord, ShopRecord } from "../types";
import { records } from "./db";
import { notFound } from "./errors";
import { toDecimal, toMinor } from "./money";

export function requireShop(db: Database.Database, domain: string): ShopRecord {
  const shop = records(db).getShop(domain);
  if (!shop) throw notFound("Shop", domain);
  return shop;
}

export function requireCustomer(db: Database.Database, shop: string, id: number): CustomerRecord {
  const customer = records(db).getCustomer(shop, id);
  if (!customer) throw notFound("Customer", id);
  return customer;
}

/** Re-derives numberOfOrders, amountSpent and lastOrderId from the customer's non-cancelled orders. */
export function customerAggregates(
  db: Database.Database,
  shop: string,
  customerId: number,
  currency: string,
): Pick<CustomerRecord, "numberOfOrders" | "amountSpent" | "lastOrderId"> {
  const rows = db
    .prepare(
      `SELECT id, json_extract(data, '$.totalPrice') AS total FROM orders
       WHERE shop = ? AND customer_id = ? AND json_extract(data, '$.cancelledAt') IS NULL
       ORDER BY processed_at, id`,
    )
    .all(shop, customerId) as { id: number; total: string }[];
  const minor = rows.reduce((sum, r) => sum + toMinor(r.total, currency), 0);
  return {
    numberOfOrders: rows.length,
    amountSpent: toDecimal(minor, currency),
    lastOrderId: rows.at(-1)?.id ?? null,
  };
}
