/**
 * The execution environments of one function. Like Lambda, an environment serves one invocation at
 * a time and is reused while warm (module state survives); concurrent invocations get environments
 * of their own, up to `maxEnvironments`, and beyond that they queue (Lambda would scale out). The
 * queue is served round-robin across lanes (WebSocket connections), and time spent in it is not the
 * function's: its timeout starts when the handler starts (docs/execution-model.md#queueing-and-fairness).
 * Idle environments are reaped after `idleTtlMs`; a timed-out or crashed one is discarded and the
 * next invocation starts cold.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../util/clock.js';
import type { EnvironmentBudget, EvictableEnvironment, SlotWaiter } from './environment-budget.js';
import type { EnvironmentFactory, ExecutionEnvironment } from './execution-environment.js';
import { FairQueue } from './fair-queue.js';
import { formatPlatformLine, formatTimeoutSeconds } from './log-format.js';
import { runInvocation } from './run-invocation.js';
import type { FunctionDefinition, InvocationOutcome } from './types.js';

export interface FunctionPoolOptions {
  readonly fn: FunctionDefinition;
  readonly factory: EnvironmentFactory;
  readonly budget: EnvironmentBudget;
  readonly clock: Clock;
  /** Most environments of this function alive at once. */
  readonly maxEnvironments: number;
  /** How long an idle environment stays warm, in ms. */
  readonly idleTtlMs: number;
  readonly log: ((line: string) => void) | undefined;
}

interface Slot extends EvictableEnvironment {
  env: ExecutionEnvironment;
  /** The definition the environment was started with. */
  readonly fn: FunctionDefinition;
  /** The pool's code generation at its start: an older one is retired after its invocation. */
  readonly generation: number;
  invocations: number;
  state: 'busy' | 'idle' | 'gone';
  idleTimer: TimerHandle | undefined;
}

interface Waiter {
  /** Whose invocation this is (a connection id); invocations of one lane start in order. */
  readonly lane: unknown;
  readonly resolve: (slot: Slot | undefined) => void;
  timer: TimerHandle | undefined;
}

export class FunctionPool implements SlotWaiter {
  readonly #options: FunctionPoolOptions;
  /** Idle environments; the most recently used is reused first. */
  readonly #idle: Slot[] = [];
  readonly #live = new Set<Slot>();
  readonly #waiters = new FairQueue<Waiter>();
  #waitingForBudget = false;
  #disposed = false;
  /** The definition new environments start with (replaced by `retire`). */
  #fn: FunctionDefinition;
  #generation = 0;

  constructor(options: FunctionPoolOptions) {
    this.#options = options;
    this.#fn = options.fn;
  }

  /** The definition the next environment starts with. */
  get fn(): FunctionDefinition {
    return this.#fn;
  }

  /**
   * The function's code or definition changed: idle environments end now, busy ones after their
   * invocation, so the next invocation starts cold with `fn` (default: the same definition, new
   * code on disk). Queued invocations are served by new environments.
   */
  retire(fn: FunctionDefinition = this.#fn): void {
    this.#fn = fn;
    this.#generation++;
    for (const slot of [...this.#idle]) this.#discard(slot);
  }

  /** Live environments (busy, idle or starting). */
  get size(): number {
    return this.#live.size;
  }

  /**
   * Runs one invocation on a warm environment, a new one, or after waiting for one. `deadlineMs`
   * bounds the wait and the whole invocation (API Gateway's integration timeout); `lane` is the
   * connection the invocation serves, for fair queueing (none: a lane of its own).
   */
  async invoke(event: unknown, deadlineMs: number | undefined, lane: unknown = Symbol('lane')): Promise<InvocationOutcome> {
    const { clock, log } = this.#options;
    const requestId = randomUUID();
    const eventJson = serialiseEvent(event);
    if (eventJson === undefined) return invalidEvent(requestId);
    const queuedAt = clock.now();
    const deadlineAt = deadlineMs === undefined ? Infinity : queuedAt + deadlineMs;
    const free = this.#disposed ? undefined : this.#takeFree();
    const slot = free ?? (this.#disposed ? undefined : await this.#wait(deadlineAt, lane));
    if (slot === undefined) return this.#notStarted(requestId, deadlineMs ?? 0);
    const waitedMs = free === undefined ? clock.now() - queuedAt : 0;
    const { fn } = slot;
    const { outcome, reusable } = await runInvocation(
      slot.env,
      slot.invocations === 0,
      { fn, requestId, eventJson, deadlineAt, deadlineMs, waitedMs },
      { clock, log },
    );
    slot.invocations++;
    if (reusable && !this.#disposed && slot.generation === this.#generation) this.#release(slot);
    else this.#discard(slot);
    return outcome;
  }

  /** Ends every environment; queued invocations fail. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#syncBudgetWait();
    for (const waiter of this.#waiters.drain()) {
      waiter.timer?.cancel();
      waiter.resolve(undefined);
    }
    const slots = [...this.#live];
    for (const slot of slots) this.#remove(slot);
    await Promise.all(slots.map((slot) => slot.env.terminate()));
  }

  /** Called by the budget: a slot is ours. */
  grant(): void {
    this.#waitingForBudget = false;
    const waiter = this.#disposed || this.#live.size >= this.#options.maxEnvironments ? undefined : this.#waiters.shift();
    if (waiter === undefined) {
      this.#options.budget.release();
      return;
    }
    waiter.timer?.cancel();
    waiter.resolve(this.#spawn());
    this.#syncBudgetWait();
  }

  /** A warm environment, or a new one when there is room; undefined when the invocation must wait. */
  #takeFree(): Slot | undefined {
    const idle = this.#idle.pop();
    if (idle !== undefined) {
      this.#markBusy(idle);
      return idle;
    }
    if (this.#live.size < this.#options.maxEnvironments && this.#options.budget.tryTake()) return this.#spawn();
    return undefined;
  }

  /** Queues for an environment; undefined when `deadlineAt` passes first or the pool is disposed. */
  #wait(deadlineAt: number, lane: unknown): Promise<Slot | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = { lane, resolve, timer: undefined };
      if (deadlineAt !== Infinity) {
        const { clock } = this.#options;
        waiter.timer = clock.setTimeout(() => {
          this.#waiters.remove(lane, waiter);
          this.#syncBudgetWait();
          resolve(undefined);
        }, deadlineAt - clock.now());
      }
      this.#waiters.push(lane, waiter);
      this.#syncBudgetWait();
    });
  }

  #spawn(): Slot {
    const slot: Slot = {
      env: undefined as unknown as ExecutionEnvironment,
      fn: this.#fn,
      generation: this.#generation,
      invocations: 0,
      state: 'busy',
      idleTimer: undefined,
      evict: () => {
        this.#remove(slot);
        void slot.env.terminate();
      },
      isSpare: () => this.#live.size > 1,
    };
    try {
      slot.env = this.#options.factory.create(slot.fn, () => this.#onUnexpectedExit(slot));
    } catch (error) {
      this.#options.budget.release();
      throw error;
    }
    this.#live.add(slot);
    return slot;
  }

  #markBusy(slot: Slot): void {
    slot.state = 'busy';
    slot.idleTimer?.cancel();
    slot.idleTimer = undefined;
    this.#options.budget.forget(slot);
  }

  #release(slot: Slot): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter.timer?.cancel();
      this.#syncBudgetWait();
      waiter.resolve(slot);
      return;
    }
    slot.state = 'idle';
    this.#idle.push(slot);
    slot.idleTimer = this.#options.clock.setTimeout(() => this.#reap(slot), this.#options.idleTtlMs);
    this.#options.budget.markIdle(slot);
  }

  #reap(slot: Slot): void {
    if (slot.state !== 'idle') return;
    this.#discard(slot);
  }

  #onUnexpectedExit(slot: Slot): void {
    // A busy environment's end reaches its invocation, which discards it; an idle one we drop here.
    if (slot.state === 'idle') this.#discard(slot);
  }

  /** Ends an environment and frees its slot, then starts environments for queued invocations. */
  #discard(slot: Slot): void {
    if (slot.state === 'gone') return;
    this.#remove(slot);
    void slot.env.terminate();
    if (this.#disposed) return;
    this.#options.budget.release();
    const { budget, maxEnvironments } = this.#options;
    while (this.#waiters.size > 0 && this.#live.size < maxEnvironments && !this.#waitingForBudget && budget.tryTake()) {
      const waiter = this.#waiters.shift() as Waiter;
      waiter.timer?.cancel();
      waiter.resolve(this.#spawn());
    }
    this.#syncBudgetWait();
  }

  #remove(slot: Slot): void {
    slot.state = 'gone';
    slot.idleTimer?.cancel();
    const index = this.#idle.indexOf(slot);
    if (index >= 0) this.#idle.splice(index, 1);
    this.#live.delete(slot);
    this.#options.budget.forget(slot);
  }

  #syncBudgetWait(): void {
    const wanted = !this.#disposed && this.#waiters.size > 0 && this.#live.size < this.#options.maxEnvironments;
    if (wanted === this.#waitingForBudget) return;
    this.#waitingForBudget = wanted;
    if (wanted) this.#options.budget.wait(this);
    else this.#options.budget.cancelWait(this);
  }

  /**
   * The outcome of an invocation that never reached an environment. Waiting past the caller's
   * deadline is not a function timeout (the handler never ran), so it is not reported as one.
   */
  #notStarted(requestId: string, deadlineMs: number): InvocationOutcome {
    if (this.#disposed) {
      const error = { errorType: 'Runtime.Disposed', errorMessage: `RequestId: ${requestId} Error: the Lambda runtime was disposed before the invocation started` };
      return { ok: false, error, timedOut: false, requestId, durationMs: 0 };
    }
    const { clock, fn, log, maxEnvironments } = this.#options;
    const busy = `${this.#live.size} busy, maxEnvironmentsPerFunction ${maxEnvironments}; the maxEnvironments cap counts too`;
    const reason = `no execution environment free for ${formatTimeoutSeconds(deadlineMs)} s (${fn.name}: ${busy}); the invocation never started`;
    log?.(formatPlatformLine(requestId, reason, clock.now()));
    const error = { errorType: 'Runtime.NoFreeEnvironment', errorMessage: `RequestId: ${requestId} Error: ${reason}` };
    return { ok: false, error, timedOut: true, requestId, durationMs: 0 };
  }
}

/** The payload Lambda would receive: JSON text; no payload at all is `{}`. */
function serialiseEvent(event: unknown): string | undefined {
  if (event === undefined) return '{}';
  try {
    return JSON.stringify(event);
  } catch {
    return undefined;
  }
}

/** Lambda's answer to a payload that is not JSON. */
function invalidEvent(requestId: string): InvocationOutcome {
  const error = { errorType: 'InvalidRequestContentException', errorMessage: 'Could not parse request body into json' };
  return { ok: false, error, timedOut: false, requestId, durationMs: 0 };
}
