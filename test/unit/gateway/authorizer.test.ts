import { describe, expect, it } from 'vitest';
import { findMissingIdentitySource } from '../../../src/gateway/authorizer.js';
import type { WebSocketConnectEvent } from '../../../src/gateway/connect-event.js';

const event = { headers: { Authorization: 'Bearer t', 'X-Empty': '' }, queryStringParameters: { token: 't', blank: '' } } as unknown as WebSocketConnectEvent;

describe('findMissingIdentitySource', () => {
  it.each<[readonly string[], string | undefined]>([
    [[], undefined],
    [['route.request.header.authorization', 'route.request.querystring.token'], undefined],
    [['route.request.header.Authorization', 'route.request.querystring.room'], 'route.request.querystring.room'],
    [['route.request.header.X-Empty'], 'route.request.header.X-Empty'],
    [['route.request.querystring.blank', 'route.request.header.Missing'], 'route.request.querystring.blank'],
    [['stageVariables.key', 'context.value'], undefined],
  ])('%j → %s', (sources, missing) => {
    expect(findMissingIdentitySource(sources, event)).toBe(missing);
  });
});
