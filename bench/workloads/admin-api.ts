/**
 * Workload "admin-api": the real dev store server (startDevstore) on a seeded file, driven over loopback by a
 * separate load-generator process. First with a bucket so large that throttling never caps raw throughput, then
 * with Shopify's real 2000-point / 100-per-second bucket for one app, which is what an app actually gets.
 */
import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { startDevstore } from "../../devstore/server";
import { records } from "../../devstore/store/db";
import { childMain, runInChild } from "../lib/child";
import type { DocumentFigures, LoadDocument, LoadInput, LoadResult, LoadTarget, ThrottledFigures } from "./admin-api-load";

export type AdminApiInput = { dbPath: string; shop: string; clients: number; secondsPerDocument: number; throttledSeconds: number };

export type AdminApiResult = {
  apiVersion: string;
  documents: DocumentFigures[];
  throttled: ThrottledFigures;
  customersInShop: number;
  ordersInShop: number;
};

// Typical list-page documents. Each stays under Shopify's 1,000-point single-query limit, as a real app's must.
const API_DOCUMENTS: LoadDocument[] = [
  {
    name: "customers(first: 50)",
    paginate: true,
    query: `query Customers($after: String) {
  customers(first: 50, after: $after) {
    nodes { id email firstName lastName displayName tags numberOfOrders amountSpent { amount currencyCode } updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
  {
    name: "orders(first: 50) + lineItems(first: 5)",
    paginate: true,
    query: `query Orders($after: String) {
  orders(first: 50, after: $after, sortKey: PROCESSED_AT, reverse: true) {
    nodes {
      id name processedAt displayFinancialStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      customer { id }
      lineItems(first: 5) { nodes { title quantity sku } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
  {
    name: 'customers(first: 50, query: "updated_at:>2026-01-01")',
    paginate: true,
    query: `query RecentCustomers($after: String) {
  customers(first: 50, after: $after, query: "updated_at:>2026-01-01") {
    nodes { id email firstName lastName tags amountSpent { amount currencyCode } updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
];

const LOAD_FILE = path.join(import.meta.dirname, "admin-api-load.ts");

async function withServer<T>(input: AdminApiInput, bucket: { maximumAvailable: number; restoreRate: number }, drive: (target: LoadTarget) => Promise<T>) {
  const devstore = await startDevstore({
    port: 0,
    dbPath: input.dbPath,
    // No webhook subscriptions: reads emit none, and nothing should leave for an app that is not running.
    webhooks: [],
    rateLimit: { ...bucket, maxSingleQueryCost: 1000 },
  });
  try {
    const token = `shpat_bench_${crypto.randomBytes(16).toString("hex")}`;
    records(devstore.ctx.db).putToken({
      token,
      shop: input.shop,
      scope: devstore.ctx.config.scopes.join(","),
      userId: null,
      expiresAt: null,
      createdAt: new Date().toISOString(),
    });
    // Load the schema before the clock starts (about 0.4 s), as a long-running dev store has.
    devstore.ctx.schema();
    return await drive({ url: devstore.url, token, shop: input.shop, apiVersion: devstore.ctx.config.apiVersion });
  } finally {
    await devstore.close();
  }
}

async function adminApi(input: AdminApiInput): Promise<AdminApiResult> {
  let apiVersion = "";
  const documents = await withServer(input, { maximumAvailable: 1e12, restoreRate: 1e12 }, async (target) => {
    apiVersion = target.apiVersion;
    const load: LoadInput = { mode: "open", target, documents: API_DOCUMENTS, clients: input.clients, seconds: input.secondsPerDocument };
    const { result } = await runInChild<LoadInput, LoadResult>(LOAD_FILE, load, {
      timeoutMs: (API_DOCUMENTS.length * (input.secondsPerDocument + 30) + 30) * 1000,
    });
    if (!("documents" in result)) throw new Error("load generator answered the wrong mode");
    return result.documents;
  });
  const throttled = await withServer(input, { maximumAvailable: 2000, restoreRate: 100 }, async (target) => {
    const load: LoadInput = { mode: "throttled", target, document: API_DOCUMENTS[0]!, seconds: input.throttledSeconds };
    const { result } = await runInChild<LoadInput, LoadResult>(LOAD_FILE, load, { timeoutMs: (input.throttledSeconds + 60) * 1000 });
    if (!("throttled" in result)) throw new Error("load generator answered the wrong mode");
    return result.throttled;
  });
  const db = new Database(input.dbPath, { readonly: true });
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE shop = ?`).get(input.shop) as { n: number }).n;
  const customersInShop = count("customers");
  const ordersInShop = count("orders");
  db.close();
  return { apiVersion, documents, throttled, customersInShop, ordersInShop };
}

childMain(adminApi);
