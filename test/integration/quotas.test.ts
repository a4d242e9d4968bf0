import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, Emulator, type EmulatorOptions } from '../../src/index.js';
import { connect, open, type TestClient } from '../helpers/ws-client.js';
// @ts-expect-error: plain JS fixture without types
import { reset, waitFor } from '../fixtures/gateway/recorder.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
const MINUTE_MS = 60_000;
type Recorded = { name: string; event: { requestContext: Record<string, unknown>; body?: string; isBase64Encoded?: boolean } };

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});
beforeEach(() => reset());

async function start(options: Partial<EmulatorOptions> = {}) {
  const clock = createManualClock(Date.UTC(2026, 10, 25, 12, 0, 0));
  const emulator = new Emulator({
    port: 0,
    root,
    execution: 'inline',
    clock,
    routes: { $connect: 'quota.connect', $disconnect: 'quota.disconnect', $default: { handler: 'quota.message', routeResponse: true } },
    ...options,
  });
  disposers.push(() => emulator.dispose());
  const urls = await emulator.start();
  return { emulator, clock, ...urls };
}

async function disconnectOf(client: TestClient, emulator: Emulator): Promise<Recorded['event']['requestContext']> {
  const id = emulator.listConnections()[0]?.connectionId;
  await client.closed;
  return ((await waitFor((c: Recorded) => c.name === '$disconnect' && (id === undefined || c.event.requestContext.connectionId === id))) as Recorded).event
    .requestContext;
}

describe('idle timeout (10 minutes by default)', () => {
  it('closes a connection without data messages with 1001 "Going away", on the injected clock', async () => {
    const { url, clock, emulator } = await start();
    const client = await open(url);
    await clock.advance(10 * MINUTE_MS - 1);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    await clock.advance(1);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(await disconnectOf(client, emulator)).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: 'Going away' });
  });

  it('counts messages in both directions, including @connections posts, but not pings', async () => {
    const { url, clock, emulator } = await start();
    const client = await open(url);
    const connectionId = emulator.listConnections()[0]?.connectionId as string;
    await clock.advance(4 * MINUTE_MS);
    client.send('hello');
    await client.nextMessage();
    await clock.advance(8 * MINUTE_MS); // 12 min since connect, 8 since the message
    expect(emulator.postToConnection(connectionId, 'from the server')).toBe(true);
    await client.nextMessage();
    await clock.advance(9 * MINUTE_MS);
    client.socket.ping();
    await clock.advance(MINUTE_MS - 1);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    await clock.advance(1);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
  });
});

describe('maximum connection duration (2 hours by default)', () => {
  it('closes an active connection after 2 hours with 1001 "Going away"', async () => {
    const { url, clock, emulator } = await start();
    const client = await open(url);
    for (let minutes = 5; minutes < 120; minutes += 5) {
      await clock.advance(5 * MINUTE_MS);
      client.send('keep-alive');
      await client.nextMessage();
    }
    await clock.advance(5 * MINUTE_MS);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(await disconnectOf(client, emulator)).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: 'Going away' });
  });
});

describe('frame and message sizes', () => {
  it('accepts a 32 KB frame and closes the connection with 1009 "Frame too big" on a larger one', async () => {
    const { url, emulator } = await start();
    const client = await open(url);
    client.send('x'.repeat(32_768));
    expect(await client.nextMessage()).toBe('got 32768 false');
    client.send('x'.repeat(32_769));
    expect(await client.closed).toEqual({ code: 1009, reason: 'Frame too big' });
    expect(await disconnectOf(client, emulator)).toMatchObject({ disconnectStatusCode: 1009, disconnectReason: 'Frame too big' });
  });

  it('reassembles fragmented messages up to 128 KB and closes with 1009 beyond', async () => {
    const { url, emulator } = await start();
    const client = await open(url);
    const sendFragmented = (totalBytes: number) => {
      for (let sent = 0; sent < totalBytes; sent += 32_768) {
        const size = Math.min(32_768, totalBytes - sent);
        client.socket.send('y'.repeat(size), { fin: sent + size >= totalBytes });
      }
    };
    sendFragmented(131_072);
    expect(await client.nextMessage()).toBe('got 131072 false');
    sendFragmented(131_073);
    expect(await client.closed).toEqual({ code: 1009, reason: 'Message too big' });
    expect(await disconnectOf(client, emulator)).toMatchObject({ disconnectStatusCode: 1009, disconnectReason: 'Message too big' });
  });
});

describe('pings', () => {
  it('answers each ping with a pong carrying its data', async () => {
    const { url } = await start();
    const client = await open(url);
    for (let index = 0; index < 100; index += 1) {
      const pong = new Promise<string>((resolve) => client.socket.once('pong', (data) => resolve(data.toString())));
      client.socket.ping(`ping ${index}`);
      expect(await pong).toBe(`ping ${index}`);
    }
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  it('closes a ping flood with 1008 "Too many pings", a close frame rather than a dropped socket', async () => {
    const { url, emulator } = await start();
    const client = await open(url);
    for (let index = 0; index < 2000; index += 1) client.socket.ping();
    expect(await client.closed).toEqual({ code: 1008, reason: 'Too many pings' });
    expect(await disconnectOf(client, emulator)).toMatchObject({ disconnectStatusCode: 1008, disconnectReason: 'Too many pings' });
  });
});

describe('binary frames and bad text', () => {
  it('closes with 1003 on a binary frame, as the docs say', async () => {
    const { url, emulator } = await start();
    const client = await open(url);
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await client.closed).code).toBe(1003);
    expect(await disconnectOf(client, emulator)).toMatchObject({ disconnectStatusCode: 1003 });
  });

  it('passes binary messages base64-encoded when binary frames are accepted', async () => {
    const { url } = await start({ binaryFrames: 'accept' });
    const client = await open(url);
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.nextMessage()).toBe('got 4 true');
    const { event } = (await waitFor((c: Recorded) => c.name === 'message')) as Recorded;
    expect(event.body).toBe('AQID');
    expect(event.isBase64Encoded).toBe(true);
  });

  it('closes with 1007 on invalid UTF-8 in a text frame', async () => {
    const { url, emulator } = await start();
    const client = await open(url);
    client.socket.send(Buffer.from([0xc3, 0x28]), { binary: false });
    expect((await client.closed).code).toBe(1007);
    expect(await disconnectOf(client, emulator)).toMatchObject({ disconnectStatusCode: 1007 });
  });
});

describe('new connections per second', () => {
  it('refuses upgrades over the limit with 429, per second of the injected clock', async () => {
    const { url, clock } = await start({ maxNewConnectionsPerSecond: 2 });
    await open(url);
    await open(url);
    expect(await connect(url)).toEqual({ opened: false, status: 429, body: '{"message":"Too Many Requests"}' });
    await clock.advance(1000);
    expect((await connect(url)).opened).toBe(true);
  });
});

describe('function timeouts on the injected clock', () => {
  it('fail a hanging handler after its timeout without waiting for real time', async () => {
    const { url, clock } = await start({ functionTimeoutMs: 3000 });
    const client = await open(url);
    client.send('hang');
    await waitFor((c: Recorded) => c.name === 'message');
    await clock.advance(2999);
    expect(client.pending).toEqual([]);
    await clock.advance(1);
    expect(await client.nextMessage()).toMatch(/^\{"message": "Internal server error", /);
  });
});
