/**
 * The resources the Admin API pages through in SQL: which table, which sort keys (the schema's *SortKeys enums) map to
 * which expressions, and which search fields each supports. Sort expressions never yield NULL so row-value cursor
 * comparisons stay total.
 */
import {
  exactField,
  jsonArrayField,
  numberField,
  type SearchFields,
  textField,
  timeField,
} from "./search";

export type Source = {
  /** Table or subquery, aliased `r`; must expose `id`, `shop` and `data`. */
  from: string;
  /** Always-applied condition (e.g. only abandoned checkouts). */
  where?: string;
  sortKeys: Record<string, string>;
  defaultSortKey: string;
  search: SearchFields;
};

const j = (path: string) => `json_extract(r.data, '$.${path}')`;

export function customerSource(timeZone: string): Source {
  const name = `lower(coalesce(${j("firstName")}, '') || ' ' || coalesce(${j("lastName")}, ''))`;
  return {
    from: "customers AS r",
    sortKeys: {
      CREATED_AT: "r.created_at",
      UPDATED_AT: "r.updated_at",
      ID: "r.id",
      RELEVANCE: "r.id",
      NAME: name,
      LOCATION: `coalesce((SELECT json_extract(a.value, '$.country') FROM json_each(r.data, '$.addresses') AS a LIMIT 1), '')`,
    },
    defaultSortKey: "ID",
    search: {
      fields: {
        id: numberField("r.id"),
        created_at: timeField("r.created_at", timeZone),
        updated_at: timeField("r.updated_at", timeZone),
        email: textField("r.email"),
        phone: exactField("r.phone"),
        first_name: textField(j("firstName")),
        last_name: textField(j("lastName")),
        tag: jsonArrayField("r.data", "$.tags"),
        state: textField(j("state")),
        orders_count: numberField(`CAST(${j("numberOfOrders")} AS INTEGER)`),
        total_spent: numberField(`CAST(${j("amountSpent")} AS REAL)`),
        country: (_op, value) => ({
          sql: `EXISTS (SELECT 1 FROM json_each(r.data, '$.addresses') AS a
                 WHERE lower(json_extract(a.value, '$.country')) = ? OR lower(json_extract(a.value, '$.countryCodeV2')) = ?)`,
          params: [value.toLowerCase(), value.toLowerCase()],
        }),
        email_marketing_state: textField(j("emailMarketingConsent.marketingState")),
        locale: textField(j("locale")),
      },
      freeText: (value) => ({
        sql: `(${name} || ' ' || coalesce(r.email, '') || ' ' || coalesce(r.phone, '')) LIKE ? ESCAPE '\\'`,
        params: [`%${escapeValue(value.toLowerCase())}%`],
      }),
    },
  };
}

function escapeValue(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const FULFILLMENT_ALIASES: Record<string, string> = {
  shipped: "FULFILLED",
  fulfilled: "FULFILLED",
  unshipped: "UNFULFILLED",
  unfulfilled: "UNFULFILLED",
  partial: "PARTIALLY_FULFILLED",
};

export function orderSource(timeZone: string): Source {
  return {
    from: "orders AS r",
    sortKeys: {
      CREATED_AT: "r.created_at",
      UPDATED_AT: "r.updated_at",
      PROCESSED_AT: "r.processed_at",
      ID: "r.id",
      RELEVANCE: "r.id",
      ORDER_NUMBER: "r.number",
      TOTAL_PRICE: `CAST(${j("totalPrice")} AS REAL)`,
      CURRENT_TOTAL_PRICE: `CAST(${j("totalPrice")} AS REAL)`,
      FINANCIAL_STATUS: `coalesce(${j("displayFinancialStatus")}, '')`,
      FULFILLMENT_STATUS: `coalesce(${j("displayFulfillmentStatus")}, '')`,
    },
    defaultSortKey: "ID",
    search: {
      fields: {
        id: numberField("r.id"),
        created_at: timeField("r.created_at", timeZone),
        updated_at: timeField("r.updated_at", timeZone),
        processed_at: timeField("r.processed_at", timeZone),
        customer_id: numberField("r.customer_id"),
        email: textField(j("email")),
        name: (op, value) => textField(j("name"))(op, value.startsWith("#") ? value : `#${value}`, { quoted: false }),
        tag: jsonArrayField("r.data", "$.tags"),
        source_name: textField(j("sourceName")),
        financial_status: (op, value) => textField(j("displayFinancialStatus"))(op, value, { quoted: false }),
        fulfillment_status: (_op, value) => ({
          sql: `${j("displayFulfillmentStatus")} = ?`,
          params: [FULFILLMENT_ALIASES[value.toLowerCase()] ?? value.toUpperCase()],
        }),
        status: (_op, value) => {
          switch (value.toLowerCase()) {
            case "open":
              return { sql: `${j("closedAt")} IS NULL AND ${j("cancelledAt")} IS NULL`, params: [] };
            case "closed":
              return { sql: `${j("closedAt")} IS NOT NULL`, params: [] };
            case "cancelled":
              return { sql: `${j("cancelledAt")} IS NOT NULL`, params: [] };
            default:
              return { sql: "1", params: [] };
          }
        },
        test: (_op, value) => ({ sql: `${j("test")} = ?`, params: [value === "true" ? 1 : 0] }),
      },
      freeText: (value) => ({
        sql: `(lower(${j("name")}) || ' ' || lower(coalesce(${j("email")}, ''))) LIKE ? ESCAPE '\\'`,
        params: [`%${escapeValue(value.toLowerCase())}%`],
      }),
    },
  };
}

export function checkoutSource(timeZone: string): Source {
  return {
    from: "checkouts AS r",
    // Shopify lists checkouts the shopper left; completed ones stay listed with completedAt set.
    where: `${j("abandonedAt")} IS NOT NULL`,
    sortKeys: {
      CREATED_AT: "r.created_at",
      ID: "r.id",
      CHECKOUT_ID: "r.id",
      RELEVANCE: "r.id",
      TOTAL_PRICE: `CAST(${j("totalPrice")} AS REAL)`,
      CUSTOMER_NAME: `coalesce(${j("email")}, '')`,
    },
    defaultSortKey: "ID",
    search: {
      fields: {
        id: numberField("r.id"),
        created_at: timeField("r.created_at", timeZone),
        updated_at: timeField("r.updated_at", timeZone),
        email: textField(j("email")),
        customer_id: numberField("r.customer_id"),
      },
      freeText: (value) => ({
        sql: `lower(coalesce(${j("email")}, '')) LIKE ? ESCAPE '\\'`,
        params: [`%${escapeValue(value.toLowerCase())}%`],
      }),
    },
  };
}

export function productSource(timeZone: string): Source {
  const title = `lower(${j("title")})`;
  return {
    from: "products AS r",
    sortKeys: {
      TITLE: title,
      CREATED_AT: "r.created_at",
      UPDATED_AT: "r.updated_at",
      ID: "r.id",
      RELEVANCE: "r.id",
      VENDOR: `lower(${j("vendor")})`,
      PRODUCT_TYPE: `lower(${j("productType")})`,
    },
    defaultSortKey: "ID",
    search: {
      fields: {
        id: numberField("r.id"),
        title: (_op, value) => ({ sql: `${title} LIKE ? ESCAPE '\\'`, params: [`%${escapeValue(value.toLowerCase().replace(/\*$/, ""))}%`] }),
        handle: exactField("r.handle"),
        vendor: textField(j("vendor")),
        product_type: textField(j("productType")),
        status: textField(j("status")),
        tag: jsonArrayField("r.data", "$.tags"),
        created_at: timeField("r.created_at", timeZone),
        updated_at: timeField("r.updated_at", timeZone),
      },
      freeText: (value) => ({ sql: `${title} LIKE ? ESCAPE '\\'`, params: [`%${escapeValue(value.toLowerCase())}%`] }),
    },
  };
}

/** Variants live inside their product's JSON; a subquery turns them into rows carrying the product id. */
export function variantSource(): Source {
  const v = (path: string) => `json_extract(r.data, '$.${path}')`;
  return {
    from: `(SELECT json_extract(v.value, '$.id') AS id, p.shop AS shop, p.id AS product_id,
              json_set(v.value, '$.productId', p.id) AS data
            FROM products AS p, json_each(p.data, '$.variants') AS v) AS r`,
    sortKeys: {
      ID: "r.id",
      RELEVANCE: "r.id",
      SKU: `coalesce(${v("sku")}, '')`,
      TITLE: `lower(${v("title")})`,
      NAME: `lower(${v("title")})`,
      FULL_TITLE: `lower(${v("title")})`,
      INVENTORY_QUANTITY: `coalesce(${v("inventoryQuantity")}, 0)`,
      POSITION: "r.id",
    },
    defaultSortKey: "ID",
    search: {
      fields: {
        id: numberField("r.id"),
        sku: exactField(v("sku")),
        title: textField(v("title")),
        product_id: numberField("r.product_id"),
      },
      freeText: (value) => ({
        sql: `lower(coalesce(${v("title")}, '') || ' ' || coalesce(${v("sku")}, '')) LIKE ? ESCAPE '\\'`,
        params: [`%${escapeValue(value.toLowerCase())}%`],
      }),
    },
  };
}
