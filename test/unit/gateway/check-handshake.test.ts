import { describe, expect, it } from 'vitest';
import { checkHandshake } from '../../../src/gateway/check-handshake.js';

const valid = { upgrade: 'websocket', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' };

describe('checkHandshake', () => {
  it.each([
    ['a valid handshake', 'GET', valid, undefined],
    ['version 8', 'GET', { ...valid, 'sec-websocket-version': '8' }, undefined],
    ['subprotocols', 'GET', { ...valid, 'sec-websocket-protocol': 'chat, v2.json' }, undefined],
    ['Upgrade in any case', 'GET', { ...valid, upgrade: 'WebSocket' }, undefined],
    ['PUT', 'PUT', valid, { status: 405, message: 'Invalid HTTP method' }],
    ['Upgrade: h2c', 'GET', { ...valid, upgrade: 'h2c' }, { status: 400, message: 'Invalid Upgrade header' }],
    [
      'a key of 15 bytes',
      'GET',
      { ...valid, 'sec-websocket-key': 'AAAAAAAAAAAAAAAAAAAA' },
      { status: 400, message: 'Missing or invalid Sec-WebSocket-Key header' },
    ],
    [
      'version 7',
      'GET',
      { ...valid, 'sec-websocket-version': '7' },
      { status: 400, message: 'Missing or invalid Sec-WebSocket-Version header', headers: { 'Sec-WebSocket-Version': '13, 8' } },
    ],
    ['an empty subprotocol', 'GET', { ...valid, 'sec-websocket-protocol': 'a,,b' }, { status: 400, message: 'Invalid Sec-WebSocket-Protocol header' }],
  ])('%s', (_name, method, headers, expected) => {
    expect(checkHandshake({ method, headers })).toEqual(expected);
  });
});
