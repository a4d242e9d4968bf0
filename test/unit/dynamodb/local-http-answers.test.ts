// The in-process path of the DynamoDB worker: a request held in memory runs through the same
// listener an HTTP request would (here plain dynalite's), and the answer is what it wrote.
import type { RequestListener, Server } from 'node:http';
import { crc32 } from 'node:zlib';
import dynalite from 'dynalite';
import { expect, it } from 'vitest';
import { exchange } from '../../../src/dynamodb/local-http-answers.js';
import { useCleanup } from './helpers.js';

const cleanup = useCleanup();

function startListener(): RequestListener {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
  cleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return server.listeners('request')[0] as RequestListener;
}

const request = (operation: string, input: object) => ({
  method: 'POST',
  path: '/',
  headers: {
    'Content-Type': 'application/x-amz-json-1.0',
    'X-Amz-Target': `DynamoDB_20120810.${operation}`,
    'X-Amz-Date': '20260101T000000Z',
    Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  },
  body: Buffer.from(JSON.stringify(input)),
});

it('answers with the status, headers and body the listener wrote', async () => {
  const listener = startListener();
  const created = await exchange(listener, request('CreateTable', {
    TableName: 'rooms',
    AttributeDefinitions: [{ AttributeName: 'room', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'room', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  expect(created.status).toBe(200);
  // dynalite marks the table ACTIVE on its next turn, even with createTableMs: 0 (bounded poll).
  for (let attempt = 0; attempt < 100; attempt++) {
    const described = await exchange(listener, request('DescribeTable', { TableName: 'rooms' }));
    if ((JSON.parse(described.body) as { Table: { TableStatus: string } }).Table.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const put = await exchange(listener, request('PutItem', { TableName: 'rooms', Item: { room: { S: 'lobby' }, topic: { S: 'chat' } } }));
  expect([put.status, put.body]).toEqual([200, '{}']);

  const got = await exchange(listener, request('GetItem', { TableName: 'rooms', Key: { room: { S: 'lobby' } } }));
  expect(got.status).toBe(200);
  expect(JSON.parse(got.body)).toEqual({ Item: { room: { S: 'lobby' }, topic: { S: 'chat' } } });
  expect(got.headers['content-type']).toBe('application/x-amz-json-1.0');
  expect(got.headers['x-amz-crc32']).toBe(String(crc32(got.body)));
});

it("passes DynamoDB's errors through as they are", async () => {
  const listener = startListener();
  const missing = await exchange(listener, request('GetItem', { TableName: 'nowhere', Key: { room: { S: 'lobby' } } }));
  expect(missing.status).toBe(400);
  expect(JSON.parse(missing.body)).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' });
});
