/** QueryRoot: the root fields the dev store serves, each scoped to the token's shop and guarded by its access scope. */
import type { GraphQLResolveInfo } from "graphql";
import { parseGid, records } from "../store/db";
import type { BulkOperationRecord, CheckoutRecord, CustomerRecord, OrderRecord, ProductRecord } from "../types";
import { connectionObject, countSql, type PageArgs, pageArray, pageSql } from "./connection";
import { checkoutObject, customerObject, orderObject, productObject, variantObject } from "./objects";
import {
  bulkObject,
  nodeByGid,
  shopObject,
  topicToEnum,
  webhookSubscriptionObject,
  type WebhookSubscriptionRow,
} from "./objects-misc";
import { type GraphObject, recordSearch, type RequestContext, requireScope } from "./request-context";
import { segmentQueries } from "./segments";
import { collectionQueries } from "./collections";
import { checkoutSource, customerSource, orderSource, productSource, type Source, variantSource } from "./sources";

type Args = Record<string, unknown>;
type RootResolver = (args: Args, rc: RequestContext, info: GraphQLResolveInfo) => unknown;

function listing(
  scope: string,
  typename: string,
  source: (rc: RequestContext) => Source,
  toObject: (data: string) => GraphObject,
): RootResolver {
  return (args, rc, info) => {
    requireScope(rc, info, scope);
    const page = pageSql({ ...(args as PageArgs), db: rc.ctx.db, source: source(rc), shop: rc.shop.domain, uncapped: rc.bulk });
    recordSearch(rc, info, args.query, page.warnings);
    return connectionObject(typename, page, toObject);
  };
}

function counting(scope: string, source: (rc: RequestContext) => Source): RootResolver {
  return (args, rc, info) => {
    requireScope(rc, info, scope);
    const limit = args.limit === undefined ? 10_000 : (args.limit as number | null);
    const result = countSql(rc.ctx.db, source(rc), rc.shop.domain, args.query as string | undefined, limit);
    recordSearch(rc, info, args.query, result.warnings);
    return { __typename: "Count", count: result.count, precision: result.precision };
  };
}

function byId<T>(scope: string, kind: string, load: (rc: RequestContext, id: number) => T | null, toObject: (r: T) => GraphObject): RootResolver {
  return (args, rc, info) => {
    if (scope) requireScope(rc, info, scope);
    const parsed = parseGid(String(args.id));
    if (!parsed || parsed.kind !== kind) return null;
    const record = load(rc, parsed.id);
    return record ? toObject(record) : null;
  };
}

const parse = <T>(data: string) => JSON.parse(data) as T;
const tz = (rc: RequestContext) => rc.shop.ianaTimezone;

export const queryRoot: Record<string, RootResolver> = {
  shop: (_a, rc) => shopObject(rc.shop),
  customers: listing("read_customers", "CustomerConnection", (rc) => customerSource(tz(rc)), (d) => customerObject(parse<CustomerRecord>(d))),
  customer: byId("read_customers", "Customer", (rc, id) => records(rc.ctx.db).getCustomer(rc.shop.domain, id), customerObject),
  customersCount: counting("read_customers", (rc) => customerSource(tz(rc))),
  orders: listing("read_orders", "OrderConnection", (rc) => orderSource(tz(rc)), (d) => orderObject(parse<OrderRecord>(d))),
  order: byId("read_orders", "Order", (rc, id) => records(rc.ctx.db).getOrder(rc.shop.domain, id), orderObject),
  ordersCount: counting("read_orders", (rc) => orderSource(tz(rc))),
  abandonedCheckouts: listing("read_orders", "AbandonedCheckoutConnection", (rc) => checkoutSource(tz(rc)), (d) => checkoutObject(parse<CheckoutRecord>(d))),
  abandonedCheckoutsCount: counting("read_orders", (rc) => checkoutSource(tz(rc))),
  products: listing("read_products", "ProductConnection", (rc) => productSource(tz(rc)), (d) => productObject(parse<ProductRecord>(d))),
  product: byId("read_products", "Product", (rc, id) => records(rc.ctx.db).getProduct(rc.shop.domain, id), productObject),
  productVariants: (args, rc, info) => {
    requireScope(rc, info, "read_products");
    const page = pageSql({ ...(args as PageArgs), db: rc.ctx.db, source: variantSource(), shop: rc.shop.domain, uncapped: rc.bulk });
    recordSearch(rc, info, args.query, page.warnings);
    const products = new Map<number, ProductRecord>();
    return connectionObject("ProductVariantConnection", page, (data) => {
      const v = parse<ProductRecord["variants"][number] & { productId: number }>(data);
      let p = products.get(v.productId);
      if (!p) {
        p = records(rc.ctx.db).getProduct(rc.shop.domain, v.productId)!;
        products.set(v.productId, p);
      }
      return variantObject(v, p);
    });
  },
  node: (args, rc, info) => nodeByGid(rc, String(args.id), info.fieldName),
  nodes: (args, rc, info) => (args.ids as string[]).map((id) => nodeByGid(rc, id, info.fieldName)),
  currentBulkOperation: (args, rc) => {
    const type = (args.type as "QUERY" | "MUTATION" | undefined) ?? "QUERY";
    const b = records(rc.ctx.db).currentBulkOperation(rc.shop.domain, type);
    return b ? bulkObject(b) : null;
  },
  bulkOperation: byId<BulkOperationRecord>("", "BulkOperation", (rc, id) => records(rc.ctx.db).getBulkOperation(rc.shop.domain, id), bulkObject),
  webhookSubscriptions: (args, rc) => {
    const all = rc.ctx.db
      .prepare("SELECT * FROM webhook_subscriptions WHERE shop = ? ORDER BY id")
      .all(rc.shop.domain) as WebhookSubscriptionRow[];
    const topics = Array.isArray(args.topics) ? new Set(args.topics as string[]) : null;
    const uri = (args.uri ?? args.callbackUrl) as string | undefined;
    const matching = all.filter((w) => (!topics || topics.has(topicToEnum(w.topic))) && (!uri || w.uri === uri));
    return connectionObject("WebhookSubscriptionConnection", pageArray(matching, args as PageArgs, rc.bulk), (w) =>
      webhookSubscriptionObject(w, rc.apiVersion),
    );
  },
  currentAppInstallation: (_a, rc) => ({
    __typename: "AppInstallation",
    id: `gid://shopify/AppInstallation/${rc.shop.id}`,
    accessScopes: [...rc.scopes].sort().map((handle) => ({ __typename: "AccessScope", handle, description: handle })),
    activeSubscriptions: [],
    uninstallUrl: null,
  }),
  ...segmentQueries,
  ...collectionQueries,
};
