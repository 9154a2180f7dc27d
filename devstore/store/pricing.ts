/**
 * Prices, discounts, tax and shipping for orders and checkouts placed in the dev store. Unit prices come from the
 * shop's product variants. Japan: prices include consumption tax (10%, 8% reduced rate for food and tea).
 * US: a flat 6% sales tax is added. Shipping is free above ¥5,000 / $50, otherwise ¥600 / $5.99; POS has none.
 */
import type Database from "better-sqlite3";
import type { LineItemRecord, ProductRecord, VariantRecord } from "../types";
import { reserveIds } from "./db";
import { invalid } from "./errors";
import { toDecimal, toMinor } from "./money";
import type { DiscountApplication } from "../webhooks/payloads";

export type LineInput = { variantId: number; quantity: number };

export const REDUCED_RATE_TYPES = new Set(["食品", "お茶", "Food", "Tea", "Coffee"]);

/** Built-in discount codes; other codes follow their trailing number (<= 50: percent, else a fixed amount). */
const KNOWN_CODES: Record<string, { type: "percentage" | "fixed_amount"; value: number }> = {
  WELCOME10: { type: "percentage", value: 10 },
  VIP15: { type: "percentage", value: 15 },
  SPRING500: { type: "fixed_amount", value: 500 },
  SUMMER20: { type: "percentage", value: 20 },
  THANKYOU5: { type: "percentage", value: 5 },
};

export function discountRule(code: string): { type: "percentage" | "fixed_amount"; value: number } {
  const known = KNOWN_CODES[code.toUpperCase()];
  if (known) return known;
  const n = Number(/(\d+)$/.exec(code)?.[1] ?? 10);
  return n <= 50 ? { type: "percentage", value: n } : { type: "fixed_amount", value: n };
}

type PricedLine = { line: LineItemRecord; reduced: boolean };

export function variantIndex(db: Database.Database, shop: string): Map<number, { product: ProductRecord; variant: VariantRecord }> {
  const rows = db.prepare("SELECT data FROM products WHERE shop = ?").all(shop) as { data: string }[];
  const index = new Map<number, { product: ProductRecord; variant: VariantRecord }>();
  for (const row of rows) {
    const product = JSON.parse(row.data) as ProductRecord;
    for (const variant of product.variants) index.set(variant.id, { product, variant });
  }
  return index;
}

/** Builds line items from variant ids; unknown variants and bad quantities are the caller's to fix. */
export function buildLines(db: Database.Database, shop: string, lines: LineInput[]): PricedLine[] {
  if (lines.length === 0) throw invalid("Add at least one line item", "lines");
  const index = variantIndex(db, shop);
  const firstId = reserveIds(db, "LineItem", lines.length);
  return lines.map((l, i) => {
    const found = index.get(l.variantId);
    if (!found) throw invalid(`Variant ${l.variantId} does not exist in this shop`, `lines.${i}.variantId`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1) {
      throw invalid("Quantity must be at least 1", `lines.${i}.quantity`);
    }
    const { product, variant } = found;
    return {
      reduced: REDUCED_RATE_TYPES.has(product.productType),
      line: {
        id: firstId + i,
        title: product.title,
        variantTitle: variant.title === "Default Title" ? null : variant.title,
        sku: variant.sku,
        vendor: product.vendor,
        quantity: l.quantity,
        originalUnitPrice: variant.price,
        productId: product.id,
        variantId: variant.id,
      },
    };
  });
}

export type Totals = {
  subtotalPrice: string;
  totalDiscounts: string;
  totalShippingPrice: string;
  totalTax: string;
  totalPrice: string;
  discounts: DiscountApplication[];
};

/** Totals for lines in the shop's currency; `withShipping` is false for checkouts and POS sales. */
export function computeTotals(
  priced: PricedLine[],
  currency: string,
  discountCodes: string[],
  withShipping: boolean,
): Totals {
  const lineMinor = priced.map((p) => toMinor(p.line.originalUnitPrice, currency) * p.line.quantity);
  const gross = lineMinor.reduce((a, b) => a + b, 0);
  let remaining = gross;
  const discounts: DiscountApplication[] = [];
  for (const code of discountCodes) {
    const rule = discountRule(code);
    const amount =
      rule.type === "percentage"
        ? Math.round((remaining * rule.value) / 100)
        : Math.min(remaining, toMinor(rule.value, currency));
    remaining -= amount;
    discounts.push({ code, amount: toDecimal(amount, currency), type: rule.type });
  }
  const net = remaining;
  const ratio = gross === 0 ? 0 : net / gross;
  const taxIncluded = currency === "JPY";
  let tax = 0;
  priced.forEach((p, i) => {
    const lineNet = (lineMinor[i] ?? 0) * ratio;
    if (taxIncluded) {
      const rate = p.reduced ? 0.08 : 0.1;
      tax += (lineNet * rate) / (1 + rate);
    } else {
      tax += lineNet * 0.06;
    }
  });
  const taxMinor = Math.round(tax);
  const threshold = toMinor(currency === "JPY" ? 5000 : 50, currency);
  const shipping = !withShipping || net >= threshold ? 0 : toMinor(currency === "JPY" ? 600 : 5.99, currency);
  const total = net + shipping + (taxIncluded ? 0 : taxMinor);
  return {
    subtotalPrice: toDecimal(net, currency),
    totalDiscounts: toDecimal(gross - net, currency),
    totalShippingPrice: toDecimal(shipping, currency),
    totalTax: toDecimal(taxMinor, currency),
    totalPrice: toDecimal(total, currency),
    discounts,
  };
}
