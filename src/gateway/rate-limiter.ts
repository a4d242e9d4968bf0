import type { Clock } from '../util/clock.js';

/** Admits at most N events per second of the clock's time. */
export interface RateLimiter {
  /** True when one more event fits in the current second. */
  tryAcquire(): boolean;
}

/**
 * A one-second fixed window on the injected clock, for API Gateway's "new connections per second"
 * quota (500 per account and Region, adjustable; upgrades over it are refused with 429):
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 * With no limit it admits everything.
 */
export function createRateLimiter(clock: Clock, perSecond: number | undefined): RateLimiter {
  if (perSecond === undefined) return { tryAcquire: () => true };
  let windowStart = -Infinity;
  let used = 0;
  return {
    tryAcquire() {
      const now = clock.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        used = 0;
      }
      if (used >= perSecond) return false;
      used += 1;
      return true;
    },
  };
}

/**
 * A token bucket on the injected clock, the algorithm API Gateway documents for its throttles
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-protect.html): it holds
 * up to `burst` tokens, refills `perSecond` tokens a second, and each event takes one.
 */
export function createTokenBucket(clock: Clock, perSecond: number, burst: number): RateLimiter {
  let tokens = burst;
  let refilledAt = clock.now();
  return {
    tryAcquire() {
      const now = clock.now();
      tokens = Math.min(burst, tokens + ((now - refilledAt) * perSecond) / 1000);
      refilledAt = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/**
 * A connection's message rate limit (`maxMessagesPerSecondPerConnection`), bursts of up to one
 * second's worth; none when the option is off (docs/execution-model.md#queueing-and-fairness).
 */
export function createMessageRateLimiter(clock: Clock, perSecond: number | undefined): RateLimiter | undefined {
  return perSecond === undefined ? undefined : createTokenBucket(clock, perSecond, perSecond);
}
