/**
 * Messages between the main thread and an execution environment's worker thread. One message each
 * way per invocation (`invoke`, then `done` carrying the log lines written meanwhile). Event and
 * result travel as JSON text, as they do on AWS; cloning a string is far cheaper than structured-
 * cloning the object graph of an API Gateway event (measured: postMessage was half the main
 * thread's time with the object).
 */
import type { MessagePort } from 'node:worker_threads';
import type { RedirectTarget } from './https-redirect.js';
import type { InvocationError } from './types.js';
import type { EnvironmentIdentity } from './lambda-environment.js';
import type { PreparedCode } from './load-handler.js';
import type { RuntimeModules } from './runtime-modules.js';

/** `workerData` of an execution environment's worker. */
export interface ServeWorkerData {
  readonly mode: 'serve';
  readonly root: string;
  readonly handler: string;
  /** A TypeScript function's built module, or its build error. */
  readonly prepared: PreparedCode;
  /** What the runtime resolves beyond the function's files: its layers and SDK. */
  readonly modules: RuntimeModules;
  /** Map stack traces through source maps (a TypeScript function's build writes them). */
  readonly sourceMaps: boolean;
  readonly identity: EnvironmentIdentity;
  /** Whether anyone reads the logs; if not, console output is dropped inside the worker. */
  readonly captureLogs: boolean;
  /** Requests to each entry's host:port pairs are answered in-process over its `port` (see local-http.ts). */
  readonly localHttp: ReadonlyArray<{ readonly port: MessagePort; readonly authorities: readonly string[] }>;
  /** HTTPS connections to these `host:port` pairs go to the target instead (see https-redirect.ts). */
  readonly httpsRedirects: ReadonlyArray<readonly [string, RedirectTarget]>;
}

/** One module for a probe worker to load. */
export interface ProbeItem {
  readonly file: string;
  readonly loader: 'require' | 'import';
  /** The handler's export path, e.g. `onMessage` or `routes.onMessage`. */
  readonly exportPath: string;
  /** `process.env` while this module loads. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * `workerData` of a throwaway worker that only loads modules to list their exports. One worker
 * checks every handler in turn, so modules they share (the AWS SDK) load once.
 */
export interface ProbeWorkerData {
  readonly mode: 'probe';
  readonly items: readonly ProbeItem[];
  /** The resolution every item shares (items are grouped by it). */
  readonly modules: RuntimeModules;
}

export type WorkerData = ServeWorkerData | ProbeWorkerData;

/** Main → worker: run one invocation. */
export interface InvokeMessage {
  readonly requestId: string;
  /** The event as JSON text (what Lambda receives, too). */
  readonly eventJson: string;
  /** Time left when the handler starts, for `context.getRemainingTimeInMillis()`. */
  readonly timeoutMs: number;
}

/** Worker → main. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly lines?: string[] }
  | { readonly type: 'init-error'; readonly error: InvocationError; readonly lines?: string[] }
  | { readonly type: 'logs'; readonly lines: string[] }
  /** Between invocations, an uncaught error is ending the worker: stop using it right away. */
  | { readonly type: 'fatal'; readonly exitCode: number; readonly lines?: string[] }
  | {
      readonly type: 'done';
      /** The result as JSON text when `error` is absent. */
      readonly json?: string;
      readonly error?: InvocationError;
      readonly lines?: string[];
      readonly maxMemoryUsedMb: number;
      /** The worker is about to exit (uncaught exception): do not reuse it. */
      readonly fatal?: boolean;
    }
  | ({ readonly type: 'probe'; readonly index: number } & ProbeResult);

/** What a probe found in one module. */
export interface ProbeResult {
  /** The module's own enumerable keys (its exports). */
  readonly exports?: string[];
  /** `typeof` what the export path found. */
  readonly picked?: string;
  /** The module failed to load. */
  readonly error?: InvocationError;
}
