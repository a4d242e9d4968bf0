/**
 * Checks a handler before anything starts, so the developer sees every broken handler at once
 * instead of one failed invocation at a time. The file is resolved as Lambda resolves it; then the
 * module is loaded in a throwaway worker thread (its own module cache and `process.env`, ended
 * right after), which also reveals a module that throws while loading (Lambda's init error).
 * Loading runs the module's top-level code once, as a cold start would.
 */
import { relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseHandlerRef, resolveHandlerFile } from './handler-ref.js';
import { INIT_TIMEOUT_MS } from './run-invocation.js';
import { resolveWorkerEntry } from './worker-entry-url.js';
import type { ProbeWorkerData, WorkerMessage } from './worker-protocol.js';

/** Options of `validateHandler`. */
export interface ValidateHandlerOptions {
  /** The function's environment while its module loads (modules may read it at load). Default: none. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Give up on a module that takes longer to load, in ms. Default 10 000 (Lambda's init limit). */
  readonly timeoutMs?: number;
}

type ProbeMessage = Extract<WorkerMessage, { type: 'probe' }>;

function probeModule(data: ProbeWorkerData, options: ValidateHandlerOptions): Promise<ProbeMessage | 'timeout' | 'exit'> {
  const worker = new Worker(resolveWorkerEntry(), { workerData: data, env: { ...options.environment }, stdout: true, stderr: true });
  worker.stdout.resume();
  worker.stderr.resume();
  let timer: NodeJS.Timeout | undefined;
  return new Promise<ProbeMessage | 'timeout' | 'exit'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? INIT_TIMEOUT_MS);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'probe') resolve(message);
    });
    worker.on('error', () => {});
    worker.on('exit', () => resolve('exit'));
  }).finally(() => {
    clearTimeout(timer);
    void worker.terminate();
  });
}

/**
 * Returns why `handler` (e.g. `handlers/chat.onMessage`) cannot run under `root`, or `undefined`
 * when it can. Messages name the handler and the fix, e.g.
 * `"handlers/chat.onMessage": file handlers/chat.js has no export "onMessage" (found: connect, default)`.
 */
export async function validateHandler(root: string, handler: string, options: ValidateHandlerOptions = {}): Promise<string | undefined> {
  const quoted = JSON.stringify(handler);
  let ref;
  try {
    ref = parseHandlerRef(handler);
  } catch {
    return handler.includes('..')
      ? `${quoted}: ".." is not allowed in a Lambda handler (Runtime.MalformedHandlerName); set the function's root directory instead`
      : `${quoted}: not a Lambda handler; expected path/to/file.export (Runtime.MalformedHandlerName)`;
  }
  const file = resolveHandlerFile(root, ref);
  if (file === undefined) return `${quoted}: no file ${ref.modulePath}.js, .mjs or .cjs`;
  const shown = relative(root, file.path) || file.path;
  const probe = await probeModule({ mode: 'probe', file: file.path, loader: file.loader, exportPath: ref.exportPath }, options);
  if (probe === 'timeout') return `${quoted}: file ${shown} did not finish loading within ${options.timeoutMs ?? INIT_TIMEOUT_MS} ms`;
  if (probe === 'exit') return `${quoted}: file ${shown} ended the process while loading (process.exit at module load)`;
  if (probe.error !== undefined) {
    return `${quoted}: file ${shown} failed to load (${probe.error.errorType}): ${probe.error.errorMessage}`;
  }
  if (probe.picked === 'function') return undefined;
  const found = [...(probe.exports ?? [])].sort().join(', ') || 'none';
  if (probe.picked === 'undefined') return `${quoted}: file ${shown} has no export "${ref.exportPath}" (found: ${found})`;
  return `${quoted}: export "${ref.exportPath}" of file ${shown} is not a function (it is ${probe.picked === 'object' ? 'an object' : `a ${probe.picked}`})`;
}
