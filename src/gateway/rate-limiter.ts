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
