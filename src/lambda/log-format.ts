/**
 * The lines Lambda writes to a function's log, in its text format:
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
import { format } from 'node:util';

/** The console levels of the Node.js runtime's text log format. */
export type ConsoleLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

const BYTES_PER_MB = 1024 * 1024;

/** `{ISO time}\t{requestId}\t{LEVEL}\t{message}`; the message formatted like `console.log`. */
export function formatConsoleLine(requestId: string | undefined, level: ConsoleLevel, args: readonly unknown[]): string {
  return `${new Date().toISOString()}\t${String(requestId)}\t${level}\t${format(...args)}`;
}

/** `START RequestId: {id} Version: $LATEST` */
export function formatStartLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

/** `END RequestId: {id}` */
export function formatEndLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

/** Facts for the REPORT line of one invocation. */
export interface ReportFacts {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Present on a cold start. */
  readonly initDurationMs?: number;
  /** `timeout` or `error` when the platform ended the invocation (Lambda's `Status` field). */
  readonly status?: 'timeout' | 'error';
  /** With status `error`: the platform's error type, e.g. `Runtime.ExitError`. */
  readonly errorType?: string;
}

/**
 * `REPORT RequestId: …\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory
 * Used: 60 MB`, then `Init Duration` on a cold start and `Status` when the platform ended it.
 * Billing is per millisecond, rounded up.
 */
export function formatReportLine(facts: ReportFacts): string {
  let line =
    `REPORT RequestId: ${facts.requestId}\tDuration: ${facts.durationMs.toFixed(2)} ms` +
    `\tBilled Duration: ${Math.max(1, Math.ceil(facts.durationMs))} ms` +
    `\tMemory Size: ${facts.memorySizeMb} MB\tMax Memory Used: ${facts.maxMemoryUsedMb} MB`;
  if (facts.initDurationMs !== undefined) line += `\tInit Duration: ${facts.initDurationMs.toFixed(2)} ms`;
  if (facts.status !== undefined) line += `\tStatus: ${facts.status}`;
  if (facts.errorType !== undefined) line += `\tError Type: ${facts.errorType}`;
  return line;
}

/** `3.00`: a timeout in seconds with two decimals, as in Lambda's timeout message. */
export function formatTimeoutSeconds(timeoutMs: number): string {
  return (timeoutMs / 1000).toFixed(2);
}

/**
 * A line the platform writes about an invocation, e.g. a timed-out one:
 * `{ISO time} {requestId} Task timed out after 3.00 seconds`.
 */
export function formatPlatformLine(requestId: string, message: string, now: number): string {
  return `${new Date(now).toISOString()} ${requestId} ${message}`;
}

/** Megabytes, rounded up, as the REPORT line shows memory. */
export function toMegabytes(bytes: number): number {
  return Math.ceil(bytes / BYTES_PER_MB);
}
