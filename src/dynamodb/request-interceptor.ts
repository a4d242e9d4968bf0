import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { silentLogger, type Logger } from '../log/logger.js';
import { DynamoDbServiceError } from './dynamodb-caller.js';
import { readBody, readOperation, sendError, sendJson, UNKNOWN_OPERATION_ERROR, VALIDATION_ERROR } from './json-protocol.js';
import type { TtlRegistry } from './ttl-registry.js';

/**
 * Operations dynalite 4 does not implement that apps commonly call. dynalite answers them with
 * `UnknownOperationException` and no message, so the SDK throws `name: 'UnknownOperationException'`,
 * `message: 'UnknownError'` (HTTP 400, not retried). We keep the name and status and say why.
 */
export const UNSUPPORTED_OPERATIONS: ReadonlySet<string> = new Set([
  'TransactWriteItems',
  'TransactGetItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);

export interface RequestInterceptorOptions {
  readonly registry: TtlRegistry;
  /** Where every other request goes, untouched: dynalite's own request listener. */
  readonly forward: RequestListener;
  /** Resolves when the table exists; rejects with the DynamoDB error otherwise (ResourceNotFoundException...). */
  readonly describeTable: (tableName: unknown) => Promise<unknown>;
  readonly logger?: Logger;
}

/** `1 validation error detected: ...` as DynamoDB words a null member. */
const nullMember = (path: string) => `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`;

/**
 * A request listener in front of dynalite that fills its TTL gap: it answers UpdateTimeToLive
 * and DescribeTimeToLive itself from the registry (dynalite refuses the first and always says
 * DISABLED to the second), drops a table's TTL when DeleteTable succeeds, gives the unsupported
 * operations a message, and hands everything else to dynalite in the same call, with no extra
 * hop. Response shapes: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
 */
export function createRequestInterceptor(options: RequestInterceptorOptions): RequestListener {
  const { registry, forward, describeTable } = options;
  const logger = options.logger ?? silentLogger;

  async function answerTimeToLive(operation: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    let input: unknown;
    try {
      input = JSON.parse((await readBody(request)).toString('utf8'));
    } catch {
      input = undefined;
    }
    if (typeof input !== 'object' || input === null) return sendJson(response, 400, { __type: 'com.amazon.coral.service#SerializationException' });
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
      `${operation} is not supported by the embedded DynamoDB of apigw-ws-local (dynalite has no transactions and no PartiQL): ` +
        'use single-item operations, or point the emulator at DynamoDB Local with its DynamoDB endpoint option',
    );
  }

  return (request, response) => {
    const operation = readOperation(request);
    const fail = (error: unknown) => {
      logger.error(`DynamoDB: ${operation} failed in the emulator: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendError(response, 'com.amazonaws.dynamodb.v20120810#InternalServerError', 'Internal server error', 500);
    };
    if (operation === 'UpdateTimeToLive' || operation === 'DescribeTimeToLive') {
      answerTimeToLive(operation, request, response).catch(fail);
      return;
    }
    if (UNSUPPORTED_OPERATIONS.has(operation)) {
      refuseUnsupported(operation, request, response).catch(fail);
      return;
    }
    if (operation === 'DeleteTable') watchDeleteTable(request, response, registry);
    forward(request, response);
  };
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
