/**
 * The text frames API Gateway sends when a message cannot be routed or its integration fails. Byte-exact:
 * one space after `"message":` and after each comma, none after the other colons
 * (docs/aws-behaviour.md#error-frames, captured from the real service:
 * aws-samples/simple-websockets-chat-app#24 and #42). The connection stays open after any of them.
 * `Too Many Requests` (a throttled message) is not documented by AWS; it is assumed from API Gateway's
 * 429 body (docs/aws-behaviour.md#error-frames).
 */
export type ErrorFrameMessage = 'Forbidden' | 'Internal server error' | 'Too Many Requests';

export function formatErrorFrame(message: ErrorFrameMessage, connectionId: string, requestId: string): string {
  return `{"message": "${message}", "connectionId":"${connectionId}", "requestId":"${requestId}"}`;
}
