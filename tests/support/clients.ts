/** Small clients the integration tests share: the dev store's control API, the embedded admin, the app's database. */
import { createHmac } from "node:crypto";
import { inject } from "vitest";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@tsunagu-generated/prisma-sqlite";
import { PrismaClient as PostgresClient } from "@tsunagu-generated/prisma-postgresql";

export function stack() {
  return inject("stack");
}

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${response.url}: ${text}`);
  return JSON.parse(text) as T;
}

export const devstore = {
  async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${stack().devstoreUrl}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return json<T>(response);
  },

  /** A fresh shop (a fresh tenant) for one test. */
  async createShop(locale: "ja" | "en" = "ja", size = "tiny") {
    const { shop, counts } = await this.control<{
      shop: { domain: string; name: string };
      counts: { customers: number; orders: number; checkouts: number; products: number };
    }>("POST", "/shops", { locale, size });
    return { domain: shop.domain, handle: shop.domain.replace(".myshopify.com", ""), name: shop.name, counts };
  },

  async sessionToken(handle: string, user = 1): Promise<string> {
    const { token } = await json<{ token: string }>(await fetch(`${stack().devstoreUrl}/store/${handle}/session-token?user=${user}`));
    return token;
  },

  async waitForWebhooks(): Promise<void> {
    const { idle } = await this.control<{ idle: boolean }>("POST", "/webhooks/idle?timeoutMs=30000");
    if (!idle) throw new Error("dev store webhooks did not settle");
  },

  async deliveries(domain: string, topic?: string) {
    const query = topic ? `?topic=${encodeURIComponent(topic)}` : "";
    const { deliveries } = await this.control<{
      deliveries: Array<{ webhookId: string; topic: string; status: string; attempts: number; lastStatus: number | null }>;
    }>("GET", `/shops/${domain}/webhooks${query}`);
    return deliveries;
  },
};

/** Opens the embedded app the way Shopify admin does: the launch URL with an `id_token`. */
export async function openAdmin(shop: { domain: string; handle: string }, locale: "ja" | "en", path = "/app") {
  const idToken = await devstore.sessionToken(shop.handle);
  const host = Buffer.from(`admin.shopify.com/store/${shop.handle}`).toString("base64url");
  const url = new URL(path, stack().appUrl);
  for (const [key, value] of Object.entries({ embedded: "1", shop: shop.domain, host, id_token: idToken, locale })) {
    url.searchParams.set(key, value);
  }
  const response = await fetch(url, {
    headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36" },
    redirect: "manual",
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

export function webhookHmac(body: string, secret = stack().apiSecret): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

let client: SqliteClient | undefined;

/** The app's own database, to look at what a request changed. */
export function appDb(): SqliteClient {
  if (client) return client;
  const url = stack().databaseUrl;
  client = url.startsWith("postgres")
    ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqliteClient)
    : // The app and its worker write the same file: wait for their locks as the app does (app/db.server.ts).
      new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 5_000 }) });
  return client;
}

export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

/**
 * A new dev store shop with the app installed (the admin opened once) and its initial sync finished, so rows a test
 * writes are not recomputed or replaced by the sync under it.
 */
export async function syncedShop(locale: "ja" | "en" = "ja", size = "empty", timeoutMs = 30_000) {
  const shop = await devstore.createShop(locale, size);
  await openAdmin(shop, locale);
  await eventually(
    () => appDb().syncRun.findMany({ where: { shop: shop.domain } }),
    (runs) => runs.length > 0 && runs.every((r) => r.status === "completed"),
    timeoutMs,
  );
  return shop;
}
