import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhookBody, verifyWebhookHmac } from "./sign";

describe("webhook signing", () => {
  it("produces the base64 HMAC-SHA256 of the raw body with the app secret, as Shopify does", () => {
    const body = JSON.stringify({ id: 1, note: "のし希望" });
    const expected = crypto.createHmac("sha256", "s3cret").update(Buffer.from(body, "utf8")).digest("base64");
    expect(signWebhookBody(body, "s3cret")).toBe(expected);
  });

  it("accepts its own signature and rejects a changed body or another secret", () => {
    const body = '{"id":1}';
    const hmac = signWebhookBody(body, "s3cret");
    expect(verifyWebhookHmac(body, "s3cret", hmac)).toBe(true);
    expect(verifyWebhookHmac('{"id":2}', "s3cret", hmac)).toBe(false);
    expect(verifyWebhookHmac(body, "other", hmac)).toBe(false);
  });
});
