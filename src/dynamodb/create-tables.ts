import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger, type Logger } from '../log/logger.js';
import { errorName, type DynamoDbCaller } from './dynamodb-caller.js';
import type { KeyAttribute, Projection, TableDefinition } from './table-definition.js';

type KeySchema = Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;

/** How long to wait for an external table to become ACTIVE (real DynamoDB takes seconds). */
export const TABLE_ACTIVE_TIMEOUT_MS = 120_000;
const TABLE_ACTIVE_POLL_MS = 500;

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
  /** Poll DescribeTable until each table is ACTIVE (external endpoints; dynalite with createTableMs 0 needs no wait). */
  readonly waitUntilActive?: boolean;
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
      if (options.waitUntilActive) await waitUntilActive(caller, table.name);
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

async function waitUntilActive(caller: DynamoDbCaller, name: string): Promise<void> {
  const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table } = await caller.call<{ Table: { TableStatus?: string; GlobalSecondaryIndexes?: Array<{ IndexStatus?: string }> } }>('DescribeTable', { TableName: name });
    const indexesActive = (Table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === undefined || index.IndexStatus === 'ACTIVE');
    if (Table.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${name} is still ${Table.TableStatus} after ${TABLE_ACTIVE_TIMEOUT_MS / 1000} s`);
    await sleep(TABLE_ACTIVE_POLL_MS);
  }
}
