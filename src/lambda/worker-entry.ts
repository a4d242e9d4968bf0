/**
 * The entry point of an execution environment's worker thread: our stand-in for Lambda's
 * `bootstrap` + runtime interface client. It loads the handler once (the init phase), then runs
 * one invocation per `invoke` message. Compiled to dist/lambda/worker-entry.js, which the main
 * thread starts with `new Worker(…)` (see worker-entry-url.ts).
 *
 * Like the real runtime (`index.mjs` of the runtime interface client), an uncaught exception or an
 * unhandled rejection fails the current invocation and ends the environment (exit 129 / 128);
 * the main thread then replaces it.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { patchConsole } from './console-capture.js';
import { waitForEmptyEventLoop } from './empty-event-loop.js';
import { invokeHandler } from './invoke-handler.js';
import { installHttpsRedirect } from './https-redirect.js';
import { installLocalHttpClient } from './local-http-client.js';
import { installRuntimeModules } from './install-runtime-modules.js';
import { loadHandler, loadModule, pickExport, type HandlerFunction } from './load-handler.js';
import { formatConsoleLine, toMegabytes, type ConsoleLevel } from './log-format.js';
import { buildInvocationError, formatErrorForLog, LambdaRuntimeError } from './runtime-errors.js';
import type { InvokeMessage, ProbeWorkerData, ServeWorkerData, WorkerData, WorkerMessage } from './worker-protocol.js';

if (parentPort === null) throw new Error('worker-entry.js runs only as a worker thread');
const port = parentPort;
const post = (message: WorkerMessage): void => port.postMessage(message);

/** Buffers log lines; they ride on the next `done` message, or leave on their own a tick later. */
function createLogBuffer() {
  let lines: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (lines.length > 0) post({ type: 'logs', lines: take() ?? [] });
  };
  const take = (): string[] | undefined => {
    if (lines.length === 0) return undefined;
    const taken = lines;
    lines = [];
    return taken;
  };
  const push = (line: string): void => {
    lines.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return { push, take };
}

async function serve(data: ServeWorkerData): Promise<void> {
  const logs = createLogBuffer();
  // Lambda prints "undefined" as the request id of lines written during init.
  let requestId: string | undefined;
  let inFlight = false;
  let maxMemoryUsedMb = 0;
  const write = data.captureLogs
    ? (level: ConsoleLevel, args: unknown[]) => logs.push(formatConsoleLine(requestId, level, args))
    : () => {};
  patchConsole(console, write);
  const measureMemory = (): number => {
    if (!data.captureLogs) return 0;
    const heap = getHeapStatistics();
    maxMemoryUsedMb = Math.max(maxMemoryUsedMb, toMegabytes(heap.used_heap_size + heap.external_memory));
    return maxMemoryUsedMb;
  };
  const die = (label: string, error: unknown, exitCode: number): void => {
    write('ERROR', [label, formatErrorForLog(error)]);
    if (inFlight) {
      post({ type: 'done', error: buildInvocationError(error), lines: logs.take(), maxMemoryUsedMb: measureMemory(), fatal: true });
    } else {
      post({ type: 'fatal', exitCode, lines: logs.take() });
    }
    process.exit(exitCode);
  };
  process.on('uncaughtException', (error) => die('Uncaught Exception', error, 129));
  process.on('unhandledRejection', (reason) => {
    const error = Object.assign(new LambdaRuntimeError('UnhandledPromiseRejection', String(reason)), { reason });
    die('Unhandled Promise Rejection', error, 128);
  });

  // Before the handler's module loads, so the SDK clients it creates at init use them too.
  installRuntimeModules(data.modules);
  if (data.sourceMaps) process.setSourceMapsEnabled(true);
  installHttpsRedirect(data.httpsRedirects);
  for (const service of data.localHttp) installLocalHttpClient(service.port, service.authorities);
  let handler: HandlerFunction;
  try {
    handler = (await loadHandler(data.root, data.handler, undefined, data.prepared)).handler;
  } catch (error) {
    write('ERROR', ['Uncaught Exception', formatErrorForLog(error)]);
    post({ type: 'init-error', error: buildInvocationError(error), lines: logs.take() });
    return;
  }
  post({ type: 'ready', lines: logs.take() });

  const logInvokeError = (error: unknown): void => write('ERROR', ['Invoke Error', formatErrorForLog(error)]);
  port.on('message', (message: InvokeMessage) => {
    requestId = message.requestId;
    inFlight = true;
    const deadline = Date.now() + message.timeoutMs;
    void invokeHandler({
      handler,
      event: JSON.parse(message.eventJson) as unknown,
      identity: data.identity,
      requestId: message.requestId,
      getRemainingTimeInMillis: () => deadline - Date.now(),
      waitForEmptyEventLoop,
      logInvokeError,
    }).then((settlement) => {
      inFlight = false;
      const lines = logs.take();
      const maxMemory = measureMemory();
      if (settlement.ok) post({ type: 'done', json: settlement.json, lines, maxMemoryUsedMb: maxMemory });
      else post({ type: 'done', error: settlement.error, lines, maxMemoryUsedMb: maxMemory });
    });
  });
}

/** Loads each module in this throwaway thread and reports what its handler path finds in it. */
async function probe(data: ProbeWorkerData): Promise<void> {
  installRuntimeModules(data.modules);
  patchConsole(console, () => {});
  process.on('uncaughtException', () => {});
  process.on('unhandledRejection', () => {});
  for (const [index, item] of data.items.entries()) {
    // Each module sees its own function's variables while it loads, as in its environment.
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, item.environment);
    try {
      const moduleValue = await loadModule({ path: item.file, loader: item.loader });
      const isObject = (typeof moduleValue === 'object' && moduleValue !== null) || typeof moduleValue === 'function';
      const found = isObject ? Object.keys(moduleValue) : [];
      const picked = pickExport(moduleValue, item.exportPath);
      // Like the runtime, any falsy value counts as "undefined or not exported".
      post({ type: 'probe', index, exports: found, picked: picked ? typeof picked : 'undefined' });
    } catch (error) {
      post({ type: 'probe', index, error: buildInvocationError(error) });
    }
  }
}

const data = workerData as WorkerData;
if (data.mode === 'serve') await serve(data);
else await probe(data);
