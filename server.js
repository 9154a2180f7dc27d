// Production server: the Remix build behind Express, plus the job worker in the same process (the embedded default;
// set WORKER_IN_PROCESS=false and run `npm run worker` to split them).
import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const build = await import("./build/server/index.js");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const extraAncestors = (process.env.EXTRA_FRAME_ANCESTORS ?? "").split(/[\s,]+/).filter(Boolean);

const app = express();
app.disable("x-powered-by");
app.use(compression());

const appBridgeUrl = process.env.APP_BRIDGE_URL;
const SHOPIFY_APP_BRIDGE = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
if (extraAncestors.length > 0 || appBridgeUrl) {
  // For a stand-in admin (the local dev store): let it frame the app, on top of Shopify's own ancestors, and preload
  // App Bridge from where the pages actually load it.
  app.use((_req, res, next) => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => {
      const header = String(name).toLowerCase();
      if (header === "content-security-policy" && typeof value === "string" && extraAncestors.length > 0) {
        value = value.replace(/frame-ancestors ([^;]*)/, (_m, list) => `frame-ancestors ${list} ${extraAncestors.join(" ")}`);
      }
      if (header === "link" && appBridgeUrl) {
        value = Array.isArray(value)
          ? value.map((v) => String(v).replace(SHOPIFY_APP_BRIDGE, appBridgeUrl))
          : String(value).replace(SHOPIFY_APP_BRIDGE, appBridgeUrl);
      }
      return setHeader(name, value);
    };
    next();
  });
}

app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.get("/healthz", (_req, res) => {
  res.json({ ok: true });
});
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const server = app.listen(port, host, () => {
  console.log(`[app] listening on http://${host}:${port}`);
});

const worker = process.env.WORKER_IN_PROCESS === "false" ? null : build.entry.module.startWorker();

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    server.close();
    server.closeAllConnections();
    await worker?.stop();
    process.exit(0);
  });
}
