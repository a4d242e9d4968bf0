import type { DynamoDbHandle } from './dynamodb-handle.js';
import { resolveDynamoDbOptions, type DynamoDbOptions } from './dynamodb-options.js';
import { startDynamoDbWorker } from './dynamodb-worker.js';
import { startExternalDynamoDb } from './external-dynamodb.js';

/**
 * Starts the emulator's DynamoDB: dynalite in its own worker thread (in memory, or in `persistDir`) with
 * TTL filled in, or an external `endpoint`. Tables exist when the promise resolves. Nothing is
 * module state: several can run side by side in one process.
 *
 * The embedded dynalite gets transactions (TransactWriteItems, TransactGetItems) from our
 * interceptor. PartiQL (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction) is not
 * supported: the SDK throws `UnknownOperationException` (HTTP 400, not retried) with the message
 * "<Operation> is not supported by the embedded DynamoDB of apigw-ws-local (dynalite has no
 * PartiQL): use the item operations or TransactWriteItems/TransactGetItems, or point the emulator
 * at DynamoDB Local with its DynamoDB endpoint option". Without our interceptor, dynalite's message
 * would be just "UnknownError".
 *
 * @throws EmulatorError ERR_INVALID_OPTIONS (options, persist directory in use, external endpoint
 * unusable), ERR_LISTEN or ERR_DYNAMODB_CRASHED, before anything is left running.
 */
export async function startDynamoDb(options: DynamoDbOptions = {}): Promise<DynamoDbHandle> {
  const resolved = resolveDynamoDbOptions(options);
  return resolved.endpoint === undefined ? startDynamoDbWorker(resolved) : startExternalDynamoDb(resolved);
}
