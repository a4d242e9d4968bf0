import { buildRequestContext, buildStageVariables } from './request-context.js';
import type { ApiFacts, ConnectionFacts, WebSocketRequestContext } from './request-context.js';

/** The Lambda proxy event of the `$disconnect` route (spec 2, example 2.6). Keys in AWS's order. */
export interface WebSocketDisconnectEvent {
  /** Always the synthetic set of spec 2.3, whatever the client sent on connect. */
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
  /** `disconnectStatusCode`, e.g. 1005 when the client's close frame had no code (spec 1.3). */
  readonly statusCode: number;
  /** `disconnectReason`, e.g. `"Client-side close frame status not set"`; may be `""` (spec 1.3). */
  readonly reason: string;
}

/**
 * Builds the `$disconnect` integration event exactly as API Gateway sends it (spec 2, example 2.6):
 * the constant headers of spec 2.3 (`Host` is the domain name), stage variables when defined,
 * `requestContext` (`eventType` `DISCONNECT`, with `disconnectStatusCode` and `disconnectReason`),
 * `isBase64Encoded: false`. Pure: ids and time are inputs.
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
