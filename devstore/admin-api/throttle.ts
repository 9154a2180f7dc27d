/**
 * Shopify's leaky bucket for the Admin GraphQL API, one per (app, shop): the requested cost is taken up front, the
 * difference to the actual cost is refunded afterwards, and points come back at `restoreRate` per second.
 * The clock is injected so tests move time instead of sleeping.
 */
export type Clock = () => number;

export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

export type BucketLimits = { maximumAvailable: number; restoreRate: number };

type Bucket = { available: number; at: number };

export type Throttle = {
  /** Takes `cost` points if the bucket holds them; otherwise takes nothing. */
  take(key: string, cost: number): { ok: boolean; status: ThrottleStatus };
  /** Gives back points that were requested but not spent. */
  refund(key: string, points: number): ThrottleStatus;
  status(key: string): ThrottleStatus;
};

export function createThrottle(limits: BucketLimits, clock: Clock = Date.now): Throttle {
  const buckets = new Map<string, Bucket>();

  function current(key: string): Bucket {
    const now = clock();
    const bucket = buckets.get(key) ?? { available: limits.maximumAvailable, at: now };
    const restored = ((now - bucket.at) / 1000) * limits.restoreRate;
    bucket.available = Math.min(limits.maximumAvailable, bucket.available + Math.max(0, restored));
    bucket.at = now;
    buckets.set(key, bucket);
    return bucket;
  }

  function statusOf(bucket: Bucket): ThrottleStatus {
    return {
      maximumAvailable: limits.maximumAvailable,
      // Shopify reports whole points.
      currentlyAvailable: Math.floor(bucket.available),
      restoreRate: limits.restoreRate,
    };
  }

  return {
    take(key, cost) {
      const bucket = current(key);
      if (bucket.available < cost) return { ok: false, status: statusOf(bucket) };
      bucket.available -= cost;
      return { ok: true, status: statusOf(bucket) };
    },
    refund(key, points) {
      const bucket = current(key);
      bucket.available = Math.min(limits.maximumAvailable, bucket.available + Math.max(0, points));
      return statusOf(bucket);
    },
    status(key) {
      return statusOf(current(key));
    },
  };
}
