import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Refuses a WebSocket upgrade by writing a plain HTTP response on the raw socket, as `ws` does in
 * `abortHandshake` (lib/websocket-server.js). API Gateway answers a refused `$connect` with the
 * status the integration returned (spec 1.1); the body is JSON like its other error responses.
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
