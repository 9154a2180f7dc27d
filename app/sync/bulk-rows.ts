/**
 * Bulk operation results (GraphQL JSONL) into the rows of app/sync/types.ts. Nested connection nodes arrive as lines of
 * their own carrying `__parentId`, after their parent; they are grouped back under the root they belong to. The same
 * mappers read the reconciliation's paginated nodes, whose children arrive nested.
 */
import { z } from "zod";
import type { AddressRow, CheckoutLineRow, CheckoutRow, CustomerRow, LineItemRow, OrderRow } from "./types";

type Json = Record<string, unknown>;

/** A root object with the child lines (nested connection nodes) that belong to it. */
export type BulkRoot = { node: Json; children: Json[] };

/** Roots grouped into a batch, and how many JSONL lines have been consumed once it is applied (a resume point). */
export type BulkBatch = { roots: BulkRoot[]; linesConsumed: number };

/** "gid://shopify/Customer/123" → "123"; address gids carry a `?model_name=` suffix. */
export function gidNumber(gid: string): string {
  const tail = gid.slice(gid.lastIndexOf("/") + 1);
  const q = tail.indexOf("?");
  return q < 0 ? tail : tail.slice(0, q);
}

/** Splits a byte stream into lines without holding more than one partial line in memory. */
export async function* splitLines(stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let carry = "";
  for await (const chunk of chunksOf(stream)) {
    carry += decoder.decode(chunk, { stream: true });
    let newline = carry.indexOf("\n");
    while (newline >= 0) {
      const line = carry.slice(0, newline);
      carry = carry.slice(newline + 1);
      if (line.trim() !== "") yield line;
      newline = carry.indexOf("\n");
    }
  }
  carry += decoder.decode();
  if (carry.trim() !== "") yield carry;
}

async function* chunksOf(stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (!("getReader" in stream)) {
    yield* stream;
    return;
  }
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopping early (a crash, an error) cancels the download instead of reading it to the end.
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

export class BulkFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BulkFormatError";
  }
}

/**
 * Groups JSONL lines into batches of `batchSize` roots. The first `skip` lines (already applied before a crash; always
 * a root boundary) are read past, not parsed. A batch is cut only at a root boundary, so `linesConsumed` is a safe
 * place to resume from.
 */
export async function* groupBulkLines(
  lines: AsyncIterable<string>,
  options: { batchSize: number; skip?: number },
): AsyncGenerator<BulkBatch> {
  const skip = options.skip ?? 0;
  let lineNo = 0;
  let batch: BulkRoot[] = [];
  let byId = new Map<string, BulkRoot>();
  for await (const text of lines) {
    lineNo++;
    if (lineNo <= skip) continue;
    const line = JSON.parse(text) as Json;
    const parentId = typeof line.__parentId === "string" ? line.__parentId : null;
    if (parentId) {
      const parent = byId.get(parentId);
      if (!parent) throw new BulkFormatError(`line ${lineNo}: parent ${parentId} not found before its child`);
      parent.children.push(line);
      continue;
    }
    if (batch.length >= options.batchSize) {
      // Every line before this new root belongs to the batch.
      yield { roots: batch, linesConsumed: lineNo - 1 };
      batch = [];
      byId = new Map();
    }
    const root: BulkRoot = { node: line, children: [] };
    batch.push(root);
    if (typeof line.id === "string") byId.set(line.id, root);
  }
  if (batch.length > 0) yield { roots: batch, linesConsumed: lineNo };
}

// Shapes as the bulk query (bulk-operations.ts) selects them. Unknown extra fields are ignored.
const Money = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string().optional() }) });
const IdRef = z.object({ id: z.string() }).nullable().optional();
const date = z.coerce.date();
const optionalDate = z.coerce.date().nullable().optional();
const text = z.string().nullable().optional();

const Address = z.object({
  id: z.string().nullable().optional(),
  firstName: text,
  lastName: text,
  company: text,
  address1: text,
  address2: text,
  city: text,
  province: text,
  provinceCode: text,
  country: text,
  countryCodeV2: text,
  zip: text,
  phone: text,
});

const CustomerNode = z.object({
  id: z.string(),
  firstName: text,
  lastName: text,
  email: text,
  phone: text,
  locale: text,
  note: text,
  tags: z.array(z.string()).default([]),
  state: text,
  createdAt: date,
  updatedAt: date,
  defaultEmailAddress: z
    .object({ marketingState: text, marketingOptInLevel: text, marketingUpdatedAt: optionalDate })
    .nullable()
    .optional(),
  defaultAddress: IdRef,
  addresses: z.array(Address).default([]),
});

const OrderNode = z.object({
  id: z.string(),
  name: z.string(),
  email: text,
  phone: text,
  currencyCode: z.string(),
  subtotalPriceSet: Money.nullable().optional(),
  totalDiscountsSet: Money.nullable().optional(),
  totalShippingPriceSet: Money.nullable().optional(),
  totalTaxSet: Money.nullable().optional(),
  totalPriceSet: Money,
  displayFinancialStatus: text,
  displayFulfillmentStatus: text,
  sourceName: text,
  discountCodes: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  note: text,
  processedAt: date,
  cancelledAt: optionalDate,
  createdAt: date,
  updatedAt: date,
  customer: IdRef,
});

const OrderLineNode = z.object({
  id: z.string(),
  title: z.string(),
  variantTitle: text,
  sku: text,
  quantity: z.number().int(),
  originalUnitPriceSet: Money,
  product: IdRef,
  variant: IdRef,
});

const CheckoutNode = z.object({
  id: z.string(),
  abandonedCheckoutUrl: text,
  completedAt: optionalDate,
  createdAt: date,
  updatedAt: date,
  totalPriceSet: Money,
  customer: z.object({ id: z.string(), email: text, phone: text }).nullable().optional(),
});

const CheckoutLineNode = z.object({
  title: z.string(),
  variantTitle: text,
  quantity: z.number().int(),
  originalUnitPriceSet: Money,
  product: IdRef,
  variant: IdRef,
});

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;
const refId = (ref: { id: string } | null | undefined) => (ref ? gidNumber(ref.id) : null);
const amount = (money: z.infer<typeof Money> | null | undefined) => money?.shopMoney.amount ?? "0";

function addressRow(a: z.infer<typeof Address>): AddressRow {
  return {
    firstName: orNull(a.firstName),
    lastName: orNull(a.lastName),
    company: orNull(a.company),
    address1: orNull(a.address1),
    address2: orNull(a.address2),
    city: orNull(a.city),
    province: orNull(a.province),
    provinceCode: orNull(a.provinceCode),
    country: orNull(a.country),
    countryCode: orNull(a.countryCodeV2),
    zip: orNull(a.zip),
    phone: orNull(a.phone),
  };
}

export function customerRow(node: unknown): CustomerRow {
  const c = CustomerNode.parse(node);
  const defaultId = c.defaultAddress ? gidNumber(c.defaultAddress.id) : null;
  // Default address first, as CustomerRow promises.
  const addresses = [...c.addresses].sort(
    (a, b) => Number(b.id != null && gidNumber(b.id) === defaultId) - Number(a.id != null && gidNumber(a.id) === defaultId),
  );
  const consent = c.defaultEmailAddress ?? null;
  return {
    shopifyId: gidNumber(c.id),
    firstName: orNull(c.firstName),
    lastName: orNull(c.lastName),
    email: orNull(c.email),
    phone: orNull(c.phone),
    locale: orNull(c.locale),
    note: orNull(c.note),
    tags: c.tags,
    state: orNull(c.state),
    marketingState: consent?.marketingState ?? null,
    marketingOptInLevel: consent?.marketingOptInLevel ?? null,
    marketingConsentUpdatedAt: consent?.marketingUpdatedAt ?? null,
    addresses: addresses.map(addressRow),
    shopifyCreatedAt: c.createdAt,
    shopifyUpdatedAt: c.updatedAt,
  };
}

function orderLineRow(node: unknown): LineItemRow {
  const li = OrderLineNode.parse(node);
  return {
    shopifyId: gidNumber(li.id),
    title: li.title,
    variantTitle: orNull(li.variantTitle),
    sku: orNull(li.sku),
    quantity: li.quantity,
    unitPrice: amount(li.originalUnitPriceSet),
    productShopifyId: refId(li.product),
    variantShopifyId: refId(li.variant),
  };
}

/** An order and its line items (bulk child lines, or the nested `lineItems.nodes` of a paginated query). */
export function orderRow(node: unknown, lineItems: unknown[]): OrderRow {
  const o = OrderNode.parse(node);
  return {
    shopifyId: gidNumber(o.id),
    customerShopifyId: refId(o.customer),
    name: o.name,
    email: orNull(o.email),
    phone: orNull(o.phone),
    currencyCode: o.currencyCode,
    subtotalPrice: amount(o.subtotalPriceSet),
    totalDiscounts: amount(o.totalDiscountsSet),
    totalShipping: amount(o.totalShippingPriceSet),
    totalTax: amount(o.totalTaxSet),
    totalPrice: amount(o.totalPriceSet),
    financialStatus: orNull(o.displayFinancialStatus),
    fulfillmentStatus: orNull(o.displayFulfillmentStatus),
    sourceName: orNull(o.sourceName),
    discountCodes: o.discountCodes,
    tags: o.tags,
    note: orNull(o.note),
    processedAt: o.processedAt,
    cancelledAt: orNull(o.cancelledAt),
    shopifyCreatedAt: o.createdAt,
    shopifyUpdatedAt: o.updatedAt,
    lineItems: lineItems.map(orderLineRow),
  };
}

function checkoutLineRow(node: unknown): CheckoutLineRow {
  const li = CheckoutLineNode.parse(node);
  return {
    title: li.title,
    variantTitle: orNull(li.variantTitle),
    quantity: li.quantity,
    unitPrice: amount(li.originalUnitPriceSet),
    productShopifyId: refId(li.product),
    variantShopifyId: refId(li.variant),
  };
}

/** An abandoned checkout and its line items. GraphQL has no checkout token; webhooks fill it in. */
export function checkoutRow(node: unknown, lineItems: unknown[]): CheckoutRow {
  const c = CheckoutNode.parse(node);
  return {
    shopifyId: gidNumber(c.id),
    token: null,
    customerShopifyId: refId(c.customer),
    email: orNull(c.customer?.email),
    phone: orNull(c.customer?.phone),
    currencyCode: c.totalPriceSet.shopMoney.currencyCode ?? "",
    totalPrice: amount(c.totalPriceSet),
    lineItems: lineItems.map(checkoutLineRow),
    recoveryUrl: orNull(c.abandonedCheckoutUrl),
    completedAt: orNull(c.completedAt),
    shopifyCreatedAt: c.createdAt,
    shopifyUpdatedAt: c.updatedAt,
  };
}
