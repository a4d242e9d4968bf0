import { EmulatorError } from '../errors.js';
import { createTables, EXTERNAL_ACTIVE_POLLING } from './create-tables.js';
import { errorName, type DynamoDbCaller } from './dynamodb-caller.js';
import type { DynamoDbHandle } from './dynamodb-handle.js';
import type { ResolvedDynamoDbOptions } from './dynamodb-options.js';
import { createSdkCaller } from './sdk-caller.js';
import type { TableDefinition } from './table-definition.js';

/**
 * Uses an external DynamoDB (DynamoDB Local, a real account): creates the missing tables there,
 * waits until they are ACTIVE, and enables TTL where a table asks for it. Nothing is started.
 */
export async function startExternalDynamoDb(options: ResolvedDynamoDbOptions): Promise<DynamoDbHandle> {
  const endpoint = options.endpoint as string;
  const { logger } = options;
  const caller = await createSdkCaller({ endpoint, region: options.region, ...(options.credentials ? { credentials: options.credentials } : {}) });
  // At start and for the tables a reloaded project adds: created unless they exist, TTL on where asked.
  const addTables = async (tables: readonly TableDefinition[]): Promise<string[]> => {
    const created = await createTables(caller, tables, { logger, waitUntilActive: EXTERNAL_ACTIVE_POLLING });
    for (const table of tables) await enableTimeToLive(caller, table, endpoint, options);
    return created;
  };
  try {
    await addTables(options.tables);
  } catch (error) {
    caller.close();
    throw new EmulatorError(
      'ERR_INVALID_OPTIONS',
      `endpoint: cannot set up the tables at ${endpoint} (${(error as Error).message}); ` +
        'check that DynamoDB runs there and the credentials and region are right, or remove endpoint to use the embedded dynalite',
      { cause: error },
    );
  }
  logger.info(`DynamoDB: using ${endpoint} (tables: ${options.tables.map((table) => table.name).join(', ') || 'none'})`);
  let stopped = false;
  return {
    endpoint,
    mode: 'external',
    sweepExpiredItems: async () => 0,
    whenSweepIdle: async () => undefined,
    addTables,
    async stop() {
      if (stopped) return;
      stopped = true;
      caller.close();
    },
  };
}

async function enableTimeToLive(caller: DynamoDbCaller, table: TableDefinition, endpoint: string, options: ResolvedDynamoDbOptions): Promise<void> {
  if (table.ttlAttribute === undefined) return;
  try {
    await caller.call('UpdateTimeToLive', { TableName: table.name, TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } });
  } catch (error) {
    // AWS refuses to enable TTL twice ("TimeToLive is already enabled"): it is on, which is what we want.
    if (errorName(error) === 'ValidationException' && /already enabled/.test((error as Error).message)) return;
    options.logger.warn(`DynamoDB: could not enable TTL on ${table.name}.${table.ttlAttribute} at ${endpoint} (${errorName(error)}: ${(error as Error).message}); its items will not expire`);
  }
}
