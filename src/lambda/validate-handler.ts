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
import type { PreparedCode } from './load-handler.js';
import { buildRuntimeModules, type RuntimeModules } from './runtime-modules.js';
import { INIT_TIMEOUT_MS } from './run-invocation.js';
import { resolveWorkerEntry } from './worker-entry-url.js';
import type { ProbeItem, ProbeResult, ProbeWorkerData, WorkerMessage } from './worker-protocol.js';

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
  /** A TypeScript function's built module or build error. Default: resolve the handler string. */
  readonly prepared?: PreparedCode;
  /** Layers and SDK the module resolves beyond its own files. Default: a Node.js 18+ runtime without layers. */
  readonly modules?: RuntimeModules;
}

/**
 * Why a handler cannot run. `start`: Lambda would refuse it on every invocation for a reason the
 * developer fixes in the configuration (no file, no export). `load`: its module fails while
 * loading, which AWS only finds at invocation (`Runtime.ImportModuleError`,
 * `Runtime.UserCodeSyntaxError`, an exception at init): the function deploys, then fails.
 */
export interface HandlerProblem {
  readonly kind: 'start' | 'load';
  readonly message: string;
}

type ProbeOutcome = ProbeResult | 'timeout' | 'exit';

/**
 * Loads the items in one worker; each result arrives as its module finishes loading. A module that
 * ends the worker or hangs gets that outcome, and the modules after it are probed in a new worker.
 */
async function probeModules(items: readonly ProbeItem[], modules: RuntimeModules, timeoutMs: (index: number) => number): Promise<ProbeOutcome[]> {
  const results = await probeInOneWorker(items, modules, timeoutMs);
  if (results.length >= items.length) return results;
  results.push('exit');
  return results.concat(await probeModules(items.slice(results.length), modules, (index) => timeoutMs(index + results.length)));
}

/** Results for a prefix of `items`; the item after the prefix, if any, ended or stalled the worker. */
function probeInOneWorker(items: readonly ProbeItem[], modules: RuntimeModules, timeoutMs: (index: number) => number): Promise<ProbeOutcome[]> {
  const results: ProbeOutcome[] = [];
  if (items.length === 0) return Promise.resolve(results);
  const workerData: ProbeWorkerData = { mode: 'probe', items, modules };
  const worker = new Worker(resolveWorkerEntry(), { workerData, env: {}, stdout: true, stderr: true });
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
 * Handlers that resolve modules alike (same layers and SDK) share one probe worker.
 */
export async function validateHandlers(handlers: readonly HandlerToValidate[]): Promise<(HandlerProblem | undefined)[]> {
  const problems: (HandlerProblem | undefined)[] = [];
  const groups = new Map<string, { modules: RuntimeModules; members: Pending[] }>();
  for (const [at, item] of handlers.entries()) {
    const quoted = JSON.stringify(item.handler);
    let ref: HandlerRef;
    try {
      ref = parseHandlerRef(item.handler);
    } catch {
      problems[at] = {
        kind: 'start',
        message: item.handler.includes('..')
          ? `${quoted}: ".." is not allowed in a Lambda handler (Runtime.MalformedHandlerName); set the function's root directory instead`
          : `${quoted}: not a Lambda handler; expected path/to/file.export (Runtime.MalformedHandlerName)`,
      };
      continue;
    }
    if (item.prepared?.buildError !== undefined) {
      problems[at] = { kind: 'load', message: `${quoted}: the TypeScript build failed (Runtime.UserCodeSyntaxError): ${item.prepared.buildError}` };
      continue;
    }
    const file = item.prepared?.moduleFile ?? resolveHandlerFile(item.root, ref);
    if (file === undefined) {
      problems[at] = { kind: 'start', message: `${quoted}: no file ${ref.modulePath}.js, .mjs, .cjs or .ts` };
      continue;
    }
    const modules = item.modules ?? buildRuntimeModules({});
    const key = JSON.stringify(modules);
    const group = groups.get(key) ?? { modules, members: [] };
    groups.set(key, group);
    group.members.push({
      at,
      ref,
      shown: relative(item.root, file.path) || file.path,
      quoted,
      timeoutMs: item.timeoutMs ?? INIT_TIMEOUT_MS,
      item: { file: file.path, loader: file.loader, exportPath: ref.exportPath, environment: { ...item.environment } },
    });
  }
  await Promise.all(
    [...groups.values()].map(async ({ modules, members }) => {
      const outcomes = await probeModules(members.map((member) => member.item), modules, (index) => members[index]?.timeoutMs ?? INIT_TIMEOUT_MS);
      for (const [index, { at, ref, shown, quoted, timeoutMs }] of members.entries()) {
        problems[at] = describeProbe(outcomes[index] ?? 'exit', { ref, shown, quoted, timeoutMs, modules });
      }
    }),
  );
  return problems;
}

interface Pending {
  readonly at: number;
  readonly ref: HandlerRef;
  readonly shown: string;
  readonly quoted: string;
  readonly timeoutMs: number;
  readonly item: ProbeItem;
}

/** `validateHandlers` for one handler: its problem's message, or undefined. */
export async function validateHandler(root: string, handler: string, options: ValidateHandlerOptions = {}): Promise<string | undefined> {
  const [problem] = await validateHandlers([{ root, handler, ...options }]);
  return problem?.message;
}

interface ProbeSubject {
  readonly ref: HandlerRef;
  readonly shown: string;
  readonly quoted: string;
  readonly timeoutMs: number;
  readonly modules: RuntimeModules;
}

function describeProbe(probe: ProbeOutcome, { ref, shown, quoted, timeoutMs, modules }: ProbeSubject): HandlerProblem | undefined {
  const load = (message: string): HandlerProblem => ({ kind: 'load', message });
  if (probe === 'timeout') return load(`${quoted}: file ${shown} did not finish loading within ${timeoutMs} ms`);
  if (probe === 'exit') return load(`${quoted}: file ${shown} ended the process while loading (process.exit at module load)`);
  if (probe.error !== undefined) {
    const hint = findLoadErrorHint(probe.error.errorMessage, modules);
    return load(`${quoted}: file ${shown} failed to load (${probe.error.errorType}): ${probe.error.errorMessage}${hint ? ` (hint: ${hint})` : ''}`);
  }
  if (probe.picked === 'function') return undefined;
  const found = [...(probe.exports ?? [])].sort().join(', ') || 'none';
  if (probe.picked === 'undefined') return { kind: 'start', message: `${quoted}: file ${shown} has no export "${ref.exportPath}" (found: ${found})` };
  return { kind: 'start', message: `${quoted}: export "${ref.exportPath}" of file ${shown} is not a function (it is ${probe.picked === 'object' ? 'an object' : `a ${probe.picked}`})` };
}
