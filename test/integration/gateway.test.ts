import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Emulator, type EmulatorOptions, type InvocationRecord } from 'apigw-ws-local';
import { connectTestClient, WebSocketRefusedError } from 'apigw-ws-local/testing';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/gateway');
const ID = /^[A-Za-z0-9_-]{15}=$/;

type Event = { requestContext: Record<string, unknown>; [key: string]: unknown };
const eventOf = (record: InvocationRecord) => record.event as Event;

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length > 0) await disposers.pop()?.();
});

async function startEmulator(overrides: Partial<EmulatorOptions> = {}) {
  const emulator = new Emulator({
    port: 0,
    root,
    execution: 'inline',
    recordInvocations: true,
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

describe('$connect', () => {
  it('completes the upgrade on 2xx and registers the connection only then', async () => {
    const { url, emulator } = await startEmulator();
    const client = await connectTestClient(`${url}?room=lobby&room=hall&x=1`, { headers: { 'X-Custom': 'yes', 'User-Agent': 'vitest-agent' } });
    const event = eventOf(await emulator.waitForInvocation({ routeKey: '$connect' }));
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
    await client.close();
  });

  it('has no query string fields when the URL has no query', async () => {
    const { url, emulator } = await startEmulator();
    const client = await connectTestClient(url);
    const event = eventOf(await emulator.waitForInvocation({ routeKey: '$connect' }));
    expect('queryStringParameters' in event).toBe(false);
    expect('multiValueQueryStringParameters' in event).toBe(false);
    await client.close();
  });

  it.each([
    [401, '?status=401'],
    [301, '?status=301'],
    [500, '?status=500'],
    [502, '?throw=1'],
    [502, '?nothing=1'],
  ])('refuses the upgrade with HTTP %i for %s', async (status, query) => {
    const { url, emulator } = await startEmulator();
    await expect(connectTestClient(url + query)).rejects.toMatchObject({ name: 'WebSocketRefusedError', status });
    expect(emulator.listConnections()).toEqual([]);
    // No connection ever existed, so there is nothing to disconnect.
    expect(emulator.invocations.filter((record) => record.routeKey === '$disconnect')).toEqual([]);
  });

  it('answers 410 GoneException to a PostToConnection made during $connect', async () => {
    const { url, emulator } = await startEmulator();
    const client = await connectTestClient(`${url}?postSelf=1`);
    const { logs } = await emulator.waitForInvocation({ routeKey: '$connect' });
    const line = logs.find((entry) => entry.includes('\tINFO\tpostSelf ')) ?? '';
    expect(JSON.parse(line.slice(line.indexOf('postSelf ') + 'postSelf '.length))).toEqual({ error: 'GoneException', status: 410 });
    await client.close();
  });

  it('echoes only the subprotocol $connect returned, and a client that offered some fails without one, as on AWS', async () => {
    const { url } = await startEmulator();
    const chosen = await connectTestClient(`${url}?protocol=chat.v2`, { protocols: ['chat.v1', 'chat.v2'] });
    expect(chosen.protocol).toBe('chat.v2');
    await chosen.close();
    await expect(connectTestClient(url, { protocols: ['chat.v1'] })).rejects.toThrow('Server sent no subprotocol');
  });

  it('logs how to fix a missing subprotocol echo', async () => {
    const warnings: string[] = [];
    const noop = () => {};
    const { url } = await startEmulator({ logger: { debug: noop, info: noop, error: noop, warn: (line) => warnings.push(line) } });
    await expect(connectTestClient(url, { protocols: ['chat.v1', 'chat.v2'] })).rejects.toThrow('Server sent no subprotocol');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^connection [A-Za-z0-9_-]{15}= offered subprotocols "chat\.v1,chat\.v2" but the 101 carries none, so the client will fail the handshake as it would on AWS: return headers: \{ 'Sec-WebSocket-Protocol': '<one of them>' \} from \$connect$/,
    );
  });

  it('upgrades without a $connect route', async () => {
    const { url, emulator } = await startEmulator({ routes: { $default: { handler: 'app.fallback', routeResponse: true } } });
    const client = await connectTestClient(url);
    client.send('hi');
    await emulator.waitForInvocation({ routeKey: '$default' });
    await client.close();
  });
});

describe('routing', () => {
  it('sends a message to the route its action names, with the MESSAGE event', async () => {
    const { url, emulator } = await startEmulator();
    const client = await connectTestClient(url);
    const body = '{"action":"echo", "respond":"pong"}';
    client.send(body);
    expect(await client.nextMessage()).toBe('pong');
    const event = eventOf(await emulator.waitForInvocation({ routeKey: 'echo' }));
    expect(Object.keys(event)).toEqual(['requestContext', 'body', 'isBase64Encoded']);
    expect(event.body).toBe(body);
    expect(event.requestContext).toMatchObject({ routeKey: 'echo', eventType: 'MESSAGE', messageDirection: 'IN' });
    expect(event.requestContext.messageId).toMatch(ID);
    await client.close();
  });

  it.each([
    ['an unknown action', '{"action":"nope"}'],
    ['a case-different action', '{"action":"ECHO"}'],
    ['a body that is not JSON', 'hello there'],
    ['JSON without the key', '{"hello":"world"}'],
  ])('sends %s to $default', async (_name, body) => {
    const { url } = await startEmulator();
    const client = await connectTestClient(url);
    client.send(body);
    expect(await client.nextMessage()).toBe(`default got ${body}`);
    await client.close();
  });

  it('answers the Forbidden frame byte for byte when nothing matches and there is no $default; the socket stays open', async () => {
    const { url, emulator } = await startEmulator({ routes: { echo: { handler: 'app.message', routeResponse: true } } });
    const client = await connectTestClient(url);
    client.send('{"action":"missing"}');
    const frame = await client.nextMessage();
    const match = /^\{"message": "Forbidden", "connectionId":"([A-Za-z0-9_-]{15}=)", "requestId":"([A-Za-z0-9_-]{15}=)"\}$/.exec(frame);
    expect(match).not.toBeNull();
    client.send('{"action":"echo","respond":"still open"}');
    expect(await client.nextMessage()).toBe('still open');
    const event = eventOf(await emulator.waitForInvocation({ routeKey: 'echo' }));
    expect(match?.[1]).toBe(event.requestContext.connectionId);
    expect(match?.[2]).not.toBe(event.requestContext.requestId);
    await client.close();
  });

  it.each(['throw', 'reject'])('answers "Internal server error" with the failing request id when the handler does %s', async (fail) => {
    const { url, emulator } = await startEmulator();
    const client = await connectTestClient(url);
    client.send({ action: 'echo', fail });
    const frame = await client.nextMessage();
    const event = eventOf(await emulator.waitForInvocation({ routeKey: 'echo' }));
    const { connectionId, requestId } = event.requestContext as { connectionId: string; requestId: string };
    expect(frame).toBe(`{"message": "Internal server error", "connectionId":"${connectionId}", "requestId":"${requestId}"}`);
    client.send({ action: 'echo', respond: 'alive' });
    expect(await client.nextMessage()).toBe('alive');
    await client.close();
  });

  it('answers "Internal server error" when the handler times out', async () => {
    const { url } = await startEmulator({ functionTimeoutMs: 100 });
    const client = await connectTestClient(url);
    client.send({ action: 'echo', fail: 'hang' });
    const frame = await client.nextMessage();
    expect(frame).toMatch(/^\{"message": "Internal server error", "connectionId":"[A-Za-z0-9_-]{15}=", "requestId":"[A-Za-z0-9_-]{15}="\}$/);
    await client.close();
  });

  it('sends the body of a two-way route even with statusCode 500, and nothing for a one-way route', async () => {
    const { url, emulator } = await startEmulator();
    const client = await connectTestClient(url);
    client.send({ action: 'oneway', respond: 'must not arrive' });
    await emulator.waitForInvocation({ routeKey: 'oneway' });
    client.send({ action: 'echo', respond: 'from two-way', status: 500 });
    expect(await client.nextMessage()).toBe('from two-way');
    expect(client.pending).toEqual([]);
    await client.close();
  });

  it('runs a connection\'s messages concurrently', async () => {
    const { url } = await startEmulator();
    const client = await connectTestClient(url);
    client.send({ action: 'echo', waitMs: 300, respond: 'slow' });
    client.send({ action: 'echo', respond: 'fast' });
    expect(await client.nextMessage()).toBe('fast');
    expect(await client.nextMessage()).toBe('slow');
    await client.close();
  });

  it('delivers PostToConnection from a handler through the real SDK', async () => {
    const { url } = await startEmulator();
    const client = await connectTestClient(url);
    client.send({ action: 'oneway', reply: 'via @connections' });
    expect(await client.nextMessage()).toBe('via @connections');
    await client.close();
  });
});

describe('$disconnect', () => {
  async function openAndGetId(emulator: Emulator, url: string) {
    const client = await connectTestClient(url);
    const { connectionId } = await emulator.waitForInvocation({ routeKey: '$connect' });
    return { client, connectionId };
  }

  it('reports 1005 "Client-side close frame status not set" for a close frame without a code', async () => {
    const { url, emulator } = await startEmulator();
    const { client, connectionId } = await openAndGetId(emulator, url);
    await client.close();
    const event = eventOf(await emulator.waitForDisconnect(connectionId));
    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnectStatusCode: 1005,
      disconnectReason: 'Client-side close frame status not set',
    });
    expect(event.headers).toEqual({ Host: event.requestContext.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' });
  });

  it("reports the client's own code and reason", async () => {
    const { url, emulator } = await startEmulator();
    const { client, connectionId } = await openAndGetId(emulator, url);
    await client.close(4000, 'bye now');
    const event = eventOf(await emulator.waitForDisconnect(connectionId));
    expect(event.requestContext).toMatchObject({ disconnectStatusCode: 4000, disconnectReason: 'bye now' });
  });

  it('reports 1006 and an empty reason when the connection is lost', async () => {
    const { url, emulator } = await startEmulator();
    const { client, connectionId } = await openAndGetId(emulator, url);
    client.terminate();
    const event = eventOf(await emulator.waitForDisconnect(connectionId));
    expect(event.requestContext).toMatchObject({ disconnectStatusCode: 1006, disconnectReason: '' });
  });

  it('runs exactly once, and closes with 1000 after deleteConnection', async () => {
    const { url, emulator } = await startEmulator();
    const { client, connectionId } = await openAndGetId(emulator, url);
    expect(emulator.deleteConnection(connectionId)).toBe(true);
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
    const event = eventOf(await emulator.waitForDisconnect(connectionId));
    expect(event.requestContext).toMatchObject({ disconnectStatusCode: 1000, disconnectReason: 'Connection Closed Normally' });
    expect(emulator.deleteConnection(connectionId)).toBe(false);
    expect(emulator.postToConnection(connectionId, 'x')).toBe(false);
    const records = emulator.invocations; // the live list: methods throw once disposed
    await emulator.dispose();
    expect(records.filter((record) => record.routeKey === '$disconnect')).toHaveLength(1);
  });

  it('closes every connection with 1001 "Going away" on dispose and runs their $disconnect', async () => {
    const { url, emulator } = await startEmulator();
    const { client, connectionId } = await openAndGetId(emulator, url);
    // Waiting starts before dispose: once disposed, the emulator's methods throw.
    const disconnected = emulator.waitForDisconnect(connectionId);
    await emulator.dispose();
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    const event = eventOf(await disconnected);
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
    const { url, emulator } = await startEmulator();
    const base = `${url}?x=`;
    const tooLong = connectTestClient(base + 'a'.repeat(4096 - new URL(base).pathname.length - 3 + 1));
    await expect(tooLong).rejects.toEqual(new WebSocketRefusedError(414, '{"message":"Request-URI Too Long"}'));
    expect(emulator.invocations).toEqual([]);
    // Resolves only if the upgrade succeeds.
    await connectTestClient(base + 'a'.repeat(4096 - new URL(base).pathname.length - 3));
  });

  it('refuses an upgrade to an unknown stage with 403', async () => {
    const { port } = await startEmulator();
    await expect(connectTestClient(`ws://127.0.0.1:${port}/prod`)).rejects.toEqual(new WebSocketRefusedError(403, '{"message":"Forbidden"}'));
  });
});

describe('two emulators in one process', () => {
  it('keep their connections, routes and ids apart', async () => {
    const first = await startEmulator({ routes: { $default: { handler: 'app.fallback', routeResponse: true } } });
    const second = await startEmulator({ routes: { echo: { handler: 'app.message', routeResponse: true } } });
    expect(first.port).not.toBe(second.port);
    expect(first.emulator.options.apiId).not.toBe(second.emulator.options.apiId);
    const a = await connectTestClient(first.url);
    const b = await connectTestClient(second.url);
    a.send('x');
    b.send({ action: 'echo', respond: 'from second' });
    expect(await a.nextMessage()).toBe('default got x');
    expect(await b.nextMessage()).toBe('from second');
    expect(first.emulator.listConnections()).toHaveLength(1);
    expect(second.emulator.listConnections()).toHaveLength(1);
    expect(first.emulator.listConnections()[0]?.connectionId).not.toBe(second.emulator.listConnections()[0]?.connectionId);
    await a.close();
    await b.close();
  });
});

describe('logging', () => {
  it('logs a failing route with its route key and connection id, and each lifecycle event', async () => {
    const lines: string[] = [];
    const capture = (level: string) => (message: string) => lines.push(`${level} ${message}`);
    const { url, emulator } = await startEmulator({
      logger: { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') },
    });
    const client = await connectTestClient(url);
    client.send({ action: 'echo', fail: 'throw' });
    await client.nextMessage();
    const { connectionId } = await emulator.waitForInvocation({ routeKey: 'echo' });
    expect(lines).toContain(`error route echo failed for connection ${connectionId}: TypeError: message exploded`);
    expect(lines).toContain(`info CONNECT ${connectionId}`);
    expect(lines.some((line) => new RegExp(`^info MESSAGE echo ${connectionId} failed \\d+\\.\\d ms$`).test(line))).toBe(true);
    await client.close(4000, 'bye');
    await emulator.waitForDisconnect(connectionId);
    expect(lines).toContain(`info DISCONNECT ${connectionId} 4000 "bye"`);
  });
});
