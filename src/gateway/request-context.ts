import { formatRequestTime } from './request-time.js';

/** Facts about the API and stage that every event repeats. */
export interface ApiFacts {
  /** 10 chars `[a-z0-9]` (docs/aws-behaviour.md#ids-and-formats). */
  readonly apiId: string;
  /** The stage name, also behind a custom domain (docs/aws-behaviour.md#request-context). */
  readonly stage: string;
  /**
   * `{apiId}.execute-api.{region}.amazonaws.com` or the custom domain
   * (docs/aws-behaviour.md#request-context).
   */
  readonly domainName: string;
  /** The stage's variables; events carry `stageVariables` only when there is at least one. */
  readonly stageVariables?: Readonly<Record<string, string>>;
}

/** Facts fixed when the connection opens and repeated on all its events. */
export interface ConnectionFacts {
  readonly connectionId: string;
  /** Epoch ms of the upgrade request. */
  readonly connectedAt: number;
  readonly sourceIp: string;
  /** The client's `User-Agent`, when it sent one. */
  readonly userAgent?: string;
  /**
   * `{ principalId, integrationLatency, ...context }` from a Lambda authorizer on `$connect`
   * (docs/aws-behaviour.md#authorizers).
   */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  /**
   * The IAM caller when `$connect` uses `AWS_IAM` (docs/aws-behaviour.md#authorizers; field names as REST
   * APIs give them, assumed).
   */
  readonly iamIdentity?: Readonly<Record<string, string>>;
}

/** `requestContext.identity` in its modern, minimal shape (docs/aws-behaviour.md#request-context). */
export interface WebSocketIdentity {
  /** IAM fields (`accountId`, `caller`, `accessKey`, `user`, `userArn`) with `AWS_IAM` on `$connect`. */
  [iamField: string]: string | undefined;
  /** Present only when the client sent a `User-Agent` header. */
  userAgent?: string;
  sourceIp: string;
}

/**
 * `requestContext` of a WebSocket Lambda proxy event (docs/aws-behaviour.md#request-context). Written out
 * here rather than taken from `@types/aws-lambda`, whose type lacks `identity`, `authorizer` and the
 * disconnect fields (docs/aws-behaviour.md#event-shapes). Keys are declared in the order API Gateway writes
 * them.
 */
export interface WebSocketRequestContext {
  routeKey: string;
  authorizer?: Record<string, unknown>;
  messageId?: string;
  disconnectStatusCode?: number;
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  extendedRequestId: string;
  requestTime: string;
  messageDirection: 'IN';
  disconnectReason?: string;
  stage: string;
  connectedAt: number;
  requestTimeEpoch: number;
  identity: WebSocketIdentity;
  requestId: string;
  domainName: string;
  connectionId: string;
  apiId: string;
}

/** What {@link buildRequestContext} needs; the optional fields appear only on some event types. */
export interface RequestContextInput {
  readonly api: ApiFacts;
  readonly connection: ConnectionFacts;
  readonly routeKey: string;
  readonly eventType: WebSocketRequestContext['eventType'];
  readonly requestId: string;
  readonly requestTimeEpoch: number;
  readonly messageId?: string;
  readonly disconnectStatusCode?: number;
  readonly disconnectReason?: string;
}

/**
 * Builds a `requestContext` with API Gateway's observed key order (docs/aws-behaviour.md#request-context):
 * `routeKey, [authorizer], [messageId], [disconnectStatusCode], eventType, extendedRequestId,
 * requestTime, messageDirection, [disconnectReason], stage, connectedAt, requestTimeEpoch, identity,
 * requestId, domainName, connectionId, apiId`. `extendedRequestId` equals `requestId`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
 */
export function buildRequestContext(input: RequestContextInput): WebSocketRequestContext {
  const { api, connection } = input;
  // userAgent comes before sourceIp, as in the captured events (docs/aws-behaviour.md#request-context).
  const identity: WebSocketIdentity = {
    ...connection.iamIdentity,
    ...(connection.userAgent === undefined ? {} : { userAgent: connection.userAgent }),
    sourceIp: connection.sourceIp,
  };
  return {
    routeKey: input.routeKey,
    // A copy per event, so a handler that edits its event cannot change the next one.
    ...(connection.authorizer !== undefined && { authorizer: { ...connection.authorizer } }),
    ...(input.messageId !== undefined && { messageId: input.messageId }),
    ...(input.disconnectStatusCode !== undefined && { disconnectStatusCode: input.disconnectStatusCode }),
    eventType: input.eventType,
    extendedRequestId: input.requestId,
    requestTime: formatRequestTime(input.requestTimeEpoch),
    messageDirection: 'IN',
    ...(input.disconnectReason !== undefined && { disconnectReason: input.disconnectReason }),
    stage: api.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: input.requestTimeEpoch,
    identity,
    requestId: input.requestId,
    domainName: api.domainName,
    connectionId: connection.connectionId,
    apiId: api.apiId,
  };
}

/**
 * The event's `stageVariables`: a copy of the stage's, or `undefined` (key absent) when the stage
 * defines none. Presence only with variables is inferred from REST behaviour, not documented by AWS
 * (docs/aws-behaviour.md#event-shapes).
 */
export function buildStageVariables(api: ApiFacts): Record<string, string> | undefined {
  const variables = api.stageVariables;
  if (variables === undefined || Object.keys(variables).length === 0) return undefined;
  return { ...variables };
}
