/** Shops that installed the app: recorded on install (after token exchange), marked on uninstall. */
import prisma from "../db.server";
import { adminGateway, type GraphqlFn } from "../shopify/gateway.server";
import { ShopInfo } from "../shopify/operations";
import { ensureSupportDefaults } from "../inquiries/defaults.server";
import { enqueueInitialSync } from "../sync/initial-sync.server";

/** Upserts the Shop row with what the Admin API says about the shop; reinstalling clears `uninstalledAt`. */
export async function recordInstallation(shop: string, scope: string, graphql: GraphqlFn): Promise<void> {
  const { shop: info } = await adminGateway(graphql).run(ShopInfo);
  const fields = {
    name: info.name,
    email: info.email,
    currencyCode: info.currencyCode,
    ianaTimezone: info.ianaTimezone,
    scope,
  };
  const existing = await prisma.shop.findUnique({ where: { domain: shop } });
  if (!existing) {
    await prisma.shop.create({ data: { domain: shop, ...fields } });
  } else {
    await prisma.shop.update({
      where: { domain: shop },
      data: { ...fields, ...(existing.uninstalledAt ? { installedAt: new Date(), uninstalledAt: null } : {}) },
    });
  }
  // The inquiry desk works from the first storefront inquiry: categories, business hours, SLA targets, templates.
  await ensureSupportDefaults(shop, info.ianaTimezone === "Asia/Tokyo" ? "ja" : "en");
  await enqueueInitialSync(shop);
}

/**
 * Removes the shop's sessions and marks it uninstalled, unless the app was installed again after the event
 * (webhooks can arrive late).
 */
export async function recordUninstall(shop: string, triggeredAt: Date): Promise<"uninstalled" | "stale"> {
  const existing = await prisma.shop.findUnique({ where: { domain: shop } });
  if (existing && existing.installedAt > triggeredAt) return "stale";
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop } }),
    prisma.shop.updateMany({ where: { domain: shop, uninstalledAt: null }, data: { uninstalledAt: triggeredAt } }),
  ]);
  return "uninstalled";
}

/** Applies granted scopes from app/scopes_update to the shop's sessions. */
export async function recordScopes(shop: string, scopes: string[]): Promise<void> {
  const scope = scopes.join(",");
  await prisma.$transaction([
    prisma.session.updateMany({ where: { shop }, data: { scope } }),
    prisma.shop.updateMany({ where: { domain: shop }, data: { scope } }),
  ]);
}
