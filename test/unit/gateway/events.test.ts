import { readFileSync } from 'node:fs';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { describe, it, expect } from 'vitest';
import { buildConnectEvent, buildDisconnectEvent, buildMessageEvent } from '../../../src/gateway/events.js';
import type { ApiFacts, ConnectEventInput, ConnectionFacts } from '../../../src/gateway/events.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8'));
}

// Deep equality, and the same JSON text, so key order is pinned too.
function expectGolden(event: unknown, name: string): void {
  const golden = fixture(name);
  expect(event).toStrictEqual(golden);
  expect(JSON.stringify(event)).toBe(JSON.stringify(golden));
}

const DOMAIN = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com';
const api: ApiFacts = { apiId: 'a1b2c3d4e5', stage: 'prod', domainName: DOMAIN };
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/122.0';
const TRACE_ID = 'Root=1-6731ebfc-08e1e656421db73c5d2eef31';
const connection: ConnectionFacts = { connectionId: 'BFHPhfCWIAMCKlQ=', connectedAt: 1731324924553, sourceIp: '203.0.113.7' };

// The handshake as Firefox sends it: its own order, hop-by-hop headers included.
const BROWSER_HEADERS = [
  'Host', DOMAIN,
  'User-Agent', FIREFOX,
  'Sec-WebSocket-Version', '13',
  'Origin', 'http://localhost:5173',
  'Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits',
  'Sec-WebSocket-Key', '+W5xw47OHh3OTFsWKjGu9Q==',
  'Connection', 'keep-alive, Upgrade',
  'Upgrade', 'websocket',
];
// wscat-like: no User-Agent, no Origin.
const BARE_HEADERS = [
  'Sec-WebSocket-Version', '13',
  'Sec-WebSocket-Key', '+W5xw47OHh3OTFsWKjGu9Q==',
  'Connection', 'Upgrade',
  'Upgrade', 'websocket',
  'Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits',
  'Host', DOMAIN,
];

function connectInput(overrides: Partial<ConnectEventInput> = {}): ConnectEventInput {
  return {
    api,
    connection,
    requestId: 'BFHPhFe3IAMF95g=',
    requestTimeEpoch: 1731324924561,
    rawHeaders: BARE_HEADERS,
    traceId: TRACE_ID,
    ...overrides,
  };
}

const messageInput = {
  api,
  connection: { connectionId: 'BFaT_fALIAMCKug=', connectedAt: 1731332735513, sourceIp: '203.0.113.7' },
  requestId: 'BFaVtH2HoAMFZEQ=',
  requestTimeEpoch: 1731332746514,
  messageId: 'BFaVtfGSIAMCKug=',
  routeKey: 'sendmessage',
  body: '{"action":"sendmessage","data":"hello"}',
};

const disconnectInput = {
  api,
  connection: { connectionId: 'PJqB0fHsqRcCHlw=', connectedAt: 1701245041796, sourceIp: '203.0.113.7' },
  requestId: 'PJqCOG4zqRcFcPw=',
  requestTimeEpoch: 1701245044314,
  statusCode: 1005,
  reason: 'Client-side close frame status not set',
};

// test/fixtures/events/ follow events captured from the real service (docs/aws-behaviour.md#event-shapes).
describe('golden events (shaped as captured real events)', () => {
  it('CONNECT without a query string or User-Agent', () => {
    expectGolden(buildConnectEvent(connectInput()), 'connect.json');
  });

  it('CONNECT with a query string and a User-Agent', () => {
    const event = buildConnectEvent(
      connectInput({ connection: { ...connection, userAgent: FIREFOX }, rawHeaders: BROWSER_HEADERS, query: 'room=lobby' }),
    );
    expectGolden(event, 'connect-with-query.json');
  });

  it('MESSAGE', () => {
    expectGolden(buildMessageEvent(messageInput), 'message.json');
  });

  it('DISCONNECT', () => {
    expectGolden(buildDisconnectEvent(disconnectInput), 'disconnect.json');
  });
});

describe('buildConnectEvent headers', () => {
  const headersOf = (rawHeaders: string[]) => buildConnectEvent(connectInput({ rawHeaders }));

  it('keeps repeats in multiValueHeaders and the last in headers, merging casings under the first', () => {
    const event = headersOf(['X-Custom', 'one', 'cookie', 'a=1', 'x-custom', 'two', 'Cookie', 'b=2']);
    expect(event.headers).toStrictEqual({
      cookie: 'b=2',
      'X-Amzn-Trace-Id': TRACE_ID,
      'X-Custom': 'two',
      'X-Forwarded-For': '203.0.113.7',
      'X-Forwarded-Port': '443',
      'X-Forwarded-Proto': 'https',
    });
    expect(event.multiValueHeaders['X-Custom']).toStrictEqual(['one', 'two']);
    expect(event.multiValueHeaders['cookie']).toStrictEqual(['a=1', 'b=2']);
  });

  it('sorts names case-insensitively, as the captured events do', () => {
    const event = headersOf(['Host', DOMAIN, 'content-length', '0', 'Authorization', 'token', 'accept', '*/*']);
    expect(Object.keys(event.headers)).toStrictEqual([
      'accept', 'Authorization', 'content-length', 'Host',
      'X-Amzn-Trace-Id', 'X-Forwarded-For', 'X-Forwarded-Port', 'X-Forwarded-Proto',
    ]);
  });

  it('drops Connection and Upgrade in any casing and replaces the gateway headers a client sent', () => {
    const event = headersOf([
      'CONNECTION', 'Upgrade', 'upgrade', 'websocket', 'x-amzn-trace-id', 'Root=1-client',
      'X-FORWARDED-PORT', '80', 'x-forwarded-proto', 'http', 'Host', DOMAIN,
    ]);
    expect(event.multiValueHeaders).toStrictEqual({
      Host: [DOMAIN],
      'X-Amzn-Trace-Id': [TRACE_ID],
      'X-Forwarded-For': ['203.0.113.7'],
      'X-Forwarded-Port': ['443'],
      'X-Forwarded-Proto': ['https'],
    });
  });

  it("appends the source ip to a client's X-Forwarded-For", () => {
    const event = headersOf(['x-forwarded-for', '198.51.100.1', 'X-Forwarded-For', '198.51.100.2']);
    expect(event.headers['X-Forwarded-For']).toBe('198.51.100.1, 198.51.100.2, 203.0.113.7');
    expect(event.multiValueHeaders['X-Forwarded-For']).toStrictEqual(['198.51.100.1, 198.51.100.2, 203.0.113.7']);
  });
});

describe('buildConnectEvent query string', () => {
  const queryOf = (query: string | undefined) => {
    const event = buildConnectEvent(connectInput({ query }));
    return { single: event.queryStringParameters, multi: event.multiValueQueryStringParameters, event };
  };

  it.each([
    ['room=lobby', { room: 'lobby' }, { room: ['lobby'] }],
    ['a=1&b=2&a=3', { a: '3', b: '2' }, { a: ['1', '3'], b: ['2'] }],
    ['name=J%C3%BCrgen%20K&q=a+b', { name: 'Jürgen K', q: 'a b' }, { name: ['Jürgen K'], q: ['a b'] }],
    ['plus=%2B&eq=x%3Dy', { plus: '+', eq: 'x=y' }, { plus: ['+'], eq: ['x=y'] }],
    ['flag&empty=', { flag: '', empty: '' }, { flag: [''], empty: [''] }],
    ['Room=a&room=b', { Room: 'a', room: 'b' }, { Room: ['a'], room: ['b'] }],
    ['token=abc%ZZ', { token: 'abc%ZZ' }, { token: ['abc%ZZ'] }],
  ])('%s', (query, single, multi) => {
    expect(queryOf(query).single).toStrictEqual(single);
    expect(queryOf(query).multi).toStrictEqual(multi);
  });

  it.each([undefined, '', '&'])('leaves both keys out for %j', (query) => {
    const { event } = queryOf(query);
    expect('queryStringParameters' in event).toBe(false);
    expect('multiValueQueryStringParameters' in event).toBe(false);
  });

  it('keeps a __proto__ key as a plain own key', () => {
    const { single, multi } = queryOf('__proto__=x');
    expect(Object.getPrototypeOf(single)).toBe(Object.prototype);
    expect(JSON.stringify(single)).toBe('{"__proto__":"x"}');
    expect(JSON.stringify(multi)).toBe('{"__proto__":["x"]}');
  });
});

describe('optional parts', () => {
  const authorizer = { principalId: 'user-1', integrationLatency: 12, role: 'admin' };
  const authorized = { ...connection, authorizer };
  const staged: ApiFacts = { ...api, stageVariables: { table: 'chat-prod' } };

  it('puts authorizer right after routeKey on every event, as a fresh copy', () => {
    const events = [
      buildConnectEvent(connectInput({ connection: authorized })),
      buildMessageEvent({ ...messageInput, connection: authorized }),
      buildDisconnectEvent({ ...disconnectInput, connection: authorized }),
    ];
    for (const event of events) {
      expect(Object.keys(event.requestContext).slice(0, 2)).toStrictEqual(['routeKey', 'authorizer']);
      expect(event.requestContext.authorizer).toStrictEqual(authorizer);
      expect(event.requestContext.authorizer).not.toBe(authorizer);
    }
  });

  it('has no authorizer, messageId or disconnect fields unless the event type carries them', () => {
    const connect = buildConnectEvent(connectInput()).requestContext;
    const message = buildMessageEvent(messageInput).requestContext;
    const disconnect = buildDisconnectEvent(disconnectInput).requestContext;
    for (const context of [connect, message, disconnect]) expect('authorizer' in context).toBe(false);
    expect('messageId' in connect || 'messageId' in disconnect).toBe(false);
    expect('disconnectStatusCode' in message || 'disconnectReason' in message).toBe(false);
    expect('disconnectStatusCode' in connect || 'disconnectReason' in connect).toBe(false);
  });

  it('adds stageVariables before requestContext only when the stage defines some', () => {
    expect(Object.keys(buildConnectEvent(connectInput({ api: staged, query: 'a=1' })))).toStrictEqual([
      'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters',
      'stageVariables', 'requestContext', 'isBase64Encoded',
    ]);
    expect(Object.keys(buildMessageEvent({ ...messageInput, api: staged }))).toStrictEqual([
      'stageVariables', 'requestContext', 'body', 'isBase64Encoded',
    ]);
    const disconnect = buildDisconnectEvent({ ...disconnectInput, api: staged });
    expect(Object.keys(disconnect)).toStrictEqual([
      'headers', 'multiValueHeaders', 'stageVariables', 'requestContext', 'isBase64Encoded',
    ]);
    expect(disconnect.stageVariables).toStrictEqual({ table: 'chat-prod' });
    expect(disconnect.stageVariables).not.toBe(staged.stageVariables);
    expect('stageVariables' in buildMessageEvent({ ...messageInput, api: { ...api, stageVariables: {} } })).toBe(false);
  });

  it('passes isBase64Encoded and the body through on MESSAGE', () => {
    const event = buildMessageEvent({ ...messageInput, body: 'AAEC', isBase64Encoded: true, routeKey: '$default' });
    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe('AAEC');
    expect(event.requestContext.routeKey).toBe('$default');
  });

  it('keeps an empty disconnect reason', () => {
    const event = buildDisconnectEvent({ ...disconnectInput, statusCode: 1001, reason: '' });
    expect(event.requestContext.disconnectStatusCode).toBe(1001);
    expect(event.requestContext.disconnectReason).toBe('');
  });

  it('fits handlers typed with @types/aws-lambda', () => {
    const typed: APIGatewayProxyWebsocketEventV2 = buildMessageEvent(messageInput);
    expect(typed.requestContext.messageId).toBe('BFaVtfGSIAMCKug=');
  });
});
