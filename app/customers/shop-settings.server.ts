/** Shop-level facts the customer screens format with (currency, time zone), from the Shop row recorded on install. */
import prisma from "../db.server";

export async function shopCurrency(shop: string): Promise<{ currencyCode: string; timeZone: string }> {
  const row = await prisma.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true, ianaTimezone: true } });
  return { currencyCode: row?.currencyCode ?? "JPY", timeZone: row?.ianaTimezone ?? "Asia/Tokyo" };
}
