/**
 * What the inspector page shows live: a bounded ring of the latest invocations (with their log
 * lines) and the connection changes, told to every subscriber (the server-sent event streams). It
 * works without `recordInvocations`, and unlike that test log it forgets: a dev server runs for days.
 */

/** One finished invocation, as `GET /_inspector/api/invocations` gives it. */
export interface InspectorInvocation {
  /** 1, 2, 3... in the order invocations finished; never reused, so the page can ask for one. */
  readonly seq: number;
  readonly routeKey: string;
  readonly functionName: string;
  readonly connectionId: string;
  /** Epoch ms when the invocation finished. */
  readonly finishedAt: number;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly timedOut: boolean;
  readonly awsRequestId: string;
  readonly event: unknown;
  readonly result?: unknown;
  readonly error?: { readonly errorType: string; readonly errorMessage: string };
  /** START, the handler's console output, END, REPORT; lines that arrive late are added here. */
  readonly logs: readonly string[];
}

/** A connection as the inspector lists it. */
export interface InspectorConnection {
  readonly connectionId: string;
  /** Epoch ms. */
  readonly connectedAt: number;
  /** Epoch ms of the last data message in either direction. */
  readonly lastActiveAt: number;
  readonly sourceIp: string;
  /** The Lambda authorizer's `principalId`, when `$connect` has one. */
  readonly principalId?: string;
}

/** What subscribers are told. */
export type InspectorEvent =
  | { readonly type: 'connection-opened'; readonly connection: InspectorConnection }
  | { readonly type: 'connection-closed'; readonly connectionId: string; readonly code: number; readonly reason: string }
  | { readonly type: 'invocation'; readonly invocation: InspectorInvocation };

/** How many invocations the feed keeps (the oldest go first). */
export const MAX_INVOCATIONS = 200;
/** Log lines kept per invocation: a handler logging in a loop must not fill the memory. */
export const MAX_LINES_PER_INVOCATION = 200;
/** Invocations whose lines arrived and which did not finish (yet, or ever: the authorizer's). */
const MAX_PENDING_REQUESTS = 200;

const REQUEST_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

export class InspectorFeed {
  readonly capacity: number;
  readonly #invocations: InspectorInvocation[] = [];
  /** Lines by request id, for invocations still running and for the latest finished ones. */
  readonly #lines = new Map<string, string[]>();
  readonly #listeners = new Set<(event: InspectorEvent) => void>();
  #seq = 0;

  constructor(capacity = MAX_INVOCATIONS) {
    this.capacity = capacity;
  }

  /** The kept invocations, oldest first. */
  get invocations(): readonly InspectorInvocation[] {
    return this.#invocations;
  }

  find(seq: number): InspectorInvocation | undefined {
    return this.#invocations.find((invocation) => invocation.seq === seq);
  }

  /** Files a function's log line under the invocation whose request id it carries. */
  addLogLine(line: string): void {
    const requestId = REQUEST_ID.exec(line)?.[0];
    if (requestId === undefined) return;
    const lines = this.#linesOf(requestId);
    if (lines.length < MAX_LINES_PER_INVOCATION) lines.push(line);
  }

  addInvocation(invocation: Omit<InspectorInvocation, 'seq' | 'logs'>): InspectorInvocation {
    this.#seq += 1;
    const full: InspectorInvocation = { ...invocation, seq: this.#seq, logs: this.#linesOf(invocation.awsRequestId) };
    this.#invocations.push(full);
    if (this.#invocations.length > this.capacity) {
      const dropped = this.#invocations.shift();
      if (dropped) this.#lines.delete(dropped.awsRequestId);
    }
    this.publish({ type: 'invocation', invocation: full });
    return full;
  }

  publish(event: InspectorEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  /** Calls `listener` with every event from now on; returns the unsubscribe function. */
  subscribe(listener: (event: InspectorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #linesOf(requestId: string): string[] {
    let lines = this.#lines.get(requestId);
    if (lines === undefined) {
      lines = [];
      this.#lines.set(requestId, lines);
      // The map keeps insertion order: the oldest request ids go first. Finished ones still in the
      // ring keep their array through the record, so only late lines of old invocations are lost.
      if (this.#lines.size > this.capacity + MAX_PENDING_REQUESTS) {
        const oldest = this.#lines.keys().next().value;
        if (oldest !== undefined) this.#lines.delete(oldest);
      }
    }
    return lines;
  }
}
