/**
 * The dev store's Admin GraphQL endpoint, `POST /admin/api/:version/graphql.json`, and the signed links bulk
 * operation results are downloaded from (`GET /bulk/:file`).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import express from "express";
import { z } from "zod";
import { loadAdminSchema } from "../schema";
import { records } from "../store/db";
import type { DevstoreContext } from "../types";
import { bulkDir, verifyBulkUrl } from "./bulk";
import { runGraphql } from "./execute";
import type { RequestContext } from "./request-context";
import { type Clock, createThrottle, type Throttle } from "./throttle";

export type AdminApiOptions = { clock?: Clock; throttle?: Throttle };

const BodySchema = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

const INVALID_TOKEN = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

/** The API versions the dev store serves: one per schema file Shopify published. */
export function availableVersions(schemaDir: string): string[] {
  if (!fs.existsSync(schemaDir)) return [];
  return fs
    .readdirSync(schemaDir)
    .map((f) => /^admin-(\d{4}-\d{2}|unstable)\.introspection\.json\.gz$/.exec(f)?.[1])
    .filter((v): v is string => Boolean(v));
}

function shopFromHost(header: string | undefined): string | null {
  const host = header?.split(",")[0]?.trim().replace(/:\d+$/, "").toLowerCase();
  return host && host.endsWith(".myshopify.com") ? host : null;
}

export function registerAdminApi(app: express.Express, ctx: DevstoreContext, options: AdminApiOptions = {}): void {
  const clock = options.clock ?? Date.now;
  const throttle =
    options.throttle ??
    createThrottle({ maximumAvailable: ctx.config.rateLimit.maximumAvailable, restoreRate: ctx.config.rateLimit.restoreRate }, clock);
  const versions = () => availableVersions(ctx.config.schemaDir);

  app.post(
    "/admin/api/:version/graphql.json",
    express.json({ limit: "2mb", type: ["application/json", "application/*+json"] }),
    express.text({ limit: "2mb", type: "application/graphql" }),
    async (req, res) => {
      res.setHeader("X-Request-Id", crypto.randomUUID());
      const version = String(req.params.version);
      if (!versions().includes(version)) {
        res.status(404).json({ errors: "Not Found" });
        return;
      }
      const token = records(ctx.db).getToken(String(req.get("X-Shopify-Access-Token") ?? ""));
      const shopDomain = shopFromHost(req.get("X-Forwarded-Host")) ?? token?.shop ?? null;
      const expired = token?.expiresAt ? Date.parse(token.expiresAt) < clock() : false;
      const shop = shopDomain ? records(ctx.db).getShop(shopDomain) : null;
      if (!token || expired || token.shop !== shopDomain || !shop) {
        res.status(401).json(INVALID_TOKEN);
        return;
      }
      const raw: unknown = typeof req.body === "string" ? { query: req.body } : req.body;
      const body = BodySchema.safeParse(raw);
      if (!body.success) {
        res.status(400).json({ errors: { query: "Required parameter missing or invalid" } });
        return;
      }
      res.setHeader("X-Shopify-API-Version", version);
      const schema = loadAdminSchema(ctx.config.schemaDir, version);
      const rc: RequestContext = {
        ctx,
        shop,
        scopes: new Set(token.scope.split(",").map((s) => s.trim()).filter(Boolean)),
        apiVersion: version,
        schema,
        bulk: false,
        searches: [],
        now: () => new Date(clock()),
      };
      try {
        const answer = await runGraphql(rc, schema, body.data, {
          throttle,
          bucketKey: `${ctx.config.apiKey}:${shop.domain}`,
          maxSingleQueryCost: ctx.config.rateLimit.maxSingleQueryCost,
        });
        res.status(200).json(answer);
      } catch (err) {
        console.error("devstore admin-api: request failed", { shop: shop.domain, error: (err as Error).message });
        res.status(500).json({ errors: "Internal Server Error" });
      }
    },
  );

  app.get("/bulk/:file", (req, res) => {
    const file = String(req.params.file);
    const ok =
      /^\d+\.jsonl$/.test(file) &&
      verifyBulkUrl(ctx.config, file, String(req.query.expires ?? ""), String(req.query.signature ?? ""), clock());
    if (!ok) {
      res.status(403).type("application/xml").send(
        "<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code><Message>Access denied.</Message></Error>",
      );
      return;
    }
    const full = path.join(bulkDir(ctx.config), file);
    if (!fs.existsSync(full)) {
      res.status(404).type("application/xml").send("<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code></Error>");
      return;
    }
    res.setHeader("Content-Type", "application/jsonl");
    fs.createReadStream(full).pipe(res);
  });
}
