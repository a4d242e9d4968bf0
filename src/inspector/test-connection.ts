/**
 * "Send as a new connection" from the inspector: the emulator opens a WebSocket client to itself,
 * sends one message, collects what comes back for a short while, then closes with 1000. The client
 * goes through the whole gateway ($connect, the authorizer, route selection, $disconnect), as any
 * other client.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** How long to listen by default, and at most (ms). */
export const DEFAULT_TEST_WAIT_MS = 1000;
export const MAX_TEST_WAIT_MS = 10_000;
/** How long the handshake may take ($connect and the authorizer run meanwhile; AWS allows 29 s). */
const HANDSHAKE_TIMEOUT_MS = 30_000;

export interface TestConnectionRequest {
  /** The stage URL, `ws://HOST:PORT/STAGE`. */
  readonly url: string;
  readonly message: string;
  /** Query string to connect with (without `?`), e.g. `token=abc` for an authorizer. */
  readonly query?: string;
  readonly waitMs: number;
  /** The connection id of the client that sent this `User-Agent`, once it is connected. */
  readonly findConnectionId: (userAgent: string) => string | undefined;
}

export type TestConnectionResult =
  | {
      readonly opened: true;
      readonly connectionId: string | null;
      /** Text frames received, in order (binary ones base64-encoded). */
      readonly received: readonly string[];
      /** How the connection ended; the client's own 1000 when it lasted the whole wait. */
      readonly closed: { readonly code: number; readonly reason: string };
    }
  | { readonly opened: false; readonly status: number; readonly body: string };

export function runTestConnection(request: TestConnectionRequest): Promise<TestConnectionResult> {
  const userAgent = `apigw-ws-local-inspector/${randomUUID()}`;
  const url = request.query ? `${request.url}?${request.query}` : request.url;
  const socket = new WebSocket(url, { headers: { 'user-agent': userAgent }, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
  const received: string[] = [];
  let connectionId: string | null = null;
  let opened = false;
  return new Promise((resolve) => {
    socket.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ opened: false, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ opened: false, status: res.statusCode ?? 0, body: '' }));
    });
    socket.on('error', (error) => {
      if (socket.readyState !== WebSocket.OPEN) resolve({ opened: false, status: 0, body: error.message });
    });
    socket.on('open', () => {
      opened = true;
      connectionId = request.findConnectionId(userAgent) ?? null;
      socket.send(request.message);
      const timer = setTimeout(() => socket.close(1000, 'inspector test done'), request.waitMs);
      socket.once('close', () => clearTimeout(timer));
    });
    socket.on('message', (data, isBinary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      received.push(buffer.toString(isBinary ? 'base64' : 'utf8'));
    });
    socket.on('close', (code, reason) => {
      if (!opened) return; // the handshake failed: 'unexpected-response' or 'error' answers
      resolve({ opened: true, connectionId, received, closed: { code, reason: reason.toString() } });
    });
  });
}
