/** Gives the lock back; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  readonly exclusive: boolean;
  readonly grant: (release: Release) => void;
}

/**
 * An asynchronous readers-writer lock, first come first served: many shared holders at once, or
 * one exclusive holder. A waiting exclusive request holds back the shared requests that come
 * after it, so a stream of readers never starves a writer.
 */
export class ReadWriteLock {
  #shared = 0;
  #exclusive = false;
  readonly #queue: Waiter[] = [];

  /**
   * Calls `grant` with a release function once the lock is held: synchronously when it is free
   * now (so a caller can hand a request on in the same tick), later otherwise.
   */
  acquire(exclusive: boolean, grant: (release: Release) => void): void {
    if (this.#queue.length === 0 && this.#isFree(exclusive)) {
      grant(this.#take(exclusive));
      return;
    }
    this.#queue.push({ exclusive, grant });
  }

  /** Runs `task` holding the lock (shared or exclusive), and releases it when `task` settles. */
  run<T>(exclusive: boolean, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.acquire(exclusive, (release) => {
        task().then(resolve, reject).finally(release);
      });
    });
  }

  #isFree(exclusive: boolean): boolean {
    return exclusive ? !this.#exclusive && this.#shared === 0 : !this.#exclusive;
  }

  #take(exclusive: boolean): Release {
    if (exclusive) this.#exclusive = true;
    else this.#shared += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.#exclusive = false;
      else this.#shared -= 1;
      this.#grantWaiting();
    };
  }

  #grantWaiting(): void {
    while (this.#queue.length > 0) {
      const next = this.#queue[0]!;
      if (!this.#isFree(next.exclusive)) return;
      this.#queue.shift();
      next.grant(this.#take(next.exclusive));
      if (next.exclusive) return;
    }
  }
}
