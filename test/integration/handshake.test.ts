// A request the WebSocket server would refuse is refused before anything runs: no authorizer, no
// $connect (whose row no $disconnect would ever remove), answered in ws's own words, and logged.
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../helpers/project-copy.js';
import { startTestEmulator, type TestEmulator } from '../../src/testing/index.js';

const root = fileURLToPath(new URL('../fixtures', import.meta.url));
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
let test: TestEmulator | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

/** Sends raw request bytes and resolves with everything the server wrote before closing. */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

function upgrade(port: number, { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string | undefined> }): Promise<string> {
  const all: Record<string, string | undefined> = {
    Host: `127.0.0.1:${port}`,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': KEY,
    ...headers,
  };
  const lines = Object.entries(all).flatMap(([name, value]) => (value === undefined ? [] : [`${name}: ${value}`]));
  return exchange(port, `${method} /local HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
}

const response = (status: string, message: string, extra = '') =>
  `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/html\r\nContent-Length: ${message.length}\r\n${extra}\r\n${message}`;

describe('malformed upgrades', () => {
  it.each([
    ['a POST', { method: 'POST' }, response('405 Method Not Allowed', 'Invalid HTTP method')],
    [
      'a missing Sec-WebSocket-Version',
      { headers: { 'Sec-WebSocket-Version': undefined } },
      response('400 Bad Request', 'Missing or invalid Sec-WebSocket-Version header', 'Sec-WebSocket-Version: 13, 8\r\n'),
    ],
    [
      'a wrong Sec-WebSocket-Version',
      { headers: { 'Sec-WebSocket-Version': '12' } },
      response('400 Bad Request', 'Missing or invalid Sec-WebSocket-Version header', 'Sec-WebSocket-Version: 13, 8\r\n'),
    ],
    ['a bad Sec-WebSocket-Key', { headers: { 'Sec-WebSocket-Key': 'short' } }, response('400 Bad Request', 'Missing or invalid Sec-WebSocket-Key header')],
    [
      'a missing Sec-WebSocket-Key',
      { headers: { 'Sec-WebSocket-Key': undefined } },
      response('400 Bad Request', 'Missing or invalid Sec-WebSocket-Key header'),
    ],
    ['a bad subprotocol list', { headers: { 'Sec-WebSocket-Protocol': 'chat,,v2' } }, response('400 Bad Request', 'Invalid Sec-WebSocket-Protocol header')],
  ])('%s is refused before $connect runs, and logged', async (_name, request, expected) => {
    const { lines, logger } = createRecordingLogger();
    test = await startTestEmulator({ root, logger, routes: { $connect: 'gateway/logged.handler', $default: 'gateway/logged.handler' } });
    const port = Number(new URL(test.url).port);
    expect(await upgrade(port, request)).toBe(expected);
    const status = expected.split(' ')[1];
    expect(lines).toContain(`[info] UPGRADE refused ${status} (${expected.split('\r\n').at(-1)}) from 127.0.0.1; nothing was invoked`);
    expect(test.emulator.invocations).toEqual([]);
    // The server keeps serving: a real client connects, and only its $connect runs.
    await test.connect();
    expect((await test.waitForInvocation({ routeKey: '$connect' })).ok).toBe(true);
    expect(test.emulator.invocations).toHaveLength(1);
  });
});
