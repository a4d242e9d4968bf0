// persistDir: data and TTL settings survive a stop/start; the directory lock refuses a second
// instance while the first runs, and takes over a lock left by a dead process.
import { spawnSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DescribeTimeToLiveCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, startDynamoDb, TTL_FILE_NAME, type DynamoDbOptions } from '../../src/dynamodb/index.js';
import { isProcessAlive } from '../../src/dynamodb/persist-lock.js';
import { EmulatorError } from '../../src/errors.js';
import { createClients, createTempDir, useCleanup } from '../unit/dynamodb/helpers.js';

const TABLES = [{ name: 'connections', hashKey: 'connectionId' }];

describe('embedded DynamoDB with persistDir', () => {
  const cleanup = useCleanup();

  async function start(options: DynamoDbOptions) {
    const db = await startDynamoDb(options);
    cleanup(() => db.stop());
    return { db, ...createClients(db.endpoint, cleanup) };
  }

  it('keeps items and TTL settings across a stop and a start', async () => {
    const persistDir = await createTempDir(cleanup);
    const first = await start({ persistDir, tables: TABLES });
    await first.documents.send(new PutCommand({ TableName: 'connections', Item: { connectionId: 'kept', room: 'lobby' } }));
    await first.client.send(new UpdateTimeToLiveCommand({ TableName: 'connections', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }));
    await first.db.stop();
    expect(await readdir(persistDir)).toContain(TTL_FILE_NAME);
    expect(await readdir(persistDir)).not.toContain(LOCK_FILE_NAME);

    const second = await start({ persistDir, tables: TABLES });
    const { Item } = await second.documents.send(new GetCommand({ TableName: 'connections', Key: { connectionId: 'kept' } }));
    expect(Item).toEqual({ connectionId: 'kept', room: 'lobby' });
    const { TimeToLiveDescription } = await second.client.send(new DescribeTimeToLiveCommand({ TableName: 'connections' }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
  });

  it('refuses a second instance on the same directory while the first runs', async () => {
    const persistDir = await createTempDir(cleanup);
    const first = await start({ persistDir, tables: TABLES });
    const attempt = startDynamoDb({ persistDir, tables: TABLES });
    await expect(attempt).rejects.toThrow(
      new EmulatorError(
        'ERR_INVALID_OPTIONS',
        `persistDir: "${persistDir}" is in use by another emulator in this process (pid ${process.pid}), ` +
          `per the lock file ${path.join(persistDir, LOCK_FILE_NAME)}. ` +
          'Stop that emulator, or give this one another persist directory; if no emulator uses it, delete the lock file.',
      ),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_INVALID_OPTIONS' });
    // The first one is unharmed, and once it stops the directory is free again.
    await first.documents.send(new PutCommand({ TableName: 'connections', Item: { connectionId: 'still-alive' } }));
    await first.db.stop();
    const again = await start({ persistDir, tables: TABLES });
    expect((await again.documents.send(new GetCommand({ TableName: 'connections', Key: { connectionId: 'still-alive' } }))).Item).toBeDefined();
  });

  it('takes over a lock left by a dead process', async () => {
    const persistDir = await createTempDir(cleanup);
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
    expect(isProcessAlive(deadPid)).toBe(false);
    await writeFile(path.join(persistDir, LOCK_FILE_NAME), `${deadPid}\n`);
    const { documents } = await start({ persistDir, tables: TABLES });
    await documents.send(new PutCommand({ TableName: 'connections', Item: { connectionId: 'after-takeover' } }));
  });
});
