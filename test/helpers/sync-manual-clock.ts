// A synchronous manual clock for unit tests that drive timers without sockets (src/util/manual-clock.ts
// is the public, async one that lets socket work run between timers).
import type { Clock } from '../../src/util/clock.js';

/** A clock whose time moves only when the test says so. */
export interface ManualClock extends Clock {
  /** Moves time forward, running the timers that fall due, in order. */
  advance(ms: number): void;
  /** Timers not yet run or cancelled. */
  pending(): number;
}

export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let now = start;
  let sequence = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, delayMs) {
      const id = ++sequence;
      timers.set(id, { at: now + delayMs, callback });
      return { cancel: () => void timers.delete(id) };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}
