// The README's "Deterministic tests in CI" example, run as written (imports point at the sources).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';
import tables from '../../handlers/chat/tables.json' with { type: 'json' };

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');

let test: TestEmulator;
afterEach(() => test.dispose());

it('tells the room when someone joins, and closes idle connections', async () => {
  test = await startTestEmulator({
    root,
    routes: { $connect: 'handlers/chat/connect.handler', join: 'handlers/chat/join.handler' },
    dynamodb: { tables },
  });
  const ada = await test.connect({ query: { name: 'ada' } });
  ada.send({ action: 'join', room: 'lobby' });
  expect(await ada.nextJson()).toEqual({ type: 'joined', room: 'lobby', name: 'ada' });
  expect(await ada.nextJson()).toEqual({ type: 'members', room: 'lobby', members: ['ada'] });

  const join = await test.waitForInvocation({ routeKey: 'join' });
  expect(join.ok).toBe(true);

  await test.advanceTime(10 * 60 * 1000);
  expect(await ada.closed).toEqual({ code: 1001, reason: 'Going away' });
});

/** The code lines of a TypeScript text, without comments and indentation, imports made local. */
function codeLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/ *\/\/.*$/, '').trim())
    .map((line) => line.replace("'apigw-ws-local/testing'", "'../../src/testing/index.js'").replace("'./handlers/", "'../../handlers/"))
    .filter((line) => line !== '');
}

it('is the example the README shows, line for line (this file adds only `root`)', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const example = /```ts\n(import \{ afterEach[\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toContain("from 'apigw-ws-local/testing'");
  const own = new Set(codeLines(readFileSync(fileURLToPath(import.meta.url), 'utf8')));
  const lines = codeLines(example as string);
  expect(lines.length).toBe(19);
  expect(lines.filter((line) => !own.has(line))).toEqual([]);
});
