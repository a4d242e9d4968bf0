/**
 * An execution environment in a worker thread: its own module state and its own `process.env`
 * (`new Worker(…, { env })`), one invocation at a time. A busy loop or `process.exit()` in handler
 * code ends only this thread; the pool replaces it, as Lambda replaces a failed environment.
 * https://nodejs.org/api/worker_threads.html#new-workerfilename-options
 */
import type { Readable } from 'node:stream';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { RedirectTarget } from './https-redirect.js';
import type { LocalHttpCall, LocalHttpPortService, LocalHttpReply, LocalHttpService } from './local-http.js';
import type { EnvironmentEnd, ExecutionEnvironment, InitResult, RunResult } from './execution-environment.js';
import type { EnvironmentIdentity } from './lambda-environment.js';
import type { FunctionDefinition } from './types.js';
import { buildPreparedCode } from './prepared-code.js';
import { buildRuntimeModules } from './runtime-modules.js';
import type { InvokeMessage, ServeWorkerData, WorkerMessage } from './worker-protocol.js';

/**
 * V8's young generation per worker, MiB. The default (16-32 MiB semi-spaces) made each busy
 * environment cost ~59 MiB RSS; 4 MiB halves that (~30 MiB) at no measurable cost in throughput
 * (echo through the SDK, 10 clients: 899 → 950 messages/s).
 */
const WORKER_YOUNG_GENERATION_MB = 4;

export interface WorkerEnvironmentOptions {
  /** URL of the compiled worker-entry.js. */
  readonly entry: URL;
  readonly fn: FunctionDefinition;
  readonly identity: EnvironmentIdentity;
  /** The complete `process.env` of the worker. */
  readonly env: Readonly<Record<string, string>>;
  /** Receives the function's log lines; without it, output is dropped in the worker. */
  readonly onLog?: (line: string) => void;
  /** Called once if the thread ends without `terminate()` (process.exit, crash). */
  readonly onExit: () => void;
  /** Requests handler code sends to these services are answered in-process (see local-http.ts). */
  readonly localHttp?: LocalHttpService;
  /** Requests to these services are answered in their own thread, over a port each (see local-http.ts). */
  readonly localHttpPorts?: readonly LocalHttpPortService[];
  /** HTTPS connections to these `host:port` pairs go to the target instead (see https-redirect.ts). */
  readonly httpsRedirects?: ReadonlyArray<readonly [string, RedirectTarget]>;
}

/** Forwards what handler code writes straight to process.stdout/stderr, line by line. */
function forwardLines(stream: Readable, sink: ((line: string) => void) | undefined): void {
  if (sink === undefined) {
    stream.resume();
    return;
  }
  let carry = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop() ?? '';
    for (const part of parts) sink(part);
  });
  stream.on('end', () => {
    if (carry !== '') sink(carry);
  });
}

export class WorkerEnvironment implements ExecutionEnvironment {
  readonly identity: EnvironmentIdentity;
  readonly createdAt = performance.now();
  readonly #worker: Worker;
  readonly #onLog: ((line: string) => void) | undefined;
  readonly #onExit: () => void;
  readonly #ready: Promise<InitResult>;
  #settleReady: ((result: InitResult) => void) | undefined;
  #settleRun: ((result: RunResult) => void) | undefined;
  #ended = false;

  constructor(options: WorkerEnvironmentOptions) {
    this.identity = options.identity;
    this.#onLog = options.onLog;
    this.#onExit = options.onExit;
    this.#ready = new Promise((resolve) => {
      this.#settleReady = resolve;
    });
    const channel = options.localHttp ? createLocalHttpChannel(options.localHttp) : undefined;
    const localHttp = [
      ...(channel ? [{ port: channel.workerPort, authorities: channel.authorities }] : []),
      ...(options.localHttpPorts ?? []).map((service) => ({ port: service.connect(), authorities: service.authorities })),
    ];
    const workerData: ServeWorkerData = {
      mode: 'serve',
      root: options.fn.root,
      handler: options.fn.handler,
      prepared: buildPreparedCode(options.fn),
      modules: buildRuntimeModules(options.fn),
      sourceMaps: options.fn.build !== undefined,
      identity: options.identity,
      captureLogs: options.onLog !== undefined,
      httpsRedirects: options.httpsRedirects ?? [],
      localHttp,
    };
    this.#worker = new Worker(options.entry, {
      env: { ...options.env },
      workerData,
      transferList: localHttp.map((service) => service.port),
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      stdout: true,
      stderr: true,
    });
    this.#worker.once('exit', () => channel?.close());
    forwardLines(this.#worker.stdout, options.onLog);
    forwardLines(this.#worker.stderr, options.onLog);
    this.#worker.on('message', (message: WorkerMessage) => this.#receive(message));
    // An 'error' event is always followed by 'exit'; the exit code tells the story.
    this.#worker.on('error', () => {});
    this.#worker.on('exit', (exitCode) => this.#end({ kind: 'exited', exitCode }, true));
  }

  ready(): Promise<InitResult> {
    return this.#ready;
  }

  run(message: InvokeMessage): Promise<RunResult> {
    if (this.#ended) return Promise.resolve({ kind: 'terminated' });
    return new Promise((resolve) => {
      this.#settleRun = resolve;
      this.#worker.postMessage(message);
    });
  }

  async terminate(): Promise<void> {
    if (this.#ended) return;
    this.#end({ kind: 'terminated' }, false);
    await this.#worker.terminate();
  }

  #log(lines: readonly string[] | undefined): void {
    if (lines === undefined || this.#onLog === undefined) return;
    for (const line of lines) this.#onLog(line);
  }

  #receive(message: WorkerMessage): void {
    switch (message.type) {
      case 'logs':
        this.#log(message.lines);
        return;
      case 'fatal':
        // Retire the environment before anyone reading these lines can pick it for an invocation.
        this.#end({ kind: 'exited', exitCode: message.exitCode }, true);
        this.#log(message.lines);
        return;
      case 'ready':
        this.#log(message.lines);
        this.#settleReady?.({ kind: 'ready' });
        return;
      case 'init-error':
        this.#log(message.lines);
        this.#settleReady?.({ kind: 'failed', error: message.error });
        return;
      case 'done': {
        this.#log(message.lines);
        const settle = this.#settleRun;
        this.#settleRun = undefined;
        const settlement = message.error === undefined ? { ok: true as const, json: message.json ?? 'null' } : { ok: false as const, error: message.error };
        settle?.({ kind: 'settled', settlement, maxMemoryUsedMb: message.maxMemoryUsedMb, reusable: message.fatal !== true });
        return;
      }
      case 'probe':
        return;
    }
  }

  #end(end: EnvironmentEnd, unexpected: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#settleReady?.(end);
    this.#settleRun?.(end);
    this.#settleRun = undefined;
    if (unexpected) this.#onExit();
  }
}

/** The main thread's end of the in-process HTTP path: answers each call with the service. */
function createLocalHttpChannel(service: LocalHttpService) {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (call: LocalHttpCall) => {
    let response: LocalHttpReply['response'];
    try {
      response = service.handle(call.request);
    } catch {
      response = undefined; // let the worker go over the network, where the HTTP server answers
    }
    port1.postMessage({ id: call.id, response } satisfies LocalHttpReply);
  });
  port1.unref();
  return { workerPort: port2, authorities: service.authorities, close: () => port1.close() };
}
