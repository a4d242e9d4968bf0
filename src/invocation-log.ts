/**
 * Every invocation the emulator made, in order, for tests: route, event, result or error,
 * duration and the function's log lines. Recording is off unless asked for (`recordInvocations`),
 * since a dev server would otherwise keep every event forever.
 */
import { EmulatorError } from './errors.js';

export interface InvocationRecord {
  /** 1, 2, 3... in the order invocations finished. */
  readonly seq: number;
  readonly routeKey: string;
  readonly functionName: string;
  readonly connectionId: string;
  /** The event the handler received. */
  readonly event: unknown;
  readonly ok: boolean;
  /** The handler's result (when ok). */
  readonly result?: unknown;
  /** Lambda's error (when not ok), e.g. `{ errorType: 'TypeError', errorMessage: '...' }`. */
  readonly error?: { readonly errorType: string; readonly errorMessage: string };
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** Lambda's request id (`context.awsRequestId`). */
  readonly awsRequestId: string;
  /** The function's log lines for this invocation (START, console output, END, REPORT). */
  readonly logs: readonly string[];
}

/** What to wait for: a route key, a connection, or any test of the record. */
export type InvocationMatcher = { readonly routeKey?: string; readonly connectionId?: string } | ((record: InvocationRecord) => boolean);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

export class InvocationLog {
  readonly #records: InvocationRecord[] = [];
  readonly #linesByRequestId = new Map<string, string[]>();
  readonly #waiters = new Set<(record: InvocationRecord) => void>();
  /** Rejects the pending waiters when the emulator is disposed. */
  readonly #rejecters = new Set<(error: Error) => void>();
  #closedWith: Error | undefined;
  /** Records already handed out by `take`. */
  readonly #taken = new Set<number>();

  get records(): readonly InvocationRecord[] {
    return this.#records;
  }

  /** Files a log line under the invocation whose request id it carries. */
  addLogLine(line: string): void {
    const requestId = UUID.exec(line)?.[0];
    if (requestId === undefined) return;
    this.#lines(requestId).push(line);
  }

  add(record: Omit<InvocationRecord, 'seq' | 'logs'>): InvocationRecord {
    const full: InvocationRecord = { ...record, seq: this.#records.length + 1, logs: this.#lines(record.awsRequestId) };
    this.#records.push(full);
    // A record taken by one waiter no longer matches the next taker (see `#await`).
    for (const waiter of [...this.#waiters]) waiter(full);
    return full;
  }

  /**
   * The first matching record not taken before (already made, or still to come), which is then
   * taken: like reading a queue, so a test can wait for "the next invocation of route X" without
   * racing it. Fails after `timeoutMs` of real time naming what was invoked.
   */
  take(matcher: InvocationMatcher, timeoutMs: number): Promise<InvocationRecord> {
    return this.#await(matcher, timeoutMs, true);
  }

  /** The first matching record (made or to come), without taking it. */
  find(matcher: InvocationMatcher, timeoutMs: number): Promise<InvocationRecord> {
    return this.#await(matcher, timeoutMs, false);
  }

  #await(matcher: InvocationMatcher, timeoutMs: number, take: boolean): Promise<InvocationRecord> {
    const matches = (record: InvocationRecord) => (!take || !this.#taken.has(record.seq)) && toPredicate(matcher)(record);
    const settle = (record: InvocationRecord) => {
      if (take) this.#taken.add(record.seq);
      return record;
    };
    const found = this.#records.find(matches);
    if (found) return Promise.resolve(settle(found));
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        this.#rejecters.delete(rejecter);
      };
      const waiter = (record: InvocationRecord): void => {
        if (!matches(record)) return;
        done();
        resolve(settle(record));
      };
      const rejecter = (error: Error): void => {
        done();
        reject(error);
      };
      const timer = realSetTimeout(() => {
        this.#waiters.delete(waiter);
        this.#rejecters.delete(rejecter);
        const seen = this.#records.map((record) => `${record.routeKey} (${record.connectionId})`);
        reject(
          new EmulatorError(
            'ERR_TIMEOUT',
            `no invocation matching ${describe(matcher)} within ${timeoutMs} ms; invoked so far: ${seen.length > 0 ? seen.join(', ') : 'nothing'}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.add(waiter);
      this.#rejecters.add(rejecter);
    });
  }

  /** Fails every pending and later wait with `error` (the emulator was disposed). */
  close(error: Error): void {
    this.#closedWith = error;
    for (const rejecter of [...this.#rejecters]) rejecter(error);
  }

  clear(): void {
    this.#records.length = 0;
    this.#linesByRequestId.clear();
    this.#taken.clear();
  }

  #lines(requestId: string): string[] {
    let lines = this.#linesByRequestId.get(requestId);
    if (lines === undefined) {
      lines = [];
      this.#linesByRequestId.set(requestId, lines);
    }
    return lines;
  }
}

// Real timers, captured at load: waiting must work while a test fakes the global timers.
const realSetTimeout = globalThis.setTimeout;

function toPredicate(matcher: InvocationMatcher): (record: InvocationRecord) => boolean {
  if (typeof matcher === 'function') return matcher;
  return (record) =>
    (matcher.routeKey === undefined || record.routeKey === matcher.routeKey) &&
    (matcher.connectionId === undefined || record.connectionId === matcher.connectionId);
}

function describe(matcher: InvocationMatcher): string {
  if (typeof matcher === 'function') return 'the predicate';
  return JSON.stringify(matcher);
}
