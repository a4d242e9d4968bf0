/**
 * Lambda REQUEST authorizers on `$connect` (docs/aws-behaviour.md#authorizers), as pure functions: identity
 * sources, the authorizer event, and what its answer means for the handshake.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
 */
import type { InvocationOutcome } from '../lambda/types.js';
import type { WebSocketConnectEvent } from './connect-event.js';

/** The authorizer of an API: its function and the identity sources that must be present. */
export interface AuthorizerTarget {
  readonly functionName: string;
  /** e.g. `route.request.header.Authorization`, `route.request.querystring.token`. */
  readonly identitySources: readonly string[];
}

/**
 * The first identity source without a non-empty value, or undefined when every one has one. A missing one
 * refuses the upgrade with 401 without invoking the authorizer (docs/aws-behaviour.md#authorizers).
 */
export function findMissingIdentitySource(sources: readonly string[], event: WebSocketConnectEvent): string | undefined {
  return sources.find((source) => !isPresent(source, event));
}

function isPresent(source: string, event: WebSocketConnectEvent): boolean {
  const header = /^route\.request\.header\.(.+)$/.exec(source)?.[1];
  if (header !== undefined) {
    const wanted = header.toLowerCase();
    return Object.entries(event.headers).some(([name, value]) => name.toLowerCase() === wanted && value !== '');
  }
  const query = /^route\.request\.querystring\.(.+)$/.exec(source)?.[1];
  if (query !== undefined) return (event.queryStringParameters?.[query] ?? '') !== '';
  return true; // stageVariables.* and context.* sources are not checked here
}

/** The REQUEST authorizer event: the CONNECT event's parts plus Connection, Upgrade and content-length. */
export function buildAuthorizerEvent(connectEvent: WebSocketConnectEvent, rawHeaders: readonly string[], methodArn: string) {
  const extra: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (/^(connection|upgrade)$/i.test(name)) extra[name] = rawHeaders[i + 1] ?? '';
  }
  extra['content-length'] = '0';
  const headers = { ...connectEvent.headers, ...extra };
  const multiValueHeaders = { ...connectEvent.multiValueHeaders, ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, [value]])) };
  return {
    type: 'REQUEST',
    methodArn,
    headers,
    multiValueHeaders,
    queryStringParameters: connectEvent.queryStringParameters ?? {},
    multiValueQueryStringParameters: connectEvent.multiValueQueryStringParameters ?? {},
    stageVariables: connectEvent.stageVariables ?? {},
    requestContext: connectEvent.requestContext,
  };
}

export type AuthorizerDecision =
  | { readonly allow: true; readonly authorizer: Record<string, unknown> }
  | {
      readonly allow: false;
      readonly status: 401 | 403 | 500;
      readonly body: string;
      readonly problem?: string;
      /** The identity source that was missing: the authorizer was not invoked. */
      readonly missingSource?: string;
    };

/** Authorizer results over 8 KB fail (WebSocket quotas page: "Lambda authorizer result size: 8 KB"). */
const MAX_RESULT_BYTES = 8 * 1024;
const UNAUTHORIZED = { allow: false, status: 401, body: '{"message":"Unauthorized"}' } as const;

/**
 * The answer when an identity source is missing: 401, as the authorizer's `Unauthorized`
 * (docs/aws-behaviour.md#authorizers).
 */
export function refuseMissingIdentitySource(source: string): AuthorizerDecision {
  return { ...UNAUTHORIZED, missingSource: source };
}
const FORBIDDEN = { allow: false, status: 403, body: '{"message":"Forbidden"}' } as const;
const failed = (problem: string) => ({ allow: false, status: 500, body: '{"message":"Internal server error"}', problem }) as const;

/**
 * What the authorizer's answer means (docs/aws-behaviour.md#authorizers): an error `Unauthorized` → 401,
 * any other error or a malformed result → 500, an explicit `Deny` or no `Allow` matching the method ARN →
 * 403, else the connection is allowed and every later event carries `{ principalId, integrationLatency,
 * ...context }` with the context values as strings.
 */
export function decideAuthorization(outcome: InvocationOutcome, methodArn: string): AuthorizerDecision {
  if (!outcome.ok)
    return outcome.error.errorMessage === 'Unauthorized'
      ? UNAUTHORIZED
      : failed(`authorizer failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
  const result = outcome.result as { principalId?: unknown; policyDocument?: { Statement?: unknown }; context?: unknown } | null;
  if (typeof result !== 'object' || result === null) return failed('the authorizer returned no object');
  if (Buffer.byteLength(JSON.stringify(result)) > MAX_RESULT_BYTES) return failed('the authorizer result is over 8 KB');
  const statements = toArray(result.policyDocument?.Statement) as Array<{ Effect?: unknown; Action?: unknown; Resource?: unknown }>;
  if (typeof result.principalId !== 'string' || statements.length === 0)
    return failed('the authorizer result needs a principalId and a policyDocument with a Statement');
  const context: Record<string, string> = {};
  for (const [key, value] of Object.entries((result.context ?? {}) as Record<string, unknown>)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) return failed(`authorizer context "${key}" is ${Array.isArray(value) ? 'an array' : typeof value}: only strings, numbers and booleans are allowed`);
    context[key] = String(value);
  }
  const applies = (statement: { Action?: unknown; Resource?: unknown }) =>
    toArray(statement.Action).some((action) => action === 'execute-api:Invoke' || action === 'execute-api:*' || action === '*') &&
    toArray(statement.Resource).some((resource) => typeof resource === 'string' && matchesArn(resource, methodArn));
  if (statements.some((statement) => statement.Effect === 'Deny' && applies(statement))) return FORBIDDEN;
  if (!statements.some((statement) => statement.Effect === 'Allow' && applies(statement))) return FORBIDDEN;
  return { allow: true, authorizer: { principalId: result.principalId, integrationLatency: Math.round(outcome.durationMs), ...context } };
}

/** IAM-style resource match: `*` any run of characters, `?` one character. */
export function matchesArn(pattern: string, arn: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(arn);
}

function toArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Runs the authorizer of a `$connect` (unless an identity source is missing) and decides from its answer. */
export async function runAuthorizer(
  invoke: (functionName: string, event: unknown) => Promise<InvocationOutcome>,
  authorizer: AuthorizerTarget & { readonly methodArn: string },
  connectEvent: WebSocketConnectEvent,
  rawHeaders: readonly string[],
): Promise<AuthorizerDecision> {
  const missing = findMissingIdentitySource(authorizer.identitySources, connectEvent);
  if (missing !== undefined) return refuseMissingIdentitySource(missing);
  const outcome = await invoke(authorizer.functionName, buildAuthorizerEvent(connectEvent, rawHeaders, authorizer.methodArn));
  return decideAuthorization(outcome, authorizer.methodArn);
}
