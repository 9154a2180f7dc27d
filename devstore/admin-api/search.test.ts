import { describe, expect, it } from "vitest";
import { createTestContext } from "../testing";
import { pageSql } from "./connection";
import { parseSearch, searchToSql } from "./search";
import { customerSource, orderSource } from "./sources";
import { makeCustomer, makeOrder, makeShop } from "./test-support";

describe("Shopify search syntax", () => {
  it("parses comparators, quotes, OR, NOT and implicit AND", () => {
    expect(parseSearch('updated_at:>=2026-01-01 title:"red shirt" OR -tag:vip NOT email:a@b.c')).toEqual({
      kind: "or",
      children: [
        {
          kind: "and",
          children: [
            { kind: "term", field: "updated_at", op: ">=", value: "2026-01-01", quoted: false },
            { kind: "term", field: "title", op: ":", value: "red shirt", quoted: true },
          ],
        },
        {
          kind: "and",
          children: [
            { kind: "not", child: { kind: "term", field: "tag", op: ":", value: "vip", quoted: false } },
            { kind: "not", child: { kind: "term", field: "email", op: ":", value: "a@b.c", quoted: false } },
          ],
        },
      ],
    });
  });

  it("ignores an unknown field and warns about it", () => {
    const result = searchToSql("foo:bar", customerSource("Asia/Tokyo").search);
    expect(result.sql).toBe("1");
    expect(result.warnings).toEqual([{ field: "foo", message: "Invalid search field for this query." }]);
  });
});

describe("search against the dev store's rows", () => {
  const ctx = createTestContext();
  const shop = makeShop(ctx).domain;
  const other = makeShop(ctx).domain;
  const hanako = makeCustomer(ctx, shop, { firstName: "Hanako", email: "hanako@example.com", tags: ["VIP"], numberOfOrders: 3, amountSpent: "12000.0", updatedAt: "2026-03-01T00:00:00.000Z", addresses: [{ id: 1, firstName: null, lastName: null, company: null, address1: null, address2: null, city: "Tokyo", province: null, provinceCode: "JP-13", country: "Japan", countryCodeV2: "JP", zip: null, phone: null }] });
  const taro = makeCustomer(ctx, shop, { firstName: "Taro", email: "taro@example.com", updatedAt: "2026-01-15T00:00:00.000Z" });
  makeCustomer(ctx, other, { firstName: "Hanako", email: "other@example.com", tags: ["VIP"] });
  const ids = (query: string) =>
    pageSql({ db: ctx.db, source: customerSource("Asia/Tokyo"), shop, first: 50, query }).items.map((i) => (JSON.parse(i.value) as { id: number }).id);

  it("filters by tag, ignoring case, within the shop only", () => expect(ids("tag:vip")).toEqual([hanako.id]));
  it("negates a term with a leading dash", () => expect(ids("-tag:vip")).toEqual([taro.id]));
  it("compares timestamps, date-only values in the shop's zone", () => {
    expect(ids("updated_at:>2026-02-01")).toEqual([hanako.id]);
    expect(ids("updated_at:<=2026-01-15")).toEqual([taro.id]);
  });
  it("compares numbers", () => expect(ids("orders_count:>=3 total_spent:>10000")).toEqual([hanako.id]));
  it("matches the country of an address", () => expect(ids("country:japan")).toEqual([hanako.id]));
  it("matches email exactly and by prefix", () => {
    expect(ids("email:TARO@example.com")).toEqual([taro.id]);
    expect(ids("email:han*")).toEqual([hanako.id]);
  });
  it("searches names and emails for free text", () => expect(ids("hanako")).toEqual([hanako.id]));
  it("combines with OR", () => expect(ids("email:taro@example.com OR tag:vip").sort()).toEqual([hanako.id, taro.id].sort()));

  it("filters orders by status, financial status and customer", () => {
    const open = makeOrder(ctx, shop, { customerId: hanako.id, displayFinancialStatus: "PENDING" });
    makeOrder(ctx, shop, { customerId: taro.id, cancelledAt: "2026-02-02T00:00:00.000Z" });
    const orderIds = (query: string) =>
      pageSql({ db: ctx.db, source: orderSource("Asia/Tokyo"), shop, first: 50, query }).items.map((i) => (JSON.parse(i.value) as { id: number }).id);
    expect(orderIds(`status:open customer_id:${hanako.id}`)).toEqual([open.id]);
    expect(orderIds("financial_status:pending")).toEqual([open.id]);
    expect(orderIds(`name:${open.name.slice(1)}`)).toEqual([open.id]);
  });
});
