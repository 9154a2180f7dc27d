/**
 * The one configured Shopify app: authentication, sessions in Prisma, webhooks and app proxy verification.
 * Config mirrors shopify.app.toml (the source of truth for scopes, webhooks and the app proxy).
 */
import "@shopify/shopify-app-remix/adapters/node";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import prisma from "./db.server";
import { env } from "./env.server";
import { recordInstallation } from "./shops/shops.server";
import { routeShopifyTrafficTo } from "./shopify/transport.server";

const config = env();

if (config.SHOPIFY_ADMIN_ORIGIN) routeShopifyTrafficTo(config.SHOPIFY_ADMIN_ORIGIN);

/** The Admin API version pinned in shopify.app.toml ([webhooks] api_version). */
export const API_VERSION = ApiVersion.October26;

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(",").map((s) => s.trim()),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  // The library's session storage type names @prisma/client's PrismaClient; ours is generated per provider.
  sessionStorage: new PrismaSessionStorage(prisma as unknown as ConstructorParameters<typeof PrismaSessionStorage>[0]),
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await recordInstallation(session.shop, session.scope ?? "", admin.graphql);
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
