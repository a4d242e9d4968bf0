import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBuildEntry } from '../../../src/config/find-build-entry.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'build-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
for (const file of ['app.ts', 'src/index.ts', 'src/handlers/connect.ts', 'src/handlers/chat/send.ts', 'lib/util.mts']) {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), '');
}

describe('findBuildEntry', () => {
  it.each([
    ["the handler's own file", 'app', undefined, 'app.ts'],
    ['an .mts file', 'lib/util', undefined, 'lib/util.mts'],
    ['a missing file', 'nothere', undefined, undefined],
    ['one entry point: written at the output root', 'index', ['src/index.ts'], 'src/index.ts'],
    ['one entry point, another module', 'app', ['src/index.ts'], undefined],
    [
      'several entry points: paths below their common folder',
      'chat/send',
      ['src/handlers/connect.ts', 'src/handlers/chat/send.ts'],
      'src/handlers/chat/send.ts',
    ],
    ['several entry points, the shallow one', 'connect', ['src/handlers/connect.ts', 'src/handlers/chat/send.ts'], 'src/handlers/connect.ts'],
    ['an entry point that does not exist', 'gone', ['src/gone.ts'], undefined],
  ])('%s', (_name, modulePath, entryPoints, expected) => {
    expect(findBuildEntry(dir, modulePath, entryPoints)).toBe(expected === undefined ? undefined : path.join(dir, expected));
  });
});
