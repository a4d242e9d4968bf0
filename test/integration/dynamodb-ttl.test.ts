// TTL on the embedded DynamoDB: UpdateTimeToLive / DescribeTimeToLive through the real SDK, and
// the sweeper deleting expired items on an injected manual clock.
import { CreateTableCommand, DeleteTableCommand, DescribeTimeToLiveCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { startDynamoDb, TTL_MAX_AGE_SECONDS, type DynamoDbOptions } from '../../src/dynamodb/index.js';
import { createClients, createManualClock, useCleanup } from '../unit/dynamodb/helpers.js';

const START_MS = 1_700_000_000_000;
const NOW_S = START_MS / 1000;

describe('embedded DynamoDB TTL', () => {
  const cleanup = useCleanup();

  async function start(options: DynamoDbOptions) {
    const db = await startDynamoDb(options);
    cleanup(() => db.stop());
    return { db, ...createClients(db.endpoint, cleanup) };
  }

  describe('UpdateTimeToLive and DescribeTimeToLive', () => {
    it('reports the TTL of a configured table as ENABLED', async () => {
      const { client } = await start({ tables: [{ name: 'connections', hashKey: 'connectionId', ttlAttribute: 'ttl' }] });
      const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: 'connections' }));
      expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
    });

    it('enables, refuses a second enable, disables, as AWS answers', async () => {
      const { client } = await start({ tables: [{ name: 'connections', hashKey: 'connectionId' }] });
      const describe = async () => (await client.send(new DescribeTimeToLiveCommand({ TableName: 'connections' }))).TimeToLiveDescription;
      const update = (AttributeName: string, Enabled: boolean) =>
        client.send(new UpdateTimeToLiveCommand({ TableName: 'connections', TimeToLiveSpecification: { AttributeName, Enabled } }));

      expect(await describe()).toEqual({ TimeToLiveStatus: 'DISABLED' });
      expect((await update('expiresAt', true)).TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
      expect(await describe()).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
      await expect(update('expiresAt', true)).rejects.toMatchObject({
        name: 'ValidationException',
        message: 'TimeToLive is already enabled',
        $metadata: { httpStatusCode: 400 },
      });
      expect((await update('expiresAt', false)).TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: false });
      expect(await describe()).toEqual({ TimeToLiveStatus: 'DISABLED' });
      await expect(update('expiresAt', false)).rejects.toMatchObject({ name: 'ValidationException', message: 'TimeToLive is already disabled' });
    });

    it('answers ResourceNotFoundException for a missing table, as dynalite words it', async () => {
      const { client } = await start({});
      const update = client.send(new UpdateTimeToLiveCommand({ TableName: 'missing', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }));
      await expect(update).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Requested resource not found: Table: missing not found' });
      await expect(client.send(new DescribeTimeToLiveCommand({ TableName: 'missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('forgets the TTL when the table is deleted and created again', async () => {
      const { client } = await start({ tables: [{ name: 'connections', hashKey: 'connectionId', ttlAttribute: 'ttl' }] });
      await client.send(new DeleteTableCommand({ TableName: 'connections' }));
      await client.send(
        new CreateTableCommand({
          TableName: 'connections',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'connectionId', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
        }),
      );
      const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: 'connections' }));
      expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    });
  });

  describe('the sweeper', () => {
    it('deletes items whose TTL passed on the injected clock, and only those', async () => {
      const clock = createManualClock(START_MS);
      const { db, documents } = await start({
        clock,
        tables: [{ name: 'connections', hashKey: 'connectionId', ttlAttribute: 'ttl' }],
      });
      const items = [
        { connectionId: 'past', ttl: NOW_S - 1 },
        { connectionId: 'future', ttl: NOW_S + 100 },
        { connectionId: 'no-ttl' },
        { connectionId: 'string-ttl', ttl: String(NOW_S - 1) },
        { connectionId: 'six-years-old', ttl: NOW_S - TTL_MAX_AGE_SECONDS - 1 },
        { connectionId: 'fractional', ttl: NOW_S - 0.5 },
      ];
      for (const Item of items) await documents.send(new PutCommand({ TableName: 'connections', Item }));
      const present = async () => {
        const found: string[] = [];
        for (const { connectionId } of items) {
          const { Item } = await documents.send(new GetCommand({ TableName: 'connections', Key: { connectionId } }));
          if (Item) found.push(connectionId);
        }
        return found;
      };

      clock.advance(999);
      await db.whenSweepIdle();
      expect(await present()).toEqual(items.map((item) => item.connectionId));

      clock.advance(1);
      await db.whenSweepIdle();
      expect(await present()).toEqual(['future', 'no-ttl', 'string-ttl', 'six-years-old']);
      expect(clock.pending()).toBe(1);

      // The next pass is due 1 s later: it runs at +2 s, before 'future' expires (+100 s)...
      clock.advance(100_000);
      await db.whenSweepIdle();
      expect(await present()).toEqual(['future', 'no-ttl', 'string-ttl', 'six-years-old']);
      // ...and the one after, at +101 s, deletes it.
      clock.advance(1_000);
      await db.whenSweepIdle();
      expect(await present()).toEqual(['no-ttl', 'string-ttl', 'six-years-old']);
      expect(clock.pending()).toBe(1);
    });

    it('spares an item whose TTL moved into the future, and sweeps on demand', async () => {
      const clock = createManualClock(START_MS);
      const { db, documents } = await start({ clock, tables: [{ name: 'rooms', hashKey: 'room', rangeKey: 'connectionId', ttlAttribute: 'expiresAt' }] });
      await documents.send(new PutCommand({ TableName: 'rooms', Item: { room: 'lobby', connectionId: 'a', expiresAt: NOW_S - 10 } }));
      await documents.send(new PutCommand({ TableName: 'rooms', Item: { room: 'lobby', connectionId: 'b', expiresAt: NOW_S - 10 } }));
      await documents.send(
        new UpdateCommand({
          TableName: 'rooms',
          Key: { room: 'lobby', connectionId: 'b' },
          UpdateExpression: 'SET expiresAt = :later',
          ExpressionAttributeValues: { ':later': NOW_S + 3600 },
        }),
      );
      expect(await db.sweepExpiredItems()).toBe(1);
      expect(await db.sweepExpiredItems()).toBe(0);
      const b = await documents.send(new GetCommand({ TableName: 'rooms', Key: { room: 'lobby', connectionId: 'b' } }));
      expect(b.Item).toEqual({ room: 'lobby', connectionId: 'b', expiresAt: NOW_S + 3600 });
    });

    it('sweeps tables whose TTL was enabled through the API, and stops with the emulator', async () => {
      const clock = createManualClock(START_MS);
      const { db, client, documents } = await start({ clock, tables: [{ name: 'sessions', hashKey: 'id' }] });
      await documents.send(new PutCommand({ TableName: 'sessions', Item: { id: 'old', expires: NOW_S - 5 } }));
      expect(await db.sweepExpiredItems()).toBe(0);
      await client.send(new UpdateTimeToLiveCommand({ TableName: 'sessions', TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true } }));
      clock.advance(1000);
      await db.whenSweepIdle();
      expect((await documents.send(new GetCommand({ TableName: 'sessions', Key: { id: 'old' } }))).Item).toBeUndefined();
      await db.stop();
      expect(clock.pending()).toBe(0);
    });
  });
});
