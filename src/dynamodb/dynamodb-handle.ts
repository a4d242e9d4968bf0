import type { MessagePort } from 'node:worker_threads';
import type { HeapAfterGc } from './dynamodb-worker-protocol.js';
import type { TableDefinition } from './table-definition.js';

/** A running DynamoDB: the embedded dynalite, or an external endpoint the emulator set up. */
export interface DynamoDbHandle {
  /**
   * Where handlers reach it (`http://127.0.0.1:PORT` for the embedded one): the value for
   * `AWS_ENDPOINT_URL_DYNAMODB`.
   */
  readonly endpoint: string;
  readonly mode: 'embedded' | 'external';
  /** Deletes expired items now (joining a sweep in progress); resolves with how many. Always 0 for an external endpoint. */
  sweepExpiredItems(): Promise<number>;
  /** Resolves when no TTL sweep is running, e.g. after a test advanced the clock. */
  whenSweepIdle(): Promise<void>;
  /**
   * Creates the tables that do not exist yet (a reloaded project), with TTL where asked; existing
   * ones are kept with their data. Resolves with the names it created.
   */
  addTables(tables: readonly TableDefinition[]): Promise<string[]>;
  /** Stops the sweeper, closes dynalite and releases the persist lock. Idempotent. */
  stop(): Promise<void>;
  /**
   * Embedded only: a new port on which the SDK we provide to a Lambda worker sends its DynamoDB
   * requests, answered in the DynamoDB worker without a socket (see local-http-answers.ts).
   */
  readonly connectInProcess?: () => MessagePort;
  /** Embedded only: the DynamoDB worker's heap after a full garbage collection (the soak test). */
  readonly measureHeapAfterGc?: () => Promise<HeapAfterGc>;
}
