import { randomUUID } from 'node:crypto';
import { EmulatorError } from '../errors.js';
import { buildNoMethodError, buildWireError } from './errors.js';
import { decodePathText, isConnectionId, isManagementPath, parseManagementPath } from './management-path.js';
import type { ConnectionInfo, ConnectionStore, ManagementResponse } from './types.js';

/**
 * Largest PostToConnection `Data`, in bytes: 128 KiB, the WebSocket message quota, which the
 * service model also sets as the blob's max length (docs/aws-behaviour.md#quotas).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 131_072;

// Stage names: alphanumerics, `-` and `_`, at most 128 characters (API Gateway important notes).
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** One HTTP request to the management API, independent of how it arrived. */
export interface ManagementRequest {
  /** The HTTP method, as sent (`POST`, `GET`, `DELETE`; anything else gets a 404 as on AWS). */
  readonly method: string;
  /** The raw request target: still percent-encoded, may carry a query string. */
  readonly path: string;
  /** The raw request body; for POST these are the exact bytes to deliver. */
  readonly body: Buffer;
  /** Request headers (any case), for the optional signature check. */
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export type { ManagementResponse } from './types.js';

export interface ManagementApiOptions {
  /** The stage the API is deployed to; the management path is `/{stage}/@connections/{id}`. */
  readonly stage: string;
  /** Where posts, look-ups and deletes go (the gateway's connection registry). */
  readonly connections: ConnectionStore;
  /** Largest accepted POST body in bytes; larger ones get 413. Default {@link DEFAULT_MAX_PAYLOAD_BYTES}. */
  readonly maxPayloadBytes?: number;
  /** Makes the `x-amzn-RequestId` of each response. Default `crypto.randomUUID` (real ones are UUIDs). */
  readonly newRequestId?: () => string;
  /** Told about exceptions thrown by `connections` (our bugs), e.g. to log the stack. Default: ignore. */
  readonly onError?: (error: unknown) => void;
}

/** The `@connections` API, free of any transport: the HTTP adapter and in-process callers share it. */
export interface ManagementApi {
  /** The body limit in bytes, so a transport can stop buffering one byte past it. */
  readonly maxPayloadBytes: number;
  /** Answers one request exactly as API Gateway would. Never throws. */
  handle(request: ManagementRequest): ManagementResponse;
  /** True when a raw request path belongs to the management API (has an `@connections` segment). */
  matches(path: string): boolean;
}

/**
 * Creates the `@connections` management API (docs/aws-behaviour.md#connections-api): `POST` sends the body
 * to the connection (200, empty body), `GET` describes it (200 JSON), `DELETE` closes it (204), each with
 * `x-amzn-RequestId`; the errors (docs/aws-behaviour.md#errors-on-the-wire) carry `x-amzn-ErrorType`.
 * Checks run in the order API Gateway's layers would meet them: stage (403), route and method (404),
 * connection id (400), body size (413), connection (410).
 * @throws EmulatorError `ERR_INVALID_OPTIONS` for a stage AWS would not allow or a bad limit.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
export function createManagementApi(options: ManagementApiOptions): ManagementApi {
  const { stage, connections } = options;
  const maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const newRequestId = options.newRequestId ?? randomUUID;
  const onError = options.onError ?? (() => {});
  checkOptions(stage, maxPayloadBytes);

  const handle = (request: ManagementRequest): ManagementResponse => {
    const requestId = newRequestId();
    const { method } = request;
    const route = parseManagementPath(request.path, stage);
    if (route.kind === 'forbidden') return buildWireError('ForbiddenException', 'Forbidden', requestId);
    // PUT, PATCH, HEAD… have no route on AWS either, so they get the same 404 as a wrong path
    // (API Gateway prints "No method found matching route … for http method PUT.").
    if (route.kind === 'unmatched' || (method !== 'POST' && method !== 'GET' && method !== 'DELETE')) {
      return buildNoMethodError(decodePathText(route.rest), method, requestId);
    }
    const connectionId = decodePathText(route.rawId);
    if (!isConnectionId(connectionId)) {
      return buildWireError('BadRequestException', `Invalid connectionId: ${connectionId}`, requestId);
    }
    if (method === 'POST' && request.body.length > maxPayloadBytes) {
      // The real text is not documented (docs/aws-behaviour.md#open-questions); this is the usual 413
      // wording.
      return buildWireError('PayloadTooLargeException', 'Request entity too large', requestId);
    }
    try {
      return operate(method, connectionId, request.body, requestId);
    } catch (error) {
      onError(error);
      const cause = error instanceof Error ? error.message : String(error);
      return buildWireError(
        'InternalServerErrorException',
        `apigw-ws-local: ${method} @connections/${connectionId} failed inside the emulator (${cause}). ` +
          'This is an emulator bug, not yours; it is sent as a 400 so the SDK does not retry it.',
        requestId,
      );
    }
  };

  const operate = (method: 'POST' | 'GET' | 'DELETE', id: string, body: Buffer, requestId: string): ManagementResponse => {
    if (method === 'POST') {
      // An empty body is delivered as an empty message: AWS's reaction is unknown
      // (docs/aws-behaviour.md#paths-and-statuses), and passing it on keeps the emulator from inventing an
      // error the real service may not send.
      if (!connections.post(id, body)) return buildWireError('GoneException', undefined, requestId);
      return { status: 200, headers: { 'x-amzn-RequestId': requestId }, body: '' };
    }
    if (method === 'GET') {
      const info = connections.get(id);
      if (info === undefined) return buildWireError('GoneException', undefined, requestId);
      return {
        status: 200,
        headers: { 'x-amzn-RequestId': requestId, 'Content-Type': 'application/json' },
        body: formatConnectionInfo(info),
      };
    }
    if (!connections.delete(id)) return buildWireError('GoneException', undefined, requestId);
    // The model says 204 and today's service sends it with no body (a 2019 one sent JSON:
    // docs/aws-behaviour.md#paths-and-statuses).
    return { status: 204, headers: { 'x-amzn-RequestId': requestId }, body: '' };
  };

  return { maxPayloadBytes, handle, matches: isManagementPath };
}

/**
 * The GetConnection body: lowerCamel keys and ISO-8601 timestamps with milliseconds, as AWS sends them (SDK
 * v3 rejects epoch numbers). `userAgent` is `null` when the client sent none, as the real service does; SDK
 * v3 drops the null, so `Identity.UserAgent` is simply absent (docs/aws-behaviour.md#getconnection).
 */
function formatConnectionInfo(info: ConnectionInfo): string {
  return JSON.stringify({
    connectedAt: new Date(info.connectedAt).toISOString(),
    identity: { sourceIp: info.sourceIp, userAgent: info.userAgent ?? null },
    lastActiveAt: new Date(info.lastActiveAt).toISOString(),
  });
}

function checkOptions(stage: string, maxPayloadBytes: number): void {
  const problems: string[] = [];
  if (typeof stage !== 'string' || !STAGE_NAME.test(stage)) {
    problems.push(`stage: ${JSON.stringify(stage)} is not a stage name AWS allows; use 1-128 of A-Z a-z 0-9 _ -`);
  }
  if (!Number.isSafeInteger(maxPayloadBytes) || maxPayloadBytes < 0) {
    problems.push(`maxPayloadBytes: ${String(maxPayloadBytes)} must be a whole number of bytes >= 0 (AWS: ${DEFAULT_MAX_PAYLOAD_BYTES})`);
  }
  if (problems.length > 0) {
    throw new EmulatorError('ERR_INVALID_OPTIONS', `createManagementApi: ${problems.join('; ')}`);
  }
}
