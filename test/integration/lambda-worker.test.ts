/**
 * What only worker threads can give: handler code that hangs, exits or crashes its environment
 * ends that environment only, and the runtime keeps serving.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaRuntime, type LambdaRuntimeOptions } from '../../src/lambda/create-lambda-runtime.js';
import type { FunctionDefinition, InvocationOutcome, LambdaRuntime } from '../../src/lambda/types.js';
import { createManualClock } from '../helpers/sync-manual-clock.js';

const root = fileURLToPath(new URL('../fixtures', import.meta.url));

function fn(name: string, handler: string, overrides: Partial<FunctionDefinition> = {}): FunctionDefinition {
  return { name, handler, root, timeoutMs: 3000, memorySizeMb: 128, environment: {}, ...overrides };
}

const runtimes: LambdaRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.dispose()));
});

function start(functions: FunctionDefinition[], options: Partial<LambdaRuntimeOptions> = {}) {
  const lines: string[] = [];
  const runtime = createLambdaRuntime({ functions, mode: 'worker', onLog: (_fn, line) => lines.push(line), ...options });
  runtimes.push(runtime);
  return { runtime, lines };
}

function failure(outcome: InvocationOutcome): Extract<InvocationOutcome, { ok: false }> {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const countOf = (outcome: InvocationOutcome) => (outcome as { result: { count: number } }).result.count;

describe('Lambda runtime in worker threads', () => {
  it('terminates a handler stuck in a busy loop at its timeout and keeps serving', async () => {
    const { runtime } = start([fn('busy', 'handlers/busy.handler', { timeoutMs: 200 }), fn('esm', 'handlers/esm.handler')]);
    const outcome = failure(await runtime.invoke('busy', {}));
    expect(outcome).toMatchObject({
      timedOut: true,
      error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${outcome.requestId} Error: Task timed out after 0.20 seconds` },
    });
    await expect(runtime.invoke('esm', { n: 1 })).resolves.toMatchObject({ ok: true, result: { kind: 'esm' } });
    await expect(runtime.invoke('busy', {})).resolves.toMatchObject({ ok: false, timedOut: true });
  });

  it.each([
    [3, 'Runtime exited with error: exit status 3'],
    [0, 'Runtime exited without providing a reason'],
  ])('survives process.exit(%i) as Runtime.ExitError and replaces the environment', async (code, reason) => {
    const { runtime, lines } = start([fn('exit', 'handlers/exit.handler'), fn('counter', 'handlers/counter.handler')]);
    const outcome = failure(await runtime.invoke('exit', { code }));
    expect(outcome.error).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${outcome.requestId} Error: ${reason}` });
    expect(lines).toContain(`RequestId: ${outcome.requestId} Error: ${reason}`);
    expect(lines.at(-1)).toMatch(/\tStatus: error\tError Type: Runtime\.ExitError$/);
    await expect(runtime.invoke('counter', {})).resolves.toMatchObject({ ok: true, result: { count: 1 } });
  });

  it('fails the invocation on an uncaught exception and replaces the environment', async () => {
    const { runtime, lines } = start([fn('uncaught', 'handlers/uncaught.handler')]);
    const outcome = failure(await runtime.invoke('uncaught', {}));
    expect(outcome.error).toMatchObject({ errorType: 'Error', errorMessage: 'thrown in a timer' });
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`\\t${outcome.requestId}\\tERROR\\tUncaught Exception \\t\\{"errorType":"Error","errorMessage":"thrown in a timer"`)));
    lines.length = 0;
    await runtime.invoke('uncaught', {});
    expect(lines.find((line) => line.startsWith('REPORT'))).toMatch(/\tInit Duration: /);
  });

  it('survives an unhandled rejection after the handler answered, starting cold next time', async () => {
    let rejected!: () => void;
    const rejection = new Promise<void>((resolve) => (rejected = resolve));
    const lines: string[] = [];
    const { runtime } = start([fn('late', 'handlers/late-rejection.handler')], {
      onLog: (_fn, line) => {
        lines.push(line);
        if (line.includes('\tERROR\tUnhandled Promise Rejection \t{"errorType":"Runtime.UnhandledPromiseRejection","errorMessage":"Error: late failure"')) rejected();
      },
    });
    await expect(runtime.invoke('late', {})).resolves.toMatchObject({ ok: true, result: 'answered' });
    await rejection;
    lines.length = 0;
    await expect(runtime.invoke('late', {})).resolves.toMatchObject({ ok: true, result: 'answered' });
    expect(lines.find((line) => line.startsWith('REPORT'))).toMatch(/\tInit Duration: /);
  });

  it('reaps idle environments after idleEnvironmentTtlMs of the injected clock', async () => {
    const clock = createManualClock();
    const { runtime } = start([fn('counter', 'handlers/counter.handler')], { clock, idleEnvironmentTtlMs: 60_000 });
    expect(countOf(await runtime.invoke('counter', {}))).toBe(1);
    clock.advance(59_999);
    expect(countOf(await runtime.invoke('counter', {}))).toBe(2);
    clock.advance(60_000);
    expect(countOf(await runtime.invoke('counter', {}))).toBe(1);
  });

  it('evicts the least recently used idle environment at the global cap', async () => {
    const { runtime } = start([fn('counter', 'handlers/counter.handler'), fn('esm', 'handlers/esm.handler')], { maxEnvironments: 1 });
    expect(countOf(await runtime.invoke('counter', {}))).toBe(1);
    expect(countOf(await runtime.invoke('counter', {}))).toBe(2);
    await runtime.invoke('esm', {});
    expect(countOf(await runtime.invoke('counter', {}))).toBe(1);
  });

  it("forwards what handler code writes to process.stdout to the function's log", async () => {
    const { runtime, lines } = start([fn('stdout', 'handlers/stdout.handler')]);
    await expect(runtime.invoke('stdout', {})).resolves.toMatchObject({ ok: true, result: 'written' });
    await runtime.dispose();
    expect(lines).toEqual(expect.arrayContaining(['raw line one', 'raw line two']));
  });
});
