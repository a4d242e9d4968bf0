import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TTL_FILE_NAME, TtlRegistry } from '../../../src/dynamodb/ttl-registry.js';
import { createTempDir, useCleanup } from './helpers.js';

describe('TtlRegistry', () => {
  const cleanup = useCleanup();

  it('describes a table as DISABLED until TTL is enabled, then ENABLED with the attribute', async () => {
    const registry = await TtlRegistry.load();
    expect(registry.describe('connections')).toEqual({ TimeToLiveStatus: 'DISABLED' });
    expect(registry.update('connections', { AttributeName: 'ttl', Enabled: true })).toBeUndefined();
    expect(registry.describe('connections')).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
    expect(registry.enabledTables()).toEqual([['connections', 'ttl']]);
  });

  it.each<[string, Array<{ AttributeName: string; Enabled: boolean }>, string]>([
    ['enabling twice', [{ AttributeName: 'ttl', Enabled: true }, { AttributeName: 'expiresAt', Enabled: true }], 'TimeToLive is already enabled'],
    ['disabling what is off', [{ AttributeName: 'ttl', Enabled: false }], 'TimeToLive is already disabled'],
    [
      'disabling another attribute',
      [{ AttributeName: 'ttl', Enabled: true }, { AttributeName: 'expiresAt', Enabled: false }],
      'TimeToLive is active on a different AttributeName: current value of AttributeName is ttl',
    ],
  ])('refuses %s as AWS does', async (_case, updates, message) => {
    const registry = await TtlRegistry.load();
    const answers = updates.map((update) => registry.update('connections', update));
    expect(answers.at(-1)).toBe(message);
  });

  it('disables, and forgets dropped tables', async () => {
    const registry = await TtlRegistry.load();
    registry.enable('a-table', 'ttl');
    registry.enable('b-table', 'ttl');
    expect(registry.update('a-table', { AttributeName: 'ttl', Enabled: false })).toBeUndefined();
    registry.drop('b-table');
    expect(registry.enabledTables()).toEqual([]);
  });

  it('keeps its settings in a file when given one', async () => {
    const file = path.join(await createTempDir(cleanup), TTL_FILE_NAME);
    const first = await TtlRegistry.load(file);
    first.enable('connections', 'ttl');
    first.enable('rooms', 'expiresAt');
    first.drop('rooms');
    await first.flush();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ tables: { connections: 'ttl' } });
    const second = await TtlRegistry.load(file);
    expect(second.describe('connections')).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
  });

  it('starts empty, with a warning, from a file that is not JSON', async () => {
    const file = path.join(await createTempDir(cleanup), TTL_FILE_NAME);
    await writeFile(file, '{ nope');
    const warnings: string[] = [];
    const registry = await TtlRegistry.load(file, { debug() {}, info() {}, warn: (line) => warnings.push(line), error() {} });
    expect(registry.enabledTables()).toEqual([]);
    expect(warnings).toEqual([`TTL settings in ${file} are not JSON; starting with none (the file is rewritten on the next change)`]);
  });
});
