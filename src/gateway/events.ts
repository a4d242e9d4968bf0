/**
 * The Lambda proxy events of a WebSocket API (docs/aws-behaviour.md#event-shapes), one builder per event
 * type. All pure: the gateway passes ids, times and the trace id in, so tests pin events against golden
 * fixtures.
 */
export { buildConnectEvent } from './connect-event.js';
export type { ConnectEventInput, WebSocketConnectEvent } from './connect-event.js';
export { buildMessageEvent } from './message-event.js';
export type { MessageEventInput, WebSocketMessageEvent } from './message-event.js';
export { buildDisconnectEvent } from './disconnect-event.js';
export type { DisconnectEventInput, WebSocketDisconnectEvent } from './disconnect-event.js';
export type { ApiFacts, ConnectionFacts, WebSocketIdentity, WebSocketRequestContext } from './request-context.js';
