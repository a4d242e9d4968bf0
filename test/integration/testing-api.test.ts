import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, startTestEmulator, WebSocketRefusedError, type TestEmulator } from 'apigw-ws-local/testing';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

describe('apigw-ws-local/testing', () => {
  it('starts an emulator in one call, with clients, the invocation log and time under control', async () => {
    test = await startTestEmulator({
      root,
      routes: { $connect: 'logged.handler', $disconnect: 'logged.handler', $default: { handler: 'logged.handler', routeResponse: true } },
    });
    const client = await test.connect({ query: { room: 'lobby' }, headers: { 'X-Team': 'blue' } });
    const connect = await test.waitForInvocation({ routeKey: '$connect' });
    expect(connect.event).toMatchObject({ queryStringParameters: { room: 'lobby' }, headers: { 'X-Team': 'blue' } });
    client.send('hello');
    expect(await client.nextMessage()).toBe('ok hello');
    await test.advanceTime(10 * 60 * 1000);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    const disconnect = await test.emulator.waitForDisconnect(connect.connectionId);
    expect(disconnect.event).toMatchObject({ requestContext: { disconnectStatusCode: 1001, disconnectReason: 'Going away' } });
  });

  it('reports a refused upgrade with its HTTP status', async () => {
    test = await startTestEmulator({ root, routes: { $connect: 'app.connect' } });
    const error = await test.connect({ query: { status: '401' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebSocketRefusedError);
    expect((error as WebSocketRefusedError).status).toBe(401);
    expect((error as Error).message).toBe('upgrade refused with HTTP 401');
  });

  it('makes the same ids from the same seed, so event snapshots are stable', async () => {
    const run = async () => {
      const started = await startTestEmulator({
        root,
        seed: 42,
        clock: createManualClock(Date.UTC(2026, 0, 2, 3, 4, 5)),
        routes: { $connect: 'logged.handler', $default: 'logged.handler' },
      });
      try {
        const client = await started.connect();
        const connect = await started.waitForInvocation({ routeKey: '$connect' });
        client.send('hello');
        const message = await started.waitForInvocation({ routeKey: '$default' });
        const pick = (event: unknown) => {
          const { requestContext, headers } = event as { requestContext: Record<string, unknown>; headers?: Record<string, string> };
          const { connectionId, requestId, messageId, apiId, requestTime, connectedAt } = requestContext;
          return { connectionId, requestId, messageId, apiId, requestTime, connectedAt, trace: headers?.['X-Amzn-Trace-Id'] };
        };
        return [pick(connect.event), pick(message.event)];
      } finally {
        await started.dispose();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first[0]).toMatchObject({ requestTime: '02/Jan/2026:03:04:05 +0000', connectedAt: Date.UTC(2026, 0, 2, 3, 4, 5) });
    expect(first[0]?.trace).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('closes the clients it opened on dispose', async () => {
    test = await startTestEmulator({ root, routes: { $default: 'logged.handler' } });
    const client = await test.connect();
    await test.dispose();
    expect((await client.closed).code).toBe(1005);
    expect(() => test?.emulator.listConnections()).toThrow('the emulator was disposed');
  });
});
