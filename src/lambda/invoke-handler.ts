/**
 * Calls a handler with the completion rules of the Node.js runtime (runtime interface client,
 * `Runtime.js` and `CallbackContext.js`), in whichever thread it runs:
 *
 * - A returned promise (any thenable) settles the invocation as soon as it settles.
 * - `callback(error)` fails it at once; `callback(null, result)` answers once the event loop is
 *   empty, unless `context.callbackWaitsForEmptyEventLoop` was set to `false`.
 * - Whichever of the two comes first wins; later calls are ignored.
 * - A handler that returns something else and never calls back answers `null` once the event loop
 *   is empty (its return value is ignored, as on AWS).
 * - A synchronous throw fails the invocation.
 *
 * The result travels as JSON, as it does on AWS: `undefined` becomes `null`, a result that cannot
 * be serialised fails with "Unable to stringify response body".
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */
import { createLambdaContext } from './lambda-context.js';
import type { EnvironmentIdentity } from './lambda-environment.js';
import type { HandlerFunction } from './load-handler.js';
import { buildInvocationError } from './runtime-errors.js';
import type { InvocationError } from './types.js';

/** How a handler finished: its result as JSON text, or the error document. */
export type HandlerSettlement = { readonly ok: true; readonly json: string } | { readonly ok: false; readonly error: InvocationError };

/** What `invokeHandler` needs besides the handler and the event. */
export interface InvokeHandlerInput {
  readonly handler: HandlerFunction;
  readonly event: unknown;
  readonly identity: EnvironmentIdentity;
  readonly requestId: string;
  readonly getRemainingTimeInMillis: () => number;
  /** Resolves when nothing but the runtime itself keeps the event loop busy. */
  readonly waitForEmptyEventLoop: () => Promise<void>;
  /** Logs `Invoke Error` and the error, as the runtime does before answering with it. */
  readonly logInvokeError: (error: unknown) => void;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function serialise(result: unknown): HandlerSettlement {
  try {
    return { ok: true, json: JSON.stringify(result === undefined ? null : result) };
  } catch {
    return { ok: false, error: buildInvocationError(new Error('Unable to stringify response body')) };
  }
}

/** Runs one invocation of `handler`; never rejects. */
export function invokeHandler(input: InvokeHandlerInput): Promise<HandlerSettlement> {
  return new Promise((resolve) => {
    let settled = false;
    let calledBack = false;
    let waits = true;
    const respond = (result: unknown): void => {
      if (settled) return;
      settled = true;
      const settlement = serialise(result);
      if (!settlement.ok) input.logInvokeError(new Error(settlement.error.errorMessage));
      resolve(settlement);
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      input.logInvokeError(error);
      resolve({ ok: false, error: buildInvocationError(error) });
    };
    const done = (error?: unknown, result?: unknown): void => (error === undefined || error === null ? respond(result) : fail(error));
    const callback = (error?: unknown, result?: unknown): void => {
      if (calledBack) return;
      calledBack = true;
      if (error !== undefined && error !== null) fail(error);
      else if (!waits) respond(result);
      else void input.waitForEmptyEventLoop().then(() => respond(result));
    };
    const context = createLambdaContext(input.identity, input.requestId, input.getRemainingTimeInMillis, {
      done,
      succeed: (result) => done(null, result),
      fail: (error) => done(error === undefined || error === null ? 'handled' : error),
      waitsForEmptyEventLoop: () => waits,
      setWaitsForEmptyEventLoop: (value) => {
        waits = value;
      },
    });
    let returned: unknown;
    try {
      returned = input.handler(input.event, context, callback);
    } catch (error) {
      callback(error);
      return;
    }
    if (isThenable(returned)) {
      // As `result.then(context.succeed, context.fail)`: a rejection with nothing is "handled".
      returned.then(respond, (error: unknown) => fail(error === undefined || error === null ? 'handled' : error));
    } else {
      // No promise: the runtime answers null when the loop drains, unless the callback ran first.
      void input.waitForEmptyEventLoop().then(() => {
        if (!calledBack) respond(null);
      });
    }
  });
}
