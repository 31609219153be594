/** Token buckets: a burst up to the limit, then one call every minute/limit; limits change at once; keys are separate. */
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src-main/core/auth/rateLimiter';

describe('rate limiter', () => {
  it('allows the limit at once, then tells how long until the next call, and refills with time', () => {
    let now = 0;
    const limiter = createRateLimiter(() => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('a', 60)).toEqual({ allowed: true });
    expect(limiter.take('a', 60)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another key is another client.
    expect(limiter.take('b', 60)).toEqual({ allowed: true });
    now += 1000;
    expect(limiter.take('a', 60)).toEqual({ allowed: true });
    expect(limiter.take('a', 60).allowed).toBe(false);
    now += 60_000;
    for (let i = 0; i < 60; i++) expect(limiter.take('a', 60).allowed).toBe(true);
  });

  it('gives Retry-After in whole seconds from the refill rate', () => {
    const now = 0;
    const limiter = createRateLimiter(() => now);
    for (let i = 0; i < 3; i++) limiter.take('k', 3);
    expect(limiter.take('k', 3)).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('applies a lowered limit at once and grants a raised one', () => {
    const now = 0;
    const limiter = createRateLimiter(() => now);
    for (let i = 0; i < 5; i++) limiter.take('k', 10);
    // 5 left of 10; lowered to 2: 2 left.
    expect(limiter.take('k', 2).allowed).toBe(true);
    expect(limiter.take('k', 2).allowed).toBe(true);
    expect(limiter.take('k', 2).allowed).toBe(false);
    // Raised to 5: the 3 more are granted now.
    for (let i = 0; i < 3; i++) expect(limiter.take('k', 5).allowed).toBe(true);
    expect(limiter.take('k', 5).allowed).toBe(false);
  });
});
