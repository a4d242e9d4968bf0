/**
 * The contract between the gateway and the Lambda runtime. The gateway only ever sees
 * `LambdaRuntime.invoke`; how a function runs (worker thread or inline) is the runtime's business.
 */
export interface FunctionDefinition {
  /** Function name, as `AWS_LAMBDA_FUNCTION_NAME` and in the context. Unique per emulator. */
  readonly name: string;
  /** Lambda handler string `path/to/file.export`, relative to `root`. */
  readonly handler: string;
  /** Directory the handler path is relative to (absolute). */
  readonly root: string;
  /** Function timeout in ms (Lambda default 3000). The runtime fails the invocation after it. */
  readonly timeoutMs: number;
  /** `memoryLimitInMB` in the context and `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` (Lambda default 128). */
  readonly memorySizeMb: number;
  /** The function's own environment variables (on top of the Lambda-provided ones). */
  readonly environment: Readonly<Record<string, string>>;
  /** Lambda runtime identifier as given (`nodejs14.x`), or undefined when none was. */
  readonly runtime?: string;
  /** The Node.js major of `runtime` (14 for `nodejs14.x`, 8 for `nodejs8.10`); undefined: 18+ behaviour. */
  readonly runtimeMajor?: number;
  /** Module folders of the function's layers, searched after its own `node_modules`, in Lambda's order. */
  readonly layers?: readonly ResolvedLayer[];
  /** The TypeScript build, when the handler is TypeScript. */
  readonly build?: ResolvedBuild;
  /**
   * The file to load instead of resolving `handler` (a TypeScript handler's built output). Set by
   * the emulator's start before any environment starts.
   */
  readonly moduleFile?: { readonly path: string; readonly loader: 'require' | 'import' };
  /** Why the TypeScript build failed (esbuild's messages): the function fails to load, as on Lambda with a syntax error. */
  readonly buildError?: string;
}

/** A layer as the runtime sees it: the directory that stands for `/opt`, and for `/opt/nodejs`. */
export interface ResolvedLayer {
  /** Absolute directory standing for `/opt` (undefined when the layer only gives `/opt/nodejs`). */
  readonly optDir?: string;
  /** Absolute directory standing for `/opt/nodejs`. */
  readonly nodejsDir: string;
}

/** A TypeScript build, resolved: absolute paths, defaults filled in. */
export interface ResolvedBuild {
  /** The entry file built for the handler (absolute). */
  readonly entry: string;
  readonly format: 'esm' | 'cjs';
  readonly target: string | undefined;
  readonly external: readonly string[];
  /** Absolute tsconfig path, or undefined for esbuild's own look-up. */
  readonly tsconfig: string | undefined;
}

export interface InvocationError {
  /**
   * Lambda's errorType: the error's `name` (`Error`, `TypeError`, …), `typeof` for a thrown
   * non-error (`string`), or the platform's: `Runtime.ImportModuleError`, `Runtime.HandlerNotFound`,
   * `Runtime.UserCodeSyntaxError`, `Runtime.UnhandledPromiseRejection`, `Runtime.ExitError`,
   * `Sandbox.Timedout`, `ResourceNotFoundException` (unknown function),
   * `InvalidRequestContentException` (event not JSON), `Runtime.Unknown` (a worker could not
   * start). Ours alone, not AWS's: `Runtime.Disposed` (the runtime was disposed meanwhile),
   * `Runtime.NoFreeEnvironment` (no execution environment freed up before the caller's deadline).
   */
  readonly errorType: string;
  /** Lambda's errorMessage, e.g. `RequestId: … Error: Task timed out after 3.00 seconds`. */
  readonly errorMessage: string;
  /** The stack lines (Lambda's `trace`); empty for a thrown non-error. */
  readonly stack?: readonly string[];
}

export type InvocationOutcome =
  | { readonly ok: true; readonly result: unknown; readonly requestId: string; readonly durationMs: number }
  | {
      readonly ok: false;
      readonly error: InvocationError;
      /** True when the function ran past its timeout (or the caller's deadline). */
      readonly timedOut: boolean;
      readonly requestId: string;
      readonly durationMs: number;
    };

export interface InvokeOptions {
  /**
   * A deadline from the caller (API Gateway's integration timeout), in ms from the `invoke` call:
   * it covers waiting for a free environment, a cold start and the handler. Waiting is not the
   * function's time: its timeout starts with the handler. None (`$disconnect`): the invocation
   * waits as long as it takes, then has its function timeout.
   */
  readonly deadlineMs?: number;
  /**
   * The WebSocket connection the invocation serves. Queued invocations are started round-robin
   * across connections, in order within one; without it an invocation queues on its own.
   */
  readonly connectionId?: string;
}

export interface LambdaRuntime {
  /** Invokes a function with an event. Never rejects: every failure is an `ok: false` outcome. */
  invoke(functionName: string, event: unknown, options?: InvokeOptions): Promise<InvocationOutcome>;
  /**
   * Replaces the set of functions (a reloaded project): a new name gets a pool, a changed
   * definition retires the function's environments, a missing name ends its environments once
   * their invocations finish. Connections and the other functions' environments are untouched.
   */
  update(functions: readonly FunctionDefinition[]): FunctionChanges;
  /**
   * The code of these functions changed on disk: their idle environments end now and busy ones
   * after their invocation, so the next invocation loads the code again (a cold start).
   */
  retire(functionNames: readonly string[]): void;
  /** Stops every execution environment. Idempotent. */
  dispose(): Promise<void>;
}

/** What `LambdaRuntime.update` did, by function name. */
export interface FunctionChanges {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}
