import type WebSocket from 'ws';
import type { ConnectionFacts } from './events.js';
import type { RateLimiter } from './rate-limiter.js';

/** Why a connection ended, as `$disconnect` reports it (`disconnectStatusCode`, `disconnectReason`). */
export interface CloseCause {
  readonly code: number;
  readonly reason: string;
}

/**
 * One established connection: `$connect` returned 2xx and the 101 was sent. Connections in their `$connect`
 * phase are not `GatewayConnection`s yet, so `@connections` answers 410 for them
 * (docs/aws-behaviour.md#when-a-connection-exists).
 */
export interface GatewayConnection {
  readonly facts: ConnectionFacts;
  readonly socket: WebSocket;
  /** Epoch ms of the last data message in either direction (idle timeout, GetConnection). */
  lastActiveAt: number;
  /** Set when the gateway itself closes the socket, so `$disconnect` reports our cause, not the echo. */
  closeCause?: CloseCause;
  closed: boolean;
  /** The connection's message rate limit (`maxMessagesPerSecondPerConnection`); none when off. */
  readonly messageRate: RateLimiter | undefined;
}

/**
 * The cause `$disconnect` reports when the client (or the network) ended the connection
 * (docs/aws-behaviour.md#close-codes-and-reasons).
 */
export function buildClientCloseCause(code: number, reason: string): CloseCause {
  if (code === 1005) return { code, reason: 'Client-side close frame status not set' };
  if (code === 1006) return { code, reason: '' };
  return { code, reason };
}

/** Closes the socket with `cause`, remembering it for `$disconnect`. Does nothing when already closing. */
export function closeConnection(connection: GatewayConnection, cause: CloseCause, clientReason = cause.reason): void {
  if (connection.closeCause || connection.closed) return;
  connection.closeCause = cause;
  connection.socket.close(cause.code, clientReason);
}

/**
 * Closes the socket with `cause` and resolves once it is closed. A client that never answers the close
 * frame is dropped after `graceMs` of real time, so it cannot hold up shutdown (ws would wait 30 s).
 */
export function closeConnectionAndWait(connection: GatewayConnection, cause: CloseCause, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (connection.closed) return resolve();
    const grace = setTimeout(() => connection.socket.terminate(), graceMs);
    connection.socket.once('close', () => {
      clearTimeout(grace);
      resolve();
    });
    closeConnection(connection, cause);
  });
}
