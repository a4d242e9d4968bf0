/**
 * One invocation on one execution environment, as the Lambda platform sees it: the init phase on a
 * cold start, the START/END/REPORT lines, the timeout, and the outcome the caller gets.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
import type { Clock } from '../util/clock.js';
import type { EnvironmentEnd, ExecutionEnvironment, InitResult, RunResult } from './execution-environment.js';
import { formatEndLine, formatPlatformLine, formatReportLine, formatStartLine, formatTimeoutSeconds } from './log-format.js';
import type { FunctionDefinition, InvocationError, InvocationOutcome } from './types.js';

/** Lambda's limit on the init phase (10 s), after which it gives up on a cold start. */
export const INIT_TIMEOUT_MS = 10_000;

export interface InvocationRequest {
  readonly fn: FunctionDefinition;
  readonly requestId: string;
  /** The event as JSON text. */
  readonly eventJson: string;
  /** The caller's deadline in clock time; `Infinity` when it has none. */
  readonly deadlineAt: number;
  /** The caller's deadline as given, in ms (it caps the timeout the message names). */
  readonly deadlineMs: number | undefined;
  /** How long the invocation waited for a free environment, in ms (not the function's time). */
  readonly waitedMs: number;
}

export interface RunInvocationDeps {
  readonly clock: Clock;
  /** The function's log; when absent no line is even formatted. */
  readonly log: ((line: string) => void) | undefined;
}

/** The outcome, and whether the environment may serve another invocation. */
export interface InvocationResult {
  readonly outcome: InvocationOutcome;
  readonly reusable: boolean;
}

const TIMED_OUT = Symbol('timed out');

/** Races `promise` against a clock timer. */
function raceClock<T>(clock: Clock, promise: Promise<T>, delayMs: number): Promise<T | typeof TIMED_OUT> {
  if (delayMs === Infinity) return promise;
  let timer: { cancel(): void } | undefined;
  const expiry = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = clock.setTimeout(() => resolve(TIMED_OUT), Math.max(0, delayMs));
  });
  return Promise.race([promise, expiry]).finally(() => timer?.cancel());
}

/** Lambda's words for an invocation that ran past its timeout: `Task timed out after 3.00 seconds`. */
function formatTaskTimedOut(timeoutMs: number): string {
  return `Task timed out after ${formatTimeoutSeconds(timeoutMs)} seconds`;
}

/**
 * Why a phase (the cold start's init or the handler) was stopped by its timer of `timerMs`: Lambda's
 * message naming the phase's own limit, or the caller's deadline when that came first. When waiting
 * for an environment used part of that deadline, it says so instead of pretending the phase ran for
 * all of it.
 */
function describeTimeout(request: InvocationRequest, phase: 'init phase' | 'handler', ownLimitMs: number, timerMs: number): string {
  const { deadlineMs, waitedMs } = request;
  if (timerMs >= ownLimitMs || deadlineMs === undefined || waitedMs <= 0) return formatTaskTimedOut(Math.min(ownLimitMs, deadlineMs ?? Infinity));
  return (
    `the integration timeout (${formatTimeoutSeconds(deadlineMs)} seconds) ended the ${phase} after ${formatTimeoutSeconds(Math.max(0, timerMs))} seconds; ` +
    `the invocation had waited ${formatTimeoutSeconds(waitedMs)} seconds for a free execution environment`
  );
}

/** `Sandbox.Timedout` with a reason from describeTimeout. */
function timeoutError(requestId: string, reason: string): InvocationError {
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: ${reason}` };
}

/** The error of an environment that ended underneath an invocation. */
function buildEndError(requestId: string, end: EnvironmentEnd): InvocationError {
  if (end.kind === 'terminated') {
    return { errorType: 'Runtime.Disposed', errorMessage: `RequestId: ${requestId} Error: the Lambda runtime was disposed during the invocation` };
  }
  // Lambda's wording for a runtime process that exited (process.exit in handler code).
  const reason = end.exitCode === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${end.exitCode}`;
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${reason}` };
}

function failed(requestId: string, durationMs: number, error: InvocationError, timedOut: boolean): InvocationOutcome {
  return { ok: false, error, timedOut, requestId, durationMs };
}

/** Runs the init phase (if cold) and the invocation; never rejects. */
export async function runInvocation(env: ExecutionEnvironment, cold: boolean, request: InvocationRequest, deps: RunInvocationDeps): Promise<InvocationResult> {
  const { fn, requestId } = request;
  const { clock, log } = deps;
  let initDurationMs: number | undefined;
  if (cold) {
    const initLimitMs = Math.min(INIT_TIMEOUT_MS, request.deadlineAt - clock.now());
    const init: InitResult | typeof TIMED_OUT = await raceClock(clock, env.ready(), initLimitMs);
    initDurationMs = performance.now() - env.createdAt;
    if (init === TIMED_OUT)
      return finishEarly(request, initDurationMs, timeoutError(requestId, describeTimeout(request, 'init phase', INIT_TIMEOUT_MS, initLimitMs)), true, deps);
    if (init.kind === 'failed') return finishEarly(request, initDurationMs, init.error, false, deps);
    if (init.kind !== 'ready') return finishEarly(request, initDurationMs, buildEndError(requestId, init), false, deps);
  }

  // The function timeout starts now, with the handler; the caller's deadline (API Gateway's
  // integration timeout) still bounds the whole invocation, so the timer gets whichever ends first.
  const timeoutMs = Math.min(fn.timeoutMs, request.deadlineAt - clock.now());
  log?.(formatStartLine(requestId));
  const startedAt = performance.now();
  const result: RunResult | typeof TIMED_OUT =
    timeoutMs > 0 ? await raceClock(clock, env.run({ requestId, eventJson: request.eventJson, timeoutMs }), timeoutMs) : TIMED_OUT;
  const durationMs = performance.now() - startedAt;
  const report = { requestId, durationMs, memorySizeMb: fn.memorySizeMb, maxMemoryUsedMb: 0, initDurationMs };

  if (result === TIMED_OUT) {
    void env.terminate();
    const reason = describeTimeout(request, 'handler', fn.timeoutMs, timeoutMs);
    if (log !== undefined) {
      log(formatPlatformLine(requestId, reason, clock.now()));
      log(formatEndLine(requestId));
      log(formatReportLine({ ...report, status: 'timeout' }));
    }
    return { outcome: failed(requestId, durationMs, timeoutError(requestId, reason), true), reusable: false };
  }
  if (result.kind !== 'settled') {
    const error = buildEndError(requestId, result);
    if (log !== undefined) {
      log(error.errorMessage);
      log(formatEndLine(requestId));
      log(formatReportLine({ ...report, status: 'error', errorType: error.errorType }));
    }
    return { outcome: failed(requestId, durationMs, error, false), reusable: false };
  }
  if (log !== undefined) {
    log(formatEndLine(requestId));
    log(formatReportLine({ ...report, maxMemoryUsedMb: result.maxMemoryUsedMb }));
  }
  const { settlement } = result;
  const outcome: InvocationOutcome = settlement.ok
    ? { ok: true, result: JSON.parse(settlement.json) as unknown, requestId, durationMs }
    : failed(requestId, durationMs, settlement.error, false);
  return { outcome, reusable: result.reusable };
}

/** A cold start that failed before the handler ran: the invocation fails with the init error. */
function finishEarly(request: InvocationRequest, initDurationMs: number, error: InvocationError, timedOut: boolean, deps: RunInvocationDeps): InvocationResult {
  const { requestId } = request;
  if (deps.log !== undefined) {
    deps.log(formatStartLine(requestId));
    deps.log(formatEndLine(requestId));
    deps.log(
      formatReportLine({
        requestId,
        durationMs: initDurationMs,
        memorySizeMb: request.fn.memorySizeMb,
        maxMemoryUsedMb: 0,
        initDurationMs,
        status: timedOut ? 'timeout' : 'error',
        errorType: timedOut ? undefined : error.errorType,
      }),
    );
  }
  return { outcome: failed(requestId, initDurationMs, error, timedOut), reusable: false };
}
