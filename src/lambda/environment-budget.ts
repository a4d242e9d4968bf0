/**
 * The global cap on live execution environments, across all functions. Each worker holding the AWS
 * SDK costs tens of megabytes, so when the cap is reached an idle environment is evicted to make
 * room; when none is idle, the asking pool waits for a slot. (Lambda's own limit is account
 * concurrency; this is a local memory guard.)
 *
 * Which idle environment goes: the least recently used *spare* one (its function has another
 * environment alive), else the least recently used of all. A function's last warm environment is
 * what spares its next invocation a cold start (300-900 ms with the AWS SDK); a second one only
 * adds concurrency. Measured with the benchmark's six functions under the default cap of 6: plain
 * least-recently-used eviction cold-started 30 environments over the matrix, as each scenario's
 * phase (connect, join, sendAll, close) evicted the last environment of the phase before.
 */

/** An idle environment the budget may evict. */
export interface EvictableEnvironment {
  /** Ends the environment and forgets it; its slot passes to whoever asked. */
  evict(): void;
  /** Whether its function has another environment alive (so evicting it leaves one warm). */
  isSpare(): boolean;
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
    const victim = this.#pickVictim();
    if (victim === undefined) return false;
    this.#idle.delete(victim);
    victim.evict();
    return true;
  }

  /** Gives a slot back; a waiting pool gets it first. */
  release(): void {
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter.grant();
    else this.#live--;
  }

  /** An environment became idle: evictable, or an idle one makes room at once if a pool is waiting. */
  markIdle(environment: EvictableEnvironment): void {
    this.#idle.add(environment);
    const waiter = this.#waiting.shift();
    if (waiter === undefined) return;
    const victim = this.#pickVictim() as EvictableEnvironment; // at least `environment` is idle
    this.#idle.delete(victim);
    victim.evict();
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

  /** The least recently used spare idle environment, else the least recently used idle one. */
  #pickVictim(): EvictableEnvironment | undefined {
    for (const environment of this.#idle) if (environment.isSpare()) return environment;
    return this.#idle.values().next().value;
  }

  cancelWait(waiter: SlotWaiter): void {
    const index = this.#waiting.indexOf(waiter);
    if (index >= 0) this.#waiting.splice(index, 1);
  }
}
