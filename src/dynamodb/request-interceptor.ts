import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Clock } from '../util/clock.js';
import { isRecord } from '../util/is-record.js';
import { ReadWriteLock } from '../util/read-write-lock.js';
import { DynamoDbServiceError, type DynamoDbCaller } from './dynamodb-caller.js';
import { readBody, readOperation, sendError, sendJson, UNKNOWN_OPERATION_ERROR, VALIDATION_ERROR, type DynamoDbAnswer } from './json-protocol.js';
import { transactGet } from './transact-get.js';
import { TransactWriter } from './transact-write.js';
import type { TtlRegistry } from './ttl-registry.js';

/**
 * Operations dynalite 4 does not implement that apps commonly call (PartiQL). dynalite answers them
 * with `UnknownOperationException` and no message, so the SDK throws `name: 'UnknownOperationException'`,
 * `message: 'UnknownError'` (HTTP 400, not retried). We keep the name and status and say why.
 */
export const UNSUPPORTED_OPERATIONS: ReadonlySet<string> = new Set(['ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']);

/** Operations that write: each holds the lock alone, so none lands inside a transaction. */
const EXCLUSIVE_OPERATIONS: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'CreateTable',
  'UpdateTable',
  'DeleteTable',
]);
/** Operations that read items: they share the lock, so none sees a transaction halfway. */
const SHARED_OPERATIONS: ReadonlySet<string> = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);

/** Header by which the emulator's own requests (made while it holds the lock) pass it. */
export const INTERNAL_REQUEST_HEADER = 'x-apigw-ws-local-internal';

export interface RequestInterceptorOptions {
  readonly registry: TtlRegistry;
  /** Where every other request goes, untouched: dynalite's own request listener. */
  readonly forward: RequestListener;
  /** Resolves when the table exists; rejects with the DynamoDB error otherwise (ResourceNotFoundException...). */
  readonly describeTable: (tableName: unknown) => Promise<unknown>;
  /**
   * Reaches dynalite around the lock, for transactions: every request it sends carries
   * `INTERNAL_REQUEST_HEADER` with the value `internalToken`.
   */
  readonly internalCaller: DynamoDbCaller;
  /** A secret of this instance, so no other client can pass the lock. */
  readonly internalToken: string;
  /** Time of the `ClientRequestToken` window of TransactWriteItems. */
  readonly clock: Clock;
  readonly logger?: Logger;
}

/** `1 validation error detected: ...` as DynamoDB words a null member. */
const nullMember = (path: string) => `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`;

/**
 * A request listener in front of dynalite that fills its gaps:
 * - TTL: it answers UpdateTimeToLive and DescribeTimeToLive itself from the registry (dynalite
 *   refuses the first and always says DISABLED to the second), and drops a table's TTL when
 *   DeleteTable succeeds. https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
 * - Transactions: TransactWriteItems and TransactGetItems, built from single-item calls under a
 *   readers-writer lock that every item operation passing here takes (writes alone, reads
 *   together), so no write interleaves with a transaction and no read sees one halfway.
 * - PartiQL: refused with a message saying so.
 * Everything else goes to dynalite in the same call (after the lock, when it takes one).
 */
export function createRequestInterceptor(options: RequestInterceptorOptions): RequestListener {
  const { registry, forward, describeTable, internalCaller, internalToken } = options;
  const logger = options.logger ?? silentLogger;
  const lock = new ReadWriteLock();
  const writer = new TransactWriter({ caller: internalCaller, clock: options.clock, logger });

  async function answerTransaction(operation: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const input = await readJsonObject(request);
    if (input === undefined) return sendSerializationError(response);
    const answer: DynamoDbAnswer =
      operation === 'TransactWriteItems'
        ? await lock.run(true, () => writer.transactWrite(input))
        : await lock.run(false, () => transactGet(internalCaller, input));
    sendJson(response, answer.statusCode, answer.body);
  }

  async function answerTimeToLive(operation: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const input = await readJsonObject(request);
    if (input === undefined) return sendSerializationError(response);
    const { TableName, TimeToLiveSpecification: specification } = input as { TableName?: unknown; TimeToLiveSpecification?: Record<string, unknown> };
    if (operation === 'UpdateTimeToLive') {
      const problem = findSpecificationProblem(specification);
      if (problem) return sendError(response, VALIDATION_ERROR, problem);
    }
    try {
      await describeTable(TableName);
    } catch (error) {
      if (error instanceof DynamoDbServiceError) return sendError(response, error.type, error.message, error.statusCode);
      throw error;
    }
    const table = TableName as string;
    if (operation === 'DescribeTimeToLive') return sendJson(response, 200, { TimeToLiveDescription: registry.describe(table) });
    const accepted = { AttributeName: specification?.AttributeName as string, Enabled: specification?.Enabled as boolean };
    const refusal = registry.update(table, accepted);
    if (refusal) return sendError(response, VALIDATION_ERROR, refusal);
    logger.info(`DynamoDB: TTL ${accepted.Enabled ? `enabled on ${table}.${accepted.AttributeName}` : `disabled on ${table}`}`);
    sendJson(response, 200, { TimeToLiveSpecification: accepted });
  }

  async function refuseUnsupported(operation: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    await readBody(request);
    sendError(
      response,
      UNKNOWN_OPERATION_ERROR,
      `${operation} is not supported by the embedded DynamoDB of apigw-ws-local (dynalite has no PartiQL): ` +
        'use the item operations or TransactWriteItems/TransactGetItems, or point the emulator at DynamoDB Local with its DynamoDB endpoint option',
    );
  }

  return (request, response) => {
    const operation = readOperation(request);
    const fail = (error: unknown) => {
      logger.error(`DynamoDB: ${operation} failed in the emulator: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendError(response, 'com.amazonaws.dynamodb.v20120810#InternalServerError', 'Internal server error', 500);
    };
    if (request.headers[INTERNAL_REQUEST_HEADER] === internalToken) {
      forward(request, response);
      return;
    }
    if (operation === 'UpdateTimeToLive' || operation === 'DescribeTimeToLive') {
      answerTimeToLive(operation, request, response).catch(fail);
      return;
    }
    if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
      answerTransaction(operation, request, response).catch(fail);
      return;
    }
    if (UNSUPPORTED_OPERATIONS.has(operation)) {
      refuseUnsupported(operation, request, response).catch(fail);
      return;
    }
    const exclusive = EXCLUSIVE_OPERATIONS.has(operation);
    if (!exclusive && !SHARED_OPERATIONS.has(operation)) {
      forward(request, response);
      return;
    }
    // Granted in this same call when the lock is free; otherwise the body waits unread (paused).
    lock.acquire(exclusive, (release) => {
      response.once('close', release);
      if (operation === 'DeleteTable') watchDeleteTable(request, response, registry);
      forward(request, response);
    });
  };
}

/** The request body as a JSON object, or undefined when it is not one. */
async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    const input: unknown = JSON.parse((await readBody(request)).toString('utf8'));
    return isRecord(input) ? input : undefined;
  } catch {
    return undefined;
  }
}

function sendSerializationError(response: ServerResponse): void {
  sendJson(response, 400, { __type: 'com.amazon.coral.service#SerializationException' });
}

function findSpecificationProblem(specification: Record<string, unknown> | undefined): string | undefined {
  if (typeof specification !== 'object' || specification === null) return nullMember('timeToLiveSpecification');
  if (typeof specification.Enabled !== 'boolean') return nullMember('timeToLiveSpecification.enabled');
  const name = specification.AttributeName;
  if (typeof name !== 'string') return nullMember('timeToLiveSpecification.attributeName');
  if (name.length < 1 || name.length > 255) {
    return `1 validation error detected: Value '${name}' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length between 1 and 255`;
  }
  return undefined;
}

/** Reads the body alongside dynalite (a second 'data' listener) and forgets the table's TTL once it is deleted. */
function watchDeleteTable(request: IncomingMessage, response: ServerResponse, registry: TtlRegistry): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('finish', () => {
    if (response.statusCode !== 200) return;
    try {
      const { TableName } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { TableName?: unknown };
      if (typeof TableName === 'string') registry.drop(TableName);
    } catch {
      // dynalite accepted it, so it was JSON; nothing to forget otherwise.
    }
  });
}
