/**
 * The customers index: search, filters, sort and pagination done in the database (one count and one page query),
 * scoped to the shop. Search matches partial text in names (kanji or kana, as the shop stored them), email and phone,
 * and exact order numbers ("#1001" or "1001").
 */
import { z } from "zod";
import prisma from "../db.server";
import { env, isPostgresUrl } from "../env.server";
import type { Prisma } from "@tsunagu-generated/prisma-sqlite";

export const PAGE_SIZE = 50;

const optionalNumber = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number().min(0).optional());
const optionalDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.date().optional());
const optionalText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(200).optional());

export const SORT_KEYS = ["lastOrderAt", "totalSpent", "ordersCount", "name", "createdAt"] as const;
export const CONSENT_STATES = ["SUBSCRIBED", "NOT_SUBSCRIBED", "UNSUBSCRIBED", "PENDING"] as const;

export const CustomerIndexQuery = z.object({
  q: optionalText,
  tag: optionalText,
  consent: z.enum(CONSENT_STATES).optional().catch(undefined),
  minOrders: optionalNumber,
  maxOrders: optionalNumber,
  minSpent: optionalNumber,
  maxSpent: optionalNumber,
  lastOrderFrom: optionalDate,
  lastOrderTo: optionalDate,
  province: optionalText,
  channel: optionalText,
  sort: z.enum(SORT_KEYS).catch("lastOrderAt"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type CustomerIndexQuery = z.infer<typeof CustomerIndexQuery>;

export function parseCustomerIndexQuery(params: URLSearchParams): CustomerIndexQuery {
  return CustomerIndexQuery.parse(Object.fromEntries(params));
}

export type CustomerListRow = {
  shopifyId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  marketingState: string | null;
  provinceCode: string | null;
  ordersCount: number;
  totalSpent: string;
  lastOrderAt: string | null;
  preferredChannel: string | null;
};

function text(contains: string) {
  // SQLite's LIKE is case-insensitive for ASCII already; PostgreSQL needs `insensitive`.
  return isPostgresUrl(env().DATABASE_URL) ? { contains, mode: "insensitive" as const } : { contains };
}

export async function buildCustomerWhere(shop: string, query: CustomerIndexQuery): Promise<Prisma.CustomerWhereInput> {
  const and: Prisma.CustomerWhereInput[] = [{ shop, deletedAt: null, redactedAt: null }];
  if (query.q) {
    const orderName = /^#?\d+$/.test(query.q) ? `#${query.q.replace(/^#/, "")}` : null;
    const orderCustomers = orderName
      ? (
          await prisma.order.findMany({
            where: { shop, name: orderName, customerShopifyId: { not: null } },
            select: { customerShopifyId: true },
            take: 20,
          })
        ).map((o) => o.customerShopifyId!)
      : [];
    // Every word must match somewhere: "山田 花子" finds 山田 花子 whichever field holds which name.
    const words = query.q.split(/\s+/).filter(Boolean).slice(0, 5);
    const wordsMatch: Prisma.CustomerWhereInput = {
      AND: words.map((word) => ({
        OR: [{ firstName: text(word) }, { lastName: text(word) }, { email: text(word) }, { phone: text(word.replace(/[-\s]/g, "")) }],
      })),
    };
    and.push(orderCustomers.length ? { OR: [wordsMatch, { shopifyId: { in: orderCustomers } }] } : wordsMatch);
  }
  if (query.tag) and.push({ tagRows: { some: { tag: query.tag } } });
  if (query.consent) and.push({ marketingState: query.consent });
  if (query.minOrders !== undefined) and.push({ ordersCount: { gte: query.minOrders } });
  if (query.maxOrders !== undefined) and.push({ ordersCount: { lte: query.maxOrders } });
  if (query.minSpent !== undefined) and.push({ totalSpent: { gte: query.minSpent } });
  if (query.maxSpent !== undefined) and.push({ totalSpent: { lte: query.maxSpent } });
  if (query.lastOrderFrom) and.push({ lastOrderAt: { gte: query.lastOrderFrom } });
  if (query.lastOrderTo) and.push({ lastOrderAt: { lte: query.lastOrderTo } });
  if (query.province) and.push({ provinceCode: query.province });
  if (query.channel) and.push({ preferredChannel: query.channel });
  return { AND: and };
}

function orderBy(query: CustomerIndexQuery): Prisma.CustomerOrderByWithRelationInput[] {
  const dir = query.dir;
  switch (query.sort) {
    case "name":
      return [{ lastName: dir }, { firstName: dir }, { shopifyId: dir }];
    case "totalSpent":
      return [{ totalSpent: dir }, { shopifyId: dir }];
    case "ordersCount":
      return [{ ordersCount: dir }, { shopifyId: dir }];
    case "createdAt":
      return [{ shopifyCreatedAt: dir }, { shopifyId: dir }];
    case "lastOrderAt":
      return [{ lastOrderAt: { sort: dir, nulls: "last" } }, { shopifyId: dir }];
  }
}

export async function searchCustomers(
  shop: string,
  query: CustomerIndexQuery,
): Promise<{ rows: CustomerListRow[]; total: number; page: number; pageSize: number; tags: string[] }> {
  const where = await buildCustomerWhere(shop, query);
  const [total, customers, tags] = await Promise.all([
    prisma.customer.count({ where }),
    prisma.customer.findMany({
      where,
      orderBy: orderBy(query),
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: { tagRows: { select: { tag: true } } },
    }),
    // GROUP BY in SQL: Prisma's `distinct` would fetch every tag row of the shop and dedupe in JavaScript.
    prisma.customerTag.groupBy({ by: ["tag"], where: { shop }, orderBy: { tag: "asc" }, take: 200 }),
  ]);
  return {
    total,
    page: query.page,
    pageSize: PAGE_SIZE,
    tags: tags.map((t) => t.tag),
    rows: customers.map((c) => ({
      shopifyId: c.shopifyId,
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      phone: c.phone,
      tags: c.tagRows.map((t) => t.tag),
      marketingState: c.marketingState,
      provinceCode: c.provinceCode,
      ordersCount: c.ordersCount,
      totalSpent: c.totalSpent.toString(),
      lastOrderAt: c.lastOrderAt?.toISOString() ?? null,
      preferredChannel: c.preferredChannel,
    })),
  };
}
