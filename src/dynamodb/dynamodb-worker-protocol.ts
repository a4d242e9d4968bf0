/**
 * Messages between the emulator's thread and the DynamoDB worker (dynamodb-worker-entry.ts), which
 * runs dynalite, the request interceptor and the TTL sweeper so the gateway's thread only routes
 * frames. Everything here crosses threads by structured clone.
 */
import type { MessagePort } from 'node:worker_threads';
import type { TableDefinition } from './table-definition.js';

export interface DynamoDbWorkerData {
  readonly tables: readonly TableDefinition[];
  readonly persistDir: string | undefined;
  readonly region: string;
  readonly ttlSweepIntervalMs: number;
  /**
   * Present when the emulator runs on an injected clock: the worker then reads the time and sets
   * its timers through the parent (remote-clock.ts). Absent for the system clock, read in the worker.
   */
  readonly clockBuffer?: SharedArrayBuffer;
}

/** What the parent can ask; each call gets one `reply` with the same id. */
export type DynamoDbWorkerMethod = 'sweepExpiredItems' | 'whenSweepIdle' | 'stop' | 'measureHeap' | 'addTables';

/** The worker's heap after a full garbage collection, in bytes (for the soak test). */
export interface HeapAfterGc {
  readonly usedHeapBytes: number;
  /** Memory outside the V8 heap held by JavaScript objects (Buffers), in bytes. */
  readonly externalBytes: number;
}

/** An error as it crosses the thread boundary. `code` is set for an EmulatorError. */
export interface SerializedError {
  readonly message: string;
  readonly name: string;
  readonly code?: string;
}

export type ParentMessage =
  | { readonly kind: 'call'; readonly id: number; readonly method: DynamoDbWorkerMethod; readonly tables?: readonly TableDefinition[] }
  | { readonly kind: 'clock-fire'; readonly id: number; readonly atMs: number }
  /** A port on which a Lambda worker's SDK sends its DynamoDB requests (local-http.ts). */
  | { readonly kind: 'local-http'; readonly port: MessagePort };

export type WorkerMessage =
  | { readonly kind: 'started'; readonly endpoint: string }
  | { readonly kind: 'failed'; readonly error: SerializedError }
  | { readonly kind: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly message: string }
  | { readonly kind: 'reply'; readonly id: number; readonly value?: unknown; readonly error?: SerializedError }
  | { readonly kind: 'clock-now' }
  | { readonly kind: 'clock-set'; readonly id: number; readonly delayMs: number }
  | { readonly kind: 'clock-cancel'; readonly id: number };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { message: String(error), name: 'Error' };
  const { code } = error as { code?: unknown };
  return { message: error.message, name: error.name, ...(typeof code === 'string' ? { code } : {}) };
}
