import { describe, expect, it } from 'vitest';
import { createMessageRateLimiter, createTokenBucket } from '../../../src/gateway/rate-limiter.js';
import { createManualClock } from '../../helpers/sync-manual-clock.js';

describe('createTokenBucket', () => {
  it('admits a burst up to its size, then refills at the rate on the injected clock', () => {
    const clock = createManualClock();
    const bucket = createTokenBucket(clock, 4, 2);
    expect([bucket.tryAcquire(), bucket.tryAcquire(), bucket.tryAcquire()]).toEqual([true, true, false]);
    clock.advance(249);
    expect(bucket.tryAcquire()).toBe(false);
    clock.advance(1);
    expect([bucket.tryAcquire(), bucket.tryAcquire()]).toEqual([true, false]);
    clock.advance(60_000);
    expect([bucket.tryAcquire(), bucket.tryAcquire(), bucket.tryAcquire()]).toEqual([true, true, false]);
  });
});

describe('createMessageRateLimiter', () => {
  it('is off without a rate, and holds one second of messages with one', () => {
    const clock = createManualClock();
    expect(createMessageRateLimiter(clock, undefined)).toBeUndefined();
    const limiter = createMessageRateLimiter(clock, 3);
    expect(Array.from({ length: 4 }, () => limiter?.tryAcquire())).toEqual([true, true, true, false]);
  });
});
