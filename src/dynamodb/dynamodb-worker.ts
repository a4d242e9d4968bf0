import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { EmulatorError, type EmulatorErrorCode } from '../errors.js';
import { resolveCompiledEntry } from '../util/compiled-entry.js';
import { systemClock } from '../util/clock.js';
import type { DynamoDbHandle } from './dynamodb-handle.js';
import type { ResolvedDynamoDbOptions } from './dynamodb-options.js';
import type { DynamoDbWorkerData, DynamoDbWorkerMethod, HeapAfterGc, ParentMessage, SerializedError, WorkerMessage } from './dynamodb-worker-protocol.js';
import { CLOCK_BUFFER_BYTES, serveRemoteClock } from './remote-clock.js';
import type { TableDefinition } from './table-definition.js';

/**
 * Starts the embedded DynamoDB in its own worker thread (dynamodb-worker-entry.ts), so dynalite's
 * work (JSON, expressions, the store) never delays the gateway's frames. Handlers and SDK clients
 * reach it over HTTP as before; this thread keeps only the handle, the log and the injected clock.
 *
 *   gateway thread ──postMessage──▶ DynamoDB worker: dynalite + interceptor + TTL sweeper ◀──HTTP── SDKs
 *        ▲  (calls, log lines, clock)                  ▲
 *        └──────────────────────────────────────────── └──MessagePort── the SDK we provide in Lambda workers
 *
 * If the worker dies, the error log says so once and every waiting or later call rejects with
 * `ERR_DYNAMODB_CRASHED`; nothing waits forever.
 */
export function startDynamoDbWorker(options: ResolvedDynamoDbOptions): Promise<DynamoDbHandle> {
  const { logger } = options;
  const clockBuffer = options.clock === systemClock ? undefined : new SharedArrayBuffer(CLOCK_BUFFER_BYTES);
  const workerData: DynamoDbWorkerData = {
    tables: options.tables,
    persistDir: options.persistDir,
    region: options.region,
    ttlSweepIntervalMs: options.ttlSweepIntervalMs,
    ...(clockBuffer ? { clockBuffer } : {}),
  };
  const worker = new Worker(resolveCompiledEntry(import.meta.url, 'dynamodb', 'dynamodb-worker-entry.js', 'DynamoDB worker entry'), { workerData });
  const send = (message: ParentMessage, transfer: MessagePort[] = []) => worker.postMessage(message, transfer);
  const clock = clockBuffer && serveRemoteClock(options.clock, clockBuffer, (id, atMs) => send({ kind: 'clock-fire', id, atMs }));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let crash: EmulatorError | undefined;
  let stopping = false;
  let lastError: Error | undefined;

  return new Promise<DynamoDbHandle>((resolveStart, rejectStart) => {
    const call = <T>(method: DynamoDbWorkerMethod, tables?: readonly TableDefinition[]): Promise<T> => {
      if (crash) return Promise.reject(crash);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        send({ kind: 'call', id, method, ...(tables ? { tables } : {}) });
      });
    };
    let stopped: Promise<void> | undefined;
    const stop = async () => {
      try {
        await call('stop');
      } catch (error) {
        if (error !== crash) throw error; // a worker that died has nothing left to stop
      }
      stopping = true;
      await worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (clock?.handle(message)) return;
      if (message.kind === 'log') return logger[message.level](message.message);
      if (message.kind === 'failed') {
        stopping = true; // the worker ends by itself: not a crash
        return rejectStart(deserializeError(message.error));
      }
      if (message.kind === 'reply') {
        const settle = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) settle?.reject(deserializeError(message.error));
        else settle?.resolve(message.value);
        return;
      }
      if (message.kind === 'started') {
        resolveStart({
          endpoint: message.endpoint,
          mode: 'embedded',
          sweepExpiredItems: () => call<number>('sweepExpiredItems'),
          whenSweepIdle: () => call<void>('whenSweepIdle'),
          addTables: (tables) => call<string[]>('addTables', tables),
          stop: () => (stopped ??= stop()),
          connectInProcess() {
            const { port1, port2 } = new MessageChannel();
            if (!crash) send({ kind: 'local-http', port: port1 }, [port1]);
            return port2;
          },
          measureHeapAfterGc: () => call<HeapAfterGc>('measureHeap'),
        });
      }
    });
    // An 'error' event is always followed by 'exit', which reports it.
    worker.on('error', (error) => {
      lastError = error;
    });
    worker.on('exit', (exitCode) => {
      clock?.cancelAll();
      if (stopping) return;
      const why = lastError ? `${lastError.name}: ${lastError.message}` : `exit code ${exitCode}`;
      crash = new EmulatorError('ERR_DYNAMODB_CRASHED', `DynamoDB: the worker running the embedded dynalite stopped unexpectedly (${why}); restart the emulator`, { cause: lastError });
      logger.error(crash.message);
      for (const { reject } of pending.values()) reject(crash);
      pending.clear();
      rejectStart(crash);
    });
  });
}

/** An error from the worker as it was there: an EmulatorError keeps its code. */
function deserializeError(error: SerializedError): Error {
  if (error.code?.startsWith('ERR_')) return new EmulatorError(error.code as EmulatorErrorCode, error.message);
  return Object.assign(new Error(error.message), { name: error.name });
}
