/**
 * Inline mode exists for tests: handlers run in the test's own module system, so `vi.mock` of what
 * they import applies.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLambdaRuntime } from '../../src/lambda/create-lambda-runtime.js';
import type { FunctionDefinition, LambdaRuntime } from '../../src/lambda/types.js';

const greet = vi.hoisted(() => vi.fn((name: string) => `mocked hello ${name}`));
vi.mock('../fixtures/handlers/lib/greeting.mjs', () => ({ greet }));

const root = fileURLToPath(new URL('../fixtures', import.meta.url));

function fn(name: string, handler: string, environment: Record<string, string> = {}): FunctionDefinition {
  return { name, handler, root, timeoutMs: 3000, memorySizeMb: 128, environment };
}

const runtimes: LambdaRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.dispose()));
});

describe('Lambda runtime inline', () => {
  it("applies the test's vi.mock to modules a handler imports", async () => {
    const runtime = createLambdaRuntime({ functions: [fn('greeter', 'handlers/greeter.handler')], mode: 'inline' });
    runtimes.push(runtime);
    await expect(runtime.invoke('greeter', { name: 'Ada' })).resolves.toMatchObject({ ok: true, result: 'mocked hello Ada' });
    expect(greet).toHaveBeenCalledWith('Ada');
  });

  it('puts process.env back once the runtime is disposed', async () => {
    const realEnv = process.env;
    const runtime = createLambdaRuntime({ functions: [fn('env', 'handlers/env.handler', { TABLE_NAME: 't' })], mode: 'inline' });
    await expect(runtime.invoke('env', {})).resolves.toMatchObject({ ok: true, result: { tableNow: 't' } });
    expect(process.env.TABLE_NAME).toBeUndefined();
    await runtime.dispose();
    expect(process.env).toBe(realEnv);
  });
});
