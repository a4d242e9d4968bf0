import { describe, expect, it } from 'vitest';
import {
  buildAuthorizerEvent, decideAuthorization, findMissingIdentitySource, matchesArn, refuseMissingIdentitySource, type AuthorizerDecision,
} from '../../../src/gateway/authorizer.js';
import type { WebSocketConnectEvent } from '../../../src/gateway/connect-event.js';
import type { InvocationOutcome } from '../../../src/lambda/types.js';
import { failed, succeeded } from '../../helpers/invocation-outcomes.js';

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

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123defg/local/$connect';
const UNAUTHORIZED: AuthorizerDecision = { allow: false, status: 401, body: '{"message":"Unauthorized"}' };
const FORBIDDEN: AuthorizerDecision = { allow: false, status: 403, body: '{"message":"Forbidden"}' };
const failedWith = (problem: string): AuthorizerDecision => ({ allow: false, status: 500, body: '{"message":"Internal server error"}', problem });
const NEEDS_POLICY = failedWith('the authorizer result needs a principalId and a policyDocument with a Statement');

const statement = (Effect: string, Resource: unknown = METHOD_ARN, Action: unknown = 'execute-api:Invoke') => ({ Effect, Action, Resource });
const policy = (statements: unknown, extra: Record<string, unknown> = {}) => ({
  principalId: 'user-7',
  policyDocument: { Version: '2012-10-17', Statement: statements },
  ...extra,
});
const allowed = (context: Record<string, string> = {}): AuthorizerDecision => ({
  allow: true,
  authorizer: { principalId: 'user-7', integrationLatency: 12, ...context },
});

describe('decideAuthorization', () => {
  it.each<[string, InvocationOutcome, AuthorizerDecision]>([
    ['Allow on the method ARN', succeeded(policy([statement('Allow')])), allowed()],
    ['a single Statement object, not an array', succeeded(policy(statement('Allow'))), allowed()],
    ['Allow with a wildcard resource', succeeded(policy([statement('Allow', 'arn:aws:execute-api:us-east-1:123456789012:*/local/$conn?ct')])), allowed()],
    [
      'Allow on a list of resources, one matching',
      succeeded(policy([statement('Allow', ['arn:aws:execute-api:us-east-1:123456789012:*/prod/*', METHOD_ARN])])),
      allowed(),
    ],
    ['Action execute-api:*', succeeded(policy([statement('Allow', METHOD_ARN, 'execute-api:*')])), allowed()],
    ['Action *', succeeded(policy([statement('Allow', METHOD_ARN, '*')])), allowed()],
    ['Actions in a list', succeeded(policy([statement('Allow', METHOD_ARN, ['s3:GetObject', 'execute-api:Invoke'])])), allowed()],
    [
      'a context of strings, numbers and booleans (given as strings)',
      succeeded(policy([statement('Allow')], { context: { userId: 'u-1', admin: true, level: 3 } })),
      allowed({ userId: 'u-1', admin: 'true', level: '3' }),
    ],
    ['Allow on another stage', succeeded(policy([statement('Allow', 'arn:aws:execute-api:us-east-1:123456789012:*/prod/*')])), FORBIDDEN],
    ['Allow for another action', succeeded(policy([statement('Allow', METHOD_ARN, 'execute-api:ManageConnections')])), FORBIDDEN],
    ['Allow with a resource that is not a string', succeeded(policy([statement('Allow', 42)])), FORBIDDEN],
    ['Deny', succeeded(policy([statement('Deny')])), FORBIDDEN],
    ['Deny wins over Allow', succeeded(policy([statement('Allow'), statement('Deny')])), FORBIDDEN],
    [
      'a Deny elsewhere does not matter',
      succeeded(policy([statement('Allow'), statement('Deny', 'arn:aws:execute-api:us-east-1:123456789012:*/prod/*')])),
      allowed(),
    ],
    ['an error "Unauthorized"', failed('Error', 'Unauthorized'), UNAUTHORIZED],
    ['an error "unauthorized" (case matters)', failed('Error', 'unauthorized'), failedWith('authorizer failed: Error: unauthorized')],
    ['another error', failed('Error', 'boom'), failedWith('authorizer failed: Error: boom')],
    [
      'a timeout',
      failed('Sandbox.Timedout', 'Task timed out after 3.00 seconds', true),
      failedWith('authorizer failed: Sandbox.Timedout: Task timed out after 3.00 seconds'),
    ],
    ['nothing', succeeded(undefined), failedWith('the authorizer returned no object')],
    ['null', succeeded(null), failedWith('the authorizer returned no object')],
    ['a string', succeeded('Allow'), failedWith('the authorizer returned no object')],
    ['no principalId', succeeded({ policyDocument: { Statement: [statement('Allow')] } }), NEEDS_POLICY],
    ['a numeric principalId', succeeded(policy([statement('Allow')], { principalId: 7 })), NEEDS_POLICY],
    ['no policyDocument', succeeded({ principalId: 'x' }), NEEDS_POLICY],
    ['an empty Statement list', succeeded(policy([])), NEEDS_POLICY],
    [
      'a nested context object',
      succeeded(policy([statement('Allow')], { context: { user: { id: 1 } } })),
      failedWith('authorizer context "user" is object: only strings, numbers and booleans are allowed'),
    ],
    [
      'an array in the context',
      succeeded(policy([statement('Allow')], { context: { roles: ['a', 'b'] } })),
      failedWith('authorizer context "roles" is an array: only strings, numbers and booleans are allowed'),
    ],
    [
      'null in the context',
      succeeded(policy([statement('Allow')], { context: { gone: null } })),
      failedWith('authorizer context "gone" is object: only strings, numbers and booleans are allowed'),
    ],
  ])('%s', (_name, outcome, decision) => {
    expect(decideAuthorization(outcome, METHOD_ARN)).toEqual(decision);
  });

  it.each<[number, boolean]>([
    [8192, true],
    [8193, false],
  ])('a result of %i bytes as JSON: allowed %s (the limit is 8 KB)', (bytes, allow) => {
    const base = policy([statement('Allow')], { context: { blob: '' } });
    const blob = 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify(base)));
    const decision = decideAuthorization(succeeded(policy([statement('Allow')], { context: { blob } })), METHOD_ARN);
    expect(decision).toEqual(allow ? allowed({ blob }) : failedWith('the authorizer result is over 8 KB'));
  });

  it('rounds the integration latency to whole ms', () => {
    expect(decideAuthorization(succeeded(policy([statement('Allow')]), 7.5), METHOD_ARN)).toEqual({
      allow: true,
      authorizer: { principalId: 'user-7', integrationLatency: 8 },
    });
  });
});

describe('matchesArn', () => {
  it.each<[string, boolean]>([
    [METHOD_ARN, true],
    ['arn:aws:execute-api:us-east-1:123456789012:*', true],
    ['*', true],
    ['arn:aws:execute-api:us-east-1:123456789012:*/local/$connect', true],
    ['arn:aws:execute-api:us-east-1:123456789012:abc123defg/local/$conn?ct', true],
    ['arn:aws:execute-api:us-east-1:123456789012:abc123defg/local/$conn?', false],
    ['arn:aws:execute-api:us-east-1:123456789012:abc123defg/*/$connect', true],
    ['arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/$connect', false],
    ['arn:aws:execute-api:eu-west-1:123456789012:*', false],
    ['arn:aws:execute-api:us-east-1:123456789012:abc123defg/local', false],
    ['arn:aws:execute-api:us-east-1:123456789012:abc123defg.local.$connect', false],
    ['ARN:AWS:execute-api:us-east-1:123456789012:*', false],
  ])('%s → %s', (pattern, matches) => {
    expect(matchesArn(pattern, METHOD_ARN)).toBe(matches);
  });
});

describe('refuseMissingIdentitySource', () => {
  it('answers 401 Unauthorized naming the source', () => {
    expect(refuseMissingIdentitySource('route.request.header.Authorization')).toEqual({ ...UNAUTHORIZED, missingSource: 'route.request.header.Authorization' });
  });
});

describe('buildAuthorizerEvent', () => {
  const requestContext = { routeKey: '$connect', eventType: 'CONNECT' } as unknown as WebSocketConnectEvent['requestContext'];
  const connectEvent = (query: boolean): WebSocketConnectEvent => ({
    headers: { Host: 'abc123defg.execute-api.us-east-1.amazonaws.com', Authorization: 'Bearer t' },
    multiValueHeaders: { Host: ['abc123defg.execute-api.us-east-1.amazonaws.com'], Authorization: ['Bearer t'] },
    ...(query ? { queryStringParameters: { mode: 'b' }, multiValueQueryStringParameters: { mode: ['a', 'b'] } } : {}),
    ...(query ? { stageVariables: { env: 'local' } } : {}),
    requestContext,
    isBase64Encoded: false,
  });
  const rawHeaders = ['Host', 'h', 'Connection', 'Upgrade', 'upgrade', 'websocket', 'Authorization', 'Bearer t'];

  it.each<[string, boolean, Record<string, unknown>]>([
    [
      'with a query and stage variables',
      true,
      { queryStringParameters: { mode: 'b' }, multiValueQueryStringParameters: { mode: ['a', 'b'] }, stageVariables: { env: 'local' } },
    ],
    ['without: empty objects, not absent', false, { queryStringParameters: {}, multiValueQueryStringParameters: {}, stageVariables: {} }],
  ])('%s', (_name, query, parts) => {
    const built = buildAuthorizerEvent(connectEvent(query), rawHeaders, METHOD_ARN);
    expect(built).toEqual({
      type: 'REQUEST',
      methodArn: METHOD_ARN,
      // Connection and Upgrade come back in the client's casing, with content-length 0, after the event's own headers.
      headers: {
        Host: 'abc123defg.execute-api.us-east-1.amazonaws.com',
        Authorization: 'Bearer t',
        Connection: 'Upgrade',
        upgrade: 'websocket',
        'content-length': '0',
      },
      multiValueHeaders: {
        Host: ['abc123defg.execute-api.us-east-1.amazonaws.com'],
        Authorization: ['Bearer t'],
        Connection: ['Upgrade'],
        upgrade: ['websocket'],
        'content-length': ['0'],
      },
      ...parts,
      requestContext,
    });
    expect(Object.keys(built)).toEqual([
      'type',
      'methodArn',
      'headers',
      'multiValueHeaders',
      'queryStringParameters',
      'multiValueQueryStringParameters',
      'stageVariables',
      'requestContext',
    ]);
  });
});
