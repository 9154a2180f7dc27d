/**
 * Customer facts derived from their orders, kept on the Customer row so the index can filter and sort on them:
 * ordersCount, totalSpent (sum of totalPrice, shop currency), averageOrderValue, firstOrderAt, lastOrderAt (processedAt)
 * and preferredChannel (most frequent sourceName; a tie goes to the channel used most recently).
 * Cancelled orders do not count. "Days since last order" and "one-time vs repeat" are derived from lastOrderAt and
 * ordersCount at read time, so they never go stale between orders.
 */
import { Prisma } from "@tsunagu-generated/prisma-sqlite";
import prisma from "../db.server";

// Keeps IN lists well below SQLite's and PostgreSQL's parameter limits.
const CHUNK = 500;
/** The whole-shop recomputation's limits: waiting for the connection, and the statements themselves. */
const FACTS_TRANSACTION = { maxWait: 60_000, timeout: 10 * 60_000 };

const countedOrders = (shop: string, customerIds: string[]) => ({
  shop,
  customerShopifyId: { in: customerIds },
  cancelledAt: null,
  deletedAt: null,
});

/** Rounds to cents; shared by the incremental and the set-based recomputation so both give the same figure. */
function average(total: Prisma.Decimal, count: number): Prisma.Decimal {
  return count === 0 ? new Prisma.Decimal(0) : total.div(count).toDecimalPlaces(2);
}

/**
 * Recomputes the facts of the given customers from their orders (after a webhook: the order's buyer, and the previous
 * buyer when an order moved). Customers without counted orders go back to zero.
 */
export async function recomputeCustomerFacts(shop: string, customerShopifyIds: string[]): Promise<void> {
  const ids = [...new Set(customerShopifyIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const [totals, channels] = await Promise.all([
      prisma.order.groupBy({
        by: ["customerShopifyId"],
        where: countedOrders(shop, chunk),
        _count: { _all: true },
        _sum: { totalPrice: true },
        _min: { processedAt: true },
        _max: { processedAt: true },
      }),
      prisma.order.groupBy({
        by: ["customerShopifyId", "sourceName"],
        where: { ...countedOrders(shop, chunk), sourceName: { not: null } },
        _count: { _all: true },
        _max: { processedAt: true },
      }),
    ]);
    const preferred = new Map<string, { channel: string; count: number; lastAt: Date }>();
    for (const c of channels) {
      if (!c.customerShopifyId || !c.sourceName || !c._max.processedAt) continue;
      const best = preferred.get(c.customerShopifyId);
      const count = c._count._all;
      if (!best || count > best.count || (count === best.count && c._max.processedAt > best.lastAt)) {
        preferred.set(c.customerShopifyId, { channel: c.sourceName, count, lastAt: c._max.processedAt });
      }
    }
    const byCustomer = new Map(totals.map((t) => [t.customerShopifyId, t]));
    await prisma.$transaction(
      chunk.map((customerShopifyId) => {
        const t = byCustomer.get(customerShopifyId);
        const count = t?._count._all ?? 0;
        const spent = new Prisma.Decimal(t?._sum.totalPrice ?? 0);
        return prisma.customer.updateMany({
          where: { shop, shopifyId: customerShopifyId },
          data: {
            ordersCount: count,
            totalSpent: spent,
            averageOrderValue: average(spent, count),
            firstOrderAt: t?._min.processedAt ?? null,
            lastOrderAt: t?._max.processedAt ?? null,
            preferredChannel: preferred.get(customerShopifyId)?.channel ?? null,
          },
        });
      }),
    );
  }
}

/**
 * Recomputes every customer's facts in the shop with two set-based statements (after an initial sync): customers
 * without counted orders are reset, the rest take their aggregates. Plain SQL that SQLite (3.33+, UPDATE … FROM) and
 * PostgreSQL both run; the tagged template lets each client use its own placeholders.
 */
export async function recomputeAllCustomerFacts(shop: string): Promise<void> {
  // An interactive transaction with its own time limit: at 1M orders the statements take several seconds, past the
  // 5 s default that a batch transaction gets through the driver adapters (it failed the large sync on PostgreSQL).
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`
      UPDATE "Customer" SET "ordersCount" = 0, "totalSpent" = 0, "averageOrderValue" = 0,
        "firstOrderAt" = NULL, "lastOrderAt" = NULL, "preferredChannel" = NULL
      WHERE "shop" = ${shop} AND NOT EXISTS (
        SELECT 1 FROM "Order" o
        WHERE o."shop" = ${shop} AND o."customerShopifyId" = "Customer"."shopifyId"
          AND o."cancelledAt" IS NULL AND o."deletedAt" IS NULL
      )`;
    await tx.$executeRaw`
      WITH totals AS (
        SELECT "customerShopifyId" AS cid, COUNT(*) AS n, SUM("totalPrice") AS spent,
          MIN("processedAt") AS first_at, MAX("processedAt") AS last_at
        FROM "Order"
        WHERE "shop" = ${shop} AND "customerShopifyId" IS NOT NULL AND "cancelledAt" IS NULL AND "deletedAt" IS NULL
        GROUP BY "customerShopifyId"
      ),
      channels AS (
        SELECT cid, channel FROM (
          SELECT "customerShopifyId" AS cid, "sourceName" AS channel,
            ROW_NUMBER() OVER (PARTITION BY "customerShopifyId" ORDER BY COUNT(*) DESC, MAX("processedAt") DESC) AS place
          FROM "Order"
          WHERE "shop" = ${shop} AND "customerShopifyId" IS NOT NULL AND "sourceName" IS NOT NULL
            AND "cancelledAt" IS NULL AND "deletedAt" IS NULL
          GROUP BY "customerShopifyId", "sourceName"
        ) ranked
        WHERE place = 1
      )
      UPDATE "Customer" AS c SET
        "ordersCount" = totals.n,
        "totalSpent" = totals.spent,
        "averageOrderValue" = ROUND(totals.spent * 1.0 / totals.n, 2),
        "firstOrderAt" = totals.first_at,
        "lastOrderAt" = totals.last_at,
        "preferredChannel" = channels.channel
      FROM totals LEFT JOIN channels ON channels.cid = totals.cid
      WHERE c."shop" = ${shop} AND c."shopifyId" = totals.cid`;
  }, FACTS_TRANSACTION);
}
