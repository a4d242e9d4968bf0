// An external endpoint (here a plain dynalite we start ourselves, standing in for DynamoDB Local):
// nothing is started, tables are created there if missing.
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { startDynamoDb } from '../../src/dynamodb/index.js';
import { CREDENTIALS, createClients, startPlainDynalite, useCleanup } from '../unit/dynamodb/helpers.js';

describe('external DynamoDB endpoint', () => {
  const cleanup = useCleanup();

  function captureLogs() {
    const lines: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    return { lines, logger };
  }

  it('creates missing tables there, tolerates existing ones, and starts nothing', async () => {
    const endpoint = await startPlainDynalite(cleanup);
    const { client, documents } = createClients(endpoint, cleanup);
    const tables = [{ name: 'connections', hashKey: 'connectionId' }];

    const first = await startDynamoDb({ endpoint, tables, credentials: CREDENTIALS });
    cleanup(() => first.stop());
    expect(first).toMatchObject({ endpoint, mode: 'external' });
    await documents.send(new PutCommand({ TableName: 'connections', Item: { connectionId: 'c1' } }));
    await first.stop();

    // The table exists now (ResourceInUseException): kept, data and all.
    const second = await startDynamoDb({
      endpoint: `${endpoint}/`,
      tables: [...tables, { name: 'rooms', hashKey: 'room', rangeKey: 'connectionId' }],
      credentials: CREDENTIALS,
    });
    cleanup(() => second.stop());
    expect(second.endpoint).toBe(endpoint);
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['connections', 'rooms']);
    expect((await documents.send(new GetCommand({ TableName: 'connections', Key: { connectionId: 'c1' } }))).Item).toEqual({ connectionId: 'c1' });
    expect(await second.sweepExpiredItems()).toBe(0);
  });

  it('warns, without failing, when the endpoint cannot enable TTL', async () => {
    const endpoint = await startPlainDynalite(cleanup);
    const { lines, logger } = captureLogs();
    const db = await startDynamoDb({
      endpoint,
      tables: [{ name: 'connections', hashKey: 'connectionId', ttlAttribute: 'ttl' }],
      credentials: CREDENTIALS,
      logger,
    });
    cleanup(() => db.stop());
    expect(lines).toEqual([
      `DynamoDB: could not enable TTL on connections.ttl at ${endpoint} (UnknownOperationException: UnknownError); its items will not expire`,
    ]);
  });

  it('warns when an existing table has other keys than configured', async () => {
    const endpoint = await startPlainDynalite(cleanup);
    const first = await startDynamoDb({ endpoint, tables: [{ name: 'connections', hashKey: 'id' }], credentials: CREDENTIALS });
    cleanup(() => first.stop());
    const { lines, logger } = captureLogs();
    const second = await startDynamoDb({ endpoint, tables: [{ name: 'connections', hashKey: 'connectionId' }], credentials: CREDENTIALS, logger });
    cleanup(() => second.stop());
    expect(lines).toEqual([
      'DynamoDB: table connections exists with keys (id HASH), not the configured (connectionId HASH); it is kept as it is: delete it (or the persist directory) to recreate it',
    ]);
  });

  it('fails with a clear error when nothing answers at the endpoint', async () => {
    const closed = 'http://127.0.0.1:1';
    const attempt = startDynamoDb({ endpoint: closed, tables: [{ name: 'connections', hashKey: 'connectionId' }], credentials: CREDENTIALS });
    await expect(attempt).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      message:
        `endpoint: cannot set up the tables at ${closed} (table connections: Error: connect ECONNREFUSED 127.0.0.1:1); ` +
        'check that DynamoDB runs there and the credentials and region are right, or remove endpoint to use the embedded dynalite',
    });
  });
});
