import { buildRequestContext, buildStageVariables } from './request-context.js';
import type { ApiFacts, ConnectionFacts, WebSocketRequestContext } from './request-context.js';

/**
 * The Lambda proxy event of the `$disconnect` route (docs/aws-behaviour.md#event-shapes). Keys in AWS's
 * order.
 */
export interface WebSocketDisconnectEvent {
  /** Always the same synthetic set, whatever the client sent on connect (docs/aws-behaviour.md#headers-in-events). */
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  stageVariables?: Record<string, string>;
  requestContext: WebSocketRequestContext & { disconnectStatusCode: number; disconnectReason: string };
  isBase64Encoded: boolean;
}

export interface DisconnectEventInput {
  readonly api: ApiFacts;
  readonly connection: ConnectionFacts;
  readonly requestId: string;
  readonly requestTimeEpoch: number;
  /**
   * `disconnectStatusCode`, e.g. 1005 when the client's close frame had no code
   * (docs/aws-behaviour.md#close-codes-and-reasons).
   */
  readonly statusCode: number;
  /**
   * `disconnectReason`, e.g. `"Client-side close frame status not set"`; may be `""`
   * (docs/aws-behaviour.md#close-codes-and-reasons).
   */
  readonly reason: string;
}

/**
 * Builds the `$disconnect` integration event exactly as API Gateway sends it
 * (docs/aws-behaviour.md#event-shapes): the constant headers (`Host` is the domain name;
 * docs/aws-behaviour.md#headers-in-events), stage variables when defined, `requestContext` (`eventType` `DISCONNECT`,
 * with `disconnectStatusCode` and `disconnectReason`), `isBase64Encoded: false`. Pure: ids and time are
 * inputs.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-requests.html
 */
export function buildDisconnectEvent(input: DisconnectEventInput): WebSocketDisconnectEvent {
  const { api } = input;
  const stageVariables = buildStageVariables(api);
  const requestContext = buildRequestContext({
    api,
    connection: input.connection,
    routeKey: '$disconnect',
    eventType: 'DISCONNECT',
    requestId: input.requestId,
    requestTimeEpoch: input.requestTimeEpoch,
    disconnectStatusCode: input.statusCode,
    disconnectReason: input.reason,
  });
  return {
    headers: { Host: api.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' },
    multiValueHeaders: { Host: [api.domainName], 'x-api-key': [''], 'X-Forwarded-For': [''], 'x-restapi': [''] },
    ...(stageVariables !== undefined && { stageVariables }),
    // Both disconnect fields were given above; the cast only tells TypeScript.
    requestContext: requestContext as WebSocketDisconnectEvent['requestContext'],
    isBase64Encoded: false,
  };
}
