// Transactions on the embedded DynamoDB through the real AWS SDK v3 (DocumentClient and the
// low-level client): all or nothing, cancellation reasons in order, idempotency tokens on the
// emulator's clock, the request limits, and concurrent transactions that never interleave.
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, TransactGetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { startDynamoDb } from '../../src/dynamodb/index.js';
import { createClients, createManualClock, useCleanup } from '../unit/dynamodb/helpers.js';

const TABLE = 'accounts';
const CANCELLED = 'Transaction cancelled, please refer cancellation reasons for specific reasons';
const MISMATCH = 'DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.';

describe('embedded DynamoDB transactions', () => {
  const cleanup = useCleanup();

  async function start(items: Array<Record<string, unknown>> = []) {
    const clock = createManualClock();
    const db = await startDynamoDb({ tables: [{ name: TABLE, hashKey: 'id' }, { name: 'audit', hashKey: 'id' }], clock });
    cleanup(() => db.stop());
    const clients = createClients(db.endpoint, cleanup);
    for (const Item of items) await clients.documents.send(new PutCommand({ TableName: TABLE, Item }));
    const all = async () =>
      (await clients.documents.send(new ScanCommand({ TableName: TABLE }))).Items?.sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const get = async (id: string) => (await clients.documents.send(new GetCommand({ TableName: TABLE, Key: { id } }))).Item;
    return { clock, ...clients, all, get };
  }

  it('applies Put, Update, Delete and ConditionCheck together, across tables', async () => {
    const { documents, all, get } = await start([{ id: 'alice', balance: 100 }, { id: 'bob', balance: 0 }, { id: 'old', balance: 1 }]);
    const output = await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: TABLE, Key: { id: 'alice' }, UpdateExpression: 'SET balance = balance - :x',
            ConditionExpression: 'balance >= :x', ExpressionAttributeValues: { ':x': 30 } } },
          { Update: { TableName: TABLE, Key: { id: 'bob' }, UpdateExpression: 'ADD balance :x', ExpressionAttributeValues: { ':x': 30 } } },
          { Delete: { TableName: TABLE, Key: { id: 'old' }, ConditionExpression: 'attribute_exists(id)' } },
          { ConditionCheck: { TableName: TABLE, Key: { id: 'carol' }, ConditionExpression: 'attribute_not_exists(id)' } },
          { Put: { TableName: 'audit', Item: { id: 't1', amount: 30 }, ConditionExpression: 'attribute_not_exists(id)' } },
        ],
      }),
    );
    expect(output.$metadata.httpStatusCode).toBe(200);
    // The ConditionCheck on a missing item leaves no item behind.
    expect(await all()).toEqual([{ id: 'alice', balance: 70 }, { id: 'bob', balance: 30 }]);
    expect((await documents.send(new GetCommand({ TableName: 'audit', Key: { id: 't1' } }))).Item).toEqual({ id: 't1', amount: 30 });
    expect(await get('carol')).toBeUndefined();
  });

  it('cancels on a failed condition with the reasons in request order, and writes nothing', async () => {
    const { documents, all } = await start([{ id: 'alice', balance: 10 }, { id: 'bob', balance: 0 }]);
    const before = await all();
    const error = await documents
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { id: 'carol', balance: 5 } } },
            { Update: { TableName: TABLE, Key: { id: 'alice' }, UpdateExpression: 'SET balance = balance - :x',
              ConditionExpression: 'balance >= :x', ExpressionAttributeValues: { ':x': 30 } } },
            { Delete: { TableName: TABLE, Key: { id: 'bob' } } },
            { ConditionCheck: { TableName: TABLE, Key: { id: 'dave' }, ConditionExpression: 'attribute_exists(id)' } },
          ],
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'TransactionCanceledException',
      message: `${CANCELLED} [None, ConditionalCheckFailed, None, ConditionalCheckFailed]`,
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect((error as { CancellationReasons: unknown }).CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    expect(await all()).toEqual(before);
  });

  it('puts the item in the reason with ReturnValuesOnConditionCheckFailure ALL_OLD, and none when it is missing', async () => {
    const { client, get } = await start([{ id: 'alice', balance: 10 }]);
    const error = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: TABLE,
                Key: { id: { S: 'alice' } },
                UpdateExpression: 'SET balance = :zero',
                ConditionExpression: 'balance > :hundred',
                ExpressionAttributeValues: { ':zero': { N: '0' }, ':hundred': { N: '100' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              ConditionCheck: {
                TableName: TABLE,
                Key: { id: { S: 'nobody' } },
                ConditionExpression: 'attribute_exists(id)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'TransactionCanceledException', message: `${CANCELLED} [ConditionalCheckFailed, ConditionalCheckFailed]` });
    expect((error as { CancellationReasons: unknown }).CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { id: { S: 'alice' }, balance: { N: '10' } } },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    expect(await get('alice')).toEqual({ id: 'alice', balance: 10 });
  });

  it('reports an error that depends on the stored item as a ValidationError reason', async () => {
    const { documents, all } = await start([{ id: 'alice', name: 'Alice' }]);
    const error = await documents
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { id: 'bob' } } },
            {
              Update: { TableName: TABLE, Key: { id: 'alice' }, UpdateExpression: 'SET balance = unsetField + :one', ExpressionAttributeValues: { ':one': 1 } },
            },
          ],
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'TransactionCanceledException', message: `${CANCELLED} [None, ValidationError]` });
    expect((error as { CancellationReasons: unknown }).CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'ValidationError', Message: 'The provided expression refers to an attribute that does not exist in the item' },
    ]);
    expect(await all()).toEqual([{ id: 'alice', name: 'Alice' }]);
  });

  it('undoes the actions already applied when a later one is refused by request validation', async () => {
    const { documents, all } = await start([{ id: 'alice', balance: 10 }]);
    const attempt = documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { id: 'bob', balance: 1 } } },
          {
            Update: {
              TableName: TABLE,
              Key: { id: 'alice' },
              UpdateExpression: 'SET balance = :zero',
              ExpressionAttributeValues: { ':zero': 0, ':unused': 1 },
            },
          },
        ],
      }),
    );
    await expect(attempt).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
    });
    expect(await all()).toEqual([{ id: 'alice', balance: 10 }]);
  });

  it('answers a retry with the same ClientRequestToken without writing again, for 10 minutes', async () => {
    const { documents, clock, get } = await start([{ id: 'alice', visits: 0 }]);
    const increment = (ClientRequestToken: string, by = 1): TransactWriteCommandInput => ({
      ClientRequestToken,
      TransactItems: [{ Update: { TableName: TABLE, Key: { id: 'alice' }, UpdateExpression: 'ADD visits :by', ExpressionAttributeValues: { ':by': by } } }],
    });
    await documents.send(new TransactWriteCommand(increment('token-1')));
    await documents.send(new TransactWriteCommand(increment('token-1')));
    expect(await get('alice')).toEqual({ id: 'alice', visits: 1 });

    await expect(documents.send(new TransactWriteCommand(increment('token-1', 5)))).rejects.toMatchObject({
      name: 'IdempotentParameterMismatchException',
      message: MISMATCH,
      $metadata: { httpStatusCode: 400 },
    });
    expect(await get('alice')).toEqual({ id: 'alice', visits: 1 });

    clock.advance(10 * 60 * 1000 - 1);
    await documents.send(new TransactWriteCommand(increment('token-1')));
    expect(await get('alice')).toEqual({ id: 'alice', visits: 1 });
    clock.advance(1);
    await documents.send(new TransactWriteCommand(increment('token-1', 5)));
    expect(await get('alice')).toEqual({ id: 'alice', visits: 6 });
  });

  it('refuses more than 100 actions before writing anything', async () => {
    const { documents, all } = await start();
    const TransactItems = Array.from({ length: 101 }, (_, index) => ({ Put: { TableName: TABLE, Item: { id: `item-${index}` } } }));
    const error = await documents.send(new TransactWriteCommand({ TransactItems })).catch((caught: unknown) => caught);
    const member = 'com\\.amazonaws\\.dynamodb\\.v20120810\\.TransactWriteItem@[0-9a-f]{1,8}';
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toMatch(
      new RegExp(`^1 validation error detected: Value '\\[(${member}, ){100}${member}\\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$`),
    );
    expect(await all()).toEqual([]);
    const gets = Array.from({ length: 101 }, (_, index) => ({ Get: { TableName: TABLE, Key: { id: `item-${index}` } } }));
    const getError = await documents.send(new TransactGetCommand({ TransactItems: gets })).catch((caught: unknown) => caught);
    expect((getError as Error).message).toMatch(
      new RegExp(`^1 validation error detected: Value '\\[(${member.replace('Write', 'Get')}, ){100}${member.replace('Write', 'Get')}\\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$`),
    );
    // 100 is allowed.
    await documents.send(new TransactWriteCommand({ TransactItems: TransactItems.slice(0, 100) }));
    expect(await all()).toHaveLength(100);
  });

  it('refuses two actions on one item before writing anything', async () => {
    const { documents, all } = await start([{ id: 'alice', balance: 1 }]);
    const attempt = documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { id: 'bob' } } },
          { Update: { TableName: TABLE, Key: { id: 'alice' }, UpdateExpression: 'ADD balance :one', ExpressionAttributeValues: { ':one': 1 } } },
          { ConditionCheck: { TableName: TABLE, Key: { id: 'alice' }, ConditionExpression: 'attribute_exists(id)' } },
        ],
      }),
    );
    await expect(attempt).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Transaction request cannot include multiple operations on one item',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await all()).toEqual([{ id: 'alice', balance: 1 }]);
  });

  it('never interleaves concurrent transactions, and no read sees one halfway', async () => {
    const { documents, get } = await start([{ id: 'a', n: 0 }, { id: 'b', n: 0 }]);
    const add = (conditionOnB: string) =>
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            ['a', 'n < :limit'],
            ['b', conditionOnB],
          ].map(([id, ConditionExpression]) => ({
            Update: {
              TableName: TABLE,
              Key: { id },
              UpdateExpression: 'SET n = n + :one',
              ConditionExpression,
              ExpressionAttributeValues: { ':one': 1, ':limit': 20 },
            },
          })),
        }),
      );
    const snapshots: Array<[unknown, unknown]> = [];
    const read = async () => {
      const { Responses } = await documents.send(
        new TransactGetCommand({ TransactItems: ['a', 'b'].map((id) => ({ Get: { TableName: TABLE, Key: { id } } })) }),
      );
      snapshots.push([Responses?.[0]?.Item?.n, Responses?.[1]?.Item?.n]);
      const [a, b] = await Promise.all([get('a'), get('b')]);
      snapshots.push([a?.n, b?.n]);
    };
    const outcomes = (results: PromiseSettledResult<unknown>[]) =>
      results.map((result) => (result.status === 'fulfilled' ? 'ok' : (result.reason as Error).name));
    // 25 that increment both below a limit of 20; 20 that would increment `a` but fail on `b`; 20 readers.
    const [increments, failures, reads] = await Promise.all([
      Promise.allSettled(Array.from({ length: 25 }, () => add('n < :limit'))),
      Promise.allSettled(Array.from({ length: 20 }, () => add('n > :limit'))),
      Promise.allSettled(Array.from({ length: 20 }, read)),
    ]);
    expect(outcomes(increments).sort()).toEqual([...Array(20).fill('ok'), ...Array(5).fill('TransactionCanceledException')].sort());
    expect(outcomes(failures)).toEqual(Array(20).fill('TransactionCanceledException'));
    expect(outcomes(reads)).toEqual(Array(20).fill('ok'));
    expect(snapshots).toHaveLength(40);
    for (const [a, b] of snapshots) expect(a).toBe(b);
    expect([await get('a'), await get('b')]).toEqual([{ id: 'a', n: 20 }, { id: 'b', n: 20 }]);
  });

  it('TransactGetItems answers in request order, {} for a missing item, with projections', async () => {
    const { documents } = await start([{ id: 'alice', balance: 10, email: 'a@example.com' }, { id: 'bob', balance: 0 }]);
    const { Responses } = await documents.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: TABLE, Key: { id: 'bob' } } },
          { Get: { TableName: TABLE, Key: { id: 'nobody' } } },
          { Get: { TableName: TABLE, Key: { id: 'alice' }, ProjectionExpression: '#b, email', ExpressionAttributeNames: { '#b': 'balance' } } },
          { Get: { TableName: 'audit', Key: { id: 'alice' } } },
        ],
      }),
    );
    expect(Responses).toEqual([{ Item: { id: 'bob', balance: 0 } }, {}, { Item: { balance: 10, email: 'a@example.com' } }, {}]);
  });

  it('passes DynamoDB errors of a member through: a missing table, a key that does not match the schema', async () => {
    const { documents } = await start();
    await expect(documents.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: 'missing', Key: { id: 'a' } } }] }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found',
    });
    await expect(documents.send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: TABLE, Key: { other: 'a' } } }] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'The provided key element does not match the schema',
    });
  });
});
