/**
 * The control API: how tests, benchmarks and demos act as shoppers and merchants on the dev store. JSON under
 * `/_control`; every mutating response carries the record(s) and the ids of the webhooks the change emitted.
 */
import crypto from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { DevstoreError, notFound } from "../store/errors";
import {
  abandonCheckout,
  cancelOrder,
  completeCheckout,
  createCustomer,
  deleteCustomer,
  fulfillOrder,
  placeOrder,
  requestCompliance,
  startCheckout,
  uninstallApp,
  updateCheckout,
  updateCustomer,
  updateOrder,
} from "../store/events";
import { records } from "../store/db";
import { changeCollectionProducts, collectionProductIds, createCollection, deleteCollection, updateCollection } from "../store/collections";
import { seedShop } from "../seed/index";
import type { DevstoreContext, ProductRecord } from "../types";
import type { DeliveryRow } from "../webhooks/dispatcher";
import { controlErrorHandler } from "./errors";
import {
  CancelBody,
  CheckoutBody,
  CheckoutPatchBody,
  ComplianceBody,
  CustomerBody,
  IdQuery,
  OrderBody,
  OrderPatchBody,
  ShopBody,
} from "./schemas";

type Handler = (req: Request, res: Response) => unknown;

/** Express 4 does not forward rejected promises; this does. */
const route =
  (fn: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    try {
      Promise.resolve(fn(req, res)).catch(next);
    } catch (err) {
      next(err);
    }
  };

/** Runs a change with a dispatcher that also collects the webhook ids it emits. */
function collecting<T>(ctx: DevstoreContext, change: (c: DevstoreContext) => T): { result: T; webhookIds: string[] } {
  const webhookIds: string[] = [];
  const scoped: DevstoreContext = {
    ...ctx,
    webhooks: {
      ...ctx.webhooks,
      emit(event) {
        const ids = ctx.webhooks.emit(event);
        webhookIds.push(...ids);
        return ids;
      },
      idle: () => ctx.webhooks.idle(),
    },
  };
  return { result: change(scoped), webhookIds };
}

function shopParam(ctx: DevstoreContext, req: Request): string {
  const raw = String(req.params.shop ?? "");
  const domain = raw.includes(".") ? raw : `${raw}.myshopify.com`;
  if (!records(ctx.db).getShop(domain)) throw notFound("Shop", domain);
  return domain;
}

function deliveryJson(row: DeliveryRow) {
  return {
    webhookId: row.webhook_id,
    eventId: row.event_id,
    shop: row.shop,
    topic: row.topic,
    uri: row.uri,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.last_status,
    triggeredAt: row.triggered_at,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    payload: JSON.parse(row.body) as unknown,
  };
}

export function registerControlApi(app: express.Express, ctx: DevstoreContext): void {
  const r = express.Router();
  r.use(express.json({ limit: "2mb" }));

  r.post(
    "/shops",
    route((req, res) => {
      const body = ShopBody.parse(req.body ?? {});
      const domain = body.domain ?? `test-${crypto.randomBytes(5).toString("hex")}.myshopify.com`;
      if (records(ctx.db).getShop(domain)) throw new DevstoreError("INVALID", `Shop ${domain} already exists`, "domain");
      const counts = seedShop(ctx.db, {
        domain,
        locale: body.locale,
        size: body.size,
        ...(body.name ? { name: body.name } : {}),
        ...(body.seed !== undefined ? { seed: body.seed } : {}),
      });
      res.status(201).json({ shop: records(ctx.db).getShop(domain), counts });
    }),
  );

  r.get(
    "/shops",
    route((_req, res) => {
      res.json({ shops: records(ctx.db).listShops() });
    }),
  );

  r.post(
    "/shops/:shop/customers",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const input = CustomerBody.parse(req.body);
      const { result, webhookIds } = collecting(ctx, (c) => createCustomer(c, shop, input));
      res.status(201).json({ customer: result, webhookIds });
    }),
  );

  r.patch(
    "/shops/:shop/customers/:id",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const id = IdQuery.parse(req.params.id);
      const patch = CustomerBody.parse(req.body);
      const { result, webhookIds } = collecting(ctx, (c) => updateCustomer(c, shop, id, patch));
      res.json({ customer: result, webhookIds });
    }),
  );

  r.delete(
    "/shops/:shop/customers/:id",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const id = IdQuery.parse(req.params.id);
      const { result, webhookIds } = collecting(ctx, (c) => deleteCustomer(c, shop, id));
      if (!result) throw notFound("Customer", id);
      res.json({ deletedCustomerId: id, webhookIds });
    }),
  );

  r.post(
    "/shops/:shop/orders",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const input = OrderBody.parse(req.body);
      const { result, webhookIds } = collecting(ctx, (c) => placeOrder(c, shop, input));
      res.status(201).json({ order: result, webhookIds });
    }),
  );

  r.patch(
    "/shops/:shop/orders/:id",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const id = IdQuery.parse(req.params.id);
      const patch = OrderPatchBody.parse(req.body);
      const { result, webhookIds } = collecting(ctx, (c) => updateOrder(c, shop, id, patch));
      res.json({ order: result, webhookIds });
    }),
  );

  r.post(
    "/shops/:shop/orders/:id/fulfill",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const id = IdQuery.parse(req.params.id);
      const { result, webhookIds } = collecting(ctx, (c) => fulfillOrder(c, shop, id));
      res.json({ order: result, webhookIds });
    }),
  );

  r.post(
    "/shops/:shop/orders/:id/cancel",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const id = IdQuery.parse(req.params.id);
      const { reason } = CancelBody.parse(req.body ?? {});
      const { result, webhookIds } = collecting(ctx, (c) => cancelOrder(c, shop, id, reason));
      res.json({ order: result, webhookIds });
    }),
  );

  r.post(
    "/shops/:shop/checkouts",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const input = CheckoutBody.parse(req.body);
      const { result, webhookIds } = collecting(ctx, (c) => startCheckout(c, shop, input));
      res.status(201).json({ checkout: result, webhookIds });
    }),
  );

  r.patch(
    "/shops/:shop/checkouts/:token",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const patch = CheckoutPatchBody.parse(req.body);
      const { result, webhookIds } = collecting(ctx, (c) => updateCheckout(c, shop, String(req.params.token), patch));
      res.json({ checkout: result, webhookIds });
    }),
  );

  r.post(
    "/shops/:shop/checkouts/:token/abandon",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const { result, webhookIds } = collecting(ctx, (c) => abandonCheckout(c, shop, String(req.params.token)));
      res.json({ checkout: result, webhookIds });
    }),
  );

  r.post(
    "/shops/:shop/checkouts/:token/complete",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const { result, webhookIds } = collecting(ctx, (c) => completeCheckout(c, shop, String(req.params.token)));
      res.json({ ...result, webhookIds });
    }),
  );

  r.post(
    "/shops/:shop/app/uninstall",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const { webhookIds } = collecting(ctx, (c) => uninstallApp(c, shop));
      res.json({ webhookIds });
    }),
  );

  r.post(
    "/shops/:shop/compliance",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const { topic, customerId } = ComplianceBody.parse(req.body);
      const { webhookIds } = collecting(ctx, (c) => requestCompliance(c, shop, topic, customerId));
      res.json({ webhookIds });
    }),
  );

  r.get(
    "/shops/:shop/products",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const rows = ctx.db.prepare("SELECT data FROM products WHERE shop = ? ORDER BY id").all(shop) as { data: string }[];
      res.json({ products: rows.map((row) => JSON.parse(row.data) as ProductRecord) });
    }),
  );

  // Collections as the merchant edits them in the admin (store/collections.ts); each change emits its webhook.
  const RuleSetBody = z.object({
    appliedDisjunctively: z.boolean().default(false),
    rules: z.array(
      z.object({
        column: z.enum(["TAG", "TYPE", "VENDOR", "TITLE", "VARIANT_PRICE"]),
        relation: z.enum(["EQUALS", "NOT_EQUALS", "CONTAINS", "NOT_CONTAINS", "STARTS_WITH", "ENDS_WITH", "GREATER_THAN", "LESS_THAN"]),
        condition: z.string(),
      }),
    ),
  });
  const CollectionBody = z.object({
    title: z.string(),
    handle: z.string().optional(),
    descriptionHtml: z.string().optional(),
    ruleSet: RuleSetBody.optional(),
    productIds: z.array(z.number().int()).optional(),
  });
  const withProducts = (shop: string, collection: { id: number }) => ({ ...collection, productIds: collectionProductIds(ctx.db, shop, collection.id) });

  r.get(
    "/shops/:shop/collections",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const rows = ctx.db.prepare("SELECT data FROM collections WHERE shop = ? ORDER BY id").all(shop) as { data: string }[];
      res.json({ collections: rows.map((row) => withProducts(shop, JSON.parse(row.data) as { id: number })) });
    }),
  );

  r.post(
    "/shops/:shop/collections",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const body = CollectionBody.parse(req.body);
      const { result, webhookIds } = collecting(ctx, (c) => createCollection(c, shop, body));
      res.status(201).json({ collection: withProducts(shop, result), webhookIds });
    }),
  );

  r.patch(
    "/shops/:shop/collections/:id",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const id = IdQuery.parse(req.params.id);
      const { productIds: _ignored, ...patch } = CollectionBody.partial().parse(req.body);
      const { result, webhookIds } = collecting(ctx, (c) => updateCollection(c, shop, id, patch));
      res.json({ collection: withProducts(shop, result), webhookIds });
    }),
  );

  r.post(
    "/shops/:shop/collections/:id/products",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const id = IdQuery.parse(req.params.id);
      const change = z.object({ add: z.array(z.number().int()).optional(), remove: z.array(z.number().int()).optional() }).parse(req.body);
      const { result, webhookIds } = collecting(ctx, (c) => changeCollectionProducts(c, shop, id, change));
      res.json({ collection: withProducts(shop, result), webhookIds });
    }),
  );

  r.delete(
    "/shops/:shop/collections/:id",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const id = IdQuery.parse(req.params.id);
      const { webhookIds } = collecting(ctx, (c) => deleteCollection(c, shop, id));
      res.json({ deletedCollectionId: id, webhookIds });
    }),
  );

  r.get(
    "/shops/:shop/webhooks",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const topic = z.string().optional().parse(req.query.topic);
      const rows = (
        topic
          ? ctx.db.prepare("SELECT * FROM webhook_deliveries WHERE shop = ? AND topic = ? ORDER BY rowid").all(shop, topic)
          : ctx.db.prepare("SELECT * FROM webhook_deliveries WHERE shop = ? ORDER BY rowid").all(shop)
      ) as DeliveryRow[];
      res.json({ deliveries: rows.map(deliveryJson) });
    }),
  );

  r.post(
    "/shops/:shop/webhooks/:webhookId/redeliver",
    route((req, res) => {
      const shop = shopParam(ctx, req);
      const webhookId = String(req.params.webhookId);
      const row = ctx.db.prepare("SELECT 1 FROM webhook_deliveries WHERE shop = ? AND webhook_id = ?").get(shop, webhookId);
      if (!row || !ctx.webhooks.redeliver?.(webhookId)) throw notFound("Webhook delivery", webhookId);
      res.json({ webhookIds: [webhookId] });
    }),
  );

  r.post(
    "/webhooks/idle",
    route(async (req, res) => {
      const timeoutMs = z.coerce.number().int().min(0).max(600_000).default(30_000).parse(req.query.timeoutMs);
      let timer: NodeJS.Timeout | undefined;
      const idle = await Promise.race([
        ctx.webhooks.idle().then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      res.json({ idle });
    }),
  );

  r.use(controlErrorHandler);
  app.use("/_control", r);
}
