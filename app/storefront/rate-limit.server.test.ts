import { describe, expect, it } from "vitest";
import { clientAddress, createTokenBucketLimiter } from "./rate-limit.server";

const policy = { shop: { capacity: 4, refillPerSecond: 2 }, client: { capacity: 2, refillPerSecond: 0.5 } };

describe("the storefront token buckets", () => {
  it("lets a client send its burst, then refuses with the seconds until the next token", () => {
    // GIVEN a fresh limiter
    const limiter = createTokenBucketLimiter(policy);
    // WHEN one address sends three requests at the same instant
    const decisions = [0, 1, 2].map(() => limiter.take("a.myshopify.com", "203.0.113.1", 1_000));
    // THEN the third is refused for the client, with Retry-After of 2 s (0.5 tokens/s)
    expect(decisions.slice(0, 2)).toEqual([{ allowed: true }, { allowed: true }]);
    expect(decisions[2]).toEqual({ allowed: false, scope: "client", retryAfterSeconds: 2 });
  });

  it("refills a client's bucket over time", () => {
    const limiter = createTokenBucketLimiter(policy);
    limiter.take("a.myshopify.com", "203.0.113.1", 0);
    limiter.take("a.myshopify.com", "203.0.113.1", 0);
    expect(limiter.take("a.myshopify.com", "203.0.113.1", 1_000).allowed).toBe(false);
    expect(limiter.take("a.myshopify.com", "203.0.113.1", 2_000).allowed).toBe(true);
  });

  it("limits a shop across many addresses, and keeps other shops apart", () => {
    const limiter = createTokenBucketLimiter(policy);
    const allowed = [1, 2, 3, 4, 5].map((i) => limiter.take("a.myshopify.com", `198.51.100.${i}`, 0).allowed);
    expect(allowed).toEqual([true, true, true, true, false]);
    expect(limiter.take("a.myshopify.com", "198.51.100.9", 0)).toEqual({ allowed: false, scope: "shop", retryAfterSeconds: 1 });
    expect(limiter.take("b.myshopify.com", "198.51.100.1", 0).allowed).toBe(true);
  });

  it("takes nothing from the shop when the client is refused", () => {
    const limiter = createTokenBucketLimiter({ shop: { capacity: 3, refillPerSecond: 0.001 }, client: { capacity: 1, refillPerSecond: 0.001 } });
    expect(limiter.take("a.myshopify.com", "x", 0).allowed).toBe(true);
    expect(limiter.take("a.myshopify.com", "x", 0).allowed).toBe(false);
    expect(limiter.take("a.myshopify.com", "x", 0).allowed).toBe(false);
    expect(limiter.take("a.myshopify.com", "y", 0).allowed).toBe(true);
    expect(limiter.take("a.myshopify.com", "z", 0).allowed).toBe(true);
  });
});

describe("the client address", () => {
  it("is the last X-Forwarded-For entry, the one the proxy added", () => {
    const request = new Request("http://app/proxy/inquiries", { headers: { "x-forwarded-for": "10.0.0.1, 203.0.113.7" } });
    expect(clientAddress(request)).toBe("203.0.113.7");
  });

  it("skips the entries our own load balancers appended", () => {
    const request = new Request("http://app/proxy/inquiries", { headers: { "x-forwarded-for": "10.0.0.1, 203.0.113.7, 23.227.38.1" } });
    expect(clientAddress(request, { trustedHops: 1 })).toBe("203.0.113.7");
  });

  it("falls back when the header is missing", () => {
    expect(clientAddress(new Request("http://app/proxy/inquiries"))).toBe("unknown");
  });
});
