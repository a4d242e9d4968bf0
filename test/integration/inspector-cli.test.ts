import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCliIn } from '../helpers/cli-process.js';

const fixtures = path.join(PROJECT_ROOT, 'test/fixtures/gateway');

describe('the inspector from the CLI', () => {
  it.each([
    [[], 200],
    [['--no-inspector'], 404],
  ])('with %j answers %i at /_inspector', async (flags, status) => {
    const cli = runCliIn(fixtures, ['--port', '0', '--route', '$default=app.fallback', '--no-dynamodb', '--log-level', 'warn', ...flags]);
    const [wsUrl] = await cli.lines(2);
    const base = (wsUrl as string).replace('ws://', 'http://').replace(/\/local$/, '');
    const response = await fetch(`${base}/_inspector/api/connections`);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(
      status === 200 ? { connections: [] } : { code: 'NotFound', message: 'the inspector is off: start the CLI without --no-inspector, or create the Emulator with inspector: true' },
    );
  });
});
