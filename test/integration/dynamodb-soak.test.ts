// The embedded DynamoDB does not grow with use: thousands of join/leave cycles (PutItem, Query,
// DeleteItem through the real SDK, as the chat room's handlers do), then the heap of the DynamoDB
// worker after a full GC. Before closeLevelIteratorsOnReturn, every Query left its iterator open
// in dynalite's store and this grew by about 3.5 KiB per cycle. Bounded: 2,000 cycles, 8 at a time
// (about 10 s on an idle 2-core machine; the timeout allows for a loaded one).
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { startDynamoDb } from '../../src/dynamodb/index.js';
import { createClients, useCleanup } from '../unit/dynamodb/helpers.js';

/** Cycles before the first measurement: the JIT, the SDK's and dynalite's caches settle. */
const WARM_UP_CYCLES = 500;
const CYCLES = 1_500;
/** Users joining and leaving at the same time (each with its own item). */
const CONCURRENCY = 8;
/** Members always in the room, so each Query reads several items. */
const RESIDENTS = 5;
/** The leak this guards against grew by about 3.5 KiB per cycle (5 MiB over CYCLES); without it, growth stays under 0.5 MiB. */
const MAX_GROWTH_BYTES = 1.5 * 1024 * 1024;
const cleanup = useCleanup();

it(`keeps the DynamoDB worker's heap flat over ${CYCLES} join/leave cycles`, async () => {
  const db = await startDynamoDb({ tables: [{ name: 'rooms', hashKey: 'room', rangeKey: 'connectionId' }] });
  cleanup(() => db.stop());
  const { documents } = createClients(db.endpoint, cleanup);
  const measure = async () => {
    const heap = await db.measureHeapAfterGc!();
    return heap.usedHeapBytes + heap.externalBytes;
  };
  const cycle = async (index: number) => {
    const Key = { room: 'lobby', connectionId: `c${index}` };
    await documents.send(new PutCommand({ TableName: 'rooms', Item: { ...Key, name: `user ${index}` } }));
    const { Items } = await documents.send(
      new QueryCommand({ TableName: 'rooms', KeyConditionExpression: 'room = :room', ExpressionAttributeValues: { ':room': 'lobby' } }),
    );
    expect(Items?.length).toBeGreaterThanOrEqual(RESIDENTS + 1);
    await documents.send(new DeleteCommand({ TableName: 'rooms', Key }));
  };
  for (let index = 0; index < RESIDENTS; index++)
    await documents.send(new PutCommand({ TableName: 'rooms', Item: { room: 'lobby', connectionId: `resident${index}` } }));
  const run = async (from: number, count: number) => {
    let next = from;
    const user = async () => {
      while (next < from + count) await cycle(next++);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, user));
  };
  await run(0, WARM_UP_CYCLES);
  const before = await measure();
  await run(WARM_UP_CYCLES, CYCLES);
  const after = await measure();
  expect(after - before, `grew by ${Math.round((after - before) / CYCLES)} bytes per cycle`).toBeLessThan(MAX_GROWTH_BYTES);
}, 120_000);
