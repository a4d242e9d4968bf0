/**
 * The global cap on live execution environments, across all functions. Each worker holding the AWS
 * SDK costs tens of megabytes, so when the cap is reached the least recently used idle environment
 * (of any function) is evicted to make room; when none is idle, the asking pool waits for a slot.
 * (Lambda's own limit is account concurrency; this is a local memory guard.)
 */

/** An idle environment the budget may evict. */
export interface EvictableEnvironment {
  /** Ends the environment and forgets it; its slot passes to whoever asked. */
  evict(): void;
}

/** A pool waiting for a slot. */
export interface SlotWaiter {
  /** The waiter now owns one slot (already counted). */
  grant(): void;
}

export class EnvironmentBudget {
  readonly #max: number;
  #live = 0;
  /** Idle environments, least recently used first (a Set keeps insertion order). */
  readonly #idle = new Set<EvictableEnvironment>();
  readonly #waiting: SlotWaiter[] = [];

  /** @param max Most environments alive at once (≥ 1). */
  constructor(max: number) {
    this.#max = max;
  }

  /** Live environments counted against the cap. */
  get live(): number {
    return this.#live;
  }

  /** Takes a slot, evicting the least recently used idle environment if needed; false if none. */
  tryTake(): boolean {
    if (this.#live < this.#max) {
      this.#live++;
      return true;
    }
    const oldest = this.#idle.values().next();
    if (oldest.done === true) return false;
    this.#idle.delete(oldest.value);
    oldest.value.evict();
    return true;
  }

  /** Gives a slot back; a waiting pool gets it first. */
  release(): void {
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter.grant();
    else this.#live--;
  }

  /** An environment became idle: evictable, or handed over at once if a pool is waiting. */
  markIdle(environment: EvictableEnvironment): void {
    const waiter = this.#waiting.shift();
    if (waiter === undefined) {
      this.#idle.add(environment);
      return;
    }
    environment.evict();
    waiter.grant();
  }

  /** The environment is busy or gone: no longer evictable. */
  forget(environment: EvictableEnvironment): void {
    this.#idle.delete(environment);
  }

  /** Queue a pool for the next free slot (once). */
  wait(waiter: SlotWaiter): void {
    if (!this.#waiting.includes(waiter)) this.#waiting.push(waiter);
  }

  cancelWait(waiter: SlotWaiter): void {
    const index = this.#waiting.indexOf(waiter);
    if (index >= 0) this.#waiting.splice(index, 1);
  }
}
