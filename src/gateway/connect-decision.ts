import type { InvocationOutcome } from '../lambda/types.js';

/** What to do with the pending upgrade once `$connect` has answered. */
export type ConnectDecision =
  | { readonly accept: true; readonly protocol: string | undefined }
  | { readonly accept: false; readonly status: number; readonly body: string; readonly problem?: string };

/** Body API Gateway sends with a 502 (the REST "Internal server error" response). */
const INTERNAL_ERROR_BODY = '{"message": "Internal server error"}';

/**
 * Maps a `$connect` invocation to the handshake answer (docs/aws-behaviour.md#handshake,
 * docs/aws-behaviour.md#subprotocols):
 * 2xx accepts; another valid status refuses with that status; a function error, a timeout or a
 * result without a valid `statusCode` refuses with 502 (REST's "malformed Lambda proxy response").
 * Only `Sec-WebSocket-Protocol` from the result's headers reaches the 101 (any key casing);
 * the body and other headers are never sent (docs/aws-behaviour.md#handshake, localstack#6521).
 */
export function decideConnect(outcome: InvocationOutcome): ConnectDecision {
  if (!outcome.ok) {
    return { accept: false, status: 502, body: INTERNAL_ERROR_BODY };
  }
  const result = outcome.result as { statusCode?: unknown; headers?: unknown } | null | undefined;
  const statusCode = typeof result === 'object' && result !== null ? Number(result.statusCode) : NaN;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return {
      accept: false,
      status: 502,
      body: INTERNAL_ERROR_BODY,
      problem: `$connect returned ${describe(outcome.result)}: a Lambda proxy result needs a numeric statusCode (e.g. { statusCode: 200 })`,
    };
  }
  if (statusCode < 200 || statusCode > 299) {
    return { accept: false, status: statusCode, body: '' };
  }
  return { accept: true, protocol: findProtocolHeader(result?.headers) };
}

function findProtocolHeader(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'sec-websocket-protocol' && value !== undefined && value !== null) return String(value);
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? text.slice(0, 77) + '...' : text;
  } catch {
    return typeof value;
  }
}
