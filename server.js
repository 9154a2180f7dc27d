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

// Webhooks first, before compression, static files and Remix's routing: the routes whose action is the intake's
// (app/webhooks/intake.server.ts) get their POSTs read here and handed to the same verify-and-record code.
const WEBHOOK_BODY_LIMIT = 10 * 1024 * 1024;
const { receiveDelivery, webhookAction } = build.entry.module;
const webhookPaths = Object.values(build.routes)
  .filter((route) => route.module.action === webhookAction)
  .map((route) => `/${route.path}`);
app.post(webhookPaths, (req, res, next) => {
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > WEBHOOK_BODY_LIMIT) {
      res.status(413).end();
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on("error", next);
  req.on("end", () => {
    if (res.headersSent) return;
    const header = (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    };
    receiveDelivery({ method: req.method, header, body: Buffer.concat(chunks, size) }).then(
      ({ status, headers }) => res.status(status).set(headers).end(),
      next,
    );
  });
});

// The storefront inquiry form (POST /apps/tsunagu/inquiries through the app proxy) the same way: read here and handed
// to the intake's verify-limit-parse-store code without Express's middleware and Remix's routing (ADR 017). Other
// methods on the path still go through the Remix route (verified, then 405).
const { receiveInquiryDelivery, InquiryTooLarge } = build.entry.module;
app.post("/proxy/inquiries", (req, res, next) => {
  const header = (name) => {
    const value = req.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  // The body is read only once the signature, shop, size and rate checks passed, and refused past `limit` bytes.
  const readBody = (limit) =>
    new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      let done = false;
      req.on("data", (chunk) => {
        if (done) return;
        size += chunk.length;
        if (size > limit) {
          done = true;
          req.pause();
          reject(new InquiryTooLarge());
          return;
        }
        chunks.push(chunk);
      });
      req.on("error", (error) => {
        if (!done) reject(error);
        done = true;
      });
      req.on("end", () => {
        if (!done) resolve(Buffer.concat(chunks, size).toString("utf8"));
        done = true;
      });
    });
  receiveInquiryDelivery({ method: req.method, url: new URL(req.url, "http://app.invalid"), header, readBody }).then(({ status, headers, body }) => {
    // A body refused as too large is dropped with the connection rather than read on; a small unread one (a refusal
    // before reading) is discarded by Node, keeping the connection.
    if (status === 413 && !req.complete) res.setHeader("Connection", "close");
    res.status(status).set(headers).end(body ?? undefined);
  }, next);
});

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
// The inbound SMTP listener for the shops' support addresses, when INBOUND_SMTP_PORT is set (app/mail, ADR 014).
const inboundMail = await build.entry.module.startInboundMail();

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    server.close();
    server.closeAllConnections();
    await worker?.stop();
    await inboundMail?.close();
    process.exit(0);
  });
}
