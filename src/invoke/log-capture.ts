import type { InvocationOutcome } from '../lambda/types.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** What one captured invocation gives: its outcome and its log lines (START, console, END, REPORT). */
export interface CapturedInvocation {
  readonly outcome: InvocationOutcome;
  readonly logs: readonly string[];
}

/**
 * Collects the log lines of invocations someone is waiting on, by the request id each line carries.
 * The request id is only known when the outcome is, so while any capture runs every line is kept,
 * and all are dropped when the last capture ends: nothing accumulates otherwise.
 */
export class LogCapture {
  #running = 0;
  readonly #lines = new Map<string, string[]>();

  /** A log line of any function. */
  add(line: string): void {
    if (this.#running === 0) return;
    const requestId = UUID.exec(line)?.[0];
    if (requestId === undefined) return;
    const lines = this.#lines.get(requestId);
    if (lines) lines.push(line);
    else this.#lines.set(requestId, [line]);
  }

  /** Runs one invocation and gives its outcome with its lines. */
  async capture(run: () => Promise<InvocationOutcome>): Promise<CapturedInvocation> {
    this.#running++;
    try {
      const outcome = await run();
      const logs = this.#lines.get(outcome.requestId) ?? [];
      this.#lines.delete(outcome.requestId);
      return { outcome, logs };
    } finally {
      if (--this.#running === 0) this.#lines.clear();
    }
  }
}

/** Lambda's 4 KB log tail limit (`X-Amz-Log-Result`), in bytes. */
export const LOG_TAIL_BYTES = 4096;

/** `X-Amz-Log-Result`: the base64 of the last 4 KB of the lines, each ending in a newline. */
export function formatLogTail(lines: readonly string[]): string {
  const text = Buffer.from(lines.map((line) => `${line}\n`).join(''));
  return text.subarray(Math.max(0, text.length - LOG_TAIL_BYTES)).toString('base64');
}
