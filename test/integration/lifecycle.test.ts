// dispose() wins over a start in progress, pending waits fail with ERR_DISPOSED, and while the
// gateway closes no new connection can start a $connect.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Emulator, EmulatorError } from '../../src/index.js';
import { startTestEmulator, WebSocketRefusedError, connectTestClient } from '../../src/testing/index.js';

const root = fileURLToPath(new URL('../fixtures/gateway', import.meta.url));

describe('dispose', () => {
  it('during start(): start rejects with ERR_DISPOSED and every method says disposed', async () => {
    const emulator = new Emulator({ port: 0, root, routes: { $default: 'app.fallback' }, recordInvocations: true });
    const starting = emulator.start();
    const disposing = emulator.dispose();
    const error = await starting.catch((e: unknown) => e);
    await disposing;
    expect(error).toBeInstanceOf(EmulatorError);
    expect((error as EmulatorError).code).toBe('ERR_DISPOSED');
    expect((error as Error).message).toBe('the emulator was disposed while starting');
    expect(() => emulator.listConnections()).toThrow('the emulator was disposed: create a new Emulator');
    expect(() => emulator.start()).toThrow('the emulator was disposed: create a new Emulator');
  });

  it('rejects a pending waitForInvocation with ERR_DISPOSED', async () => {
    const test = await startTestEmulator({ root, routes: { $default: 'app.fallback' } });
    const waiting = test.waitForInvocation({ routeKey: 'never' }, { timeoutMs: 10_000 });
    await test.dispose();
    const error = await waiting.catch((e: unknown) => e);
    expect((error as EmulatorError).code).toBe('ERR_DISPOSED');
    expect((error as Error).message).toBe('the emulator was disposed while waiting for an invocation');
  });

  it('answers 503 to an upgrade while the gateway closes its connections', async () => {
    const test = await startTestEmulator({
      root,
      routes: { $connect: 'slow-disconnect.connect', $disconnect: 'slow-disconnect.disconnect', $default: 'app.fallback' },
    });
    await test.connect();
    const records = test.emulator.invocations; // the live list: methods throw once disposed
    const disposing = test.dispose();
    // The $disconnect takes 400 ms: the gateway is closing meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await connectTestClient(test.url).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WebSocketRefusedError);
    expect((refused as WebSocketRefusedError).status).toBe(503);
    await disposing;
    const connects = records.filter((record) => record.routeKey === '$connect');
    expect(connects).toHaveLength(1);
  });
});
