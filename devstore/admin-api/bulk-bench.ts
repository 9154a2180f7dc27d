/**
 * Benchmark: bulk export of a shop with 10k customers and 100k orders from a fresh SQLite file.
 * Run: npx tsx devstore/admin-api/bulk-bench.ts [customers] [orders]
 * Prints rows/s for the fast path and the graphql-js path, their ratio, and peak RSS; rows are created straight through db.ts, not through events.ts (no webhooks).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadDevstoreConfig } from "../config";
import { loadAdminSchema } from "../schema";
import { openDevstoreDb } from "../store/db";
import { createRecordingDispatcher } from "../testing";
import type { DevstoreContext } from "../types";
import { runBulkQueryToFile } from "./bulk";
import { makeCustomer, makeOrder, makeShop } from "./test-support";

const customers = Number(process.argv[2] ?? 10_000);
const orders = Number(process.argv[3] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devstore-bench-"));
const config = { ...loadDevstoreConfig({ ...process.env, DEVSTORE_PORT: "0" }), dbPath: path.join(dir, "bench.sqlite") };
const db = openDevstoreDb(config.dbPath);
const ctx: DevstoreContext = { config, db, webhooks: createRecordingDispatcher(), schema: () => loadAdminSchema(config.schemaDir, config.apiVersion) };

const t0 = performance.now();
const shop = makeShop(ctx).domain;
const customerIds: number[] = [];
db.transaction(() => {
  for (let i = 0; i < customers; i++) customerIds.push(makeCustomer(ctx, shop, { firstName: `客${i}` }).id);
})();
for (let done = 0; done < orders; done += 5000) {
  db.transaction(() => {
    for (let i = done; i < Math.min(orders, done + 5000); i++) {
      makeOrder(ctx, shop, { number: 1001 + i, customerId: customerIds[i % customerIds.length]!, processedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() });
    }
  })();
}
const seeded = performance.now();
console.log(`seeded ${customers} customers + ${orders} orders in ${((seeded - t0) / 1000).toFixed(1)} s`);
ctx.schema();
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
console.log(`RSS after seeding and schema load ${mb(process.memoryUsage().rss)}`);
let peakDuringExport = 0;
const sampler = setInterval(() => (peakDuringExport = Math.max(peakDuringExport, process.memoryUsage().rss)), 50);

/** Exports with the fast path, then with graphql-js alone (the reference), and checks both files match. */
async function measure(label: string, query: string) {
  const seconds: Record<string, number> = {};
  const files: Record<string, string> = {};
  for (const mode of ["fast", "general"] as const) {
    const file = path.join(dir, `${label}-${mode}.jsonl`);
    const start = performance.now();
    const result = await runBulkQueryToFile(ctx, shop, query, file, undefined, { generalOnly: mode === "general" });
    seconds[mode] = (performance.now() - start) / 1000;
    files[mode] = file;
    console.log(
      `${label} (${mode}): ${result.objectCount} lines (${result.rootObjectCount} root) in ${seconds[mode]!.toFixed(1)} s = ` +
        `${Math.round(result.objectCount / seconds[mode]!)} rows/s, ${(result.fileSize / 1e6).toFixed(1)} MB`,
    );
  }
  const same = fs.readFileSync(files.fast!).equals(fs.readFileSync(files.general!));
  console.log(`${label}: fast path ${(seconds.general! / seconds.fast!).toFixed(1)}x the graphql-js path; same bytes: ${same}`);
}

await measure("orders", "{ orders { edges { node { id name processedAt totalPriceSet { shopMoney { amount currencyCode } } customer { id } lineItems { edges { node { id title quantity } } } } } } }");
await measure("customers", "{ customers { edges { node { id email firstName lastName tags numberOfOrders amountSpent { amount } } } } }");
clearInterval(sampler);
console.log(`peak RSS during export ${mb(peakDuringExport)}; process peak ${mb(process.resourceUsage().maxRSS * 1024)}`);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
