/**
 * Dev store configuration: the app's shopify.app.toml (webhook subscriptions, scopes, app proxy) plus the
 * environment (ports, app URL, API key and secret). The toml's URLs point at the real deployment; here their paths
 * are resolved against the local app URL, which is what `shopify app dev` does with a tunnel.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";
import type { DevstoreConfig, WebhookSubscriptionConfig } from "./types";

const ROOT = path.resolve(import.meta.dirname, "..");

const TomlSchema = z.object({
  client_id: z.string(),
  access_scopes: z.object({ scopes: z.string() }),
  webhooks: z.object({
    api_version: z.string(),
    subscriptions: z.array(
      z.object({
        topics: z.array(z.string()).optional(),
        compliance_topics: z.array(z.string()).optional(),
        uri: z.string(),
      }),
    ),
  }),
  app_proxy: z.object({ url: z.string(), prefix: z.string(), subpath: z.string() }),
});

export type AppToml = z.infer<typeof TomlSchema>;

export function readAppToml(file = path.join(ROOT, "shopify.app.toml")): AppToml {
  return TomlSchema.parse(parse(fs.readFileSync(file, "utf8")));
}

/** Resolves a toml URI (relative path or absolute URL) against the local app origin. */
export function resolveAppUri(uri: string, appUrl: string): string {
  const pathname = /^https?:\/\//.test(uri) ? new URL(uri).pathname : uri;
  return new URL(pathname, appUrl).toString();
}

/** Where Shopify's published schema lives: ../shared beside the checkout, unless told otherwise. */
export function defaultSchemaDir(): string {
  return process.env.SHOPIFY_ADMIN_SCHEMA_DIR ?? path.resolve(ROOT, "..", "shared", "shopify-admin-schema");
}

export function loadDevstoreConfig(env: NodeJS.ProcessEnv = process.env): DevstoreConfig {
  const toml = readAppToml();
  const port = Number(env.DEVSTORE_PORT ?? 4100);
  const appUrl = env.SHOPIFY_APP_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}`;
  const webhooks: WebhookSubscriptionConfig[] = toml.webhooks.subscriptions.map((s) => ({
    topics: [...(s.topics ?? []), ...(s.compliance_topics ?? [])],
    uri: resolveAppUri(s.uri, appUrl),
    compliance: Boolean(s.compliance_topics?.length),
  }));
  const retry = env.DEVSTORE_WEBHOOK_RETRY_MS
    ? env.DEVSTORE_WEBHOOK_RETRY_MS.split(",").map(Number)
    : // Shopify retries 8 times over 4 hours.
      [60_000, 120_000, 300_000, 600_000, 1_200_000, 2_400_000, 3_600_000, 6_000_000];
  return {
    publicUrl: env.DEVSTORE_URL ?? `http://127.0.0.1:${port}`,
    port,
    dbPath: env.DEVSTORE_DB ?? path.join(ROOT, ".data", "devstore.sqlite"),
    schemaDir: defaultSchemaDir(),
    apiVersion: toml.webhooks.api_version,
    apiKey: env.SHOPIFY_API_KEY ?? toml.client_id,
    apiSecret: env.SHOPIFY_API_SECRET ?? "tsunagu-demo-secret",
    appUrl,
    scopes: toml.access_scopes.scopes.split(",").map((s) => s.trim()),
    webhooks,
    appProxy: { ...toml.app_proxy, url: resolveAppUri(toml.app_proxy.url, appUrl) },
    themeExtensionDir: path.join(ROOT, "extensions", "tsunagu-theme"),
    webhookRetryDelaysMs: retry,
    rateLimit: {
      maximumAvailable: Number(env.DEVSTORE_BUCKET_SIZE ?? 2000),
      restoreRate: Number(env.DEVSTORE_RESTORE_RATE ?? 100),
      maxSingleQueryCost: 1000,
    },
  };
}
