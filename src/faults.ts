/**
 * Fault injection for tests: the cases users cannot make AWS produce at will.
 * - `$disconnect` is best-effort on AWS (docs/aws-behaviour.md#disconnect): drop the next one.
 * - A stale connection: `@connections` answers 410 GoneException while the socket stays open.
 * - `@connections` throttling: 429 LimitExceededException for a while (the SDK retries it).
 * - A failing or slow integration: fail or delay the next invocation of a route.
 * Durations are on the emulator's clock, so a manual clock controls them too.
 */
import type { InvocationOutcome, InvokeOptions, LambdaRuntime } from './lambda/types.js';
import type { Clock } from './util/clock.js';

/** Which invocation a fault applies to. */
export interface FaultTarget {
  readonly routeKey?: string;
  readonly connectionId?: string;
}

interface PendingFault {
  readonly target: FaultTarget;
  readonly apply: (invoke: () => Promise<InvocationOutcome>) => Promise<InvocationOutcome>;
}

/** The faults a test can inject (`emulator.faults`). */
export interface Faults {
  /** The next `$disconnect` (of `connectionId`, or of any connection) is not invoked. */
  dropNextDisconnect(connectionId?: string): void;
  /** `@connections` calls for this connection answer 410 GoneException; its socket stays open. */
  makeStale(connectionId: string): void;
  /** `@connections` answers 429 LimitExceededException for `durationMs` of the emulator's clock. */
  throttleConnectionsApi(durationMs: number): void;
  /** The next matching invocation fails with this error without running the handler (default `Error: Injected failure`). */
  failNextInvocation(target: FaultTarget, error?: { errorType: string; errorMessage: string }): void;
  /** The next matching invocation starts `delayMs` later (on the emulator's clock). */
  delayNextInvocation(target: FaultTarget, delayMs: number): void;
}

export class FaultInjector implements Faults {
  readonly #clock: Clock;
  readonly #dropDisconnects: Array<string | undefined> = [];
  readonly #stale = new Set<string>();
  #throttledUntil = -Infinity;
  readonly #pending: PendingFault[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  dropNextDisconnect(connectionId?: string): void {
    this.#dropDisconnects.push(connectionId);
  }

  makeStale(connectionId: string): void {
    this.#stale.add(connectionId);
  }

  throttleConnectionsApi(durationMs: number): void {
    this.#throttledUntil = this.#clock.now() + durationMs;
  }

  failNextInvocation(target: FaultTarget, error = { errorType: 'Error', errorMessage: 'Injected failure' }): void {
    this.#pending.push({
      target,
      apply: () => Promise.resolve({ ok: false, error, timedOut: false, requestId: crypto.randomUUID(), durationMs: 0 }),
    });
  }

  delayNextInvocation(target: FaultTarget, delayMs: number): void {
    this.#pending.push({
      target,
      apply: (invoke) => new Promise<void>((resolve) => this.#clock.setTimeout(resolve, delayMs)).then(invoke),
    });
  }

  /** Whether `$disconnect` of this connection is to be skipped (consumes the fault). */
  takeDroppedDisconnect(connectionId: string): boolean {
    const index = this.#dropDisconnects.findIndex((id) => id === undefined || id === connectionId);
    if (index === -1) return false;
    this.#dropDisconnects.splice(index, 1);
    return true;
  }

  isStale(connectionId: string): boolean {
    return this.#stale.has(connectionId);
  }

  isThrottled(): boolean {
    return this.#clock.now() < this.#throttledUntil;
  }

  /** The runtime as the gateway sees it: pending invocation faults applied first. */
  wrapRuntime(runtime: Pick<LambdaRuntime, 'invoke'>): Pick<LambdaRuntime, 'invoke'> {
    return {
      invoke: (functionName: string, event: unknown, options?: InvokeOptions) => {
        const invoke = () => runtime.invoke(functionName, event, options);
        const fault = this.#takeFault(event);
        return fault ? fault.apply(invoke) : invoke();
      },
    };
  }

  #takeFault(event: unknown): PendingFault | undefined {
    if (this.#pending.length === 0) return undefined;
    const context = (event as { requestContext?: { routeKey?: string; connectionId?: string } }).requestContext ?? {};
    const index = this.#pending.findIndex(
      ({ target }) =>
        (target.routeKey === undefined || target.routeKey === context.routeKey) &&
        (target.connectionId === undefined || target.connectionId === context.connectionId),
    );
    return index === -1 ? undefined : this.#pending.splice(index, 1)[0];
  }
}
