/**
 * Workload "segment-export": issue 5's CSV export of a segment's members (app/segments/export.server.ts), every
 * column, in UTF-8 with BOM and in CP932, on the analytics workload's generated shop (100k customers / 1M orders at
 * --size large). The parent generates the shop with the analytics workload's "generate" mode; this child first gives
 * the customers realistic Japanese names, readings, phones and addresses (one UPDATE, not timed), then streams the
 * export of a segment matching every customer into a byte counter, as the route hands it to the HTTP response.
 *
 * Memory: the export pulls one page of 2,000 members at a time, so the heap should stay flat. The child (started with
 * --expose-gc) collects garbage after every 5th chunk and samples `heapUsed` then: what the export retains, not the
 * garbage awaiting collection; it reports the first sample, the largest and the last.
 */
import prisma from "../../app/db.server";
import { EXPORT_COLUMNS } from "../../app/segments/export-columns";
import type { ExportEncoding } from "../../app/segments/export-csv";
import { segmentCsvStream } from "../../app/segments/export.server";
import type { SegmentGroup } from "../../app/segments/rule";
import { childMain } from "../lib/child";

export type SegmentExportInput = { database: "sqlite" | "postgresql"; shop: string };

export type SegmentExportRun = {
  encoding: ExportEncoding;
  rows: number;
  bytes: number;
  seconds: number;
  replaced: number;
  /** heapUsed after a full GC: after the first page, the largest seen, and after the last page (bytes). */
  heapFirst: number;
  heapMax: number;
  heapLast: number;
  rssMax: number;
};

export type SegmentExportResult = { database: "sqlite" | "postgresql"; customers: number; prepareSeconds: number; runs: SegmentExportRun[] };

const EVERYONE: SegmentGroup = { type: "group", op: "and", children: [] };

/** Names, readings, emails, phones, addresses and tags for the generated customers: one UPDATE each database runs. */
async function prepare(input: SegmentExportInput): Promise<number> {
  const pg = input.database === "postgresql";
  const shop = input.shop.replace(/'/g, "");
  const n = pg ? `CAST("shopifyId" AS BIGINT)` : `CAST("shopifyId" AS INTEGER)`;
  const pick = (list: string[]) => `(CASE (${n} % ${list.length}) ${list.map((v, i) => `WHEN ${i} THEN '${v}'`).join(" ")} END)`;
  const text = (expr: string) => `CAST(${expr} AS TEXT)`;
  const lastNames = ["山田", "佐藤", "髙橋", "鈴木", "田中", "渡辺", "伊藤", "中村", "小林", "加藤", "吉田", "山本"];
  const lastKana = ["ヤマダ", "サトウ", "タカハシ", "スズキ", "タナカ", "ワタナベ", "イトウ", "ナカムラ", "コバヤシ", "カトウ", "ヨシダ", "ヤマモト"];
  const firstNames = ["太郎", "花子", "一郎", "美咲", "健太", "さくら", "翔", "陽菜", "大輔"];
  const address = `'[{"firstName":null,"lastName":null,"company":' || (CASE WHEN ${n} % 10 = 0 THEN '"㈱つなぐ商事"' ELSE 'null' END) ||
    ',"address1":"神宮前' || ${text(`${n} % 9 + 1`)} || '-' || ${text(`${n} % 30 + 1`)} || '-' || ${text(`${n} % 12 + 1`)} ||
    '","address2":' || (CASE WHEN ${n} % 3 = 0 THEN '"つなぐハイツ' || ${text(`${n} % 900 + 100`)} || '号室"' ELSE 'null' END) ||
    ',"city":"渋谷区","province":"Tokyo","provinceCode":"JP-13","country":"Japan","countryCode":"JP","zip":"150-' ||
    ${pg ? `LPAD(${text(`${n} % 10000`)}, 4, '0')` : `substr('0000' || ${text(`${n} % 10000`)}, -4)`} || '","phone":null}]'`;
  // The name cycles of 12 and 9 make the ids' remainders pick last and first names independently.
  await prisma.$executeRawUnsafe(
    `UPDATE "Customer" SET
       "lastName" = ${pick(lastNames)}, "firstName" = ${pick(firstNames)}, "nameKana" = ${pick(lastKana)},
       "email" = 'customer' || "shopifyId" || '@example.jp', "phone" = '+8190' || ${pg ? `LPAD(${text(`${n} % 100000000`)}, 8, '0')` : `substr('00000000' || ${text(`${n} % 100000000`)}, -8)`},
       "tags" = CASE WHEN ${n} % 7 = 0 THEN 'VIP, 常連' ELSE '' END, "marketingState" = CASE WHEN ${n} % 2 = 0 THEN 'SUBSCRIBED' ELSE 'NOT_SUBSCRIBED' END,
       "addresses" = ${address}, "provinceCode" = 'JP-13', "zip" = '150-0001', "ordersCount" = ${n} % 20, "totalSpent" = (${n} % 20) * 4300,
       "averageOrderValue" = 4300
     WHERE "shop" = '${shop}'`,
  );
  return prisma.customer.count({ where: { shop } });
}

async function exportOnce(input: SegmentExportInput, encoding: ExportEncoding): Promise<SegmentExportRun> {
  let heapFirst = 0;
  let heapMax = 0;
  let heapLast = 0;
  let rssMax = 0;
  let bytes = 0;
  let summary = { rows: 0, replaced: 0, bytes: 0 };
  const started = performance.now();
  const stream = segmentCsvStream(input.shop, EVERYONE, {
    columns: [...EXPORT_COLUMNS],
    encoding,
    locale: "ja",
    onDone: (s) => (summary = s),
  });
  const reader = stream.getReader();
  const gc = (globalThis as { gc?: () => void }).gc;
  let chunks = 0;
  let gcMs = 0;
  const sample = () => {
    const before = performance.now();
    gc?.();
    gcMs += performance.now() - before;
    const { heapUsed, rss } = process.memoryUsage();
    if (!heapFirst) heapFirst = heapUsed;
    heapMax = Math.max(heapMax, heapUsed);
    rssMax = Math.max(rssMax, rss);
    heapLast = heapUsed;
  };
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    bytes += next.value.byteLength;
    // The header is chunk 1; sample after the first page, then every 5th chunk.
    if (++chunks === 2 || chunks % 5 === 0) sample();
  }
  sample();
  // The forced collections are the benchmark's, not the export's.
  const seconds = (performance.now() - started - gcMs) / 1000;
  return { encoding, rows: summary.rows, bytes, seconds, replaced: summary.replaced, heapFirst, heapMax, heapLast, rssMax };
}

childMain(async (input: SegmentExportInput): Promise<SegmentExportResult> => {
  const started = performance.now();
  const customers = await prepare(input);
  const prepareSeconds = (performance.now() - started) / 1000;
  // One warm-up page so the first figure is not the query planner's and the module loading's.
  const warm = segmentCsvStream(input.shop, EVERYONE, { columns: ["email"], encoding: "utf8bom", locale: "ja", pageSize: 100 }).getReader();
  await warm.read();
  await warm.read();
  await warm.cancel();
  const runs = [await exportOnce(input, "utf8bom"), await exportOnce(input, "cp932")];
  await prisma.$disconnect();
  return { database: input.database, customers, prepareSeconds, runs };
});
