// Queueing for execution environments and per-connection message rates, end to end: real ws clients,
// a real server on port 0, handlers inline on a manual clock (docs/execution-model.md#queueing-and-fairness).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, Emulator, type EmulatorOptions } from '../../src/index.js';
import type { Logger } from '../../src/log/logger.js';
import { connectTestClient, type TestClient } from 'apigw-ws-local/testing';
// @ts-expect-error: plain JS fixture without types
import { closeGate, finished, openGate, reset } from '../fixtures/queueing/queue.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/queueing');
const finishedList = finished as () => string[];
const REAL_WAIT_LIMIT_MS = 20_000;

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  openGate();
  while (disposers.length > 0) await disposers.pop()?.();
});
beforeEach(() => reset());

async function start(options: Partial<EmulatorOptions> = {}) {
  const clock = createManualClock(Date.UTC(2026, 11, 3, 12, 0, 0));
  const errors: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (line) => errors.push(line) };
  const emulator = new Emulator({
    port: 0,
    root,
    execution: 'inline',
    clock,
    logger,
    // Lambda's longest timeout: the tests' handlers never time out, whatever the clock does.
    functionTimeoutMs: 900_000,
    functions: { worker: { handler: 'queue.message' } },
    routes: {
      $connect: 'queue.connect',
      $disconnect: { handler: 'queue.disconnect' },
      $default: { function: 'worker', routeResponse: true },
      quick: { function: 'worker', routeResponse: true, integrationTimeoutMs: 1000 },
      ping: { handler: 'queue.ping', routeResponse: true },
    },
    maxEnvironmentsPerFunction: 1,
    recordInvocations: true,
    ...options,
  });
  disposers.push(() => emulator.dispose());
  const urls = await emulator.start();
  return { emulator, clock, errors, ...urls };
}

/** Real-time polling, bounded: for server-side facts a client cannot observe (a socket's close reached the gateway). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const giveUpAt = Date.now() + REAL_WAIT_LIMIT_MS;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A round trip through another function: every message `client` sent before it has been queued. */
async function ping(client: TestClient): Promise<void> {
  client.send({ action: 'ping' });
  expect(await client.nextMessage()).toBe('pong');
}

describe('waiting for an execution environment', () => {
  it('fails a message that cannot start within its integration timeout with the error frame and an accurate log line', async () => {
    const { url, clock, emulator, errors } = await start();
    const holder = await connectTestClient(url);
    const waiting = await connectTestClient(url);
    closeGate();
    holder.send('gate');
    await ping(holder);
    const body = JSON.stringify({ action: 'quick' });
    waiting.send(body);
    await ping(waiting);
    await clock.advance(999);
    expect(waiting.pending).toEqual([]);
    await clock.advance(1);
    const waitingId = emulator.listConnections()[1]?.connectionId ?? '';
    const frame = await waiting.nextJson<{ message: string; connectionId: string; requestId: string }>();
    expect(frame).toEqual({ message: 'Internal server error', connectionId: waitingId, requestId: expect.stringMatching(/^[A-Za-z0-9_=-]+$/) as unknown });
    const failed = emulator.invocations.find((record) => record.routeKey === 'quick');
    expect(failed).toMatchObject({ ok: false, timedOut: true, connectionId: waitingId, error: { errorType: 'Runtime.NoFreeEnvironment' } });
    const reason = 'no execution environment free for 1.00 s (worker: 1 busy, maxEnvironmentsPerFunction 1; the maxEnvironments cap counts too); the invocation never started';
    expect(failed?.error?.errorMessage).toBe(`RequestId: ${failed?.awsRequestId} Error: ${reason}`);
    expect(errors).toContain(`route quick failed for connection ${frame.connectionId}: Runtime.NoFreeEnvironment: RequestId: ${failed?.awsRequestId} Error: ${reason}`);
    expect(errors.join('\n')).not.toContain('Task timed out');
    expect(finishedList()).toEqual([]);
    openGate();
    expect(await holder.nextMessage()).toBe('got gate');
  });

  it('runs the $disconnect of 2,000 connections closed at once, however long they wait', async () => {
    const { url, clock, emulator } = await start({ maxEnvironmentsPerFunction: 2, maxEnvironments: 4 });
    const clients: TestClient[] = [];
    for (let batch = 0; batch < 10; batch++) clients.push(...(await Promise.all(Array.from({ length: 200 }, () => connectTestClient(url)))));
    expect(emulator.listConnections()).toHaveLength(2000);
    closeGate();
    for (const client of clients) void client.close(1000, 'bye');
    await until(() => emulator.listConnections().length === 0, 'every close to reach the gateway');
    // Past any integration timeout while every $disconnect still waits for the two environments.
    await clock.advance(60_000);
    expect(emulator.invocations.filter((record) => record.routeKey === '$disconnect')).toEqual([]);
    openGate();
    await until(() => finishedList().length === 2000, '2,000 $disconnect invocations');
    const disconnects = emulator.invocations.filter((record) => record.routeKey === '$disconnect');
    expect(disconnects).toHaveLength(2000);
    expect(disconnects.filter((record) => record.ok)).toHaveLength(2000);
    expect(new Set(disconnects.map((record) => record.connectionId)).size).toBe(2000);
  }, 120_000);
});

describe('fairness across connections', () => {
  it("serves a second connection's message before the rest of one connection's burst", async () => {
    const { url } = await start();
    const noisy = await connectTestClient(url);
    const quiet = await connectTestClient(url);
    closeGate();
    noisy.send('gate');
    for (let n = 1; n <= 50; n++) noisy.send(`a${n}`);
    await ping(noisy);
    quiet.send('b1');
    await ping(quiet);
    openGate();
    expect(await quiet.nextMessage()).toBe('got b1');
    await until(() => finishedList().length === 52, 'all 52 messages');
    const burst = Array.from({ length: 50 }, (_, n) => `a${n + 1}`);
    expect(finishedList()).toEqual(['gate', 'a1', 'b1', ...burst.slice(1)]);
  });
});

describe('messages per second per connection', () => {
  it('answers messages over the rate with a Too Many Requests frame and invokes nothing for them', async () => {
    const { url, clock, emulator } = await start({ maxMessagesPerSecondPerConnection: 2 });
    const client = await connectTestClient(url);
    const other = await connectTestClient(url);
    const [id, otherId] = emulator.listConnections().map((connection) => connection.connectionId);
    for (const n of [1, 2, 3]) client.send(`m${n}`);
    other.send('o1');
    const frames = [await client.nextMessage(), await client.nextMessage(), await client.nextMessage()];
    expect(frames.filter((frame) => frame.startsWith('got ')).sort()).toEqual(['got m1', 'got m2']);
    const throttled = frames.find((frame) => !frame.startsWith('got '));
    expect(throttled).toMatch(new RegExp(`^\\{"message": "Too Many Requests", "connectionId":"${id ?? ''}", "requestId":"[A-Za-z0-9_=-]+"\\}$`));
    expect(await other.nextMessage()).toBe('got o1');
    expect(otherId).not.toBe(id);
    await clock.advance(500);
    client.send('m4');
    expect(await client.nextMessage()).toBe('got m4');
    client.send('m5');
    expect(await client.nextMessage()).toMatch(/^\{"message": "Too Many Requests", /);
    expect(finishedList().sort()).toEqual(['m1', 'm2', 'm4', 'o1']);
  });
});
