import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectOptions, resolveOptions } from '../../../src/config/resolve-options.js';
import { EmulatorError } from '../../../src/errors.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gateway');

function problemsOf(options: Parameters<typeof resolveOptions>[0]): string {
  try {
    resolveOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorError);
    expect((error as EmulatorError).code).toBe('ERR_INVALID_OPTIONS');
    return (error as Error).message;
  }
  throw new Error('expected resolveOptions to throw');
}

describe('resolveOptions', () => {
  it('fills in AWS defaults', () => {
    const options = resolveOptions({ root, routes: { $default: 'app.fallback' } });
    expect(options).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      stage: 'local',
      region: 'us-east-1',
      accountId: '123456789012',
      routeSelectionExpression: '$request.body.action',
      integrationTimeoutMs: 29_000,
      idleTimeoutMs: 600_000,
      maxConnectionDurationMs: 7_200_000,
      maxMessageBytes: 131_072,
      execution: 'worker',
    });
    expect(options.apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(options.domainName).toBe(`${options.apiId}.execute-api.us-east-1.amazonaws.com`);
    expect(options.functions).toEqual([
      { name: 'app-fallback', handler: 'app.fallback', root, timeoutMs: 3000, memorySizeMb: 128, environment: {} },
    ]);
    expect(options.routes).toEqual([{ key: '$default', functionName: 'app-fallback', routeResponse: false, integrationTimeoutMs: 29_000 }]);
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('shares one function between routes naming the same handler', () => {
    const options = resolveOptions({ root, routes: { a: 'app.message', b: { handler: 'app.message', routeResponse: true } } });
    expect(options.functions.map((fn) => fn.name)).toEqual(['app-message']);
    expect(options.routes.map((route) => [route.key, route.functionName, route.routeResponse])).toEqual([
      ['a', 'app-message', false],
      ['b', 'app-message', true],
    ]);
  });

  it('names every problem in one error', () => {
    const message = problemsOf({
      root,
      port: 70000,
      stage: 'bad stage',
      apiId: 'TOOLONG_ID_',
      idleTimeoutMs: 10_000,
      maxConnectionDurationMs: 5_000,
      routeSelectionExpression: '${request.body.action',
      routes: {
        $weird: 'app.fallback',
        a: 'nofile.handler',
        b: 'app',
        c: '../outside.handler',
        d: { function: 'ghost' },
      },
    });
    expect(message.split('\n')[0]).toBe('Invalid options (10 problems):');
    expect(message).toContain('  - port: 70000 is not a whole number from 0 to 65535');
    expect(message).toContain('  - stage: "bad stage" is not valid: a stage name has 1 to 128 letters, digits, "-" or "_"');
    expect(message).toContain('  - apiId: "TOOLONG_ID_" is not valid: an API id is 10 characters a-z and 0-9, e.g. abc123defg');
    expect(message).toContain('  - routes.$weird: route keys starting with "$" are reserved: use $connect, $disconnect, $default or a key without "$"');
    expect(message).toContain(`  - routes.a: "nofile.handler": no file nofile.js, .mjs, .cjs or .ts in ${root}`);
    expect(message).toContain('  - routes.b: "app" is not a Lambda handler: use "path/to/file.export", e.g. "handlers/chat.handler"');
    expect(message).toContain(`  - routes.c: "../outside.handler" points outside the project root ${root}: handler paths must stay inside it`);
    expect(message).toContain('  - routes.d: no function "ghost" in functions (declared: none)');
    expect(message).toContain('  - idleTimeoutMs: the idle timeout (10000 ms) must not exceed the maximum connection duration (5000 ms)');
    expect(message).toMatch(/ {2}- routeSelectionExpression: .+/);
  });

  it.each(['verifySignatures', 'iamAuthorization'] as const)('refuses %s without credentials: the default fake keys are public', (what) => {
    expect(problemsOf({ root, routes: { $default: 'app.fallback' }, [what]: true })).toBe(
      `Invalid options (1 problem):\n  - ${what}: needs credentials of your own to check against (the default fake keys are public): give credentials, e.g. --credentials AKIDLOCAL:a-secret-of-yours`,
    );
  });

  it('handles a handler whose module name is followed by a nested export, as Lambda splits it', () => {
    const nestedRoot = path.join(root, '..');
    expect(resolveOptions({ root: nestedRoot, routes: { $default: 'handlers/esm.nested.deeper.handler' } }).functions.map((fn) => fn.handler)).toEqual([
      'handlers/esm.nested.deeper.handler',
    ]);
  });

  it('refuses keys in environment that --verify-signatures would not accept', () => {
    const message = problemsOf({
      root,
      routes: { $default: 'app.fallback' },
      verifySignatures: true,
      credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 'other' },
      environment: { AWS_ACCESS_KEY_ID: 'AKIDMINE', AWS_SECRET_ACCESS_KEY: 'mine' },
    });
    expect(message).toBe(
      'Invalid options (1 problem):\n  - environment.AWS_ACCESS_KEY_ID: with verifySignatures, only `credentials` are accepted, but handlers would sign with these keys: give them as credentials instead (--credentials KEY:SECRET)',
    );
    // The same keys given as credentials too are consistent.
    const credentials = { accessKeyId: 'AKIDMINE', secretAccessKey: 'mine' };
    expect(
      resolveOptions({ root, routes: { $default: 'app.fallback' }, verifySignatures: true, credentials, environment: { AWS_ACCESS_KEY_ID: 'AKIDMINE' } })
        .verifySignatures,
    ).toBe(true);
  });

  it('takes a TypeScript handler file: it is built before it runs', () => {
    const tsRoot = path.join(root, '../sam/problems/ts');
    expect(resolveOptions({ root: tsRoot, routes: { $default: 'app.handler' } }).functions.map((fn) => fn.handler)).toEqual(['app.handler']);
  });

  it('asks for at least one route', () => {
    expect(problemsOf({ root, routes: {} })).toBe(
      "Invalid options (1 problem):\n  - routes: no routes: give at least one, e.g. { '$default': 'handlers/app.handler' } or --route '$default=handlers/app.handler'",
    );
  });
});

describe('inspectOptions', () => {
  it('gives what it understood and every problem, without throwing: bad values fall back to defaults, a missing handler file is kept', () => {
    const { options, problems } = inspectOptions({ root, port: -1, authorizer: false, routes: { $default: 'missing.handler', echo: 'app.message' } });
    expect(problems).toEqual(['port: -1 is not a whole number from 0 to 65535', `routes.$default: "missing.handler": no file missing.js, .mjs, .cjs or .ts in ${root}`]);
    expect([options.port, options.authorizer, options.routes.map((route) => route.functionName)]).toEqual([
      3001,
      undefined,
      ['missing-handler', 'app-message'],
    ]);
  });

  it('has no problems where resolveOptions would not throw', () => {
    expect(inspectOptions({ root, routes: { $default: 'app.fallback' } }).problems).toEqual([]);
  });
});
