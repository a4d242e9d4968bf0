/**
 * Invoking a function by name, as Lambda's Invoke operation does, for the HTTP endpoint and for
 * `emulator.invoke()`: the three invocation types, the function's log lines, unknown functions.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
import type { Logger } from '../log/logger.js';
import type { InvocationOutcome, LambdaRuntime } from '../lambda/types.js';
import { formatLogTail, LogCapture, type CapturedInvocation } from './log-capture.js';

/** Lambda's `InvocationType`: wait for the result, run in the background, or only check. */
export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';
export const INVOCATION_TYPES: readonly InvocationType[] = ['RequestResponse', 'Event', 'DryRun'];

export interface DirectInvokeOptions {
  /** Default `RequestResponse`. */
  readonly invocationType?: InvocationType;
  /** `Tail`: the result also carries `logResult`, as `X-Amz-Log-Result` (`RequestResponse` only). Default `None`. */
  readonly logType?: 'None' | 'Tail';
}

/** What Lambda answers, without the wire. */
export interface DirectInvokeResult {
  /** 200 for `RequestResponse`, 202 for `Event`, 204 for `DryRun`; 404 when there is no such function. */
  readonly statusCode: 200 | 202 | 204 | 404;
  /** The outcome (`RequestResponse`); with 404, the `ResourceNotFoundException` naming the function's ARN. */
  readonly outcome?: InvocationOutcome;
  /** The invocation's log lines, START to REPORT (`RequestResponse`; empty otherwise). */
  readonly logs: readonly string[];
  /** With `logType: 'Tail'`: base64 of the last 4 KB of `logs`, as Lambda's `X-Amz-Log-Result`. */
  readonly logResult?: string;
  /** `Event`: settles when the background invocation finished (it never rejects). */
  readonly completed?: Promise<CapturedInvocation>;
}

export interface DirectInvokerOptions {
  readonly runtime: Pick<LambdaRuntime, 'invoke'>;
  /** Every function the runtime has. */
  readonly functionNames: ReadonlySet<string>;
  readonly region: string;
  readonly accountId: string;
  readonly logger: Logger;
}

export interface DirectInvoker {
  invoke(functionName: string, event: unknown, options?: DirectInvokeOptions): Promise<DirectInvokeResult>;
  /** Give it every log line of every function (it keeps only those of invocations it waits on). */
  addLogLine(line: string): void;
}

export function createDirectInvoker(options: DirectInvokerOptions): DirectInvoker {
  const capture = new LogCapture();
  const { runtime, logger } = options;
  const run = (functionName: string, event: unknown) => capture.capture(() => runtime.invoke(functionName, event));
  return {
    addLogLine: (line) => capture.add(line),
    async invoke(functionName, event, invokeOptions = {}) {
      const type = invokeOptions.invocationType ?? 'RequestResponse';
      if (!options.functionNames.has(functionName)) return { statusCode: 404, outcome: functionNotFound(functionName, options), logs: [] };
      if (type === 'DryRun') return { statusCode: 204, logs: [] };
      if (type === 'Event') {
        // Lambda queues the event and answers at once; a failure shows only in the function's log.
        // (Lambda would retry a failed event twice: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html)
        const completed = run(functionName, event).then((captured) => {
          const { outcome } = captured;
          if (!outcome.ok) logger.warn(`Invoke ${functionName} (Event) failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
          return captured;
        });
        return { statusCode: 202, logs: [], completed };
      }
      const { outcome, logs } = await run(functionName, event);
      return { statusCode: 200, outcome, logs, ...(invokeOptions.logType === 'Tail' ? { logResult: formatLogTail(logs) } : {}) };
    },
  };
}

/** Lambda's answer for a function that does not exist: `Function not found: {ARN}`. */
function functionNotFound(functionName: string, options: DirectInvokerOptions): InvocationOutcome {
  return {
    ok: false,
    error: { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${buildFunctionArn(functionName, options)}` },
    timedOut: false,
    requestId: crypto.randomUUID(),
    durationMs: 0,
  };
}

/** `arn:aws:lambda:{region}:{account}:function:{name}`. */
export function buildFunctionArn(functionName: string, account: { readonly region: string; readonly accountId: string }): string {
  return `arn:aws:lambda:${account.region}:${account.accountId}:function:${functionName}`;
}
