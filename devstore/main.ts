/** Starts the local dev store: `npm run devstore`. */
import { startDevstore } from "./server";

const running = await startDevstore();
// Load Shopify's schema now rather than on the first request.
running.ctx.schema();
console.log(`[devstore] listening on ${running.url} (Admin API ${running.ctx.config.apiVersion})`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
