// The embedded DynamoDB in its worker thread: a client that drops its connection in the middle of
// a request is noted, and the worker goes on answering (dynalite rethrows that request error).
import { connect } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { startDynamoDb } from '../../src/dynamodb/index.js';
import { createClients, useCleanup } from '../unit/dynamodb/helpers.js';

const cleanup = useCleanup();

it('keeps answering after a client closed its connection in the middle of a request', async () => {
  const errors: string[] = [];
  // Settles on the worker's note of the abort, or on its crash report.
  let settle: () => void = () => undefined;
  const abortHandled = new Promise<void>((resolve) => (settle = resolve));
  const logger = {
    debug: (line: string) => line === 'DynamoDB: a client closed its connection in the middle of a request' && settle(),
    info: () => undefined,
    warn: () => undefined,
    error: (line: string) => {
      errors.push(line);
      settle();
    },
  };
  const db = await startDynamoDb({ tables: [{ name: 'rooms', hashKey: 'room' }], logger });
  cleanup(() => db.stop());
  const { client } = createClients(db.endpoint, cleanup);
  const { hostname, port } = new URL(db.endpoint);

  // Headers and the start of a 100-byte body, then the connection is gone.
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const head = 'POST / HTTP/1.1\r\nHost: dynamodb\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 100\r\n\r\n';
  await new Promise<void>((resolve, reject) => socket.write(`${head}{"Lim`, (error) => (error ? reject(error) : resolve())));
  socket.destroy();
  await abortHandled;

  expect(errors).toEqual([]);
  expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['rooms']);
});
