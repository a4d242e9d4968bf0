/**
 * The Lambda runtime's contract, run against both execution modes (worker threads and inline):
 * what a handler gets and what the caller gets back must not depend on the mode.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLambdaRuntime, type LambdaRuntimeOptions } from '../../src/lambda/create-lambda-runtime.js';
import type { FunctionDefinition, InvocationOutcome, LambdaRuntime } from '../../src/lambda/types.js';

const root = fileURLToPath(new URL('../fixtures', import.meta.url));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

function fn(name: string, handler: string, overrides: Partial<FunctionDefinition> = {}): FunctionDefinition {
  return { name, handler, root, timeoutMs: 3000, memorySizeMb: 128, environment: {}, ...overrides };
}

const runtimes: LambdaRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.dispose()));
  vi.unstubAllEnvs();
});

function failure(outcome: InvocationOutcome): Extract<InvocationOutcome, { ok: false }> {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe.each(['worker', 'inline'] as const)('Lambda runtime (%s mode)', (mode) => {
  function start(functions: FunctionDefinition[], options: Partial<LambdaRuntimeOptions> = {}) {
    const lines: string[] = [];
    const runtime = createLambdaRuntime({ functions, mode, onLog: (_fn, line) => lines.push(line), ...options });
    runtimes.push(runtime);
    return { runtime, lines };
  }

  describe('reloading (what --watch does)', () => {
    it('retire: the next invocation starts a new environment, a busy one finishes first', async () => {
      const { runtime } = start([fn('counter', 'handlers/counter.handler')]);
      expect(await runtime.invoke('counter', {})).toMatchObject({ ok: true, result: { count: 1 } });
      expect(await runtime.invoke('counter', {})).toMatchObject({ ok: true, result: { count: 2 } });
      const busy = runtime.invoke('counter', { delayMs: 50 });
      runtime.retire(['counter']);
      // The busy environment finishes its invocation on the old module state...
      expect(await busy).toMatchObject({ ok: true, result: { count: 3 } });
      // ...then ends: the next invocation is a cold start with fresh module state.
      expect(await runtime.invoke('counter', {})).toMatchObject({ ok: true, result: { count: 1 } });
    });

    it('update: adds, changes and removes functions by definition; an unchanged one stays warm', async () => {
      const { runtime } = start([fn('a', 'handlers/counter.handler'), fn('b', 'handlers/counter.handler')]);
      await runtime.invoke('a', {});
      await runtime.invoke('b', {});
      const changes = runtime.update([
        fn('a', 'handlers/counter.handler'),
        fn('b', 'handlers/counter.handler', { timeoutMs: 5000 }),
        fn('c', 'handlers/esm.handler'),
      ]);
      expect(changes).toEqual({ added: ['c'], changed: ['b'], removed: [] });
      expect(await runtime.invoke('a', {})).toMatchObject({ ok: true, result: { count: 2 } });
      expect(await runtime.invoke('b', {})).toMatchObject({ ok: true, result: { count: 1 } });
      expect((await runtime.invoke('c', {})).ok).toBe(true);
      expect(runtime.update([fn('c', 'handlers/esm.handler')])).toEqual({ added: [], changed: [], removed: ['a', 'b'] });
      expect(failure(await runtime.invoke('a', {})).error.errorType).toBe('ResourceNotFoundException');
    });
  });

  describe('loading', () => {
    it.each([
      ['ESM .mjs', 'handlers/esm.handler', { kind: 'esm', event: { n: 1 } }],
      ['CommonJS .cjs', 'handlers/cjs.handler', { kind: 'cjs', event: { n: 1 } }],
      ['.js under "type": "module"', 'handlers/type-module/handler.handler', { format: 'esm' }],
      ['.js under "type": "commonjs"', 'handlers/type-commonjs/handler.handler', { format: 'cjs' }],
      ['a nested export', 'handlers/esm.nested.deeper.handler', 'nested'],
    ])('runs %s', async (_label, handler, expected) => {
      const { runtime } = start([fn('f', handler)]);
      await expect(runtime.invoke('f', { n: 1 })).resolves.toMatchObject({ ok: true, result: expected, requestId: expect.stringMatching(UUID_V4) });
    });

    it.each([
      ['a module that throws at load', 'handlers/init-throws.handler', 'Error', 'boom at load'],
      ['a missing file', 'handlers/nope.handler', 'Runtime.ImportModuleError', "Error: Cannot find module 'nope'"],
      ['a missing export', 'handlers/esm.nope', 'Runtime.HandlerNotFound', 'handlers/esm.nope is undefined or not exported'],
      ['an export that is not a function', 'handlers/esm.notAFunction', 'Runtime.HandlerNotFound', 'handlers/esm.notAFunction is not a function'],
      ['a syntax error', 'handlers/syntax-error.handler', 'Runtime.UserCodeSyntaxError', 'SyntaxError: Unexpected end of input'],
      ['a malformed handler', 'handlers/esm', 'Runtime.MalformedHandlerName', 'Bad handler'],
    ])('fails every invocation of %s with the init error', async (_label, handler, errorType, errorMessage) => {
      const { runtime, lines } = start([fn('f', handler)]);
      for (let attempt = 0; attempt < 2; attempt++) {
        const outcome = failure(await runtime.invoke('f', {}));
        expect(outcome.error).toMatchObject({ errorType, errorMessage });
        expect(outcome.timedOut).toBe(false);
      }
      expect(lines[0]).toMatch(new RegExp(`^${TIMESTAMP}\\tundefined\\tERROR\\tUncaught Exception \\t\\{"errorType":"${errorType.replace('.', '\\.')}"`));
      expect(lines.filter((line) => line.startsWith('REPORT')).at(-1)).toMatch(new RegExp(`\\tInit Duration: \\d+\\.\\d\\d ms\\tStatus: error\\tError Type: ${errorType.replace('.', '\\.')}$`));
    });
  });

  describe('results and errors', () => {
    it.each([
      ['an async handler', 'handlers/esm.handler', { kind: 'esm', event: {} }],
      ['callback(null, result)', 'handlers/cjs.callback', { kind: 'callback', event: {} }],
      ['the promise of an async handler that also calls back', 'handlers/cjs.asyncAndCallback', 'from promise'],
      ['a non-async handler that returns without calling back (null)', 'handlers/cjs.syncReturn', null],
      ['context.succeed', 'handlers/cjs.contextSucceed', 'succeeded'],
      ['undefined (null)', 'handlers/esm.returnsUndefined', null],
      ['a Date (JSON text)', 'handlers/esm.returnsDate', { at: '1970-01-01T00:00:00.000Z' }],
    ])('answers with %s', async (_label, handler, expected) => {
      const { runtime } = start([fn('f', handler)]);
      const outcome = await runtime.invoke('f', {});
      expect(outcome).toEqual({ ok: true, result: expected, requestId: expect.stringMatching(UUID_V4), durationMs: expect.any(Number) });
    });

    it.each([
      ['a synchronous throw', 'handlers/errors.throwsSync', 'TypeError', 'sync failure', true],
      ['a rejection', 'handlers/errors.rejects', 'Error', 'async failure', true],
      ['a custom error (its name)', 'handlers/errors.custom', 'ValidationError', 'name is required', true],
      ['a thrown string', 'handlers/errors.throwsString', 'string', 'just a string', false],
      ['a rejection with nothing', 'handlers/errors.rejectsNothing', 'string', 'handled', false],
      ['callback(error)', 'handlers/cjs.callbackError', 'TypeError', 'bad input', true],
      ['callback(string)', 'handlers/cjs.callbackString', 'string', 'plain failure', false],
      ['context.fail', 'handlers/cjs.contextFail', 'RangeError', 'failed via context', true],
      ['a result JSON cannot hold', 'handlers/esm.circular', 'Error', 'Unable to stringify response body', true],
    ])('fails with %s', async (_label, handler, errorType, errorMessage, hasStack) => {
      const { runtime } = start([fn('f', handler)]);
      const outcome = failure(await runtime.invoke('f', {}));
      expect(outcome.error.errorType).toBe(errorType);
      expect(outcome.error.errorMessage).toBe(errorMessage);
      expect(outcome.timedOut).toBe(false);
      if (hasStack) expect(outcome.error.stack?.[0]).toBe(`${errorType}: ${errorMessage}`);
      else expect(outcome.error.stack).toEqual([]);
    });

    it('answers a callback once the timer it left behind has fired, unless told not to wait', async () => {
      const { runtime } = start([fn('waits', 'handlers/cjs.callbackWaits'), fn('noWait', 'handlers/cjs.callbackNoWait')]);
      // A worker's event loop can be watched; the caller's thread never drains, so inline answers at once.
      await expect(runtime.invoke('waits', {})).resolves.toMatchObject({ ok: true, result: { timerFired: mode === 'worker' } });
      await expect(runtime.invoke('noWait', {})).resolves.toMatchObject({ ok: true, result: { timerFired: false } });
    });

    it('answers an unknown function as Lambda does', async () => {
      const { runtime } = start([], { region: 'eu-west-1', accountId: '111122223333' });
      expect(failure(await runtime.invoke('ghost', {})).error).toEqual({
        errorType: 'ResourceNotFoundException',
        errorMessage: 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:ghost',
      });
    });
  });

  describe('context and environment', () => {
    it('passes the Lambda context', async () => {
      const { runtime } = start([fn('ctx-fn', 'handlers/esm.context', { memorySizeMb: 256 })], { region: 'eu-west-1', accountId: '111122223333' });
      const outcome = await runtime.invoke('ctx-fn', {});
      expect(outcome).toMatchObject({ ok: true });
      const context = (outcome as { result: Record<string, unknown> }).result;
      expect(context).toEqual({
        callbackWaitsForEmptyEventLoop: true,
        functionName: 'ctx-fn',
        functionVersion: '$LATEST',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:ctx-fn',
        memoryLimitInMB: '256',
        logGroupName: '/aws/lambda/ctx-fn',
        logStreamName: expect.stringMatching(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/),
        awsRequestId: outcome.requestId,
        remaining: expect.any(Number),
        waits: true,
        hasDone: 'function',
      });
      expect(context.remaining).toBeGreaterThan(2000);
      expect(context.remaining).toBeLessThanOrEqual(3000);
    });

    it('gives each function its own environment variables, also at module load', async () => {
      vi.stubEnv('APIGW_WS_LOCAL_HOST_ONLY', 'the host');
      const { runtime } = start(
        [
          fn('table-a', 'handlers/env.handler', { environment: { TABLE_NAME: 'a' } }),
          fn('table-b', 'handlers/env.handler', { environment: { TABLE_NAME: 'b', SHARED: 'b' } }),
        ],
        { environment: { SHARED: 'runtime', TABLE_NAME: 'runtime' }, region: 'ap-south-1' },
      );
      const [a, b] = await Promise.all([runtime.invoke('table-a', {}), runtime.invoke('table-b', {})]);
      expect(a).toMatchObject({ ok: true, result: { tableAtLoad: 'a', tableNow: 'a', shared: 'runtime' } });
      expect(b).toMatchObject({ ok: true, result: { tableAtLoad: 'b', tableNow: 'b', shared: 'b' } });
      expect((a as { result: unknown }).result).toEqual({
        tableAtLoad: 'a',
        tableNow: 'a',
        shared: 'runtime',
        region: 'ap-south-1',
        defaultRegion: 'ap-south-1',
        functionName: 'table-a',
        version: '$LATEST',
        memory: '128',
        logGroup: '/aws/lambda/table-a',
        logStream: expect.stringMatching(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/),
        executionEnv: 'AWS_Lambda_nodejs20.x',
        taskRoot: root,
        handler: 'handlers/env.handler',
        tz: ':UTC',
      });
      // The test's own environment is untouched, and never leaks into a function.
      expect(process.env.TABLE_NAME).toBeUndefined();
      expect(process.env.APIGW_WS_LOCAL_HOST_ONLY).toBe('the host');
    });
  });

  describe('execution environments', () => {
    it('keeps module state between sequential invocations (warm start)', async () => {
      const { runtime } = start([fn('counter', 'handlers/counter.handler')]);
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await runtime.invoke('counter', {}));
      const environments = new Set(results.map((outcome) => (outcome as { result: { environment: string } }).result.environment));
      expect(results.map((outcome) => (outcome as { result: { count: number } }).result.count)).toEqual([1, 2, 3]);
      expect(environments.size).toBe(1);
    });

    it('runs concurrent invocations in separate environments', async () => {
      const { runtime } = start([fn('counter', 'handlers/counter.handler')]);
      const [first, second] = await Promise.all([runtime.invoke('counter', { delayMs: 50 }), runtime.invoke('counter', { delayMs: 50 })]);
      const results = [first, second].map((outcome) => (outcome as { result: { count: number; environment: string } }).result);
      expect(results.map((result) => result.count)).toEqual([1, 1]);
      expect(results[0]?.environment).not.toBe(results[1]?.environment);
    });

    it('queues invocations beyond maxEnvironmentsPerFunction', async () => {
      const { runtime } = start([fn('counter', 'handlers/counter.handler')], { maxEnvironmentsPerFunction: 1 });
      const outcomes = await Promise.all([runtime.invoke('counter', { delayMs: 20 }), runtime.invoke('counter', { delayMs: 20 })]);
      expect(outcomes.map((outcome) => (outcome as { result: { count: number } }).result.count)).toEqual([1, 2]);
    });
  });

  describe('timeouts', () => {
    it('fails after the function timeout and serves the next invocation from a fresh environment', async () => {
      const { runtime, lines } = start([fn('slow', 'handlers/slow.handler', { timeoutMs: 200 })]);
      const outcome = failure(await runtime.invoke('slow', { ms: 400 }));
      expect(outcome.timedOut).toBe(true);
      expect(outcome.error).toEqual({
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${outcome.requestId} Error: Task timed out after 0.20 seconds`,
      });
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${TIMESTAMP} ${outcome.requestId} Task timed out after 0\\.20 seconds$`)));
      expect(lines.at(-1)).toMatch(/\tStatus: timeout$/);
      await expect(runtime.invoke('slow', { ms: 0 })).resolves.toMatchObject({ ok: true, result: 'finished' });
      expect(lines.at(-1)).toMatch(/\tInit Duration: \d+\.\d\d ms$/);
    });

    it("caps the timeout at the caller's deadline", async () => {
      const { runtime } = start([fn('slow', 'handlers/slow.handler')]);
      const outcome = failure(await runtime.invoke('slow', { ms: 400 }, { deadlineMs: 100 }));
      expect(outcome.error.errorMessage).toBe(`RequestId: ${outcome.requestId} Error: Task timed out after 0.10 seconds`);
    });
  });

  describe('logs', () => {
    it("writes the handler's console output and START/END/REPORT like Lambda", async () => {
      const { runtime, lines } = start([fn('logger', 'handlers/logging.handler')]);
      const { requestId } = await runtime.invoke('logger', {});
      const line = (level: string, message: string) => new RegExp(`^${TIMESTAMP}\\t${requestId}\\t${level}\\t${message}$`);
      expect(lines).toEqual([
        expect.stringMatching(new RegExp(`^${TIMESTAMP}\\tundefined\\tINFO\\tloading$`)),
        `START RequestId: ${requestId} Version: $LATEST`,
        expect.stringMatching(line('INFO', 'hello world')),
        expect.stringMatching(line('INFO', '\\{ a: 1 \\}')),
        expect.stringMatching(line('WARN', 'careful')),
        expect.stringMatching(line('ERROR', 'bad 42')),
        expect.stringMatching(line('DEBUG', 'details')),
        `END RequestId: ${requestId}`,
        expect.stringMatching(
          new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms$`),
        ),
      ]);
      lines.length = 0;
      const warm = await runtime.invoke('logger', {});
      expect(lines.at(-1)).toMatch(new RegExp(`^REPORT RequestId: ${warm.requestId}\\tDuration: [^\\t]+\\tBilled Duration: [^\\t]+\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB$`));
    });

    it('logs a failed invocation as "Invoke Error" with the error as JSON', async () => {
      const { runtime, lines } = start([fn('failing', 'handlers/logging.fails')]);
      const { requestId } = await runtime.invoke('failing', {});
      const errorLine = lines.find((line) => line.includes('Invoke Error'));
      expect(errorLine).toMatch(new RegExp(`^${TIMESTAMP}\\t${requestId}\\tERROR\\tInvoke Error \\t\\{`));
      expect(JSON.parse(errorLine?.split('Invoke Error \t')[1] ?? '')).toEqual({
        errorType: 'Error',
        errorMessage: 'logged failure',
        stack: expect.arrayContaining(['Error: logged failure']),
      });
    });
  });

  describe('dispose', () => {
    it('is idempotent, and later invocations fail without running', async () => {
      const { runtime } = start([fn('f', 'handlers/esm.handler')]);
      await runtime.invoke('f', {});
      await Promise.all([runtime.dispose(), runtime.dispose()]);
      await expect(runtime.invoke('f', {})).resolves.toMatchObject({ ok: false, error: { errorType: 'Runtime.Disposed' } });
    });
  });
});
