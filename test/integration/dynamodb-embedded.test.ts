// The embedded DynamoDB through the real AWS SDK v3: tables from configuration, several
// instances side by side, and what the SDK user sees for PartiQL, which dynalite lacks.
import { DescribeTableCommand, ExecuteStatementCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { startDynamoDb, type DynamoDbOptions } from '../../src/dynamodb/index.js';
import { EmulatorError } from '../../src/errors.js';
import { createClients, useCleanup } from '../unit/dynamodb/helpers.js';

describe('embedded DynamoDB', () => {
  const cleanup = useCleanup();

  async function start(options: DynamoDbOptions) {
    const db = await startDynamoDb(options);
    cleanup(() => db.stop());
    return { db, ...createClients(db.endpoint, cleanup) };
  }

  it('creates the configured tables before resolving, and a GSI answers queries', async () => {
    const { db, client, documents } = await start({
      tables: [
        { name: 'connections', hashKey: 'connectionId', ttlAttribute: 'ttl' },
        {
          name: 'rooms',
          hashKey: 'room',
          rangeKey: 'connectionId',
          globalSecondaryIndexes: [{ name: 'byConnection', hashKey: 'connectionId', rangeKey: { name: 'joinedAt', type: 'N' } }],
        },
      ],
    });
    expect(db.mode).toBe('embedded');
    expect(db.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['connections', 'rooms']);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'rooms' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');

    // The first write right after start succeeds (createTableMs 0).
    await documents.send(new PutCommand({ TableName: 'rooms', Item: { room: 'lobby', connectionId: 'c1', joinedAt: 2 } }));
    await documents.send(new PutCommand({ TableName: 'rooms', Item: { room: 'games', connectionId: 'c1', joinedAt: 1 } }));
    await documents.send(new PutCommand({ TableName: 'rooms', Item: { room: 'lobby', connectionId: 'c2', joinedAt: 3 } }));
    const byConnection = await documents.send(
      new QueryCommand({
        TableName: 'rooms',
        IndexName: 'byConnection',
        KeyConditionExpression: 'connectionId = :c',
        ExpressionAttributeValues: { ':c': 'c1' },
      }),
    );
    expect(byConnection.Items).toEqual([
      { room: 'games', connectionId: 'c1', joinedAt: 1 },
      { room: 'lobby', connectionId: 'c1', joinedAt: 2 },
    ]);
  });

  it('runs two instances side by side, each with its own data', async () => {
    const tables = [{ name: 'connections', hashKey: 'connectionId' }];
    const first = await start({ tables });
    const second = await start({ tables });
    expect(first.db.endpoint).not.toBe(second.db.endpoint);
    await first.documents.send(new PutCommand({ TableName: 'connections', Item: { connectionId: 'only-in-first' } }));
    const key = { TableName: 'connections', Key: { connectionId: 'only-in-first' } };
    expect((await first.documents.send(new GetCommand(key))).Item).toEqual({ connectionId: 'only-in-first' });
    expect((await second.documents.send(new GetCommand(key))).Item).toBeUndefined();
    await first.db.stop();
    expect((await second.documents.send(new GetCommand(key))).Item).toBeUndefined();
  });

  it('stops idempotently and frees its port', async () => {
    const { db, client } = await start({});
    await Promise.all([db.stop(), db.stop()]);
    await db.stop();
    await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('tells the SDK user that PartiQL is not supported', async () => {
    const { client } = await start({ tables: [{ name: 'connections', hashKey: 'connectionId' }] });
    const error = await client.send(new ExecuteStatementCommand({ Statement: 'SELECT * FROM connections' })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'UnknownOperationException',
      message:
        'ExecuteStatement is not supported by the embedded DynamoDB of apigw-ws-local (dynalite has no PartiQL): ' +
        'use the item operations or TransactWriteItems/TransactGetItems, or point the emulator at DynamoDB Local with its DynamoDB endpoint option',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
  });

  it('refuses invalid options with every problem in one error, before starting anything', async () => {
    const attempt = startDynamoDb({
      tables: [{ name: 'ab', hashKey: 'id' }],
      endpoint: 'localhost:8000',
      ttlSweepIntervalMs: 0,
    });
    const problems = [
      'tables[0].name: "ab" is not a table name: 3 to 255 characters of a-z, A-Z, 0-9, "_", "-" or "."',
      "endpoint: \"localhost:8000\" is not an http(s) URL; write e.g. 'http://127.0.0.1:8000'",
      'ttlSweepIntervalMs: 0 is not a whole number from 1 to 86400000',
    ];
    await expect(attempt).rejects.toThrow(EmulatorError);
    await expect(attempt).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTIONS',
      message: `Invalid DynamoDB options (3 problems):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      problems,
    });
  });
});
