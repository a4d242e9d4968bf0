/**
 * Invocations waiting for an execution environment, served round-robin across lanes (one lane per
 * WebSocket connection), first in, first out within a lane. Lambda itself has no queue: it scales
 * out (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html), so on AWS one
 * connection's burst never delays another's messages. Locally environments are bounded; serving
 * lanes in turn keeps one noisy connection from taking every environment that frees up
 * (docs/execution-model.md#queueing-and-fairness).
 */

interface Lane<T> {
  readonly items: T[];
  /** Index of the lane's oldest item (items before it were served). */
  head: number;
}

export class FairQueue<T> {
  /** Lanes in serving order: the next item comes from the first lane; a served lane moves to the end. */
  readonly #lanes = new Map<unknown, Lane<T>>();
  #size = 0;

  /** Items waiting, across lanes. */
  get size(): number {
    return this.#size;
  }

  /** Adds `item` at the end of `lane` (any key; items with no lane of their own pass a unique key). */
  push(lane: unknown, item: T): void {
    const existing = this.#lanes.get(lane);
    if (existing === undefined) this.#lanes.set(lane, { items: [item], head: 0 });
    else existing.items.push(item);
    this.#size++;
  }

  /** Takes the oldest item of the lane whose turn it is. */
  shift(): T | undefined {
    const first = this.#lanes.entries().next();
    if (first.done === true) return undefined;
    const [key, lane] = first.value;
    const item = lane.items[lane.head] as T;
    lane.head++;
    this.#size--;
    this.#lanes.delete(key);
    if (lane.head < lane.items.length) this.#lanes.set(key, compact(lane));
    return item;
  }

  /** Removes `item` (one that gave up waiting); false when it is not queued. */
  remove(lane: unknown, item: T): boolean {
    const found = this.#lanes.get(lane);
    if (found === undefined) return false;
    const index = found.items.indexOf(item, found.head);
    if (index < 0) return false;
    found.items.splice(index, 1);
    this.#size--;
    if (found.head >= found.items.length) this.#lanes.delete(lane);
    return true;
  }

  /** Empties the queue, returning every item in serving order. */
  drain(): T[] {
    const items: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) items.push(item);
    return items;
  }
}

/** Drops served items once they are most of the array, so a long lane does not keep them alive. */
function compact<T>(lane: Lane<T>): Lane<T> {
  if (lane.head < 1024 || lane.head * 2 < lane.items.length) return lane;
  return { items: lane.items.slice(lane.head), head: 0 };
}
