/**
 * The DynamoDB worker's thread: dynalite with the request interceptor (transactions, TTL) and the
 * TTL sweeper, started by dynamodb-worker.ts. Its HTTP port serves handlers and SDK clients as
 * before; the parent's calls, the log and the injected clock go over `parentPort`.
 */
import { setFlagsFromString, getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { TableDefinition } from './table-definition.js';
import type { Logger } from '../log/logger.js';
import { systemClock } from '../util/clock.js';
import { closeLevelIteratorsOnReturn } from './close-level-iterators.js';
import {
  serializeError,
  type DynamoDbWorkerData,
  type DynamoDbWorkerMethod,
  type HeapAfterGc,
  type ParentMessage,
  type WorkerMessage,
} from './dynamodb-worker-protocol.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './embedded-dynamodb.js';
import { answerLocalHttp } from './local-http-answers.js';
import { createRemoteClock } from './remote-clock.js';

const port = parentPort;
if (port === null) throw new Error('dynamodb-worker-entry.js runs as a worker thread (see dynamodb-worker.ts)');
const data = workerData as DynamoDbWorkerData;
const post = (message: WorkerMessage) => port.postMessage(message);
const logAt = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) => post({ kind: 'log', level, message });
const logger: Logger = { debug: logAt('debug'), info: logAt('info'), warn: logAt('warn'), error: logAt('error') };
const remoteClock = data.clockBuffer && createRemoteClock(data.clockBuffer, post);

// dynalite rethrows its requests' errors (`req.on('error', function (err) { throw err })`), so a
// client that drops its connection mid-request would end this thread (and, before dynalite had a
// thread of its own, the emulator's process). That one is a client's doing: note it and go on.
// Anything else is a bug: its stack goes to the log, and the parent reports the crash.
process.on('uncaughtException', (error: NodeJS.ErrnoException) => {
  if (error.code === 'ECONNRESET' && error.message === 'aborted') return logger.debug('DynamoDB: a client closed its connection in the middle of a request');
  logger.error(`DynamoDB: ${error.stack ?? String(error)}`);
  process.exit(1);
});
closeLevelIteratorsOnReturn();
let handle: EmbeddedDynamoDb;
try {
  handle = await startEmbeddedDynamoDb({
    tables: data.tables,
    endpoint: undefined,
    persistDir: data.persistDir,
    clock: remoteClock ? remoteClock.clock : systemClock,
    region: data.region,
    credentials: undefined,
    ttlSweepIntervalMs: data.ttlSweepIntervalMs,
    logger,
  });
} catch (error) {
  post({ kind: 'failed', error: serializeError(error) });
  port.close();
  process.exit(0);
}

port.on('message', (message: ParentMessage) => {
  if (message.kind === 'clock-fire') return remoteClock?.fire(message.id, message.atMs);
  if (message.kind === 'local-http') return answerLocalHttp(message.port, handle.listener);
  const { id } = message;
  call(message.method, message.tables ?? []).then(
    (value) => post({ kind: 'reply', id, value }),
    (error: unknown) => post({ kind: 'reply', id, error: serializeError(error) }),
  );
});
post({ kind: 'started', endpoint: handle.endpoint });

async function call(method: DynamoDbWorkerMethod, tables: readonly TableDefinition[]): Promise<unknown> {
  switch (method) {
    case 'sweepExpiredItems':
      return handle.sweepExpiredItems();
    case 'whenSweepIdle':
      return handle.whenSweepIdle();
    case 'stop':
      return handle.stop();
    case 'measureHeap':
      return measureHeapAfterGc();
    case 'addTables':
      return handle.addTables(tables);
  }
}

/**
 * Worker threads refuse `--expose-gc` in `execArgv`, so the flag is set here and `gc` read from a
 * fresh context, which is the one that sees it. Only the soak test asks for this.
 */
function measureHeapAfterGc(): HeapAfterGc {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  const statistics = getHeapStatistics();
  return { usedHeapBytes: statistics.used_heap_size, externalBytes: statistics.external_memory };
}
