import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger, type Logger } from '../log/logger.js';
import { errorName, type DynamoDbCaller } from './dynamodb-caller.js';
import type { KeyAttribute, Projection, TableDefinition } from './table-definition.js';

type KeySchema = Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;

/** How to wait for a table to become ACTIVE: ask DescribeTable every `pollMs`, at most `attempts` times. */
export interface ActivePolling {
  readonly pollMs: number;
  readonly attempts: number;
}

/** Real DynamoDB takes seconds to create a table: ask every 0.5 s for up to 2 minutes. */
export const EXTERNAL_ACTIVE_POLLING: ActivePolling = { pollMs: 500, attempts: 240 };
/**
 * dynalite (createTableMs 0) marks a table ACTIVE on its next timer tick plus a store write, which
 * on disk can lose the race with the first PutItem. Asking again at once (each round trip yields)
 * needs no timer of ours, so it also works when a test fakes timers; then dynalite's own timer
 * never fires, and the attempts run out with an error that says so.
 */
export const EMBEDDED_ACTIVE_POLLING: ActivePolling = { pollMs: 0, attempts: 500 };

/** The CreateTable input for a table: on-demand capacity (PAY_PER_REQUEST), every attribute defined once. */
export function buildCreateTableInput(table: TableDefinition): Record<string, unknown> {
  const attributes = new Map<string, KeyAttribute>();
  const keySchema = (hashKey: KeyAttribute, rangeKey: KeyAttribute | undefined): KeySchema => {
    for (const key of [hashKey, rangeKey]) if (key) attributes.set(key.name, key);
    return [{ AttributeName: hashKey.name, KeyType: 'HASH' }, ...(rangeKey ? [{ AttributeName: rangeKey.name, KeyType: 'RANGE' as const }] : [])];
  };
  const KeySchema = keySchema(table.hashKey, table.rangeKey);
  const GlobalSecondaryIndexes = table.globalSecondaryIndexes.map((index) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.hashKey, index.rangeKey),
    Projection: buildProjection(index.projection),
  }));
  return {
    TableName: table.name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()].map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
    KeySchema,
    ...(GlobalSecondaryIndexes.length > 0 ? { GlobalSecondaryIndexes } : {}),
  };
}

function buildProjection(projection: Projection): Record<string, unknown> {
  if (typeof projection === 'string') return { ProjectionType: projection };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection] };
}

/** A table could not be created or checked; the message names the table and the cause. */
export class TableSetupError extends Error {
  readonly tableName: string;

  constructor(tableName: string, cause: unknown) {
    super(`table ${tableName}: ${errorName(cause)}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TableSetupError';
    this.tableName = tableName;
  }
}

export interface CreateTablesOptions {
  readonly logger?: Logger;
  /** Wait until each table and its indexes are ACTIVE. Default: do not wait. */
  readonly waitUntilActive?: ActivePolling;
}

/**
 * Creates each table unless it exists. An existing table (persisted data, or an external
 * endpoint) is kept as it is, with a warning when its keys differ from the definition.
 * @returns the names of the tables it created.
 * @throws TableSetupError naming the table and the cause.
 */
export async function createTables(caller: DynamoDbCaller, tables: readonly TableDefinition[], options: CreateTablesOptions = {}): Promise<string[]> {
  const logger = options.logger ?? silentLogger;
  const created: string[] = [];
  for (const table of tables) {
    try {
      if (await createTable(caller, table, logger)) created.push(table.name);
      if (options.waitUntilActive) await waitUntilActive(caller, table.name, options.waitUntilActive);
    } catch (error) {
      throw new TableSetupError(table.name, error);
    }
  }
  return created;
}

/** Creates the table; false when it already exists (kept as it is). */
async function createTable(caller: DynamoDbCaller, table: TableDefinition, logger: Logger): Promise<boolean> {
  const input = buildCreateTableInput(table);
  try {
    await caller.call('CreateTable', input);
    logger.debug(`DynamoDB: created table ${table.name}`);
    return true;
  } catch (error) {
    if (errorName(error) !== 'ResourceInUseException') throw error;
    await warnIfKeysDiffer(caller, table.name, input.KeySchema as KeySchema, logger);
    return false;
  }
}

async function warnIfKeysDiffer(caller: DynamoDbCaller, name: string, wanted: KeySchema, logger: Logger): Promise<void> {
  const { Table } = await caller.call<{ Table: { KeySchema: KeySchema } }>('DescribeTable', { TableName: name });
  const show = (schema: KeySchema) => schema.map((key) => `${key.AttributeName} ${key.KeyType}`).join(', ');
  if (show(Table.KeySchema) === show(wanted)) {
    logger.debug(`DynamoDB: table ${name} exists, kept with its data`);
    return;
  }
  logger.warn(
    `DynamoDB: table ${name} exists with keys (${show(Table.KeySchema)}), not the configured (${show(wanted)}); ` +
      'it is kept as it is: delete it (or the persist directory) to recreate it',
  );
}

async function waitUntilActive(caller: DynamoDbCaller, name: string, polling: ActivePolling): Promise<void> {
  let status: string | undefined;
  for (let attempt = 1; attempt <= polling.attempts; attempt += 1) {
    const { Table } = await caller.call<{ Table: { TableStatus?: string; GlobalSecondaryIndexes?: Array<{ IndexStatus?: string }> } }>('DescribeTable', {
      TableName: name,
    });
    const indexesActive = (Table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === undefined || index.IndexStatus === 'ACTIVE');
    if (Table.TableStatus === 'ACTIVE' && indexesActive) return;
    status = Table.TableStatus;
    if (polling.pollMs > 0) await sleep(polling.pollMs);
  }
  throw new Error(
    `still ${status} after ${polling.attempts} DescribeTable calls` +
      (polling.pollMs === 0 ? ": dynalite's timers did not run (fake timers? start the emulator before faking them)" : ''),
  );
}
