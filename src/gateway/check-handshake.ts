import type { IncomingMessage } from 'node:http';

/** Why an upgrade request is not a WebSocket handshake, and what `ws` answers to it. */
export interface HandshakeProblem {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A valid `Sec-WebSocket-Key`: 16 random bytes, base64 (RFC 6455 section 4.1). */
const KEY = /^[+/0-9A-Za-z]{22}==$/;
/** RFC 6455 subprotocol tokens, comma-separated. */
const PROTOCOLS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(\s*,\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+)*$/;

/**
 * Checks an upgrade request the way `ws`'s `handleUpgrade` does (same order, statuses and
 * messages), BEFORE the gateway runs an authorizer or `$connect`: a request the WebSocket server
 * would refuse must not run code that writes state (a row nobody's `$disconnect` removes).
 * RFC 6455 section 4.2.1: https://www.rfc-editor.org/rfc/rfc6455#section-4.2.1
 */
export function checkHandshake(req: Pick<IncomingMessage, 'method' | 'headers'>): HandshakeProblem | undefined {
  if (req.method !== 'GET') return { status: 405, message: 'Invalid HTTP method' };
  const upgrade = req.headers.upgrade;
  if (upgrade === undefined || upgrade.toLowerCase() !== 'websocket') return { status: 400, message: 'Invalid Upgrade header' };
  const key = req.headers['sec-websocket-key'];
  if (key === undefined || !KEY.test(key)) return { status: 400, message: 'Missing or invalid Sec-WebSocket-Key header' };
  const version = Number(req.headers['sec-websocket-version']);
  if (version !== 13 && version !== 8) {
    return { status: 400, message: 'Missing or invalid Sec-WebSocket-Version header', headers: { 'Sec-WebSocket-Version': '13, 8' } };
  }
  const protocols = req.headers['sec-websocket-protocol'];
  if (protocols !== undefined && !PROTOCOLS.test(protocols.trim())) return { status: 400, message: 'Invalid Sec-WebSocket-Protocol header' };
  return undefined;
}
