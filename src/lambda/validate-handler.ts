/**
 * Checks handlers before anything starts, so the developer sees every broken handler at once
 * instead of one failed invocation at a time. Files are resolved as Lambda resolves them; then the
 * modules are loaded in ONE throwaway worker thread (its own module cache, ended right after),
 * which also reveals a module that throws while loading (Lambda's init error). Loading runs each
 * module's top-level code once, as a cold start would; modules they share (the AWS SDK) load once,
 * which keeps start-up short.
 */
import { relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseHandlerRef, resolveHandlerFile, type HandlerRef } from './handler-ref.js';
import { findLoadErrorHint } from './load-error-hints.js';
import { INIT_TIMEOUT_MS } from './run-invocation.js';
import { resolveWorkerEntry } from './worker-entry-url.js';
import type { ProbeItem, ProbeResult, WorkerMessage } from './worker-protocol.js';

/** Options of `validateHandler`. */
export interface ValidateHandlerOptions {
  /** The function's environment while its module loads (modules may read it at load). Default: none. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Give up on a module that takes longer to load, in ms. Default 10 000 (Lambda's init limit). */
  readonly timeoutMs?: number;
}

/** One handler to check. */
export interface HandlerToValidate extends ValidateHandlerOptions {
  readonly root: string;
  readonly handler: string;
}

type ProbeOutcome = ProbeResult | 'timeout' | 'exit';

/**
 * Loads the items in one worker; each result arrives as its module finishes loading. A module that
 * ends the worker or hangs gets that outcome, and the modules after it are probed in a new worker.
 */
async function probeModules(items: readonly ProbeItem[], timeoutMs: (index: number) => number): Promise<ProbeOutcome[]> {
  const results = await probeInOneWorker(items, timeoutMs);
  if (results.length >= items.length) return results;
  results.push('exit');
  return results.concat(await probeModules(items.slice(results.length), (index) => timeoutMs(index + results.length)));
}

/** Results for a prefix of `items`; the item after the prefix, if any, ended or stalled the worker. */
function probeInOneWorker(items: readonly ProbeItem[], timeoutMs: (index: number) => number): Promise<ProbeOutcome[]> {
  const results: ProbeOutcome[] = [];
  if (items.length === 0) return Promise.resolve(results);
  const worker = new Worker(resolveWorkerEntry(), { workerData: { mode: 'probe', items }, env: {}, stdout: true, stderr: true });
  worker.stdout.resume();
  worker.stderr.resume();
  let timer: NodeJS.Timeout | undefined;
  return new Promise<ProbeOutcome[]>((resolve) => {
    const finishWith = (outcome: 'timeout' | 'exit') => {
      if (results.length < items.length && outcome === 'timeout') results.push('timeout');
      resolve(results);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finishWith('timeout'), timeoutMs(results.length));
    };
    arm();
    worker.on('message', (message: WorkerMessage) => {
      if (message.type !== 'probe') return;
      results[message.index] = message;
      if (results.length === items.length) resolve(results);
      else arm();
    });
    worker.on('error', () => {});
    worker.on('exit', () => finishWith('exit'));
  }).finally(() => {
    clearTimeout(timer);
    void worker.terminate();
  });
}

/**
 * Returns, for each handler (e.g. `handlers/chat.onMessage`) in order, why it cannot run under its
 * root, or `undefined` when it can. Messages name the handler and the fix, e.g.
 * `"handlers/chat.onMessage": file handlers/chat.js has no export "onMessage" (found: connect, default)`.
 */
export async function validateHandlers(handlers: readonly HandlerToValidate[]): Promise<(string | undefined)[]> {
  const problems: (string | undefined)[] = [];
  const items: ProbeItem[] = [];
  const pending: Array<{ at: number; ref: HandlerRef; shown: string; quoted: string; timeoutMs: number }> = [];
  for (const [at, { root, handler, environment, timeoutMs }] of handlers.entries()) {
    const quoted = JSON.stringify(handler);
    let ref: HandlerRef;
    try {
      ref = parseHandlerRef(handler);
    } catch {
      problems[at] = handler.includes('..')
        ? `${quoted}: ".." is not allowed in a Lambda handler (Runtime.MalformedHandlerName); set the function's root directory instead`
        : `${quoted}: not a Lambda handler; expected path/to/file.export (Runtime.MalformedHandlerName)`;
      continue;
    }
    const file = resolveHandlerFile(root, ref);
    if (file === undefined) {
      problems[at] = `${quoted}: no file ${ref.modulePath}.js, .mjs or .cjs`;
      continue;
    }
    items.push({ file: file.path, loader: file.loader, exportPath: ref.exportPath, environment: { ...environment } });
    pending.push({ at, ref, shown: relative(root, file.path) || file.path, quoted, timeoutMs: timeoutMs ?? INIT_TIMEOUT_MS });
  }
  const outcomes = await probeModules(items, (index) => pending[index]?.timeoutMs ?? INIT_TIMEOUT_MS);
  for (const [index, { at, ref, shown, quoted, timeoutMs }] of pending.entries()) {
    problems[at] = describeProbe(outcomes[index] ?? 'exit', ref, shown, quoted, timeoutMs);
  }
  return problems;
}

/** `validateHandlers` for one handler. */
export async function validateHandler(root: string, handler: string, options: ValidateHandlerOptions = {}): Promise<string | undefined> {
  const [problem] = await validateHandlers([{ root, handler, ...options }]);
  return problem;
}

function describeProbe(probe: ProbeOutcome, ref: HandlerRef, shown: string, quoted: string, timeoutMs: number): string | undefined {
  if (probe === 'timeout') return `${quoted}: file ${shown} did not finish loading within ${timeoutMs} ms`;
  if (probe === 'exit') return `${quoted}: file ${shown} ended the process while loading (process.exit at module load)`;
  if (probe.error !== undefined) {
    const hint = findLoadErrorHint(probe.error.errorMessage);
    return `${quoted}: file ${shown} failed to load (${probe.error.errorType}): ${probe.error.errorMessage}${hint ? ` (hint: ${hint})` : ''}`;
  }
  if (probe.picked === 'function') return undefined;
  const found = [...(probe.exports ?? [])].sort().join(', ') || 'none';
  if (probe.picked === 'undefined') return `${quoted}: file ${shown} has no export "${ref.exportPath}" (found: ${found})`;
  return `${quoted}: export "${ref.exportPath}" of file ${shown} is not a function (it is ${probe.picked === 'object' ? 'an object' : `a ${probe.picked}`})`;
}
