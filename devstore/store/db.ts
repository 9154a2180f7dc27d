/**
 * The dev store's own database: one SQLite file (better-sqlite3, WAL). Each resource table keeps the columns that
 * queries filter or sort on, plus the whole record as JSON in `data`. Ids are global across shops, as Shopify's are.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type {
  AccessTokenRecord,
  BulkOperationRecord,
  CheckoutRecord,
  CustomerRecord,
  OrderRecord,
  ProductRecord,
  ShopRecord,
} from "../types";

const DDL = `
CREATE TABLE IF NOT EXISTS shops (
  domain TEXT PRIMARY KEY,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS id_sequences (
  kind TEXT PRIMARY KEY,
  next_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS customers (
  id INTEGER PRIMARY KEY,
  shop TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS customers_shop_id ON customers (shop, id);
CREATE INDEX IF NOT EXISTS customers_shop_updated ON customers (shop, updated_at, id);
CREATE INDEX IF NOT EXISTS customers_shop_created ON customers (shop, created_at, id);
CREATE INDEX IF NOT EXISTS customers_shop_email ON customers (shop, email);
CREATE TABLE IF NOT EXISTS orders (
  id INTEGER PRIMARY KEY,
  shop TEXT NOT NULL,
  customer_id INTEGER,
  number INTEGER NOT NULL,
  processed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_shop_id ON orders (shop, id);
CREATE INDEX IF NOT EXISTS orders_shop_processed ON orders (shop, processed_at, id);
CREATE INDEX IF NOT EXISTS orders_shop_updated ON orders (shop, updated_at, id);
CREATE INDEX IF NOT EXISTS orders_shop_customer ON orders (shop, customer_id, processed_at);
CREATE UNIQUE INDEX IF NOT EXISTS orders_shop_number ON orders (shop, number);
CREATE TABLE IF NOT EXISTS products (
  id INTEGER PRIMARY KEY,
  shop TEXT NOT NULL,
  handle TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS products_shop_updated ON products (shop, updated_at, id);
-- Collections (store/collections.ts): custom ones list their products, smart ones hold what their rules matched.
CREATE TABLE IF NOT EXISTS collections (
  id INTEGER PRIMARY KEY,
  shop TEXT NOT NULL,
  handle TEXT NOT NULL,
  title TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS collections_shop_handle ON collections (shop, handle);
CREATE INDEX IF NOT EXISTS collections_shop_updated ON collections (shop, updated_at, id);
CREATE TABLE IF NOT EXISTS collection_products (
  collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  product_id INTEGER NOT NULL,
  shop TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (collection_id, product_id)
);
CREATE INDEX IF NOT EXISTS collection_products_product ON collection_products (shop, product_id, collection_id);
CREATE TABLE IF NOT EXISTS checkouts (
  id INTEGER PRIMARY KEY,
  shop TEXT NOT NULL,
  token TEXT NOT NULL,
  customer_id INTEGER,
  completed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checkouts_shop_updated ON checkouts (shop, updated_at, id);
-- Bulk exports page abandoned checkouts by id; without this SQLite sorted the shop's every checkout per page.
CREATE INDEX IF NOT EXISTS checkouts_shop_id ON checkouts (shop, id);
CREATE UNIQUE INDEX IF NOT EXISTS checkouts_token ON checkouts (token);
CREATE TABLE IF NOT EXISTS access_tokens (
  token TEXT PRIMARY KEY,
  shop TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bulk_operations (
  id INTEGER PRIMARY KEY,
  shop TEXT NOT NULL,
  status TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS bulk_operations_shop ON bulk_operations (shop, id);
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
  id INTEGER PRIMARY KEY,
  shop TEXT NOT NULL,
  topic TEXT NOT NULL,
  uri TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT 'JSON',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  webhook_id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  shop TEXT NOT NULL,
  topic TEXT NOT NULL,
  uri TEXT NOT NULL,
  body TEXT NOT NULL,
  triggered_at TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  next_attempt_at TEXT,
  delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_shop ON webhook_deliveries (shop, triggered_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON webhook_deliveries (status, next_attempt_at);
`;

/** Opens (and creates when missing) the dev store database. */
export function openDevstoreDb(dbPath: string): Database.Database {
  if (dbPath !== ":memory:") fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const db = new Database(dbPath);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.exec(DDL);
  return db;
}

/** First id handed out per kind: Shopify ids are large numbers, and distinct ranges make mix-ups visible. */
const ID_BASE: Record<string, number> = {
  Shop: 60_000_000_000,
  Customer: 7_000_000_000_000,
  MailingAddress: 8_000_000_000_000,
  Order: 5_000_000_000_000,
  LineItem: 14_000_000_000_000,
  Product: 9_000_000_000_000,
  ProductVariant: 45_000_000_000_000,
  AbandonedCheckout: 30_000_000_000_000,
  BulkOperation: 4_000_000_000_000,
  WebhookSubscription: 1_300_000_000_000,
  DiscountCodeNode: 1_500_000_000_000,
  Collection: 480_000_000_000,
};

const reserveStatements = new WeakMap<Database.Database, Database.Statement>();

/** Reserves `count` consecutive ids of a kind and returns the first. */
export function reserveIds(db: Database.Database, kind: string, count = 1): number {
  let statement = reserveStatements.get(db);
  if (!statement) {
    statement = db.prepare(
      `INSERT INTO id_sequences (kind, next_id) VALUES (?, ?)
       ON CONFLICT(kind) DO UPDATE SET next_id = next_id + ?
       RETURNING next_id`,
    );
    reserveStatements.set(db, statement);
  }
  const base = ID_BASE[kind] ?? 1_000_000_000_000;
  const row = statement.get(kind, base + count, count) as { next_id: number };
  return row.next_id - count;
}

export function gid(kind: string, id: number | string): string {
  return `gid://shopify/${kind}/${id}`;
}

/** Parses "gid://shopify/Customer/123" into its kind and numeric id; null when it is not a Shopify gid. */
export function parseGid(value: string): { kind: string; id: number } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match) return null;
  return { kind: match[1]!, id: Number(match[2]) };
}

type Row = { data: string };

function parseRow<T>(row: Row | undefined): T | null {
  return row ? (JSON.parse(row.data) as T) : null;
}

const recordsByDb = new WeakMap<Database.Database, Records>();

/**
 * Typed record access shared by every part of the dev store. Writes keep the indexed columns in step with `data`.
 * One instance per database: its ~20 prepared statements are meant to be reused (resolvers call this per node).
 */
export function records(db: Database.Database): Records {
  let instance = recordsByDb.get(db);
  if (!instance) {
    instance = createRecords(db);
    recordsByDb.set(db, instance);
  }
  return instance;
}

function createRecords(db: Database.Database) {
  const stmt = {
    getShop: db.prepare("SELECT data FROM shops WHERE domain = ?"),
    putShop: db.prepare(
      "INSERT INTO shops (domain, data) VALUES (@domain, @data) ON CONFLICT(domain) DO UPDATE SET data = excluded.data",
    ),
    listShops: db.prepare("SELECT data FROM shops ORDER BY domain"),
    getCustomer: db.prepare("SELECT data FROM customers WHERE shop = ? AND id = ?"),
    putCustomer: db.prepare(
      `INSERT INTO customers (id, shop, email, phone, created_at, updated_at, data)
       VALUES (@id, @shop, @email, @phone, @createdAt, @updatedAt, @data)
       ON CONFLICT(id) DO UPDATE SET email = excluded.email, phone = excluded.phone,
         updated_at = excluded.updated_at, data = excluded.data`,
    ),
    deleteCustomer: db.prepare("DELETE FROM customers WHERE shop = ? AND id = ?"),
    getOrder: db.prepare("SELECT data FROM orders WHERE shop = ? AND id = ?"),
    putOrder: db.prepare(
      `INSERT INTO orders (id, shop, customer_id, number, processed_at, created_at, updated_at, data)
       VALUES (@id, @shop, @customerId, @number, @processedAt, @createdAt, @updatedAt, @data)
       ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, processed_at = excluded.processed_at,
         updated_at = excluded.updated_at, data = excluded.data`,
    ),
    getProduct: db.prepare("SELECT data FROM products WHERE shop = ? AND id = ?"),
    putProduct: db.prepare(
      `INSERT INTO products (id, shop, handle, created_at, updated_at, data)
       VALUES (@id, @shop, @handle, @createdAt, @updatedAt, @data)
       ON CONFLICT(id) DO UPDATE SET handle = excluded.handle, updated_at = excluded.updated_at, data = excluded.data`,
    ),
    getCheckout: db.prepare("SELECT data FROM checkouts WHERE shop = ? AND id = ?"),
    getCheckoutByToken: db.prepare("SELECT data FROM checkouts WHERE shop = ? AND token = ?"),
    putCheckout: db.prepare(
      `INSERT INTO checkouts (id, shop, token, customer_id, completed_at, created_at, updated_at, data)
       VALUES (@id, @shop, @token, @customerId, @completedAt, @createdAt, @updatedAt, @data)
       ON CONFLICT(id) DO UPDATE SET customer_id = excluded.customer_id, completed_at = excluded.completed_at,
         updated_at = excluded.updated_at, data = excluded.data`,
    ),
    getToken: db.prepare("SELECT data FROM access_tokens WHERE token = ?"),
    putToken: db.prepare(
      "INSERT INTO access_tokens (token, shop, data) VALUES (@token, @shop, @data) ON CONFLICT(token) DO UPDATE SET data = excluded.data",
    ),
    getBulk: db.prepare("SELECT data FROM bulk_operations WHERE shop = ? AND id = ?"),
    putBulk: db.prepare(
      `INSERT INTO bulk_operations (id, shop, status, data) VALUES (@id, @shop, @status, @data)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, data = excluded.data`,
    ),
    latestBulk: db.prepare("SELECT data FROM bulk_operations WHERE shop = ? AND json_extract(data, '$.type') = ? ORDER BY id DESC LIMIT 1"),
  };

  return {
    getShop: (domain: string) => parseRow<ShopRecord>(stmt.getShop.get(domain) as Row | undefined),
    putShop: (shop: ShopRecord) => void stmt.putShop.run({ domain: shop.domain, data: JSON.stringify(shop) }),
    listShops: () => (stmt.listShops.all() as Row[]).map((row) => JSON.parse(row.data) as ShopRecord),

    getCustomer: (shop: string, id: number) =>
      parseRow<CustomerRecord>(stmt.getCustomer.get(shop, id) as Row | undefined),
    putCustomer: (c: CustomerRecord) =>
      void stmt.putCustomer.run({
        id: c.id,
        shop: c.shop,
        email: c.email?.toLowerCase() ?? null,
        phone: c.phone,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        data: JSON.stringify(c),
      }),
    deleteCustomer: (shop: string, id: number) => stmt.deleteCustomer.run(shop, id).changes > 0,

    getOrder: (shop: string, id: number) => parseRow<OrderRecord>(stmt.getOrder.get(shop, id) as Row | undefined),
    putOrder: (o: OrderRecord) =>
      void stmt.putOrder.run({
        id: o.id,
        shop: o.shop,
        customerId: o.customerId,
        number: o.number,
        processedAt: o.processedAt,
        createdAt: o.createdAt,
        updatedAt: o.updatedAt,
        data: JSON.stringify(o),
      }),

    getProduct: (shop: string, id: number) =>
      parseRow<ProductRecord>(stmt.getProduct.get(shop, id) as Row | undefined),
    putProduct: (p: ProductRecord) =>
      void stmt.putProduct.run({
        id: p.id,
        shop: p.shop,
        handle: p.handle,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
        data: JSON.stringify(p),
      }),

    getCheckout: (shop: string, id: number) =>
      parseRow<CheckoutRecord>(stmt.getCheckout.get(shop, id) as Row | undefined),
    getCheckoutByToken: (shop: string, token: string) =>
      parseRow<CheckoutRecord>(stmt.getCheckoutByToken.get(shop, token) as Row | undefined),
    putCheckout: (c: CheckoutRecord) =>
      void stmt.putCheckout.run({
        id: c.id,
        shop: c.shop,
        token: c.token,
        customerId: c.customerId,
        completedAt: c.completedAt,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        data: JSON.stringify(c),
      }),

    getToken: (token: string) => parseRow<AccessTokenRecord>(stmt.getToken.get(token) as Row | undefined),
    putToken: (t: AccessTokenRecord) => void stmt.putToken.run({ token: t.token, shop: t.shop, data: JSON.stringify(t) }),

    getBulkOperation: (shop: string, id: number) =>
      parseRow<BulkOperationRecord>(stmt.getBulk.get(shop, id) as Row | undefined),
    putBulkOperation: (b: BulkOperationRecord) =>
      void stmt.putBulk.run({ id: b.id, shop: b.shop, status: b.status, data: JSON.stringify(b) }),
    currentBulkOperation: (shop: string, type: "QUERY" | "MUTATION") =>
      parseRow<BulkOperationRecord>(stmt.latestBulk.get(shop, type) as Row | undefined),
  };
}

export type Records = ReturnType<typeof createRecords>;
