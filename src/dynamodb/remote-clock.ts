/**
 * The emulator's injected clock, used from the DynamoDB worker. Tests drive the TTL sweeper and
 * the ClientRequestToken window with a manual clock that lives in the parent's thread, so the
 * worker asks the parent: timers are set, cancelled and fired by messages, and `now()` (which
 * must be synchronous) posts a request and blocks on `Atomics.wait` until the parent wrote the
 * time into a shared buffer. A fired timer's callback sees the time it fired at, as it would in the
 * parent's thread. Only used with an injected clock; the system clock is read in the worker.
 */
import type { Clock, TimerHandle } from '../util/clock.js';
import type { WorkerMessage } from './dynamodb-worker-protocol.js';

/** Bytes of the shared buffer: an Int32 "answered" flag, padding, then the Float64 time. */
export const CLOCK_BUFFER_BYTES = 16;
/** How long the worker waits for the parent's time before reading its own (the parent is busy or gone). */
const NOW_TIMEOUT_MS = 5_000;

/** The worker's side: a Clock whose timers live in the parent; `fire` runs one when the parent says so. */
export function createRemoteClock(buffer: SharedArrayBuffer, post: (message: WorkerMessage) => void) {
  const flag = new Int32Array(buffer, 0, 1);
  const time = new Float64Array(buffer, 8, 1);
  const callbacks = new Map<number, () => void>();
  let nextId = 0;
  /** The time a timer fired at, while its callback runs (a manual clock may have moved on since). */
  let firedAtMs: number | undefined;
  const clock: Clock = {
    now() {
      if (firedAtMs !== undefined) return firedAtMs;
      Atomics.store(flag, 0, 0);
      post({ kind: 'clock-now' });
      return Atomics.wait(flag, 0, 0, NOW_TIMEOUT_MS) === 'timed-out' ? Date.now() : (time[0] as number);
    },
    setTimeout(callback, delayMs): TimerHandle {
      const id = ++nextId;
      callbacks.set(id, callback);
      post({ kind: 'clock-set', id, delayMs });
      return {
        cancel() {
          if (callbacks.delete(id)) post({ kind: 'clock-cancel', id });
        },
      };
    },
  };
  return {
    clock,
    fire(id: number, atMs: number): void {
      const callback = callbacks.get(id);
      callbacks.delete(id);
      firedAtMs = atMs;
      try {
        callback?.();
      } finally {
        firedAtMs = undefined;
      }
    },
  };
}

/** The parent's side: answers `now`, keeps the worker's timers on the real clock, cancels them all when the worker ends. */
export function serveRemoteClock(clock: Clock, buffer: SharedArrayBuffer, fire: (id: number, atMs: number) => void) {
  const flag = new Int32Array(buffer, 0, 1);
  const time = new Float64Array(buffer, 8, 1);
  const timers = new Map<number, TimerHandle>();
  return {
    /** Handles a clock message; false for any other message. */
    handle(message: WorkerMessage): boolean {
      if (message.kind === 'clock-now') {
        time[0] = clock.now();
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
      } else if (message.kind === 'clock-set') {
        const { id } = message;
        timers.set(id, clock.setTimeout(() => timers.delete(id) && fire(id, clock.now()), message.delayMs));
      } else if (message.kind === 'clock-cancel') {
        timers.get(message.id)?.cancel();
        timers.delete(message.id);
      } else {
        return false;
      }
      return true;
    },
    cancelAll(): void {
      for (const timer of timers.values()) timer.cancel();
      timers.clear();
    },
  };
}
