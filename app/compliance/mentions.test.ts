import { describe, expect, it } from "vitest";
import { customerIdentity, payloadMentions } from "./mentions";

const who = customerIdentity(
  "s.myshopify.com",
  { id: "42", email: "Hanako@Example.jp", phone: "+819012345678" },
  { email: "old@example.jp", phone: null },
  ["1001"],
);

describe("payloadMentions", () => {
  it("finds the customer by id in customer webhooks and as the nested customer of orders and checkouts", () => {
    expect(payloadMentions("customers/update", { id: 42 }, who)).toBe(true);
    expect(payloadMentions("orders/create", { id: 5, customer: { id: 42 } }, who)).toBe(true);
    expect(payloadMentions("checkouts/update", { id: 5, line_items: [], billing_address: { customer_id: 42 } }, who)).toBe(true);
  });

  it("finds guest rows by any known email (whatever its case) or phone, and requested orders by id", () => {
    expect(payloadMentions("orders/create", { id: 5, email: "hanako@example.jp" }, who)).toBe(true);
    expect(payloadMentions("checkouts/create", { id: 5, email: "OLD@example.jp" }, who)).toBe(true);
    expect(payloadMentions("orders/create", { id: 5, shipping_address: { phone: "+819012345678" } }, who)).toBe(true);
    expect(payloadMentions("orders/updated", { id: 1001 }, who)).toBe(true);
  });

  it("ignores other customers, other topics and an order id that merely equals the customer id", () => {
    expect(payloadMentions("customers/update", { id: 43, email: "someone@example.jp" }, who)).toBe(false);
    expect(payloadMentions("orders/create", { id: 42, customer: { id: 7 } }, who)).toBe(false);
    expect(payloadMentions("app/uninstalled", { id: 42, email: "hanako@example.jp" }, who)).toBe(false);
  });
});
