// The README's "Testing with vitest" example, run as written (imports point at the sources).
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
