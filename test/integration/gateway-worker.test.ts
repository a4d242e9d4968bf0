import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Emulator } from 'apigw-ws-local';
import { connectTestClient } from 'apigw-ws-local/testing';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});

// The default execution mode: handlers in worker threads, @connections calls through the SDK we
// provide answered in-process (no socket), with the same answers as over HTTP.
describe('worker mode', () => {
  async function start() {
    const emulator = new Emulator({
      port: 0,
      root,
      routes: {
        oneway: 'app.message',
        gone: { handler: 'app.postToGone', routeResponse: true },
        echo: { handler: 'app.message', routeResponse: true },
      },
    });
    disposers.push(() => emulator.dispose());
    return { emulator, ...(await emulator.start()) };
  }

  it('delivers PostToConnection from a handler', async () => {
    const { url } = await start();
    const client = await connectTestClient(url);
    client.send({ action: 'oneway', reply: 'through the SDK' });
    expect(await client.nextMessage()).toBe('through the SDK');
  });

  it('gives the handler a GoneException with the AWS message and status for an unknown connection', async () => {
    const { url } = await start();
    const client = await connectTestClient(url);
    client.send({ action: 'gone' });
    expect(JSON.parse(await client.nextMessage())).toEqual({ name: 'GoneException', message: 'UnknownError', status: 410 });
  });

  it('answers Internal server error and keeps serving when a handler throws', async () => {
    const { url } = await start();
    const client = await connectTestClient(url);
    client.send({ action: 'echo', fail: 'throw' });
    expect(await client.nextMessage()).toMatch(/^\{"message": "Internal server error", "connectionId":"[A-Za-z0-9_-]{15}=", "requestId":"[A-Za-z0-9_-]{15}="\}$/);
    client.send({ action: 'echo', respond: 'next' });
    expect(await client.nextMessage()).toBe('next');
  });
});
