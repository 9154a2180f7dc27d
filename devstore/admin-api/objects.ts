/**
 * Records (types.ts) mapped to the Admin schema's object types. Plain values are served as they are; functions are
 * resolved lazily with the field's arguments. Fields not listed fall back to `unmodelled` (null or an honest error).
 */
import { gid, records } from "../store/db";

const JAPANESE_NAME = /[\u3040-\u30ff\u3400-\u9fff]/;
import { toDecimal, toMinor } from "../store/money";
import type {
  CheckoutRecord,
  CustomerRecord,
  Decimal,
  LineItemRecord,
  MailingAddressRecord,
  OrderRecord,
  ProductRecord,
  VariantRecord,
} from "../types";
import { connectionObject, type PageArgs, pageArray, pageSql } from "./connection";
import { type GraphObject, recordSearch, type RequestContext, type Resolver, requireScope } from "./request-context";
import { orderSource } from "./sources";
import { productCollections, productInCollection } from "./collections";

export function money(amount: Decimal, currencyCode: string) {
  return { __typename: "MoneyV2", amount, currencyCode };
}

/** The dev store keeps one currency per order, so shop and presentment money are the same amount. */
export function moneyBag(amount: Decimal, currencyCode: string) {
  return { __typename: "MoneyBag", shopMoney: money(amount, currencyCode), presentmentMoney: money(amount, currencyCode) };
}

function times(amount: Decimal, quantity: number, currency: string): Decimal {
  return toDecimal(toMinor(amount, currency) * quantity, currency);
}

export function addressObject(a: MailingAddressRecord, modelName: "CustomerAddress" | "Address"): GraphObject {
  const name = [a.firstName, a.lastName].filter(Boolean).join(" ") || null;
  const area = [a.city, a.provinceCode?.replace(/^[A-Z]{2}-/, "") ?? a.province, a.country].filter(Boolean).join(", ");
  return {
    __typename: "MailingAddress",
    id: `${gid("MailingAddress", a.id)}?model_name=${modelName}`,
    firstName: a.firstName,
    lastName: a.lastName,
    name,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    provinceCode: a.provinceCode,
    country: a.country,
    countryCodeV2: a.countryCodeV2,
    zip: a.zip,
    phone: a.phone,
    formattedArea: area || null,
    formatted: (args: Record<string, unknown>, _rc: RequestContext) =>
      [
        args.withName ? name : null,
        args.withCompany === false ? null : a.company,
        a.address1,
        a.address2,
        [a.zip, a.city, a.province].filter(Boolean).join(" ") || null,
        a.country,
      ].filter((line): line is string => Boolean(line)),
  };
}

function pageArgs(args: Record<string, unknown>): PageArgs {
  return args as PageArgs;
}

export function customerObject(c: CustomerRecord): GraphObject {
  // Shopify writes Japanese names family name first (山田 太郎), others given name first.
  const parts = JAPANESE_NAME.test(`${c.lastName ?? ""}${c.firstName ?? ""}`) ? [c.lastName, c.firstName] : [c.firstName, c.lastName];
  const displayName = parts.filter(Boolean).join(" ") || c.email || c.phone || "";
  const consent = c.emailMarketingConsent;
  const lastOrder: Resolver = (_args, rc, info) => {
    requireScope(rc, info, "read_orders");
    if (c.lastOrderId) {
      const o = records(rc.ctx.db).getOrder(c.shop, c.lastOrderId);
      if (o) return orderObject(o);
    }
    const row = rc.ctx.db
      .prepare("SELECT data FROM orders WHERE shop = ? AND customer_id = ? ORDER BY processed_at DESC, id DESC LIMIT 1")
      .get(c.shop, c.id) as { data: string } | undefined;
    return row ? orderObject(JSON.parse(row.data) as OrderRecord) : null;
  };
  const orders: Resolver = (args, rc, info) => {
    requireScope(rc, info, "read_orders");
    const page = pageSql({
      ...pageArgs(args),
      db: rc.ctx.db,
      source: orderSource(rc.shop.ianaTimezone),
      shop: c.shop,
      extra: { sql: "r.customer_id = ?", params: [c.id] },
      uncapped: rc.bulk,
    });
    recordSearch(rc, info, args.query, page.warnings);
    return connectionObject("OrderConnection", page, (data) => orderObject(JSON.parse(data) as OrderRecord));
  };
  const defaultAddress = c.addresses.find((a) => a.id === c.defaultAddressId) ?? null;
  return {
    __typename: "Customer",
    id: gid("Customer", c.id),
    legacyResourceId: String(c.id),
    firstName: c.firstName,
    lastName: c.lastName,
    displayName,
    email: c.email,
    phone: c.phone,
    locale: c.locale,
    note: c.note,
    tags: c.tags,
    state: c.state,
    verifiedEmail: c.verifiedEmail,
    taxExempt: c.taxExempt,
    validEmailAddress: c.email ? /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email) : false,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    numberOfOrders: String(c.numberOfOrders),
    amountSpent: (_a: unknown, rc: RequestContext) => money(c.amountSpent, rc.shop.currencyCode),
    canDelete: c.numberOfOrders === 0,
    defaultAddress: defaultAddress ? addressObject(defaultAddress, "CustomerAddress") : null,
    addresses: c.addresses.map((a) => addressObject(a, "CustomerAddress")),
    addressesV2: (args: Record<string, unknown>, rc: RequestContext) =>
      connectionObject("MailingAddressConnection", pageArray(c.addresses, pageArgs(args), rc.bulk), (a) => addressObject(a, "CustomerAddress")),
    emailMarketingConsent: consent
      ? { __typename: "CustomerEmailMarketingConsentState", ...consent, sourceLocation: null }
      : null,
    defaultEmailAddress: c.email
      ? {
          __typename: "CustomerEmailAddress",
          emailAddress: c.email,
          // CustomerEmailAddressMarketingState has no REDACTED value.
          marketingState: consent && consent.marketingState !== "REDACTED" ? consent.marketingState : "NOT_SUBSCRIBED",
          marketingOptInLevel: consent?.marketingOptInLevel ?? null,
          marketingUpdatedAt: consent?.consentUpdatedAt ?? null,
          validFormat: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email),
          sourceLocation: null,
        }
      : null,
    lastOrder,
    orders,
    multipassIdentifier: null,
  };
}

function lineItemObject(li: LineItemRecord, shop: string, currency: string, typename: "LineItem" | "AbandonedCheckoutLineItem"): GraphObject {
  const total = times(li.originalUnitPrice, li.quantity, currency);
  const product: Resolver = (_a, rc) => {
    const p = li.productId ? records(rc.ctx.db).getProduct(shop, li.productId) : null;
    return p ? productObject(p) : null;
  };
  const variant: Resolver = (_a, rc) => {
    const p = li.productId ? records(rc.ctx.db).getProduct(shop, li.productId) : null;
    const v = p?.variants.find((x) => x.id === li.variantId);
    return p && v ? variantObject(v, p) : null;
  };
  const common = {
    id: gid(typename, li.id),
    title: li.title,
    variantTitle: li.variantTitle,
    sku: li.sku,
    quantity: li.quantity,
    originalUnitPriceSet: moneyBag(li.originalUnitPrice, currency),
    product,
    variant,
  };
  if (typename === "AbandonedCheckoutLineItem") {
    return { __typename: typename, ...common, originalTotalPriceSet: moneyBag(total, currency) };
  }
  return {
    __typename: typename,
    ...common,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    vendor: li.vendor,
    currentQuantity: li.quantity,
    originalTotalSet: moneyBag(total, currency),
  };
}

export function orderObject(o: OrderRecord): GraphObject {
  const bag = (amount: Decimal) => moneyBag(amount, o.currencyCode);
  const quantity = o.lineItems.reduce((n, li) => n + li.quantity, 0);
  const customer: Resolver = (_a, rc, info) => {
    requireScope(rc, info, "read_customers");
    const c = o.customerId ? records(rc.ctx.db).getCustomer(o.shop, o.customerId) : null;
    return c ? customerObject(c) : null;
  };
  return {
    __typename: "Order",
    id: gid("Order", o.id),
    legacyResourceId: String(o.id),
    name: o.name,
    number: o.number,
    email: o.email,
    phone: o.phone,
    currencyCode: o.currencyCode,
    presentmentCurrencyCode: o.currencyCode,
    subtotalPriceSet: bag(o.subtotalPrice),
    currentSubtotalPriceSet: bag(o.subtotalPrice),
    totalDiscountsSet: bag(o.totalDiscounts),
    currentTotalDiscountsSet: bag(o.totalDiscounts),
    totalShippingPriceSet: bag(o.totalShippingPrice),
    currentShippingPriceSet: bag(o.totalShippingPrice),
    totalTaxSet: bag(o.totalTax),
    currentTotalTaxSet: bag(o.totalTax),
    totalPriceSet: bag(o.totalPrice),
    originalTotalPriceSet: bag(o.totalPrice),
    currentTotalPriceSet: bag(o.cancelledAt ? "0.0" : o.totalPrice),
    subtotalLineItemsQuantity: quantity,
    currentSubtotalLineItemsQuantity: o.cancelledAt ? 0 : quantity,
    displayFinancialStatus: o.displayFinancialStatus,
    displayFulfillmentStatus: o.displayFulfillmentStatus,
    sourceName: o.sourceName,
    discountCodes: o.discountCodes,
    discountCode: o.discountCodes[0] ?? null,
    tags: o.tags,
    note: o.note,
    customerLocale: o.customerLocale,
    test: o.test,
    processedAt: o.processedAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelReason,
    closedAt: o.closedAt,
    closed: o.closedAt !== null,
    fullyPaid: o.displayFinancialStatus === "PAID",
    unpaid: o.displayFinancialStatus === "PENDING",
    customer,
    shippingAddress: o.shippingAddress ? addressObject(o.shippingAddress, "Address") : null,
    billingAddress: o.billingAddress ? addressObject(o.billingAddress, "Address") : null,
    displayAddress: o.shippingAddress ?? o.billingAddress ? addressObject((o.shippingAddress ?? o.billingAddress)!, "Address") : null,
    lineItems: (args: Record<string, unknown>, rc: RequestContext) =>
      connectionObject("LineItemConnection", pageArray(o.lineItems, pageArgs(args), rc.bulk), (li) =>
        lineItemObject(li, o.shop, o.currencyCode, "LineItem"),
      ),
  };
}

export function checkoutObject(c: CheckoutRecord): GraphObject {
  const bag = (amount: Decimal) => moneyBag(amount, c.currencyCode);
  const lineTotal = c.lineItems.reduce((sum, li) => sum + toMinor(li.originalUnitPrice, c.currencyCode) * li.quantity, 0);
  const customer: Resolver = (_a, rc, info) => {
    requireScope(rc, info, "read_customers");
    const found = c.customerId ? records(rc.ctx.db).getCustomer(c.shop, c.customerId) : null;
    return found ? customerObject(found) : null;
  };
  return {
    __typename: "AbandonedCheckout",
    id: gid("AbandonedCheckout", c.id),
    name: `#${c.id}`,
    abandonedCheckoutUrl: c.abandonedCheckoutUrl,
    completedAt: c.completedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    discountCodes: c.discountCodes,
    note: c.note ?? "",
    customer,
    subtotalPriceSet: bag(c.subtotalPrice),
    totalDiscountSet: bag(c.totalDiscounts),
    totalTaxSet: bag(c.totalTax),
    totalPriceSet: bag(c.totalPrice),
    totalLineItemsPriceSet: bag(toDecimal(lineTotal, c.currencyCode)),
    shippingAddress: c.shippingAddress ? addressObject(c.shippingAddress, "Address") : null,
    billingAddress: c.billingAddress ? addressObject(c.billingAddress, "Address") : null,
    lineItems: (args: Record<string, unknown>, rc: RequestContext) =>
      connectionObject("AbandonedCheckoutLineItemConnection", pageArray(c.lineItems, pageArgs(args), rc.bulk), (li) =>
        lineItemObject(li, c.shop, c.currencyCode, "AbandonedCheckoutLineItem"),
      ),
  };
}

export function productObject(p: ProductRecord): GraphObject {
  return {
    __typename: "Product",
    id: gid("Product", p.id),
    legacyResourceId: String(p.id),
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    productType: p.productType,
    status: p.status,
    tags: p.tags,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    totalInventory: p.variants.reduce((n, v) => n + v.inventoryQuantity, 0),
    hasOnlyDefaultVariant: p.variants.length === 1 && p.variants[0]?.title === "Default Title",
    variants: (args: Record<string, unknown>, rc: RequestContext) =>
      connectionObject("ProductVariantConnection", pageArray(p.variants, pageArgs(args), rc.bulk), (v) => variantObject(v, p)),
    collections: productCollections(p),
    inCollection: productInCollection(p),
  };
}

export function variantObject(v: VariantRecord, p: ProductRecord): GraphObject {
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", v.id),
    legacyResourceId: String(v.id),
    title: v.title,
    displayName: `${p.title} - ${v.title}`,
    sku: v.sku,
    price: v.price,
    inventoryQuantity: v.inventoryQuantity,
    availableForSale: v.availableForSale,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    product: () => productObject(p),
  };
}
