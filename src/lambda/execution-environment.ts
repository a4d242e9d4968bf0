/**
 * One Lambda execution environment: a loaded handler with its own module state, running one
 * invocation at a time. Two implementations: a worker thread (`WorkerEnvironment`, the default)
 * and the caller's own thread (`InlineEnvironment`, for tests).
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
import type { HandlerSettlement } from './invoke-handler.js';
import type { EnvironmentIdentity } from './lambda-environment.js';
import type { InvocationError, FunctionDefinition } from './types.js';
import type { InvokeMessage } from './worker-protocol.js';

/** The environment ended underneath an invocation: its thread exited, or we terminated it. */
export type EnvironmentEnd = { readonly kind: 'exited'; readonly exitCode: number } | { readonly kind: 'terminated' };

/** How the init phase (loading the handler module) ended. */
export type InitResult =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: InvocationError }
  | EnvironmentEnd;

/** How one invocation ended inside the environment. */
export type RunResult =
  | {
      readonly kind: 'settled';
      readonly settlement: HandlerSettlement;
      readonly maxMemoryUsedMb: number;
      /** False when the environment is going away (an uncaught exception ended it). */
      readonly reusable: boolean;
    }
  | EnvironmentEnd;

export interface ExecutionEnvironment {
  readonly identity: EnvironmentIdentity;
  /**
   * `performance.now()` when the environment was created. Init Duration counts from here, so it
   * includes starting the thread, as Lambda's includes starting the runtime.
   */
  readonly createdAt: number;
  /** Resolves once the init phase is over. Safe to call repeatedly. */
  ready(): Promise<InitResult>;
  /** Runs one invocation; the caller never overlaps two. */
  run(message: InvokeMessage): Promise<RunResult>;
  /** Ends the environment now (timeout, eviction, dispose); pending calls resolve `terminated`. */
  terminate(): Promise<void>;
}

/** Creates the environments of a function. `onExit` reports an end we did not ask for. */
export interface EnvironmentFactory {
  create(fn: FunctionDefinition, onExit: () => void): ExecutionEnvironment;
}
