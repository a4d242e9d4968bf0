import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadServerless } from '../../../src/config/serverless/load-serverless.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/routeless/', import.meta.url));
const BASE = { accountId: '123456789012', apiId: 'abc123defg', region: 'eu-west-1', env: {} };

describe('serverless.yml functions without a websocket event', () => {
  test('come out like routed ones: handler, runtime, timeout, memory, provider and own environment', () => {
    const loaded = loadServerless(path.join(FIXTURE, 'serverless.yml'), BASE);
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.options.functions?.Broadcast).toEqual({
      handler: 'app.broadcast',
      runtime: 'nodejs20.x',
      timeoutMs: 5000,
      memorySizeMb: 1024,
      environment: { TABLE_NAME: 'sent', CALLBACK_URL: 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod' },
    });
    expect(Object.keys(loaded.options.functions ?? {})).toEqual(['routeless-prod-connect', 'routeless-prod-message', 'Broadcast']);
  });

  test('those that cannot run here are left out with one warning naming each and why', () => {
    const file = path.join(FIXTURE, 'serverless-left-out.yml');
    const loaded = loadServerless(file, BASE);
    expect(loaded.problems).toEqual([]);
    expect(Object.keys(loaded.options.functions ?? {})).toEqual(['left-out-dev-connect', 'left-out-dev-noExport']);
    const shown = path.relative(process.cwd(), path.join(FIXTURE, 'gone'));
    expect(loaded.warnings).toEqual([
      `${path.relative(process.cwd(), file)}: functions without a route left out (not invocable): resize (runtime python3.12), lost (gone.handler: no ${shown}.js, .mjs, .cjs or .ts)`,
    ]);
  });
});
