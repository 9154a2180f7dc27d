/**
 * Lean nodes for the bulk fast path: an order, customer or line item record whose most-read fields are computed
 * straight from the record, without building the whole mapped object (objects.ts) with its dozen money bags,
 * addresses and closures. Any other field builds the mapped object once and reads it there, so objects.ts stays the
 * definition of every value; bulk-fast.test.ts checks the fields below against it byte for byte.
 */
import type { GraphQLResolveInfo } from "graphql";
import { gid } from "../store/db";
import { records } from "../store/db";
import type { CustomerRecord, LineItemRecord, OrderRecord, ProductRecord, VariantRecord } from "../types";
import { encodeCursor, type PageArgs, pageArray } from "./connection";
import { customerObject, money, moneyBag, orderObject, productObject, variantObject } from "./objects";
import { type GraphObject, type RequestContext, type Resolver, requireScope } from "./request-context";

/**
 * What a batch loaded ahead: customers by id (null when the order's customer no longer exists), and the products its
 * line items name, read once per batch instead of twice per line item (`product { id }` and `variant { id }`).
 */
export type BatchData = {
  customers: Map<number, GraphObject | Lean<CustomerRecord> | null> | null;
  products?: Map<number, ProductRecord | null>;
};

/** The product a line item names, as objects.ts's resolvers read it (null when gone), once per batch. */
function batchProduct(batch: BatchData, rc: RequestContext, shop: string, id: number): ProductRecord | null {
  batch.products ??= new Map();
  let found = batch.products.get(id);
  if (found === undefined) {
    found = records(rc.ctx.db).getProduct(shop, id);
    batch.products.set(id, found);
  }
  return found;
}

const PRODUCT_FIELDS: LeanFields<ProductRecord> = { id: (p) => gid("Product", p.id), legacyResourceId: (p) => String(p.id) };
type VariantOf = { v: VariantRecord; p: ProductRecord };
const VARIANT_FIELDS: LeanFields<VariantOf> = { id: ({ v }) => gid("ProductVariant", v.id), legacyResourceId: ({ v }) => String(v.id) };

type LeanField<R> = (
  record: R,
  args: Record<string, unknown>,
  rc: RequestContext,
  info: GraphQLResolveInfo,
  batch: BatchData,
  self: Lean<R>,
) => unknown;
type LeanFields<R> = Record<string, LeanField<R>>;

export class Lean<R> {
  private object: GraphObject | undefined;
  constructor(
    readonly __typename: string,
    readonly fields: LeanFields<R>,
    readonly record: R,
    private readonly build: (rc: RequestContext) => GraphObject,
  ) {}

  /** The mapped object (objects.ts) for fields the lean table does not list; built once. */
  materialized(rc: RequestContext): GraphObject {
    this.object ??= this.build(rc);
    return this.object;
  }
}

/** Calls a field of the mapped object the way execute.ts's field resolver would. */
function viaObject(obj: GraphObject, name: string, args: Record<string, unknown>, rc: RequestContext, info: GraphQLResolveInfo): unknown {
  const value = obj[name];
  return typeof value === "function" ? (value as Resolver)(args, rc, info) : value;
}

const CUSTOMER_FIELDS: LeanFields<CustomerRecord> = {
  id: (c) => gid("Customer", c.id),
  legacyResourceId: (c) => String(c.id),
  firstName: (c) => c.firstName,
  lastName: (c) => c.lastName,
  email: (c) => c.email,
  phone: (c) => c.phone,
  locale: (c) => c.locale,
  note: (c) => c.note,
  tags: (c) => c.tags,
  state: (c) => c.state,
  verifiedEmail: (c) => c.verifiedEmail,
  taxExempt: (c) => c.taxExempt,
  createdAt: (c) => c.createdAt,
  updatedAt: (c) => c.updatedAt,
  numberOfOrders: (c) => String(c.numberOfOrders),
  amountSpent: (c, _a, rc) => money(c.amountSpent, rc.shop.currencyCode),
  canDelete: (c) => c.numberOfOrders === 0,
};

export function leanCustomer(c: CustomerRecord): Lean<CustomerRecord> {
  return new Lean("Customer", CUSTOMER_FIELDS, c, () => customerObject(c));
}

type LineItemOf = { li: LineItemRecord; order: OrderRecord };

const LINE_ITEM_FIELDS: LeanFields<LineItemOf> = {
  id: ({ li }) => gid("LineItem", li.id),
  title: ({ li }) => li.title,
  variantTitle: ({ li }) => li.variantTitle,
  sku: ({ li }) => li.sku,
  vendor: ({ li }) => li.vendor,
  quantity: ({ li }) => li.quantity,
  currentQuantity: ({ li }) => li.quantity,
  name: ({ li }) => (li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title),
  originalUnitPriceSet: ({ li, order }) => moneyBag(li.originalUnitPrice, order.currencyCode),
  product: ({ li, order }, _a, rc, _i, batch) => {
    const p = li.productId ? batchProduct(batch, rc, order.shop, li.productId) : null;
    return p ? new Lean<ProductRecord>("Product", PRODUCT_FIELDS, p, () => productObject(p)) : null;
  },
  variant: ({ li, order }, _a, rc, _i, batch) => {
    const p = li.productId ? batchProduct(batch, rc, order.shop, li.productId) : null;
    const v = p?.variants.find((x) => x.id === li.variantId);
    return p && v ? new Lean<VariantOf>("ProductVariant", VARIANT_FIELDS, { v, p }, () => variantObject(v, p)) : null;
  },
};

/** Order.lineItems as bulk reads it (everything, `first` only): the same list, order and cursors as pageArray. */
function lineItems(o: OrderRecord, args: Record<string, unknown>, rc: RequestContext, info: GraphQLResolveInfo, order: Lean<OrderRecord>): unknown {
  const page = args as PageArgs;
  if (page.first == null || page.last != null || page.after || page.before || page.first < o.lineItems.length) {
    return viaObject(order.materialized(rc), "lineItems", args, rc, info);
  }
  const list = [...o.lineItems].sort((a, b) => a.id - b.id);
  if (page.reverse) list.reverse();
  let mappedNodes: GraphObject[] | undefined;
  const mapped = (rcx: RequestContext) => {
    mappedNodes ??= (viaObject(order.materialized(rcx), "lineItems", args, rcx, info) as { nodes: GraphObject[] }).nodes;
    return mappedNodes;
  };
  const nodes = list.map((li, index) => new Lean<LineItemOf>("LineItem", LINE_ITEM_FIELDS, { li, order: o }, (rcx) => mapped(rcx)[index]!));
  return {
    __typename: "LineItemConnection",
    nodes,
    // Cursors only when the query selects them: bulk output never carries them, and a million base64s add up.
    edges: () => nodes.map((node) => ({ __typename: "LineItemEdge", cursor: () => encodeCursor(node.record.li.id, node.record.li.id), node })),
    pageInfo: () => pageArray(o.lineItems, page, true).pageInfo,
  };
}

const bag = (amount: (o: OrderRecord) => string): LeanField<OrderRecord> => (o) => moneyBag(amount(o), o.currencyCode);

const ORDER_FIELDS: LeanFields<OrderRecord> = {
  id: (o) => gid("Order", o.id),
  legacyResourceId: (o) => String(o.id),
  name: (o) => o.name,
  number: (o) => o.number,
  email: (o) => o.email,
  phone: (o) => o.phone,
  currencyCode: (o) => o.currencyCode,
  presentmentCurrencyCode: (o) => o.currencyCode,
  subtotalPriceSet: bag((o) => o.subtotalPrice),
  currentSubtotalPriceSet: bag((o) => o.subtotalPrice),
  totalDiscountsSet: bag((o) => o.totalDiscounts),
  currentTotalDiscountsSet: bag((o) => o.totalDiscounts),
  totalShippingPriceSet: bag((o) => o.totalShippingPrice),
  currentShippingPriceSet: bag((o) => o.totalShippingPrice),
  totalTaxSet: bag((o) => o.totalTax),
  currentTotalTaxSet: bag((o) => o.totalTax),
  totalPriceSet: bag((o) => o.totalPrice),
  originalTotalPriceSet: bag((o) => o.totalPrice),
  currentTotalPriceSet: bag((o) => (o.cancelledAt ? "0.0" : o.totalPrice)),
  displayFinancialStatus: (o) => o.displayFinancialStatus,
  displayFulfillmentStatus: (o) => o.displayFulfillmentStatus,
  sourceName: (o) => o.sourceName,
  tags: (o) => o.tags,
  discountCodes: (o) => o.discountCodes,
  note: (o) => o.note,
  test: (o) => o.test,
  processedAt: (o) => o.processedAt,
  createdAt: (o) => o.createdAt,
  updatedAt: (o) => o.updatedAt,
  cancelledAt: (o) => o.cancelledAt,
  closedAt: (o) => o.closedAt,
  closed: (o) => o.closedAt !== null,
  customer: (o, args, rc, info, batch, self) => {
    const loaded = batch.customers;
    if (!loaded || (o.customerId !== null && !loaded.has(o.customerId))) return viaObject(self.materialized(rc), "customer", args, rc, info);
    requireScope(rc, info, "read_customers");
    return o.customerId === null ? null : loaded.get(o.customerId)!;
  },
  lineItems: (o, args, rc, info, _batch, self) => lineItems(o, args, rc, info, self),
};

export function leanOrder(o: OrderRecord): Lean<OrderRecord> {
  return new Lean("Order", ORDER_FIELDS, o, () => orderObject(o));
}

/** The fields each lean node computes itself, so a test can check every one of them against objects.ts. */
export const LEAN_FIELDS: Record<"Order" | "Customer" | "LineItem", string[]> = {
  Order: Object.keys(ORDER_FIELDS),
  Customer: Object.keys(CUSTOMER_FIELDS),
  LineItem: Object.keys(LINE_ITEM_FIELDS),
};
