import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DynamoDbServiceError } from '../../../src/dynamodb/dynamodb-caller.js';
import { createRequestInterceptor } from '../../../src/dynamodb/request-interceptor.js';
import { TtlRegistry } from '../../../src/dynamodb/ttl-registry.js';
import { systemClock } from '../../../src/util/clock.js';
import { useCleanup } from './helpers.js';

const NOT_FOUND = 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException';

describe('createRequestInterceptor', () => {
  const cleanup = useCleanup();

  /** The interceptor on a real server, in front of a fake dynalite that echoes what reached it. */
  async function start(tables: string[] = ['connections']) {
    const registry = await TtlRegistry.load();
    const forwarded: Array<{ target: string | undefined; body: string }> = [];
    const forward: RequestListener = (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        forwarded.push({ target: request.headers['x-amz-target'] as string | undefined, body: Buffer.concat(chunks).toString() });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"from":"dynalite"}');
      });
    };
    const describeTable = async (name: unknown) => {
      if (typeof name === 'string' && tables.includes(name)) return {};
      throw new DynamoDbServiceError(NOT_FOUND, 'Requested resource not found: Table: missing not found', 400);
    };
    const internalCaller = {
      call: () => Promise.reject(new Error('no dynalite behind this test server')),
      close: () => undefined,
    };
    const server = createServer(createRequestInterceptor({ registry, forward, describeTable, internalCaller, internalToken: 'secret', clock: systemClock }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const send = async (operation: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: JSON.parse(text) as unknown, text, headers: response.headers };
    };
    return { registry, forwarded, send };
  }

  it('answers DescribeTimeToLive and UpdateTimeToLive with the AWS shapes', async () => {
    const { send, forwarded } = await start();
    expect((await send('DescribeTimeToLive', { TableName: 'connections' })).body).toEqual({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } });
    const update = await send('UpdateTimeToLive', { TableName: 'connections', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } });
    expect(update).toMatchObject({ status: 200, body: { TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } } });
    expect(update.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(update.headers.get('x-amz-crc32')).toBe(String(crc32(update.text)));
    expect(update.headers.get('x-amzn-requestid')).toMatch(/^[A-Z0-9]{52}$/);
    expect((await send('DescribeTimeToLive', { TableName: 'connections' })).body).toEqual({
      TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' },
    });
    expect(forwarded).toEqual([]);
  });

  it.each<[string, string, unknown, number, unknown]>([
    [
      'a missing table',
      'UpdateTimeToLive',
      { TableName: 'missing', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } },
      400,
      { __type: NOT_FOUND, message: 'Requested resource not found: Table: missing not found' },
    ],
    [
      'a missing table (describe)',
      'DescribeTimeToLive',
      { TableName: 'missing' },
      400,
      { __type: NOT_FOUND, message: 'Requested resource not found: Table: missing not found' },
    ],
    [
      'no specification',
      'UpdateTimeToLive',
      { TableName: 'connections' },
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null",
      },
    ],
    [
      'no Enabled',
      'UpdateTimeToLive',
      { TableName: 'connections', TimeToLiveSpecification: { AttributeName: 'ttl' } },
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message: "1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null",
      },
    ],
    [
      'an empty attribute name',
      'UpdateTimeToLive',
      { TableName: 'connections', TimeToLiveSpecification: { AttributeName: '', Enabled: true } },
      400,
      {
        __type: 'com.amazon.coral.validate#ValidationException',
        message:
          "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length between 1 and 255",
      },
    ],
    ['a body that is not JSON', 'DescribeTimeToLive', '{nope', 400, { __type: 'com.amazon.coral.service#SerializationException' }],
  ])('refuses %s', async (_case, operation, body, status, expected) => {
    const { send } = await start();
    expect(await send(operation, body)).toMatchObject({ status, body: expected });
  });

  it.each(['ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction'])('refuses %s (PartiQL) with a message saying why', async (operation) => {
    const { send, forwarded } = await start();
    expect(await send(operation, { Statement: 'SELECT * FROM connections' })).toMatchObject({
      status: 400,
      body: {
        __type: 'com.amazon.coral.service#UnknownOperationException',
        message:
          `${operation} is not supported by the embedded DynamoDB of apigw-ws-local (dynalite has no PartiQL): ` +
          'use the item operations or TransactWriteItems/TransactGetItems, or point the emulator at DynamoDB Local with its DynamoDB endpoint option',
      },
    });
    expect(forwarded).toEqual([]);
  });

  it.each<[string, string, unknown, string]>([
    [
      'TransactWriteItems',
      'no TransactItems',
      {},
      "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
    ],
    [
      'TransactGetItems',
      'an empty list',
      { TransactItems: [] },
      "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'TransactWriteItems',
      'a ConditionCheck without its expression',
      { TransactItems: [{ ConditionCheck: { TableName: 'connections', Key: { connectionId: { S: 'a' } } } }] },
      "1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null",
    ],
    [
      'TransactWriteItems',
      'an Update without its expression',
      {
        TransactItems: [
          { Put: { TableName: 'connections', Item: { connectionId: { S: 'a' } } } },
          { Update: { TableName: 'connections', Key: { connectionId: { S: 'b' } } } },
        ],
      },
      "1 validation error detected: Value null at 'transactItems.2.member.update.updateExpression' failed to satisfy constraint: Member must not be null",
    ],
    [
      'TransactWriteItems',
      'a member with two actions',
      { TransactItems: [{ Put: { TableName: 'connections', Item: {} }, Delete: { TableName: 'connections', Key: {} } }] },
      'TransactItems can only contain one of Check, Put, Update or Delete',
    ],
    [
      'TransactWriteItems',
      'a ClientRequestToken over 36 characters',
      { ClientRequestToken: 'x'.repeat(37), TransactItems: [{ Put: { TableName: 'connections', Item: {} } }] },
      `1 validation error detected: Value '${'x'.repeat(37)}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36`,
    ],
    [
      'TransactGetItems',
      'a member without Get',
      { TransactItems: [{ Put: {} }] },
      "1 validation error detected: Value null at 'transactItems.1.member.get' failed to satisfy constraint: Member must not be null",
    ],
  ])('%s refuses %s before reaching dynalite', async (operation, _case, body, message) => {
    const { send, forwarded } = await start();
    expect(await send(operation, body)).toMatchObject({ status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message } });
    expect(forwarded).toEqual([]);
  });

  it('lets its own marked requests through to dynalite, whatever the operation', async () => {
    const { send, forwarded } = await start();
    expect((await send('TransactWriteItems', '{}', { 'x-apigw-ws-local-internal': 'secret' })).body).toEqual({ from: 'dynalite' });
    expect(forwarded).toEqual([{ target: 'DynamoDB_20120810.TransactWriteItems', body: '{}' }]);
  });

  it('forwards everything else untouched', async () => {
    const { send, forwarded } = await start();
    const body = JSON.stringify({ TableName: 'connections', Item: { connectionId: { S: 'abc' } } });
    expect((await send('PutItem', body)).body).toEqual({ from: 'dynalite' });
    expect(forwarded).toEqual([{ target: 'DynamoDB_20120810.PutItem', body }]);
  });

  it('forgets the TTL of a table once DeleteTable succeeds', async () => {
    const { send, registry, forwarded } = await start();
    registry.enable('connections', 'ttl');
    await send('DeleteTable', { TableName: 'connections' });
    expect(forwarded).toEqual([{ target: 'DynamoDB_20120810.DeleteTable', body: '{"TableName":"connections"}' }]);
    expect(registry.describe('connections')).toEqual({ TimeToLiveStatus: 'DISABLED' });
  });
});
