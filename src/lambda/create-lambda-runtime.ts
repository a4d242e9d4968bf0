/**
 * The Lambda runtime: runs the user's unchanged handlers, each function in execution environments
 * of its own. The gateway sees only `LambdaRuntime.invoke`.
 *
 * ```ts
 * const runtime = createLambdaRuntime({ functions, onLog: (fn, line) => logger.handler(line) });
 * const outcome = await runtime.invoke('sendMessage', event, { deadlineMs: 29_000 });
 * await runtime.dispose();
 * ```
 */
import * as D from '../config/defaults.js';
import { EmulatorError } from '../errors.js';
import { systemClock, type Clock } from '../util/clock.js';
import { EnvironmentBudget } from './environment-budget.js';
import type { EnvironmentFactory } from './execution-environment.js';
import { FunctionPool } from './function-pool.js';
import { InlineEnvironment } from './inline-environment.js';
import { acquireInlineScope, runOutsideInlineScope } from './inline-scope.js';
import { buildEnvironmentIdentity, buildLambdaEnvironment, type AccountSettings } from './lambda-environment.js';
import { installHttpsRedirect, type RedirectTarget } from './https-redirect.js';
import type { LocalHttpPortService, LocalHttpService } from './local-http.js';
import { installRuntimeModules } from './install-runtime-modules.js';
import { buildRuntimeModules, mergeRuntimeModules } from './runtime-modules.js';
import type { FunctionChanges, FunctionDefinition, InvocationOutcome, InvokeOptions, LambdaRuntime } from './types.js';
import { resolveWorkerEntry } from './worker-entry-url.js';
import { WorkerEnvironment } from './worker-environment.js';

// One home for these defaults (config/defaults.ts): the emulator and a runtime made directly agree.
const DEFAULT_MAX_ENVIRONMENTS_PER_FUNCTION = D.MAX_ENVIRONMENTS_PER_FUNCTION;
const DEFAULT_MAX_ENVIRONMENTS = D.MAX_ENVIRONMENTS;
/** Default `idleEnvironmentTtlMs`: 5 minutes, about how long Lambda keeps an idle environment warm. */
export const DEFAULT_IDLE_ENVIRONMENT_TTL_MS = 5 * 60_000;

export interface LambdaRuntimeOptions {
  /** The functions this runtime can invoke (unique names). */
  readonly functions: readonly FunctionDefinition[];
  /**
   * `worker` (default): each execution environment is a worker thread with its own module state
   * and `process.env`; busy loops time out and `process.exit()` is survived.
   * `inline`: handlers run in the caller's thread, so tests can `vi.mock` what they import; see
   * inline-environment.ts for what that cannot emulate.
   */
  readonly mode?: 'worker' | 'inline';
  /** Source of time for timeouts and idle reaping. Default: the system clock. */
  readonly clock?: Clock;
  /** `AWS_REGION` and the region in ARNs. Default `us-east-1`. */
  readonly region?: string;
  /** The account id in ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** Variables every function gets (endpoints, fake credentials); a function's own win. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Most concurrent environments of one function; further invocations queue. Default 2 (config/defaults.ts). */
  readonly maxEnvironmentsPerFunction?: number;
  /** Most live environments overall; idle ones are evicted first. Default 6 (config/defaults.ts). */
  readonly maxEnvironments?: number;
  /** Idle time after which an environment is ended (next invocation is cold), in ms. Default 5 min. */
  readonly idleEnvironmentTtlMs?: number;
  /** Receives every log line of every function (Lambda's format). Default: logs are dropped. */
  readonly onLog?: (functionName: string, line: string) => void;
  /**
   * HTTP services of the caller that worker environments may reach without a socket when handler
   * code uses the SDK we provide (worker mode only; see local-http.ts). Default: none.
   */
  readonly localHttp?: LocalHttpService;
  /** Services in other threads that worker environments reach the same way, each over its own port. Default: none. */
  readonly localHttpPorts?: readonly LocalHttpPortService[];
  /**
   * HTTPS connections that handler code opens to these `host:port` pairs go to the target over
   * plain TCP instead (e.g. `{apiId}.execute-api.{region}.amazonaws.com:443` to the emulator), so
   * code written for AWS reaches the emulator unchanged. Nothing else loses certificate checks.
   */
  readonly httpsRedirects?: ReadonlyArray<readonly [string, RedirectTarget]>;
}

function checkOptions(options: LambdaRuntimeOptions): void {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const fn of options.functions) {
    if (names.has(fn.name)) problems.push(`functions: duplicate function name "${fn.name}"`);
    names.add(fn.name);
  }
  for (const key of ['maxEnvironmentsPerFunction', 'maxEnvironments', 'idleEnvironmentTtlMs'] as const) {
    const value = options[key];
    if (value !== undefined && !(value >= 1)) problems.push(`${key}: must be a number >= 1 (got ${String(value)})`);
  }
  if (problems.length > 0) throw new EmulatorError('ERR_INVALID_OPTIONS', problems.join('\n'));
}

function createFactory(options: LambdaRuntimeOptions, clock: Clock, account: AccountSettings): { factory: EnvironmentFactory; release: () => void } {
  const extra = options.environment ?? {};
  const { onLog } = options;
  const logOf = (fn: FunctionDefinition) => (onLog === undefined ? undefined : (line: string) => onLog(fn.name, line));
  if (options.mode === 'inline') {
    // Unique across runtimes in one process, so two runtimes never share a module instance.
    const runtimeId = crypto.randomUUID().slice(0, 8);
    let instances = 0;
    // Sinks run outside the function's scope, so one that uses console does not loop back.
    const inlineLogOf = (fn: FunctionDefinition) => {
      const log = logOf(fn);
      return log === undefined ? undefined : (line: string) => runOutsideInlineScope(() => log(line));
    };
    const factory: EnvironmentFactory = {
      create(fn) {
        const identity = buildEnvironmentIdentity(fn, account, clock.now());
        const env = buildLambdaEnvironment(fn, identity, account, extra);
        return new InlineEnvironment({ fn, identity, env, instanceKey: `${runtimeId}-${++instances}`, onLog: inlineLogOf(fn) });
      },
    };
    // Inline handlers run in this thread: the runtime SDK and the redirects are installed here.
    installRuntimeModules(mergeRuntimeModules(options.functions.map((fn) => buildRuntimeModules(fn))));
    const releaseScope = acquireInlineScope();
    const undoRedirects = installHttpsRedirect(options.httpsRedirects ?? []);
    return {
      factory,
      release: () => {
        undoRedirects();
        releaseScope();
      },
    };
  }
  const entry = resolveWorkerEntry();
  const factory: EnvironmentFactory = {
    create(fn, onExit) {
      const identity = buildEnvironmentIdentity(fn, account, clock.now());
      const env = buildLambdaEnvironment(fn, identity, account, extra);
      return new WorkerEnvironment({
        entry,
        fn,
        identity,
        env,
        onLog: logOf(fn),
        onExit,
        localHttp: options.localHttp,
        localHttpPorts: options.localHttpPorts,
        httpsRedirects: options.httpsRedirects,
      });
    },
  };
  return { factory, release: () => {} };
}

/** Builds the runtime; environments start on first invocation (cold start), not here. */
export function createLambdaRuntime(options: LambdaRuntimeOptions): LambdaRuntime {
  checkOptions(options);
  const clock = options.clock ?? systemClock;
  const account: AccountSettings = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012' };
  const { factory, release } = createFactory(options, clock, account);
  const budget = new EnvironmentBudget(options.maxEnvironments ?? DEFAULT_MAX_ENVIRONMENTS);
  const pools = new Map<string, FunctionPool>();
  /** Pools of functions a reload removed: their last invocations may still run; dispose ends them too. */
  const removed = new Set<FunctionPool>();
  const createPool = (fn: FunctionDefinition) => {
    const { onLog } = options;
    return new FunctionPool({
      fn,
      factory,
      budget,
      clock,
      maxEnvironments: options.maxEnvironmentsPerFunction ?? DEFAULT_MAX_ENVIRONMENTS_PER_FUNCTION,
      idleTtlMs: options.idleEnvironmentTtlMs ?? DEFAULT_IDLE_ENVIRONMENT_TTL_MS,
      log: onLog === undefined ? undefined : (line) => onLog(fn.name, line),
    });
  };
  for (const fn of options.functions) pools.set(fn.name, createPool(fn));
  let disposing: Promise<void> | undefined;

  return {
    invoke(functionName: string, event: unknown, invokeOptions?: InvokeOptions): Promise<InvocationOutcome> {
      const pool = pools.get(functionName);
      if (pool === undefined) return Promise.resolve(functionNotFound(functionName, account));
      return pool.invoke(event, invokeOptions?.deadlineMs, invokeOptions?.connectionId).catch((error: unknown) => unexpectedFailure(error));
    },
    update(functions: readonly FunctionDefinition[]): FunctionChanges {
      const changes = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
      const wanted = new Map(functions.map((fn) => [fn.name, fn]));
      for (const [name, pool] of pools) {
        if (wanted.has(name)) continue;
        // Its busy environments finish their invocation, then end (a newer generation exists).
        pool.retire();
        pools.delete(name);
        removed.add(pool);
        changes.removed.push(name);
      }
      for (const fn of functions) {
        const pool = pools.get(fn.name);
        if (pool === undefined) {
          pools.set(fn.name, createPool(fn));
          changes.added.push(fn.name);
        } else if (JSON.stringify(pool.fn) !== JSON.stringify(fn)) {
          pool.retire(fn);
          changes.changed.push(fn.name);
        }
      }
      return changes;
    },
    retire(functionNames: readonly string[]): void {
      for (const name of functionNames) pools.get(name)?.retire();
    },
    dispose(): Promise<void> {
      disposing ??= Promise.all([...pools.values(), ...removed].map((pool) => pool.dispose())).then(() => release());
      return disposing;
    },
  };
}

/** Lambda's answer for a function that does not exist. */
function functionNotFound(functionName: string, account: AccountSettings): InvocationOutcome {
  const arn = `arn:aws:lambda:${account.region}:${account.accountId}:function:${functionName}`;
  return {
    ok: false,
    error: { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${arn}` },
    timedOut: false,
    requestId: crypto.randomUUID(),
    durationMs: 0,
  };
}

/** A failure of the runtime itself (e.g. a worker that cannot start), reported like Lambda's. */
function unexpectedFailure(error: unknown): InvocationOutcome {
  return {
    ok: false,
    error: { errorType: 'Runtime.Unknown', errorMessage: String(error) },
    timedOut: false,
    requestId: crypto.randomUUID(),
    durationMs: 0,
  };
}
