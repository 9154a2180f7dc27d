/**
 * Rate limits for storefront requests that arrive through the app proxy (the inquiry form, the chat widget): a token
 * bucket per shop and one per client address within a shop. Issue 4, deliverable 8.
 *
 * The buckets live in this process's memory. Several app processes behind a load balancer each keep their own, so the
 * effective limit is the per-process limit times the number of processes; that is acceptable for abuse protection
 * (a flood is still cut to a fixed multiple) and keeps the hot path free of database writes.
 */

export type BucketPolicy = {
  /** Tokens a full bucket holds: the burst allowed after a quiet period. */
  capacity: number;
  /** Tokens added back per second: the sustained rate. */
  refillPerSecond: number;
};

export type RatePolicy = { shop: BucketPolicy; client: BucketPolicy };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: "shop" | "client" };

type Bucket = { tokens: number; updatedAt: number };

/** Above this many buckets, full (idle) ones are dropped: they carry no state a new bucket would not have. */
const SWEEP_ABOVE = 10_000;

export type TokenBucketLimiter = {
  /** Takes one token from the shop's bucket and from the client's; refuses (taking nothing) when either is empty. */
  take(shop: string, client: string, now?: number): RateDecision;
  /** Buckets currently held (for tests and the sweep). */
  size(): number;
};

export function createTokenBucketLimiter(policy: RatePolicy): TokenBucketLimiter {
  const buckets = new Map<string, Bucket>();

  const refill = (key: string, bucketPolicy: BucketPolicy, now: number): Bucket => {
    const bucket = buckets.get(key);
    if (!bucket) {
      const fresh = { tokens: bucketPolicy.capacity, updatedAt: now };
      buckets.set(key, fresh);
      return fresh;
    }
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(bucketPolicy.capacity, bucket.tokens + elapsed * bucketPolicy.refillPerSecond);
    bucket.updatedAt = now;
    return bucket;
  };

  const waitFor = (bucket: Bucket, bucketPolicy: BucketPolicy) =>
    Math.max(1, Math.ceil((1 - bucket.tokens) / bucketPolicy.refillPerSecond));

  const sweep = (now: number) => {
    if (buckets.size <= SWEEP_ABOVE) return;
    for (const [key, bucket] of buckets) {
      const bucketPolicy = key.startsWith("s\u0000") ? policy.shop : policy.client;
      const tokens = bucket.tokens + (Math.max(0, now - bucket.updatedAt) / 1000) * bucketPolicy.refillPerSecond;
      if (tokens >= bucketPolicy.capacity) buckets.delete(key);
    }
  };

  return {
    take(shop, client, now = Date.now()) {
      sweep(now);
      const shopBucket = refill(`s\u0000${shop}`, policy.shop, now);
      const clientBucket = refill(`c\u0000${shop}\u0000${client}`, policy.client, now);
      // The client's bucket first: one noisy address should not drain the shop's bucket for everyone else.
      if (clientBucket.tokens < 1) return { allowed: false, scope: "client", retryAfterSeconds: waitFor(clientBucket, policy.client) };
      if (shopBucket.tokens < 1) return { allowed: false, scope: "shop", retryAfterSeconds: waitFor(shopBucket, policy.shop) };
      clientBucket.tokens -= 1;
      shopBucket.tokens -= 1;
      return { allowed: true };
    },
    size: () => buckets.size,
  };
}

/**
 * Limits per kind of storefront request. Inquiries: a shopper (or one shared office or mobile-carrier address) may send ten in a row, then one every 10 s; a shop
 * takes bursts of 2,000 and 500/s sustained (the intake budget is 300/s). Chat messages are shorter and more frequent.
 */
export const STOREFRONT_RATE_POLICIES = {
  inquiry: { shop: { capacity: 2_000, refillPerSecond: 500 }, client: { capacity: 10, refillPerSecond: 1 / 10 } },
  chat: { shop: { capacity: 5_000, refillPerSecond: 1_000 }, client: { capacity: 60, refillPerSecond: 2 } },
} as const satisfies Record<string, RatePolicy>;

export type StorefrontRateKind = keyof typeof STOREFRONT_RATE_POLICIES;

const limiters = new Map<StorefrontRateKind, TokenBucketLimiter>();

/** The process-wide limiter for one kind of storefront request. */
export function storefrontLimiter(kind: StorefrontRateKind): TokenBucketLimiter {
  let limiter = limiters.get(kind);
  if (!limiter) {
    limiter = createTokenBucketLimiter(STOREFRONT_RATE_POLICIES[kind]);
    limiters.set(kind, limiter);
  }
  return limiter;
}

/**
 * The shopper's address as Shopify's app proxy reports it. The proxy appends the address it received the request
 * from to X-Forwarded-For, so the last entry is the one a shopper cannot forge (earlier entries are whatever the
 * shopper sent). `trustedHops` counts proxies of our own between Shopify and the app (a load balancer that appends
 * Shopify's address): that many entries are skipped from the end. Without the header (a direct call), the fallback
 * stands for "unknown", shared by all such callers.
 */
export function clientAddress(request: Request, options: { trustedHops?: number; fallback?: string } = {}): string {
  const fallback = options.fallback ?? "unknown";
  const forwarded = request.headers.get("x-forwarded-for");
  if (!forwarded) return fallback;
  const entries = forwarded.split(",").map((part) => part.trim()).filter(Boolean);
  const entry = entries.at(-1 - Math.max(0, options.trustedHops ?? 0));
  return entry ? entry.slice(0, 64) : fallback;
}
