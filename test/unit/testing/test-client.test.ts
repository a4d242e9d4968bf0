import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { connectTestClient, WebSocketRefusedError } from '../../../src/testing/test-client.js';
import type { TestClient } from '../../../src/testing/test-client.js';

// Teardowns registered where each server or client is made, run newest first.
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface TestServer {
  /** `ws://127.0.0.1:<port>` */
  readonly base: string;
  /** Every upgrade request, accepted or not. */
  readonly upgrades: IncomingMessage[];
  /** The server side of the next accepted connection. */
  nextAccepted(): Promise<WebSocket>;
}

const FORBIDDEN_BODY = '{"message":"Forbidden"}';

/**
 * A plain `ws` server (not the emulator) on port 0: `/refuse` answers 403 on the raw socket as
 * API Gateway does, `/refuse-empty` 401 with no body, `/hang` never answers, anything else upgrades.
 */
async function startServer(): Promise<TestServer> {
  const http = createServer();
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has('graphql-ws') ? 'graphql-ws' : false),
  });
  const sockets = new Set<Socket>();
  const accepted: WebSocket[] = [];
  const waiting: Array<(socket: WebSocket) => void> = [];
  const upgrades: IncomingMessage[] = [];
  http.on('connection', (socket) => sockets.add(socket));
  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    upgrades.push(request);
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/hang') return;
    if (path === '/refuse' || path === '/refuse-empty') {
      const [status, body] = path === '/refuse' ? ['403 Forbidden', FORBIDDEN_BODY] : ['401 Unauthorized', ''];
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const waiter = waiting.shift();
      if (waiter) waiter(ws);
      else accepted.push(ws);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    wss.close();
    await new Promise((resolve) => http.close(resolve));
  });
  const { port } = http.address() as AddressInfo;
  return {
    base: `ws://127.0.0.1:${port}`,
    upgrades,
    nextAccepted: () => {
      const socket = accepted.shift();
      return socket ? Promise.resolve(socket) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

async function connect(url: string, options?: Parameters<typeof connectTestClient>[1]): Promise<TestClient> {
  const client = await connectTestClient(url, options);
  cleanups.push(() => client.terminate());
  return client;
}

/** A connected pair: our client and the server's side of it. */
async function openPair(path = '/local'): Promise<{ client: TestClient; peer: WebSocket; url: string }> {
  const server = await startServer();
  const url = `${server.base}${path}`;
  const [client, peer] = await Promise.all([connect(url), server.nextAccepted()]);
  return { client, peer, url };
}

function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('connectTestClient', () => {
  it('appends the query (repeating array values) and sends the extra headers', async () => {
    const server = await startServer();
    const client = await connect(`${server.base}/local?stage=dev`, {
      query: { token: 'a b', tag: ['x', 'y'] },
      headers: { Authorization: 'Bearer t0k3n', 'X-Trace': '1' },
    });
    expect(client.url).toBe(`${server.base}/local?stage=dev&token=a+b&tag=x&tag=y`);
    expect(server.upgrades[0]?.url).toBe('/local?stage=dev&token=a+b&tag=x&tag=y');
    expect(server.upgrades[0]?.headers).toMatchObject({ authorization: 'Bearer t0k3n', 'x-trace': '1' });
  });

  it('offers subprotocols and exposes the one the server selected', async () => {
    const server = await startServer();
    const chosen = await connect(server.base, { protocols: ['chat', 'graphql-ws'] });
    const none = await connect(server.base);
    expect(chosen.protocol).toBe('graphql-ws');
    expect(server.upgrades[0]?.headers['sec-websocket-protocol']).toBe('chat,graphql-ws');
    expect(none.protocol).toBe('');
  });

  it('rejects a refused upgrade with WebSocketRefusedError carrying the status and body', async () => {
    const server = await startServer();
    const error = await connectTestClient(`${server.base}/refuse`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebSocketRefusedError);
    expect(error).toMatchObject({ name: 'WebSocketRefusedError', status: 403, body: FORBIDDEN_BODY });
    expect((error as Error).message).toBe('upgrade refused with HTTP 403: {"message":"Forbidden"}');
  });

  it('leaves the body out of the message when the refusal has none', async () => {
    const server = await startServer();
    await expect(connectTestClient(`${server.base}/refuse-empty`)).rejects.toThrow(
      new WebSocketRefusedError(401, ''),
    );
    await expect(connectTestClient(`${server.base}/refuse-empty`)).rejects.toThrow('upgrade refused with HTTP 401');
  });

  it('fails after timeoutMs when the upgrade gets no answer', async () => {
    const server = await startServer();
    await expect(connectTestClient(`${server.base}/hang`, { timeoutMs: 50 })).rejects.toThrow(
      new Error(`no answer to the upgrade within 50 ms connecting to ${server.base}/hang`),
    );
  });

  it('names the URL and the network error when nothing listens', async () => {
    const server = await startServer();
    const port = new URL(server.base).port;
    await cleanups.pop()?.(); // stop the server so its port refuses
    await expect(connectTestClient(`${server.base}/local`)).rejects.toThrow(
      new Error(`cannot connect to ${server.base}/local: connect ECONNREFUSED 127.0.0.1:${port}`),
    );
  });

  it('checks timeoutMs, naming the option', async () => {
    await expect(connectTestClient('ws://127.0.0.1:1', { timeoutMs: -1 })).rejects.toThrow(
      new RangeError('connectTestClient: options.timeoutMs must be a number of ms from 0 to 2147483647, got -1'),
    );
  });
});

describe('TestClient messages', () => {
  it('sends strings as they are and objects as JSON', async () => {
    const { client, peer } = await openPair();
    const got: string[] = [];
    peer.on('message', (data) => got.push(data.toString()));
    client.send('plain');
    client.send({ action: 'sendmessage', data: 'hi' });
    client.sendBinary(Buffer.from([1, 2]));
    await vi.waitFor(() => expect(got).toEqual(['plain', '{"action":"sendmessage","data":"hi"}', '\u0001\u0002']));
    expect(() => client.send(Buffer.from('x'))).toThrow(
      new TypeError('send() takes a string or an object to send as JSON; use sendBinary() for bytes'),
    );
  });

  it('queues frames that arrive before they are asked for, and serves waiters in order', async () => {
    const { client, peer } = await openPair();
    peer.send('a');
    peer.send('b');
    await vi.waitFor(() => expect(client.pending).toEqual(['a', 'b']));
    expect(await client.nextMessage()).toBe('a');
    expect(client.pending).toEqual(['b']);
    expect(client.received).toEqual(['a', 'b']);

    const both = Promise.all([client.nextMessage(), client.nextMessage(), client.nextMessage()]);
    peer.send('c');
    peer.send('d');
    expect(await both).toEqual(['b', 'c', 'd']);
    expect(client.received).toEqual(['a', 'b', 'c', 'd']);
    expect(client.pending).toEqual([]);
  });

  it('parses JSON, and quotes a frame that is not JSON', async () => {
    const { client, peer, url } = await openPair();
    peer.send('{"n":1}');
    peer.send('hello');
    expect(await client.nextJson<{ n: number }>()).toEqual({ n: 1 });
    const error = await client.nextJson().catch((e: unknown) => e);
    expect(error).toEqual(new Error(`expected a JSON message on ${url}, got "hello"`));
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expect(client.pending).toEqual([]);
  });

  it('times out saying the state and what arrived earlier', async () => {
    const { client, peer, url } = await openPair();
    await expect(client.nextMessage({ timeoutMs: 50 })).rejects.toThrow(
      new Error(`no message within 50 ms on ${url} (connection open; no frames received earlier, none pending)`),
    );
    peer.send('1');
    peer.send('2');
    await client.nextMessage();
    await client.nextMessage();
    await expect(client.nextJson({ timeoutMs: 50 })).rejects.toThrow(
      new Error(`no message within 50 ms on ${url} (connection open; 2 frames received earlier, none pending)`),
    );
  });

  it('points the failure at the line that waited', async () => {
    const { client } = await openPair();
    const error = (await client.nextMessage({ timeoutMs: 10 }).catch((e: unknown) => e)) as Error;
    expect(error.stack).toContain('test-client.test.ts');
  });

  it('fails at once, not at the timeout, when the connection closes while waiting', async () => {
    const { client, peer } = await openPair();
    const started = performance.now();
    const waiting = client.nextMessage({ timeoutMs: 5000 });
    peer.close(1009, 'Message too big');
    await expect(waiting).rejects.toThrow(new Error('connection closed with 1009 "Message too big" while waiting for a message'));
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(client.nextBinary()).rejects.toThrow(
      new Error('connection closed with 1009 "Message too big" while waiting for a binary message'),
    );
  });

  it('still hands out frames that arrived before the close', async () => {
    const { client, peer } = await openPair();
    peer.send('last words');
    peer.close(1000);
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
    expect(await client.nextMessage()).toBe('last words');
    await expect(client.nextMessage()).rejects.toThrow(new Error('connection closed with 1000 while waiting for a message'));
  });

  it('explains a close caused by a protocol error', async () => {
    const { client, peer } = await openPair();
    const waiting = client.nextMessage();
    // A frame with the reserved opcode 0x3: ws on the client side rejects it and closes.
    (peer as unknown as { _socket: Socket })._socket.write(Buffer.from([0x83, 0x00]));
    await expect(waiting).rejects.toThrow(
      new Error('connection closed with 1006 while waiting for a message (error: Invalid WebSocket frame: invalid opcode 3)'),
    );
  });

  it('keeps binary frames apart: nextBinary takes them, nextMessage refuses them without losing them', async () => {
    const { client, peer, url } = await openPair();
    peer.send(Buffer.from([1, 2, 3]));
    peer.send('text');
    await expect(client.nextMessage()).rejects.toThrow(
      new Error(`expected a text message on ${url}, but the next frame is binary (3 bytes): take it with nextBinary()`),
    );
    expect(await client.nextBinary()).toEqual(Buffer.from([1, 2, 3]));
    await expect(client.nextBinary()).rejects.toThrow(
      new Error(`expected a binary message on ${url}, but the next frame is text "text": take it with nextMessage()`),
    );
    expect(await client.nextMessage()).toBe('text');
    expect(client.received).toEqual(['text']);
  });
});

describe('TestClient.expectNoMessage', () => {
  it('passes when nothing arrives', async () => {
    const { client } = await openPair();
    await client.expectNoMessage();
    await client.expectNoMessage(20);
  });

  it('fails listing what arrived, and leaves it queued', async () => {
    const { client, peer, url } = await openPair();
    peer.send('late');
    peer.send(Buffer.from([9]));
    await expect(client.expectNoMessage(50)).rejects.toThrow(
      new Error(`expected no message for 50 ms on ${url}, got 2: "late", <binary, 1 bytes>`),
    );
    expect(client.pending).toEqual(['late']);
  });

  it('waits in real time even under fake timers, as the next* timeouts do', async () => {
    const { client, peer, url } = await openPair();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await client.expectNoMessage(20);
    await expect(client.nextMessage({ timeoutMs: 20 })).rejects.toThrow(
      new Error(`no message within 20 ms on ${url} (connection open; no frames received earlier, none pending)`),
    );
    peer.send('still flows');
    expect(await client.nextMessage()).toBe('still flows');
  });

  it('checks the window, naming the argument', async () => {
    const { client } = await openPair();
    await expect(client.expectNoMessage(Number.NaN)).rejects.toThrow(
      new RangeError('expectNoMessage: ms must be a number of ms from 0 to 2147483647, got NaN'),
    );
  });
});

describe('TestClient closing', () => {
  it('close(code, reason) does the handshake and resolves with the answer, as closed does', async () => {
    const { client, peer, url } = await openPair();
    const serverSaw = closeOf(peer);
    expect(await client.close(4000, 'done')).toEqual({ code: 4000, reason: 'done' });
    expect(await client.closed).toEqual({ code: 4000, reason: 'done' });
    expect(await serverSaw).toEqual({ code: 4000, reason: 'done' });
    expect(() => client.send('after')).toThrow(new Error(`cannot send on ${url}: the connection is closed with 4000 "done"`));
    expect(await client.close()).toEqual({ code: 4000, reason: 'done' });
  });

  it('closed resolves with what the server ended the connection with', async () => {
    const { client, peer } = await openPair();
    peer.close(1001, 'Going away');
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
  });

  it('isOpen is true until the close handshake starts, from either side', async () => {
    const first = await openPair();
    expect(first.client.isOpen).toBe(true);
    const closing = first.client.close();
    expect(first.client.isOpen).toBe(false);
    await closing;
    const second = await openPair();
    second.peer.close(1000);
    await second.client.closed;
    expect(second.client.isOpen).toBe(false);
  });

  it('ping sends a ping frame the server sees, and throws once the connection is closed', async () => {
    const { client, peer, url } = await openPair();
    const pinged = new Promise<number>((resolve) => peer.once('ping', (data: Buffer) => resolve(data.length)));
    client.ping();
    expect(await pinged).toBe(0);
    await client.close(1000);
    expect(() => client.ping()).toThrow(new Error(`cannot send on ${url}: the connection is closed with 1000`));
  });

  it('terminate drops the connection without a close frame: the server sees 1006', async () => {
    const { client, peer } = await openPair();
    const serverSaw = closeOf(peer);
    client.terminate();
    expect(await serverSaw).toEqual({ code: 1006, reason: '' });
    expect(await client.closed).toEqual({ code: 1006, reason: '' });
  });

  it('closes on leaving an `await using` block', async () => {
    const server = await startServer();
    let serverSaw: Promise<{ code: number; reason: string }> | undefined;
    let client: TestClient | undefined;
    {
      await using scoped = await connect(server.base);
      client = scoped;
      serverSaw = closeOf(await server.nextAccepted());
    }
    expect(await serverSaw).toEqual({ code: 1005, reason: '' });
    expect(await client.closed).toEqual({ code: 1005, reason: '' });
    await client[Symbol.asyncDispose](); // a second dispose is harmless
  });
});
