import type { Clock, TimerHandle } from './clock.js';

/** A clock that moves only when told to: for tests that must not wait for real time. */
export interface ManualClock extends Clock {
  /**
   * Moves time forward by `ms`, running every timer that falls due, in due order (a timer set by a
   * running timer for a moment within the window runs too). Resolves after the callbacks ran and
   * the promise jobs they started had a turn, so socket work they began can proceed.
   */
  advance(ms: number): Promise<void>;
  /** Timers waiting to run. */
  readonly pendingTimers: number;
}

interface Timer {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** A manual clock starting at `startMs` (default: the real current time). */
export function createManualClock(startMs: number = Date.now()): ManualClock {
  let now = startMs;
  let order = 0;
  const timers: Timer[] = [];
  return {
    now: () => now,
    setTimeout(callback, delayMs): TimerHandle {
      const timer: Timer = { due: now + Math.max(0, delayMs), order: order++, callback, cancelled: false };
      timers.push(timer);
      return {
        cancel() {
          timer.cancelled = true;
        },
      };
    },
    get pendingTimers() {
      return timers.filter((timer) => !timer.cancelled).length;
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        const live = timers.filter((timer) => !timer.cancelled && timer.due <= target);
        if (live.length === 0) break;
        live.sort((a, b) => a.due - b.due || a.order - b.order);
        const next = live[0] as Timer;
        timers.splice(timers.indexOf(next), 1);
        now = Math.max(now, next.due);
        next.callback();
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = target;
      for (let i = timers.length - 1; i >= 0; i--) if (timers[i]?.cancelled) timers.splice(i, 1);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
