import { describe, expect, it } from 'vitest';
import { decideConnect, type ConnectDecision } from '../../../src/gateway/connect-decision.js';
import type { InvocationOutcome } from '../../../src/lambda/types.js';
import { failed, succeeded } from '../../helpers/invocation-outcomes.js';

const INTERNAL_ERROR = '{"message": "Internal server error"}';
const malformed = (returned: string): ConnectDecision => ({
  accept: false,
  status: 502,
  body: INTERNAL_ERROR,
  problem: `$connect returned ${returned}: a Lambda proxy result needs a numeric statusCode (e.g. { statusCode: 200 })`,
});

describe('decideConnect', () => {
  it.each<[string, InvocationOutcome, ConnectDecision]>([
    ['200', succeeded({ statusCode: 200 }), { accept: true, protocol: undefined }],
    ['204', succeeded({ statusCode: 204 }), { accept: true, protocol: undefined }],
    ['299', succeeded({ statusCode: 299 }), { accept: true, protocol: undefined }],
    ['"200" as a string', succeeded({ statusCode: '200' }), { accept: true, protocol: undefined }],
    ['200 with a body (never sent)', succeeded({ statusCode: 200, body: 'welcome' }), { accept: true, protocol: undefined }],
    ['the subprotocol header', succeeded({ statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'chat.v2' } }), { accept: true, protocol: 'chat.v2' }],
    [
      'the subprotocol header in lower case',
      succeeded({ statusCode: 200, headers: { 'sec-websocket-protocol': 'graphql-ws' } }),
      { accept: true, protocol: 'graphql-ws' },
    ],
    ['other headers only', succeeded({ statusCode: 200, headers: { 'X-Extra': 'dropped' } }), { accept: true, protocol: undefined }],
    ['a null subprotocol header', succeeded({ statusCode: 200, headers: { 'Sec-WebSocket-Protocol': null } }), { accept: true, protocol: undefined }],
    ['headers that are not an object', succeeded({ statusCode: 200, headers: 'Sec-WebSocket-Protocol: x' }), { accept: true, protocol: undefined }],
    ['199', succeeded({ statusCode: 199 }), { accept: false, status: 199, body: '' }],
    ['300', succeeded({ statusCode: 300 }), { accept: false, status: 300, body: '' }],
    ['401', succeeded({ statusCode: 401, body: 'no' }), { accept: false, status: 401, body: '' }],
    ['599', succeeded({ statusCode: 599 }), { accept: false, status: 599, body: '' }],
    ['600', succeeded({ statusCode: 600 }), malformed('{"statusCode":600}')],
    ['99', succeeded({ statusCode: 99 }), malformed('{"statusCode":99}')],
    ['200.5', succeeded({ statusCode: 200.5 }), malformed('{"statusCode":200.5}')],
    ['"ok"', succeeded({ statusCode: 'ok' }), malformed('{"statusCode":"ok"}')],
    ['no statusCode', succeeded({ body: 'hi' }), malformed('{"body":"hi"}')],
    ['nothing', succeeded(undefined), malformed('nothing')],
    ['null', succeeded(null), malformed('null')],
    ['a number', succeeded(200), malformed('200')],
    ['a long result (cut at 80 characters)', succeeded({ body: 'x'.repeat(100) }), malformed(`{"body":"${'x'.repeat(68)}...`)],
    ['a function error', failed('TypeError', 'boom'), { accept: false, status: 502, body: INTERNAL_ERROR }],
    ['a timeout', failed('Sandbox.Timedout', 'Task timed out after 3.00 seconds', true), { accept: false, status: 502, body: INTERNAL_ERROR }],
  ])('%s → %j', (_name, outcome, decision) => {
    expect(decideConnect(outcome)).toEqual(decision);
  });

  it('describes a result JSON cannot write by its type', () => {
    expect(decideConnect(succeeded(10n))).toEqual(malformed('bigint'));
  });
});
