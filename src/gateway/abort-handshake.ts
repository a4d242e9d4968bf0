import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Refuses a WebSocket upgrade by writing a plain HTTP response on the raw socket, as `ws` does in
 * `abortHandshake` (lib/websocket-server.js). API Gateway answers a refused `$connect` with the status the
 * integration returned (docs/aws-behaviour.md#handshake); the body is JSON like its other error responses.
 */
export function abortHandshake(socket: Duplex, status: number, body = ''): void {
  if (socket.destroyed) return;
  const payload = Buffer.from(body);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`,
    'Connection: close',
    `Content-Length: ${payload.length}`,
    ...(payload.length > 0 ? ['Content-Type: application/json'] : []),
  ];
  socket.end(Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n'), payload]));
}

/** Refuses a request that is no WebSocket handshake, in `ws`'s own words (text body, its headers). */
export function abortInvalidHandshake(socket: Duplex, status: number, message: string, headers: Readonly<Record<string, string>> = {}): void {
  if (socket.destroyed) return;
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}`,
    'Connection: close',
    'Content-Type: text/html',
    `Content-Length: ${Buffer.byteLength(message)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(lines.join('\r\n') + '\r\n\r\n' + message);
}
