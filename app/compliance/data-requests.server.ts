/** The merchant's view of received customers/data_request exports: the list, and one export as a download. */
import { z } from "zod";
import prisma from "../db.server";

export type DataRequestSummary = {
  id: string;
  customerShopifyId: string;
  dataRequestId: string | null;
  email: string | null;
  receivedAt: string;
};

const ExportHead = z.object({ customer: z.object({ emails: z.array(z.string()).default([]) }).partial().default({}) }).partial();

function firstEmail(payload: string): string | null {
  try {
    const head = ExportHead.safeParse(JSON.parse(payload));
    return head.success ? (head.data.customer?.emails?.[0] ?? null) : null;
  } catch {
    return null;
  }
}

/** Newest first, with the shop's time zone for showing when each arrived. */
export async function listDataRequests(shop: string, limit = 250) {
  const [rows, shopRow] = await Promise.all([
    prisma.dataRequestExport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: limit }),
    prisma.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } }),
  ]);
  const requests: DataRequestSummary[] = rows.map((row) => ({
    id: row.id,
    customerShopifyId: row.customerShopifyId,
    dataRequestId: row.dataRequestId,
    email: firstEmail(row.payload),
    receivedAt: row.createdAt.toISOString(),
  }));
  return { requests, timeZone: shopRow?.ianaTimezone ?? "UTC" };
}

/** One export as stored, or null when the shop has no such export. */
export async function findDataRequestExport(shop: string, id: string) {
  const row = await prisma.dataRequestExport.findFirst({ where: { shop, id } });
  if (!row) return null;
  const name = `customer-${row.customerShopifyId}-data-request-${row.dataRequestId ?? row.id}.json`;
  return { fileName: name, json: row.payload };
}
