/**
 * Workload "customers-index": the customers index loader's database work (searchCustomers: the page with its total,
 * the customers of the page, the tag list) against an app database filled by an initial sync. Runs each typical
 * combination of search, filters and sort many times after a warm-up and reports p50/p95/p99. The process is forked
 * with DATABASE_URL set, so the app's Prisma client (app/db.server.ts) talks to that database.
 *
 * Shopify has no name reading, so a synced shop has none: before timing, the workload gives the customers of the most
 * common family names their reading (as staff would type them), so the kana cases search real readings.
 */
import { CustomerIndexQuery, searchCustomers } from "../../app/customers/customer-index.server";
import prisma from "../../app/db.server";
import { childMain } from "../lib/child";
import { type Latency, latency } from "../lib/stats";

export type CustomersIndexInput = { shop: string; runs: number; database: "sqlite" | "postgresql" };

export type CustomersIndexCase = { name: string; params: Record<string, string>; runs: number; total: number; latencyMs: Latency };

export type CustomersIndexResult = {
  database: "sqlite" | "postgresql";
  customersInShop: number;
  /** Customers given a reading (nameKana) before timing. */
  customersWithReading: number;
  cases: CustomersIndexCase[];
};

/** Readings of the seed's most common family names (devstore/seed/data-ja.ts), written before timing. */
const READINGS: Record<string, string> = {
  佐藤: "サトウ", 鈴木: "スズキ", 高橋: "タカハシ", 田中: "タナカ", 伊藤: "イトウ", 渡辺: "ワタナベ", 山本: "ヤマモト",
  中村: "ナカムラ", 小林: "コバヤシ", 加藤: "カトウ", 吉田: "ヨシダ", 山田: "ヤマダ", 山口: "ヤマグチ", 松本: "マツモト",
};

const CASES: { name: string; params: Record<string, string> }[] = [
  { name: 'q="山" + tag VIP + minOrders 2, totalSpent desc', params: { q: "山", tag: "VIP", minOrders: "2", sort: "totalSpent", dir: "desc" } },
  { name: "no filter, lastOrderAt desc (the default view)", params: {} },
  { name: 'q="山", lastOrderAt desc', params: { q: "山" } },
  { name: "tag VIP, name asc", params: { tag: "VIP", sort: "name", dir: "asc" } },
  { name: "minOrders 5 + minSpent 20000, ordersCount desc", params: { minOrders: "5", minSpent: "20000", sort: "ordersCount", dir: "desc" } },
  { name: 'q="icloud" (email), createdAt desc', params: { q: "icloud", sort: "createdAt", dir: "desc" } },
  { name: "order number #1001", params: { q: "#1001" } },
  { name: "no filter, page 200", params: { page: "200" } },
  { name: 'q="やまだ" (hiragana, finds the reading ヤマダ)', params: { q: "やまだ" } },
  { name: 'q="ﾔﾏ" (half-width kana, 2 characters), name asc', params: { q: "ﾔﾏ", sort: "name", dir: "asc" } },
  { name: 'q="山田 美咲" (two words)', params: { q: "山田 美咲" } },
];

async function customersIndex(input: CustomersIndexInput): Promise<CustomersIndexResult> {
  const customersInShop = await prisma.customer.count({ where: { shop: input.shop } });
  let customersWithReading = 0;
  for (const [lastName, nameKana] of Object.entries(READINGS)) {
    customersWithReading += (await prisma.customer.updateMany({ where: { shop: input.shop, lastName }, data: { nameKana } })).count;
  }
  const cases: CustomersIndexCase[] = [];
  for (const c of CASES) {
    const query = CustomerIndexQuery.parse(c.params);
    let total = 0;
    for (let i = 0; i < 3; i++) total = (await searchCustomers(input.shop, query)).total; // warm-up
    const samples: number[] = [];
    for (let i = 0; i < input.runs; i++) {
      const started = performance.now();
      await searchCustomers(input.shop, query);
      samples.push(performance.now() - started);
    }
    cases.push({ name: c.name, params: c.params, runs: input.runs, total, latencyMs: latency(samples) });
  }
  await prisma.$disconnect();
  return { database: input.database, customersInShop, customersWithReading, cases };
}

childMain(customersIndex);
