import { buildRequestContext, buildStageVariables } from './request-context.js';
import type { ApiFacts, ConnectionFacts, WebSocketRequestContext } from './request-context.js';

/**
 * The Lambda proxy event of a message route (docs/aws-behaviour.md#event-shapes). No headers, query string
 * or path fields: those exist only on CONNECT. Assignable to `@types/aws-lambda`'s
 * `APIGatewayProxyWebsocketEventV2`, so handlers typed with it accept ours.
 */
export interface WebSocketMessageEvent {
  stageVariables?: Record<string, string>;
  requestContext: WebSocketRequestContext & { messageId: string };
  /**
   * The frame's text, byte for byte (docs/aws-behaviour.md#frames), or its base64 when `isBase64Encoded`.
   */
  body: string;
  isBase64Encoded: boolean;
}

export interface MessageEventInput {
  readonly api: ApiFacts;
  readonly connection: ConnectionFacts;
  readonly requestId: string;
  readonly requestTimeEpoch: number;
  readonly messageId: string;
  /**
   * The selected route key, `$default` when selection fell back (docs/aws-behaviour.md#route-selection).
   */
  readonly routeKey: string;
  readonly body: string;
  /**
   * `true` only for a binary frame the emulator was told to accept (docs/aws-behaviour.md#frames); default
   * `false`.
   */
  readonly isBase64Encoded?: boolean;
}

/**
 * Builds the MESSAGE integration event exactly as API Gateway sends it
 * (docs/aws-behaviour.md#event-shapes): stage variables when defined, `requestContext` (with `messageId`,
 * `eventType` `MESSAGE`), `body`, `isBase64Encoded`. Pure: ids and time are inputs.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-requests.html
 */
export function buildMessageEvent(input: MessageEventInput): WebSocketMessageEvent {
  const stageVariables = buildStageVariables(input.api);
  const requestContext = buildRequestContext({
    api: input.api,
    connection: input.connection,
    routeKey: input.routeKey,
    eventType: 'MESSAGE',
    requestId: input.requestId,
    requestTimeEpoch: input.requestTimeEpoch,
    messageId: input.messageId,
  });
  return {
    ...(stageVariables !== undefined && { stageVariables }),
    // messageId was given above, so the context has it; the cast only tells TypeScript.
    requestContext: requestContext as WebSocketMessageEvent['requestContext'],
    body: input.body,
    isBase64Encoded: input.isBase64Encoded ?? false,
  };
}
