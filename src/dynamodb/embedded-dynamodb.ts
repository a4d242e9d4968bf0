import { randomBytes } from 'node:crypto';
import type { RequestListener, Server } from 'node:http';
import path from 'node:path';
import { EmulatorError } from '../errors.js';
import { createRequestInterceptor, INTERNAL_REQUEST_HEADER } from './request-interceptor.js';
import { createTables, EMBEDDED_ACTIVE_POLLING } from './create-tables.js';
import type { DynamoDbHandle } from './dynamodb-handle.js';
import type { ResolvedDynamoDbOptions } from './dynamodb-options.js';
import type { TableDefinition } from './table-definition.js';
import { createLocalCaller } from './local-caller.js';
import { acquirePersistLock } from './persist-lock.js';
import { TTL_FILE_NAME, TtlRegistry } from './ttl-registry.js';
import { TtlSweeper } from './ttl-sweeper.js';

const HOST = '127.0.0.1';
/** A transaction reads its (up to 100) items in parallel. */
const INTERNAL_MAX_SOCKETS = 16;

/** The embedded DynamoDB, with the listener its HTTP server answers with (for in-process requests). */
export interface EmbeddedDynamoDb extends DynamoDbHandle {
  readonly listener: RequestListener;
}

/**
 * Starts dynalite in this thread (the DynamoDB worker's, see dynamodb-worker.ts) on a free loopback
 * port, with the request interceptor in front (TTL, clearer errors), creates the tables, then
 * sweeps expired items.
 *
 *   SDK ──HTTP──▶ dynalite's http.Server ──▶ interceptor ──(lock, same call)──▶ dynalite's handler
 *                                              ├─ UpdateTimeToLive / DescribeTimeToLive ─▶ TtlRegistry
 *                                              └─ Transact* ─▶ internal caller ──HTTP (marked, no lock)──▶ same port
 *   TtlSweeper ──(clock)──▶ Scan + conditional DeleteItem through the same port
 */
export async function startEmbeddedDynamoDb(options: ResolvedDynamoDbOptions): Promise<EmbeddedDynamoDb> {
  const { persistDir, logger } = options;
  // Undone in reverse order on stop, or when start-up fails halfway.
  const undo: Array<() => unknown> = [];
  const undoAll = async () => {
    for (const step of undo.splice(0).reverse()) await step();
  };
  try {
    if (persistDir !== undefined) {
      const lock = await acquirePersistLock(persistDir);
      undo.push(() => lock.release());
    }
    const registry = await TtlRegistry.load(persistDir && path.join(persistDir, TTL_FILE_NAME), logger);
    undo.push(() => registry.flush());
    // Loaded here, not at module load: an external endpoint never pays for it (about 13 MiB RSS).
    const { default: dynalite } = await import('dynalite');
    // A fresh object each time: dynalite writes its defaults into it.
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(persistDir !== undefined ? { path: persistDir } : {}) });
    const endpoint = await listen(server);
    undo.push(() => close(server));
    const caller = createLocalCaller(endpoint, options.region);
    undo.push(() => caller.close());
    // Transactions read and write through this one while they hold the interceptor's lock.
    const internalToken = randomBytes(16).toString('hex');
    const internalCaller = createLocalCaller(endpoint, options.region, { [INTERNAL_REQUEST_HEADER]: internalToken }, INTERNAL_MAX_SOCKETS);
    undo.push(() => internalCaller.close());
    // In the same tick as the listen callback's continuation, so no request reaches dynalite unseen.
    const listener = interceptRequests(server, (forward) =>
      createRequestInterceptor({
        registry,
        forward,
        describeTable: (tableName) => caller.call('DescribeTable', { TableName: tableName }),
        internalCaller,
        internalToken,
        clock: options.clock,
        logger,
      }),
    );
    // At start and for the tables a reloaded project adds: created unless they exist, TTL on where asked.
    const addTables = async (tables: readonly TableDefinition[]): Promise<string[]> => {
      const created = await createTables(caller, tables, { logger, waitUntilActive: EMBEDDED_ACTIVE_POLLING }).catch((error: Error) => {
        throw new EmulatorError('ERR_INVALID_OPTIONS', `tables: dynalite cannot create ${error.message}; fix that table's definition`, { cause: error });
      });
      for (const table of tables) if (table.ttlAttribute !== undefined) registry.enable(table.name, table.ttlAttribute);
      return created;
    };
    await addTables(options.tables);
    const sweeper = new TtlSweeper({ caller, registry, clock: options.clock, intervalMs: options.ttlSweepIntervalMs, logger });
    sweeper.start();
    undo.push(() => sweeper.stop());
    const where = persistDir === undefined ? 'in memory' : `persisting to ${persistDir}`;
    logger.info(`DynamoDB: dynalite ${where} at ${endpoint} (tables: ${options.tables.map((table) => table.name).join(', ') || 'none'})`);
    let stopped: Promise<void> | undefined;
    return {
      endpoint,
      mode: 'embedded',
      sweepExpiredItems: () => sweeper.sweep(),
      whenSweepIdle: () => sweeper.whenIdle(),
      addTables,
      stop: () => (stopped ??= undoAll()),
      listener,
    };
  } catch (error) {
    await undoAll().catch(() => undefined);
    throw error;
  }
}

/** Puts the interceptor in front of dynalite's own request listener, on dynalite's own server; returns the result. */
function interceptRequests(server: Server, intercept: (forward: RequestListener) => RequestListener): RequestListener {
  const listeners = server.listeners('request') as RequestListener[];
  const [forward] = listeners;
  if (listeners.length !== 1 || forward === undefined) {
    throw new Error(`dynalite's server has ${listeners.length} request listeners, expected 1: its internals changed`);
  }
  server.removeAllListeners('request');
  const listener = intercept(forward);
  server.on('request', listener);
  return listener;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(new EmulatorError('ERR_LISTEN', `DynamoDB: cannot listen on ${HOST} (${error.message})`, { cause: error }));
    server.once('error', onError);
    server.listen(0, HOST, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(`http://${HOST}:${typeof address === 'object' && address ? address.port : 0}`);
    });
  });
}

/** dynalite's `close()` also closes its store; open keep-alive sockets are cut so it never waits on them. */
function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
