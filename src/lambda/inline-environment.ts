/**
 * An execution environment in the caller's own thread, for tests: handlers load through the
 * caller's module system, so `vi.mock` of the modules they import applies and spies see calls.
 *
 * Each environment loads its own instance of the handler module (see `loadModule`), so module
 * state is per environment as on AWS, and its own `process.env` is visible through the inline
 * scope. What a thread cannot give: a busy loop blocks the caller and cannot be timed out;
 * `process.exit()` exits the caller; after a timeout the abandoned handler keeps running in the
 * background (its environment is discarded, as Lambda discards it); `callbackWaitsForEmptyEventLoop`
 * cannot be honoured (the caller's event loop never drains), so callbacks answer on the next turn; CommonJS
 * handlers are loaded with Node's `require`, which `vi.mock` does not intercept.
 */
import type { EnvironmentEnd, ExecutionEnvironment, InitResult, RunResult } from './execution-environment.js';
import { runInInlineScope, type InlineStore } from './inline-scope.js';
import { invokeHandler } from './invoke-handler.js';
import type { EnvironmentIdentity } from './lambda-environment.js';
import { loadHandler, type HandlerFunction } from './load-handler.js';
import { buildPreparedCode } from './prepared-code.js';
import { formatConsoleLine, toMegabytes } from './log-format.js';
import { buildInvocationError, formatErrorForLog } from './runtime-errors.js';
import type { FunctionDefinition } from './types.js';
import type { InvokeMessage } from './worker-protocol.js';

export interface InlineEnvironmentOptions {
  readonly fn: FunctionDefinition;
  readonly identity: EnvironmentIdentity;
  readonly env: Record<string, string>;
  /** Distinguishes this environment's module instance from others of the same file. */
  readonly instanceKey: string;
  readonly onLog?: (line: string) => void;
}

/**
 * The caller's event loop never drains, so "wait for the empty event loop" becomes "wait for the
 * next turn": a promise settled in this turn still wins over the callback, as on AWS.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class InlineEnvironment implements ExecutionEnvironment {
  readonly identity: EnvironmentIdentity;
  readonly createdAt = performance.now();
  readonly #options: InlineEnvironmentOptions;
  readonly #ready: Promise<InitResult>;
  #handler: HandlerFunction | undefined;
  #ended = false;
  #settleEnd: ((end: EnvironmentEnd) => void) | undefined;
  readonly #endPromise: Promise<EnvironmentEnd>;

  constructor(options: InlineEnvironmentOptions) {
    this.identity = options.identity;
    this.#options = options;
    this.#endPromise = new Promise((resolve) => {
      this.#settleEnd = resolve;
    });
    this.#ready = Promise.race([this.#init(), this.#endPromise]);
  }

  #store(requestId: string | undefined): InlineStore {
    return { env: this.#options.env, requestId, log: this.#options.onLog };
  }

  async #init(): Promise<InitResult> {
    const { fn, instanceKey, onLog } = this.#options;
    try {
      const loaded = await runInInlineScope(this.#store(undefined), () => loadHandler(fn.root, fn.handler, instanceKey, buildPreparedCode(fn)));
      this.#handler = loaded.handler;
      return { kind: 'ready' };
    } catch (error) {
      onLog?.(formatConsoleLine(undefined, 'ERROR', ['Uncaught Exception', formatErrorForLog(error)]));
      return { kind: 'failed', error: buildInvocationError(error) };
    }
  }

  ready(): Promise<InitResult> {
    return this.#ready;
  }

  run(message: InvokeMessage): Promise<RunResult> {
    const handler = this.#handler;
    if (this.#ended || handler === undefined) return Promise.resolve({ kind: 'terminated' });
    const { onLog } = this.#options;
    const deadline = Date.now() + message.timeoutMs;
    const store = this.#store(message.requestId);
    const settled = runInInlineScope(store, () =>
      invokeHandler({
        handler,
        // The handler gets its own freshly parsed copy, as on AWS.
        event: JSON.parse(message.eventJson) as unknown,
        identity: this.identity,
        requestId: message.requestId,
        getRemainingTimeInMillis: () => deadline - Date.now(),
        waitForEmptyEventLoop: nextTurn,
        logInvokeError: (error) => onLog?.(formatConsoleLine(message.requestId, 'ERROR', ['Invoke Error', formatErrorForLog(error)])),
      }),
    );
    return Promise.race([
      settled.then((settlement): RunResult => ({
        kind: 'settled',
        settlement,
        maxMemoryUsedMb: onLog === undefined ? 0 : toMegabytes(process.memoryUsage().heapUsed),
        reusable: true,
      })),
      this.#endPromise,
    ]);
  }

  async terminate(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#settleEnd?.({ kind: 'terminated' });
  }
}
