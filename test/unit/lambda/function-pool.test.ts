import { describe, expect, it } from 'vitest';
import { EnvironmentBudget } from '../../../src/lambda/environment-budget.js';
import type { EnvironmentFactory, ExecutionEnvironment, InitResult, RunResult } from '../../../src/lambda/execution-environment.js';
import { FunctionPool } from '../../../src/lambda/function-pool.js';
import type { FunctionDefinition, InvocationOutcome } from '../../../src/lambda/types.js';
import type { InvokeMessage } from '../../../src/lambda/worker-protocol.js';
import { createManualClock, type ManualClock } from '../../helpers/sync-manual-clock.js';

/** An environment whose init and invocations the test settles by hand. */
class FakeEnvironment implements ExecutionEnvironment {
  readonly identity;
  readonly createdAt = performance.now();
  readonly runs: Array<{ message: InvokeMessage; settle: (result: RunResult) => void }> = [];
  terminated = false;
  #ready: Promise<InitResult>;
  settleReady!: (result: InitResult) => void;

  constructor(
    readonly name: string,
    readonly exit: () => void,
    readyAtOnce: boolean,
  ) {
    this.identity = { functionName: name, functionVersion: '$LATEST', invokedFunctionArn: '', memoryLimitInMB: '128', logGroupName: '', logStreamName: '' };
    this.#ready = new Promise((resolve) => {
      this.settleReady = resolve;
    });
    if (readyAtOnce) this.settleReady({ kind: 'ready' });
  }

  ready(): Promise<InitResult> {
    return this.#ready;
  }

  run(message: InvokeMessage): Promise<RunResult> {
    return new Promise((settle) => this.runs.push({ message, settle }));
  }

  async terminate(): Promise<void> {
    this.terminated = true;
    for (const run of this.runs) run.settle({ kind: 'terminated' });
  }

  /** Settles the latest invocation with `value`. */
  answer(value: unknown): void {
    this.runs.at(-1)?.settle({ kind: 'settled', settlement: { ok: true, json: JSON.stringify(value) }, maxMemoryUsedMb: 10, reusable: true });
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function fnNamed(name: string, timeoutMs = 3000): FunctionDefinition {
  return { name, handler: 'index.handler', root: '/app', timeoutMs, memorySizeMb: 128, environment: {} };
}

function setUp(
  options: { maxEnvironments?: number; budget?: EnvironmentBudget; clock?: ManualClock; name?: string; readyAtOnce?: boolean; timeoutMs?: number } = {},
) {
  const clock = options.clock ?? createManualClock();
  const created: FakeEnvironment[] = [];
  const lines: string[] = [];
  const factory: EnvironmentFactory = {
    create(fn, onExit) {
      const env = new FakeEnvironment(fn.name, onExit, options.readyAtOnce ?? true);
      created.push(env);
      return env;
    },
  };
  const budget = options.budget ?? new EnvironmentBudget(100);
  const pool = new FunctionPool({
    fn: fnNamed(options.name ?? 'fn', options.timeoutMs),
    factory,
    budget,
    clock,
    maxEnvironments: options.maxEnvironments ?? 10,
    idleTtlMs: 60_000,
    log: (line) => lines.push(line),
  });
  return { pool, clock, created, lines, budget };
}

describe('FunctionPool', () => {
  it('reuses a warm environment and reports Init Duration only on the cold start', async () => {
    const { pool, created, lines } = setUp();
    const first = pool.invoke({ n: 1 }, undefined);
    await flush();
    expect(created[0]?.runs[0]?.message).toEqual({ requestId: expect.any(String), eventJson: '{"n":1}', timeoutMs: 3000 });
    created[0]?.answer('one');
    await expect(first).resolves.toMatchObject({ ok: true, result: 'one' });
    const second = pool.invoke({ n: 2 }, undefined);
    await flush();
    created[0]?.answer('two');
    await expect(second).resolves.toMatchObject({ ok: true, result: 'two' });
    expect(created).toHaveLength(1);
    const reports = lines.filter((line) => line.startsWith('REPORT'));
    expect(reports.map((line) => line.includes('Init Duration'))).toEqual([true, false]);
  });

  it('runs concurrent invocations in separate environments', async () => {
    const { pool, created } = setUp();
    const first = pool.invoke({}, undefined);
    const second = pool.invoke({}, undefined);
    await flush();
    expect(created).toHaveLength(2);
    created[1]?.answer('b');
    created[0]?.answer('a');
    await expect(Promise.all([first, second])).resolves.toMatchObject([{ result: 'a' }, { result: 'b' }]);
  });

  it('queues beyond maxEnvironments and runs the queued invocation on the freed environment', async () => {
    const { pool, created } = setUp({ maxEnvironments: 1 });
    const first = pool.invoke({ n: 1 }, undefined);
    const second = pool.invoke({ n: 2 }, undefined);
    await flush();
    expect(created).toHaveLength(1);
    expect(created[0]?.runs).toHaveLength(1);
    created[0]?.answer('first');
    await first;
    await flush();
    expect(created[0]?.runs.map((run) => run.message.eventJson)).toEqual(['{"n":1}', '{"n":2}']);
    created[0]?.answer('second');
    await expect(second).resolves.toMatchObject({ ok: true, result: 'second' });
  });

  it('times out with the injected clock, ends the environment and starts a new one next time', async () => {
    const { pool, created, clock, lines } = setUp();
    const outcome = pool.invoke({}, undefined);
    await flush();
    clock.advance(3000);
    const timedOut = (await outcome) as Extract<InvocationOutcome, { ok: false }>;
    expect(timedOut).toMatchObject({
      ok: false,
      timedOut: true,
      error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${timedOut.requestId} Error: Task timed out after 3.00 seconds` },
    });
    expect(created[0]?.terminated).toBe(true);
    expect(lines).toContain(`${new Date(clock.now()).toISOString()} ${timedOut.requestId} Task timed out after 3.00 seconds`);
    expect(lines.at(-1)).toMatch(/\tStatus: timeout$/);
    void pool.invoke({}, undefined);
    await flush();
    expect(created).toHaveLength(2);
  });

  it("caps the timeout at the caller's deadline", async () => {
    const { pool, clock } = setUp();
    const outcome = pool.invoke({}, 500);
    await flush();
    clock.advance(500);
    const timedOut = (await outcome) as Extract<InvocationOutcome, { ok: false }>;
    expect(timedOut.error.errorMessage).toBe(`RequestId: ${timedOut.requestId} Error: Task timed out after 0.50 seconds`);
  });

  it('fails a queued invocation whose deadline passes before an environment frees up, saying it never started', async () => {
    const { pool, clock, created, lines } = setUp({ maxEnvironments: 1, timeoutMs: 60_000 });
    const first = pool.invoke({}, undefined);
    const queued = pool.invoke({}, 29_000);
    await flush();
    clock.advance(29_000);
    const failed = (await queued) as Extract<InvocationOutcome, { ok: false }>;
    const reason = 'no execution environment free for 29.00 s (fn: 1 busy, maxEnvironmentsPerFunction 1; the maxEnvironments cap counts too); the invocation never started';
    expect(failed).toEqual({
      ok: false,
      timedOut: true,
      error: { errorType: 'Runtime.NoFreeEnvironment', errorMessage: `RequestId: ${failed.requestId} Error: ${reason}` },
      requestId: failed.requestId,
      durationMs: 0,
    });
    expect(lines.at(-1)).toBe(`${new Date(clock.now()).toISOString()} ${failed.requestId} ${reason}`);
    expect(lines.join('\n')).not.toContain('Task timed out');
    created[0]?.answer('still fine');
    await expect(first).resolves.toMatchObject({ ok: true, result: 'still fine' });
    expect(created[0]?.runs).toHaveLength(1);
  });

  it('starts the function timeout when the handler starts, not when the invocation queued', async () => {
    const { pool, clock, created, lines } = setUp({ maxEnvironments: 1 });
    const first = pool.invoke({ n: 1 }, undefined);
    const queued = pool.invoke({ n: 2 }, 29_000);
    const disconnect = pool.invoke({ n: 3 }, undefined);
    await flush();
    clock.advance(2500);
    created[0]?.answer('first');
    await first;
    await flush();
    // The second has waited 2.5 s; its 3 s timeout starts now.
    clock.advance(2999);
    expect(created[0]?.runs).toHaveLength(2);
    expect(created[0]?.terminated).toBe(false);
    created[0]?.answer('second');
    await expect(queued).resolves.toMatchObject({ ok: true, result: 'second' });
    await flush();
    // The third (no deadline, like $disconnect) waited 5.5 s and still gets its full 3 s.
    expect(created[0]?.runs.map((run) => run.message.eventJson)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    const startedAt = clock.now();
    clock.advance(3000);
    const timedOut = (await disconnect) as Extract<InvocationOutcome, { ok: false }>;
    expect(timedOut.error).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${timedOut.requestId} Error: Task timed out after 3.00 seconds`,
    });
    expect(lines).toContain(`${new Date(startedAt + 3000).toISOString()} ${timedOut.requestId} Task timed out after 3.00 seconds`);
  });

  it("says so when the caller's deadline, partly spent waiting, ends a handler before its own timeout", async () => {
    const { pool, clock, created, lines } = setUp({ maxEnvironments: 1, timeoutMs: 60_000 });
    const first = pool.invoke({ n: 1 }, undefined);
    const queued = pool.invoke({ n: 2 }, 29_000);
    await flush();
    clock.advance(28_000);
    created[0]?.answer('first');
    await first;
    await flush();
    clock.advance(1000);
    const timedOut = (await queued) as Extract<InvocationOutcome, { ok: false }>;
    const reason = 'the integration timeout (29.00 seconds) ended the handler after 1.00 seconds; the invocation had waited 28.00 seconds for a free execution environment';
    expect(timedOut).toMatchObject({
      timedOut: true,
      error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${timedOut.requestId} Error: ${reason}` },
    });
    expect(lines).toContain(`${new Date(clock.now()).toISOString()} ${timedOut.requestId} ${reason}`);
  });

  it("says so when the caller's deadline, partly spent waiting, ends a cold start before the init limit", async () => {
    const { pool, clock, created } = setUp({ maxEnvironments: 1, timeoutMs: 60_000, readyAtOnce: false });
    const first = pool.invoke({ n: 1 }, undefined);
    const queued = pool.invoke({ n: 2 }, 29_000);
    await flush();
    created[0]?.settleReady({ kind: 'ready' });
    await flush();
    clock.advance(28_000);
    created[0]?.runs[0]?.settle({ kind: 'exited', exitCode: 1 });
    await first;
    await flush();
    expect(created).toHaveLength(2);
    clock.advance(1000);
    const timedOut = (await queued) as Extract<InvocationOutcome, { ok: false }>;
    const reason = 'the integration timeout (29.00 seconds) ended the init phase after 1.00 seconds; the invocation had waited 28.00 seconds for a free execution environment';
    expect(timedOut).toMatchObject({
      timedOut: true,
      error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${timedOut.requestId} Error: ${reason}` },
    });
  });

  it('serves queued invocations round-robin across lanes, in order within a lane', async () => {
    const { pool, created } = setUp({ maxEnvironments: 1 });
    const invocations = [pool.invoke('a1', undefined, 'A')];
    for (const n of [2, 3, 4, 5]) invocations.push(pool.invoke(`a${n}`, undefined, 'A'));
    invocations.push(pool.invoke('b1', undefined, 'B'), pool.invoke('b2', undefined, 'B'));
    invocations.push(pool.invoke('none', undefined));
    for (let served = 0; served < invocations.length; served++) {
      await flush();
      created[0]?.answer(served);
      await flush();
    }
    await Promise.all(invocations);
    expect(created).toHaveLength(1);
    expect(created[0]?.runs.map((run) => JSON.parse(run.message.eventJson) as string)).toEqual(['a1', 'a2', 'b1', 'none', 'a3', 'b2', 'a4', 'a5']);
  });

  it('reaps an environment idle for idleTtlMs', async () => {
    const { pool, created, clock } = setUp();
    const first = pool.invoke({}, undefined);
    await flush();
    created[0]?.answer(1);
    await first;
    clock.advance(59_999);
    expect(created[0]?.terminated).toBe(false);
    clock.advance(1);
    expect(created[0]?.terminated).toBe(true);
    expect(pool.size).toBe(0);
  });

  it('replaces an environment whose thread ended while idle', async () => {
    const { pool, created } = setUp();
    const first = pool.invoke({}, undefined);
    await flush();
    created[0]?.answer(1);
    await first;
    created[0]?.exit();
    expect(pool.size).toBe(0);
    void pool.invoke({}, undefined);
    await flush();
    expect(created).toHaveLength(2);
  });

  it('reports an environment that exits during an invocation as Runtime.ExitError', async () => {
    const { pool, created, lines } = setUp();
    const outcome = pool.invoke({}, undefined);
    await flush();
    created[0]?.runs[0]?.settle({ kind: 'exited', exitCode: 3 });
    const failed = (await outcome) as Extract<InvocationOutcome, { ok: false }>;
    expect(failed.error).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${failed.requestId} Error: Runtime exited with error: exit status 3`,
    });
    expect(lines).toContain(`RequestId: ${failed.requestId} Error: Runtime exited with error: exit status 3`);
    expect(lines.at(-1)).toMatch(/\tStatus: error\tError Type: Runtime\.ExitError$/);
    expect(pool.size).toBe(0);
  });

  it('fails the invocation with the init error of a cold start', async () => {
    const { pool, created } = setUp({ readyAtOnce: false });
    const outcome = pool.invoke({}, undefined);
    await flush();
    created[0]?.settleReady({ kind: 'failed', error: { errorType: 'Runtime.ImportModuleError', errorMessage: "Error: Cannot find module 'index'" } });
    await expect(outcome).resolves.toMatchObject({ ok: false, timedOut: false, error: { errorType: 'Runtime.ImportModuleError' } });
    expect(created[0]?.terminated).toBe(true);
  });

  it('evicts the idle environment of another function when the global cap is reached', async () => {
    const clock = createManualClock();
    const budget = new EnvironmentBudget(1);
    const a = setUp({ clock, budget, name: 'a' });
    const b = setUp({ clock, budget, name: 'b' });
    const first = a.pool.invoke({}, undefined);
    await flush();
    a.created[0]?.answer('a');
    await first;
    const second = b.pool.invoke({}, undefined);
    await flush();
    expect(a.created[0]?.terminated).toBe(true);
    expect(b.created).toHaveLength(1);
    b.created[0]?.answer('b');
    await expect(second).resolves.toMatchObject({ result: 'b' });
  });

  it('evicts a function\'s second idle environment before another function\'s last one', async () => {
    const clock = createManualClock();
    const budget = new EnvironmentBudget(3);
    const a = setUp({ clock, budget, name: 'a' });
    const b = setUp({ clock, budget, name: 'b' });
    const c = setUp({ clock, budget, name: 'c' });
    // b's only environment is the least recently used; a has two.
    const onB = b.pool.invoke({}, undefined);
    await flush();
    b.created[0]?.answer('b');
    await onB;
    const onA = [a.pool.invoke({}, undefined), a.pool.invoke({}, undefined)];
    await flush();
    a.created[0]?.answer('a0');
    a.created[1]?.answer('a1');
    await Promise.all(onA);
    const onC = c.pool.invoke({}, undefined);
    await flush();
    expect([a.created[0]?.terminated, a.created[1]?.terminated, b.created[0]?.terminated]).toEqual([true, false, false]);
    c.created[0]?.answer('c');
    await expect(onC).resolves.toMatchObject({ result: 'c' });
    // b is still warm: no cold start.
    const again = b.pool.invoke({}, undefined);
    await flush();
    b.created[0]?.answer('b again');
    await expect(again).resolves.toMatchObject({ result: 'b again' });
    expect(b.created).toHaveLength(1);
  });

  it('makes a function wait for a slot while every environment is busy', async () => {
    const clock = createManualClock();
    const budget = new EnvironmentBudget(1);
    const a = setUp({ clock, budget, name: 'a' });
    const b = setUp({ clock, budget, name: 'b' });
    const first = a.pool.invoke({}, undefined);
    const second = b.pool.invoke({}, undefined);
    await flush();
    expect(b.created).toHaveLength(0);
    a.created[0]?.answer('a');
    await first;
    await flush();
    expect(a.created[0]?.terminated).toBe(true);
    b.created[0]?.answer('b');
    await expect(second).resolves.toMatchObject({ result: 'b' });
    expect(budget.live).toBe(1);
  });

  it('fails in-flight and queued invocations on dispose', async () => {
    const { pool, created } = setUp({ maxEnvironments: 1 });
    const running = pool.invoke({}, undefined);
    const queued = pool.invoke({}, undefined);
    await flush();
    await pool.dispose();
    await expect(running).resolves.toMatchObject({ ok: false, error: { errorType: 'Runtime.Disposed' } });
    await expect(queued).resolves.toMatchObject({ ok: false, error: { errorType: 'Runtime.Disposed' } });
    expect(created[0]?.terminated).toBe(true);
    await expect(pool.invoke({}, undefined)).resolves.toMatchObject({ ok: false, error: { errorType: 'Runtime.Disposed' } });
  });

  it('rejects an event that is not JSON as Lambda does', async () => {
    const { pool } = setUp();
    await expect(pool.invoke({ big: 1n }, undefined)).resolves.toMatchObject({
      ok: false,
      error: { errorType: 'InvalidRequestContentException', errorMessage: 'Could not parse request body into json' },
    });
  });
});
