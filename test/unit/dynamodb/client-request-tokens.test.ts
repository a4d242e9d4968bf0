import { describe, expect, it } from 'vitest';
import { CLIENT_REQUEST_TOKEN_TTL_MS, ClientRequestTokens, fingerprintRequest } from '../../../src/dynamodb/client-request-tokens.js';
import { createManualClock } from './helpers.js';

describe('ClientRequestTokens', () => {
  it('knows a token for 10 minutes of its clock after the success that used it', () => {
    const clock = createManualClock();
    const tokens = new ClientRequestTokens(clock);
    expect(tokens.check('t', 'request A')).toBe('new');
    tokens.remember('t', 'request A');
    expect(tokens.check('t', 'request A')).toBe('replay');
    expect(tokens.check('t', 'request B')).toBe('mismatch');
    expect(tokens.check('other', 'request A')).toBe('new');
    clock.advance(CLIENT_REQUEST_TOKEN_TTL_MS - 1);
    expect(tokens.check('t', 'request B')).toBe('mismatch');
    clock.advance(1);
    expect(tokens.check('t', 'request B')).toBe('new');
  });
});

describe('fingerprintRequest', () => {
  it('ignores the order of object keys, not of lists, and drops undefined members', () => {
    const request = { TransactItems: [{ Put: { TableName: 't', Item: { a: { S: '1' }, b: { N: '2' } } } }], ClientRequestToken: undefined };
    expect(fingerprintRequest(request)).toBe(fingerprintRequest({ TransactItems: [{ Put: { Item: { b: { N: '2' }, a: { S: '1' } }, TableName: 't' } }] }));
    expect(fingerprintRequest({ list: [1, 2] })).not.toBe(fingerprintRequest({ list: [2, 1] }));
    expect(fingerprintRequest(request)).toBe('{"TransactItems":[{"Put":{"Item":{"a":{"S":"1"},"b":{"N":"2"}},"TableName":"t"}}]}');
  });
});
