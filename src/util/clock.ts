/**
 * The one source of time for the emulator. Everything that reads the time or waits (idle and
 * maximum-duration timers, function timeouts, `requestTime`, `connectedAt`) goes through a Clock,
 * so tests can inject their own and never wait for real time.
 */
export interface TimerHandle {
  /** Cancels the timer; calling it twice is harmless. */
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `callback` after `delayMs` milliseconds of this clock's time. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
}

/** The real clock: `Date.now()` and the global timers. Timers are unref'd so they never hold the process open. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
