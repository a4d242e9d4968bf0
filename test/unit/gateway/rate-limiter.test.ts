import { describe, expect, it } from 'vitest';
import { createMessageRateLimiter, createRateLimiter, createTokenBucket } from '../../../src/gateway/rate-limiter.js';
import { createManualClock } from '../../../src/util/manual-clock.js';
import { createManualClock as createSyncManualClock } from '../../helpers/sync-manual-clock.js';

/** Each step: advance the clock by `ms`, then try to acquire; the row lists what each try answered. */
describe('createRateLimiter', () => {
  it.each<[string, number | undefined, readonly number[], readonly boolean[]]>([
    ['no limit admits everything', undefined, [0, 0, 0, 0, 0], [true, true, true, true, true]],
    ['2 per second: the third in the same second is refused', 2, [0, 0, 0], [true, true, false]],
    ['the window is one second from its first event', 2, [0, 999, 0, 1], [true, true, false, true]],
    ['a new window starts at the first event after it, not on the second', 2, [0, 0, 1500, 0, 999, 1], [true, true, true, true, false, true]],
    ['a refusal does not use up the next window', 1, [0, 0, 0, 1000, 0], [true, false, false, true, false]],
    ['0 per second refuses everything', 0, [0, 1000, 5000], [false, false, false]],
    ['1 per second, one each second', 1, [0, 1000, 1000, 1000], [true, true, true, true]],
  ])('%s', async (_name, perSecond, steps, answers) => {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const limiter = createRateLimiter(clock, perSecond);
    const got: boolean[] = [];
    for (const ms of steps) {
      await clock.advance(ms);
      got.push(limiter.tryAcquire());
    }
    expect(got).toEqual(answers);
  });
});

describe('createTokenBucket', () => {
  it('admits a burst up to its size, then refills at the rate on the injected clock', () => {
    const clock = createSyncManualClock();
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
    const clock = createSyncManualClock();
    expect(createMessageRateLimiter(clock, undefined)).toBeUndefined();
    const limiter = createMessageRateLimiter(clock, 3);
    expect(Array.from({ length: 4 }, () => limiter?.tryAcquire())).toEqual([true, true, true, false]);
  });
});
