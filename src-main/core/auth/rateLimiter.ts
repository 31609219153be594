/**
 * Rate limits per client and per class of call, as token buckets: each (client, class) may make
 * `limit` calls at once and regains `limit` a minute, so a burst of clicks passes and a loop does not.
 * The limit is read at each call (it is a setting and may change while the server runs).
 */
const MINUTE_MS = 60_000;
/** Past this many buckets, full ones (idle clients) are dropped: they hold nothing a new bucket would not. */
const PRUNE_ABOVE = 10_000;

interface Bucket {
  tokens: number;
  limit: number;
  updatedAt: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one call from `key`'s bucket, which holds `limitPerMinute` at most. */
  take(key: string, limitPerMinute: number): RateDecision;
}

export function createRateLimiter(clock: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, limit: number, now: number) => {
    if (limit !== bucket.limit) {
      // A raised limit grants the difference at once; a lowered one takes effect at once.
      bucket.tokens = limit > bucket.limit ? bucket.tokens + (limit - bucket.limit) : Math.min(bucket.tokens, limit);
      bucket.limit = limit;
    }
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(limit, bucket.tokens + (elapsed * limit) / MINUTE_MS);
    bucket.updatedAt = now;
  };

  const prune = (now: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, bucket.limit, now);
      if (bucket.tokens >= bucket.limit) buckets.delete(key);
    }
  };

  return {
    take(key, limitPerMinute) {
      const now = clock();
      const limit = Math.max(1, limitPerMinute);
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= PRUNE_ABOVE) prune(now);
        bucket = { tokens: limit, limit, updatedAt: now };
        buckets.set(key, bucket);
      } else {
        refill(bucket, limit, now);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      const msToOne = ((1 - bucket.tokens) * MINUTE_MS) / limit;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msToOne / 1000)) };
    },
  };
}
