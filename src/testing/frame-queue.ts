import { closedWhileWaitingError, formatState, noMessageError, wrongKindError } from './ws-test-client-errors.js';
import type { CloseInfo, Frame } from './ws-test-client-errors.js';

/** The timer functions a queue waits with; the test client passes the real ones. */
export interface QueueTimers {
  readonly setTimeout: typeof globalThis.setTimeout;
  readonly clearTimeout: typeof globalThis.clearTimeout;
}

/** What a {@link FrameQueue} needs from its connection. */
export interface FrameQueueOptions {
  /** The connection URL, named in failure messages. */
  readonly url: string;
  readonly timers: QueueTimers;
  /** 'open' or 'closing', for timeout messages (a closed connection fails waiters at once). */
  readonly connectionState: () => string;
}

type FrameOf<K extends Frame['kind']> = Extract<Frame, { kind: K }>;

interface Waiter {
  readonly kind: Frame['kind'];
  resolve(frame: Frame): void;
  reject(error: Error): void;
}

/**
 * Received frames in arrival order, handed to waiters first come first served. Internal to the
 * test client; kept apart so the client reads as the socket wiring and this as the waiting rules.
 */
export class FrameQueue {
  readonly #options: FrameQueueOptions;
  readonly #frames: Frame[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #receivedText: string[] = [];
  #frameCount = 0;
  #end: { readonly close: CloseInfo; readonly cause: Error | undefined } | undefined;

  constructor(options: FrameQueueOptions) {
    this.#options = options;
  }

  /** Every text frame ever pushed, in order. */
  get receivedText(): readonly string[] {
    return this.#receivedText;
  }

  /** Frames pushed and not yet taken. */
  get frames(): readonly Frame[] {
    return this.#frames;
  }

  /** Queues a frame that just arrived. */
  push(frame: Frame): void {
    this.#frameCount += 1;
    if (frame.kind === 'text') this.#receivedText.push(frame.text);
    this.#frames.push(frame);
    this.#drain();
  }

  /** The connection closed: pending waits fail now; queued frames can still be taken. */
  end(close: CloseInfo, cause: Error | undefined): void {
    this.#end = { close, cause };
    this.#drain();
  }

  /**
   * Resolves with the next frame if it is of `kind`. Fails after `timeoutMs`; at once if the
   * next frame is of the other kind (which stays queued) or the connection has ended.
   */
  take<K extends Frame['kind']>(kind: K, timeoutMs: number): Promise<FrameOf<K>> {
    const { setTimeout, clearTimeout } = this.#options.timers;
    // Failures are settled from timers and socket events, whose stacks say nothing; this one
    // points at the test line that waited.
    const callSite = new Error();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        kind,
        resolve: (frame) => (clearTimeout(timer), resolve(frame as FrameOf<K>)),
        reject: (error) => (clearTimeout(timer), reject(withStack(error, callSite))),
      };
      const timer = setTimeout(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index !== -1) this.#waiters.splice(index, 1);
        const state = formatState(this.#options.connectionState(), this.#frameCount, this.#frames.length);
        waiter.reject(noMessageError(this.#options.url, timeoutMs, state));
      }, timeoutMs);
      this.#waiters.push(waiter);
      this.#drain();
    });
  }

  // A waiter whose next frame is of the other kind fails and leaves the frame for the matching
  // method, so one wrong guess does not lose a frame; with nothing queued after the end, it fails.
  #drain(): void {
    for (let waiter = this.#waiters[0]; waiter !== undefined; waiter = this.#waiters[0]) {
      const frame = this.#frames[0];
      const end = this.#end;
      if (frame === undefined) {
        if (end === undefined) return;
        this.#waiters.shift();
        waiter.reject(closedWhileWaitingError(end.close, waiter.kind, end.cause));
      } else {
        this.#waiters.shift();
        if (frame.kind === waiter.kind) waiter.resolve(this.#frames.shift() as Frame);
        else waiter.reject(wrongKindError(this.#options.url, frame));
      }
    }
  }
}

function withStack(error: Error, callSite: Error): Error {
  const frames = callSite.stack?.split('\n').slice(1).join('\n');
  if (frames !== undefined) error.stack = `${error.name}: ${error.message}\n${frames}`;
  return error;
}
