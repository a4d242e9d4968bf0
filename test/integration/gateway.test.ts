import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Emulator, type EmulatorOptions } from '../../src/index.js';
import { connect, open } from '../helpers/ws-client.js';
// @ts-expect-error: plain JS fixture without types
import { reset, waitFor, calls } from '../fixtures/gateway/recorder.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
const ID = /^[A-Za-z0-9_-]{15}=$/;

type Recorded = { name: string; event: { requestContext: Record<string, unknown>; [key: string]: unknown }; [key: string]: unknown };

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});
beforeEach(() => reset());

async function startEmulator(overrides: Partial<EmulatorOptions> = {}) {
  const emulator = new Emulator({
    port: 0,
    root,
    execution: 'inline',
    routes: {
      $connect: 'app.connect',
      $disconnect: 'app.disconnect',
      $default: { handler: 'app.fallback', routeResponse: true },
      echo: { handler: 'app.message', routeResponse: true },
      oneway: 'app.message',
    },
    ...overrides,
  });
  disposers.push(() => emulator.dispose());
  const urls = await emulator.start();
  return { emulator, ...urls };
}

const recorded = (predicate: (call: Recorded) => boolean): Promise<Recorded> => waitFor(predicate);

describe('$connect', () => {
  it('completes the upgrade on 2xx and registers the connection only then', async () => {
    const { url, emulator } = await startEmulator();
    const client = await open(`${url}?room=lobby&room=hall&x=1`, { headers: { 'X-Custom': 'yes', 'User-Agent': 'vitest-agent' } });
    const { event } = await recorded((call) => call.name === '$connect');
    const connectionId = event.requestContext.connectionId as string;
    expect(connectionId).toMatch(ID);
    expect(emulator.listConnections().map((c) => c.connectionId)).toEqual([connectionId]);
    expect(event.queryStringParameters).toEqual({ room: 'hall', x: '1' });
    expect(event.multiValueQueryStringParameters).toEqual({ room: ['lobby', 'hall'], x: ['1'] });
    const headers = event.headers as Record<string, string>;
    expect(headers['X-Custom']).toBe('yes');
    expect(headers['User-Agent']).toBe('vitest-agent');
    expect(headers['X-Forwarded-For']).toBe('127.0.0.1');
    expect(headers['X-Forwarded-Port']).toBe('443');
    expect(headers['X-Forwarded-Proto']).toBe('https');
    expect(headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(Object.keys(headers).map((h) => h.toLowerCase())).not.toContain('upgrade');
    expect(Object.keys(headers).map((h) => h.toLowerCase())).not.toContain('connection');
    expect(event.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
      stage: 'local',
      identity: { sourceIp: '127.0.0.1', userAgent: 'vitest-agent' },
      apiId: emulator.options.apiId,
      domainName: `${emulator.options.apiId}.execute-api.us-east-1.amazonaws.com`,
    });
    expect(event.requestContext.requestId).toMatch(ID);
    expect(event.requestContext.extendedRequestId).toBe(event.requestContext.requestId);
    expect(event.isBase64Encoded).toBe(false);
    client.socket.close();
  });

  it('has no query string fields when the URL has no query', async () => {
    const { url } = await startEmulator();
    const client = await open(url);
    const { event } = await recorded((call) => call.name === '$connect');
    expect('queryStringParameters' in event).toBe(false);
    expect('multiValueQueryStringParameters' in event).toBe(false);
    client.socket.close();
  });

  it.each([
    [401, '?status=401'],
    [301, '?status=301'],
    [500, '?status=500'],
    [502, '?throw=1'],
    [502, '?nothing=1'],
  ])('refuses the upgrade with HTTP %i for %s', async (status, query) => {
    const { url, emulator } = await startEmulator();
    const result = await connect(url + query);
    expect(result).toMatchObject({ opened: false, status });
    expect(emulator.listConnections()).toEqual([]);
    // No connection ever existed, so there is nothing to disconnect.
    expect(calls().filter((call: Recorded) => call.name === '$disconnect')).toEqual([]);
  });

  it('answers 410 GoneException to a PostToConnection made during $connect', async () => {
    const { url } = await startEmulator();
    const client = await open(`${url}?postSelf=1`);
    const call = await recorded((c) => c.name === 'postSelf');
    expect(call).toMatchObject({ error: 'GoneException', status: 410 });
    client.socket.close();
  });

  it('echoes only the subprotocol $connect returned, and a client that offered some fails without one, as on AWS', async () => {
    const { url } = await startEmulator();
    const chosen = await open(`${url}?protocol=chat.v2`, { protocols: ['chat.v1', 'chat.v2'] });
    expect(chosen.socket.protocol).toBe('chat.v2');
    chosen.socket.close();
    await expect(connect(url, { protocols: ['chat.v1'] })).rejects.toThrow('Server sent no subprotocol');
  });

  it('logs how to fix a missing subprotocol echo', async () => {
    const warnings: string[] = [];
    const noop = () => {};
    const { url } = await startEmulator({ logger: { debug: noop, info: noop, error: noop, warn: (line) => warnings.push(line) } });
    await expect(connect(url, { protocols: ['chat.v1', 'chat.v2'] })).rejects.toThrow('Server sent no subprotocol');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^connection [A-Za-z0-9_-]{15}= offered subprotocols "chat\.v1,chat\.v2" but the 101 carries none, so the client will fail the handshake as it would on AWS: return headers: \{ 'Sec-WebSocket-Protocol': '<one of them>' \} from \$connect$/,
    );
  });

  it('upgrades without a $connect route', async () => {
    const { url } = await startEmulator({ routes: { $default: { handler: 'app.fallback', routeResponse: true } } });
    const client = await open(url);
    client.send('hi');
    await recorded((c) => c.name === '$default');
    client.socket.close();
  });
});

describe('routing', () => {
  it('sends a message to the route its action names, with the MESSAGE event', async () => {
    const { url } = await startEmulator();
    const client = await open(url);
    const body = '{"action":"echo", "respond":"pong"}';
    client.send(body);
    expect(await client.nextMessage()).toBe('pong');
    const { event } = await recorded((c) => c.name === 'echo');
    expect(Object.keys(event)).toEqual(['requestContext', 'body', 'isBase64Encoded']);
    expect(event.body).toBe(body);
    expect(event.requestContext).toMatchObject({ routeKey: 'echo', eventType: 'MESSAGE', messageDirection: 'IN' });
    expect(event.requestContext.messageId).toMatch(ID);
    client.socket.close();
  });

  it.each([
    ['an unknown action', '{"action":"nope"}'],
    ['a case-different action', '{"action":"ECHO"}'],
    ['a body that is not JSON', 'hello there'],
    ['JSON without the key', '{"hello":"world"}'],
  ])('sends %s to $default', async (_name, body) => {
    const { url } = await startEmulator();
    const client = await open(url);
    client.send(body);
    expect(await client.nextMessage()).toBe(`default got ${body}`);
    client.socket.close();
  });

  it('answers the Forbidden frame byte for byte when nothing matches and there is no $default; the socket stays open', async () => {
    const { url } = await startEmulator({ routes: { echo: { handler: 'app.message', routeResponse: true } } });
    const client = await open(url);
    client.send('{"action":"missing"}');
    const frame = await client.nextMessage();
    const match = /^\{"message": "Forbidden", "connectionId":"([A-Za-z0-9_-]{15}=)", "requestId":"([A-Za-z0-9_-]{15}=)"\}$/.exec(frame);
    expect(match).not.toBeNull();
    client.send('{"action":"echo","respond":"still open"}');
    expect(await client.nextMessage()).toBe('still open');
    const { event } = await recorded((c) => c.name === 'echo');
    expect(match?.[1]).toBe(event.requestContext.connectionId);
    expect(match?.[2]).not.toBe(event.requestContext.requestId);
    client.socket.close();
  });

  it.each(['throw', 'reject'])('answers "Internal server error" with the failing request id when the handler does %s', async (fail) => {
    const { url } = await startEmulator();
    const client = await open(url);
    client.send({ action: 'echo', fail });
    const frame = await client.nextMessage();
    const { event } = await recorded((c) => c.name === 'echo');
    const { connectionId, requestId } = event.requestContext as { connectionId: string; requestId: string };
    expect(frame).toBe(`{"message": "Internal server error", "connectionId":"${connectionId}", "requestId":"${requestId}"}`);
    client.send({ action: 'echo', respond: 'alive' });
    expect(await client.nextMessage()).toBe('alive');
    client.socket.close();
  });

  it('answers "Internal server error" when the handler times out', async () => {
    const { url } = await startEmulator({ functionTimeoutMs: 100 });
    const client = await open(url);
    client.send({ action: 'echo', fail: 'hang' });
    const frame = await client.nextMessage();
    expect(frame).toMatch(/^\{"message": "Internal server error", "connectionId":"[A-Za-z0-9_-]{15}=", "requestId":"[A-Za-z0-9_-]{15}="\}$/);
    client.socket.close();
  });

  it('sends the body of a two-way route even with statusCode 500, and nothing for a one-way route', async () => {
    const { url } = await startEmulator();
    const client = await open(url);
    client.send({ action: 'oneway', respond: 'must not arrive' });
    await recorded((c) => c.name === 'oneway');
    client.send({ action: 'echo', respond: 'from two-way', status: 500 });
    expect(await client.nextMessage()).toBe('from two-way');
    expect(client.pending).toEqual([]);
    client.socket.close();
  });

  it('runs a connection\'s messages concurrently', async () => {
    const { url } = await startEmulator();
    const client = await open(url);
    client.send({ action: 'echo', waitMs: 300, respond: 'slow' });
    client.send({ action: 'echo', respond: 'fast' });
    expect(await client.nextMessage()).toBe('fast');
    expect(await client.nextMessage()).toBe('slow');
    client.socket.close();
  });

  it('delivers PostToConnection from a handler through the real SDK', async () => {
    const { url } = await startEmulator();
    const client = await open(url);
    client.send({ action: 'oneway', reply: 'via @connections' });
    expect(await client.nextMessage()).toBe('via @connections');
    client.socket.close();
  });
});

describe('$disconnect', () => {
  const disconnectOf = (connectionId: string) =>
    recorded((c) => c.name === '$disconnect' && c.event.requestContext.connectionId === connectionId);

  async function openAndGetId(url: string) {
    const client = await open(url);
    const { event } = await recorded(
      (c) =>
        c.name === '$connect' &&
        !calls().some((d: Recorded) => d.name === '$disconnect' && d.event.requestContext.connectionId === c.event.requestContext.connectionId),
    );
    return { client, connectionId: event.requestContext.connectionId as string };
  }

  it('reports 1005 "Client-side close frame status not set" for a close frame without a code', async () => {
    const { url } = await startEmulator();
    const { client, connectionId } = await openAndGetId(url);
    client.socket.close();
    const { event } = await disconnectOf(connectionId);
    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnectStatusCode: 1005,
      disconnectReason: 'Client-side close frame status not set',
    });
    expect(event.headers).toEqual({ Host: event.requestContext.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' });
  });

  it("reports the client's own code and reason", async () => {
    const { url } = await startEmulator();
    const { client, connectionId } = await openAndGetId(url);
    client.socket.close(4000, 'bye now');
    const { event } = await disconnectOf(connectionId);
    expect(event.requestContext).toMatchObject({ disconnectStatusCode: 4000, disconnectReason: 'bye now' });
  });

  it('reports 1006 and an empty reason when the connection is lost', async () => {
    const { url } = await startEmulator();
    const { client, connectionId } = await openAndGetId(url);
    client.socket.terminate();
    const { event } = await disconnectOf(connectionId);
    expect(event.requestContext).toMatchObject({ disconnectStatusCode: 1006, disconnectReason: '' });
  });

  it('runs exactly once, and closes with 1000 after deleteConnection', async () => {
    const { url, emulator } = await startEmulator();
    const { client, connectionId } = await openAndGetId(url);
    expect(emulator.deleteConnection(connectionId)).toBe(true);
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
    const { event } = await disconnectOf(connectionId);
    expect(event.requestContext).toMatchObject({ disconnectStatusCode: 1000, disconnectReason: 'Connection Closed Normally' });
    expect(emulator.deleteConnection(connectionId)).toBe(false);
    expect(emulator.postToConnection(connectionId, 'x')).toBe(false);
    await emulator.dispose();
    expect(calls().filter((c: Recorded) => c.name === '$disconnect')).toHaveLength(1);
  });

  it('closes every connection with 1001 "Going away" on dispose and runs their $disconnect', async () => {
    const { url, emulator } = await startEmulator();
    const { client, connectionId } = await openAndGetId(url);
    await emulator.dispose();
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    const { event } = await disconnectOf(connectionId);
    expect(event.requestContext).toMatchObject({ disconnectStatusCode: 1001, disconnectReason: 'Going away' });
  });
});

describe('plain HTTP on the port', () => {
  it('answers 426 on the WebSocket path and 403 Forbidden elsewhere', async () => {
    const { port } = await startEmulator();
    const plain = await fetch(`http://127.0.0.1:${port}/local`);
    expect(plain.status).toBe(426);
    const other = await fetch(`http://127.0.0.1:${port}/prod`);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ message: 'Forbidden' });
  });

  it('refuses an upgrade whose URL is over 4096 characters with 414, invoking nothing', async () => {
    const { url } = await startEmulator();
    const base = `${url}?x=`;
    const result = await connect(base + 'a'.repeat(4096 - new URL(base).pathname.length - 3 + 1));
    expect(result).toEqual({ opened: false, status: 414, body: '{"message":"Request-URI Too Long"}' });
    expect(calls()).toEqual([]);
    const fits = await connect(base + 'a'.repeat(4096 - new URL(base).pathname.length - 3));
    expect(fits.opened).toBe(true);
  });

  it('refuses an upgrade to an unknown stage with 403', async () => {
    const { port } = await startEmulator();
    expect(await connect(`ws://127.0.0.1:${port}/prod`)).toEqual({ opened: false, status: 403, body: '{"message":"Forbidden"}' });
  });
});

describe('two emulators in one process', () => {
  it('keep their connections, routes and ids apart', async () => {
    const first = await startEmulator({ routes: { $default: { handler: 'app.fallback', routeResponse: true } } });
    const second = await startEmulator({ routes: { echo: { handler: 'app.message', routeResponse: true } } });
    expect(first.port).not.toBe(second.port);
    expect(first.emulator.options.apiId).not.toBe(second.emulator.options.apiId);
    const a = await open(first.url);
    const b = await open(second.url);
    a.send('x');
    b.send({ action: 'echo', respond: 'from second' });
    expect(await a.nextMessage()).toBe('default got x');
    expect(await b.nextMessage()).toBe('from second');
    expect(first.emulator.listConnections()).toHaveLength(1);
    expect(second.emulator.listConnections()).toHaveLength(1);
    expect(first.emulator.listConnections()[0]?.connectionId).not.toBe(second.emulator.listConnections()[0]?.connectionId);
    a.socket.close();
    b.socket.close();
  });
});

describe('logging', () => {
  it('logs a failing route with its route key and connection id, and each lifecycle event', async () => {
    const lines: string[] = [];
    const capture = (level: string) => (message: string) => lines.push(`${level} ${message}`);
    const { url } = await startEmulator({ logger: { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') } });
    const client = await open(url);
    client.send({ action: 'echo', fail: 'throw' });
    await client.nextMessage();
    const { event } = await recorded((c) => c.name === 'echo');
    const connectionId = event.requestContext.connectionId as string;
    expect(lines).toContain(`error route echo failed for connection ${connectionId}: TypeError: message exploded`);
    expect(lines).toContain(`info CONNECT ${connectionId}`);
    expect(lines.some((line) => new RegExp(`^info MESSAGE echo ${connectionId} failed \\d+\\.\\d ms$`).test(line))).toBe(true);
    client.socket.close(4000, 'bye');
    await recorded((c) => c.name === '$disconnect');
    expect(lines).toContain(`info DISCONNECT ${connectionId} 4000 "bye"`);
  });
});
