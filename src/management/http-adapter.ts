import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildWireError } from './errors.js';
import type { ManagementApi, ManagementResponse } from './management-api.js';

/**
 * How many body bytes we read in all (keeping only the first `maxPayloadBytes + 1`) before giving
 * up on a too-large request. The SDK sends its whole body without `Expect: 100-continue`; closing
 * while it still writes would hit it with ECONNRESET/EPIPE, which it retries, instead of a clean
 * 413 on a connection it can reuse. 10 MiB is API Gateway's REST payload limit. Past it we answer
 * with `Connection: close` and stop reading.
 */
export const MAX_DRAIN_BYTES = 10 * 1024 * 1024;

export interface HttpAdapterOptions {
  /** Body bytes read in all before giving up on a too-large request. Default {@link MAX_DRAIN_BYTES}. */
  readonly maxDrainBytes?: number;
}

/**
 * Serves one node:http request with the management API: buffers the body up to one byte past
 * `api.maxPayloadBytes` (enough for the core to see it is too large), discards the rest, then
 * writes the core's answer. Never throws into node:http; a failure becomes an AWS-shaped error.
 */
export function handleManagementRequest(
  api: ManagementApi,
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpAdapterOptions = {},
): void {
  const keepBytes = api.maxPayloadBytes + 1;
  const drainBytes = Math.max(options.maxDrainBytes ?? MAX_DRAIN_BYTES, keepBytes);
  const answer = (body: Buffer, close: boolean) => {
    if (close) res.setHeader('Connection', 'close');
    writeResponse(res, respond(api, req, body));
  };

  // A declared length past the drain limit is refused before reading a byte of it.
  if (Number(req.headers['content-length']) > drainBytes) {
    req.pause();
    answer(Buffer.alloc(keepBytes), true);
    return;
  }

  const chunks: Buffer[] = [];
  let kept = 0;
  let received = 0;
  let answered = false;
  req.on('data', (chunk: Buffer) => {
    if (answered) return;
    if (kept < keepBytes) {
      const part = kept + chunk.length <= keepBytes ? chunk : chunk.subarray(0, keepBytes - kept);
      chunks.push(part);
      kept += part.length;
    }
    received += chunk.length;
    if (received > drainBytes) {
      // Keeping comes first, so the core sees the body as too large, not as empty.
      answered = true;
      req.pause();
      answer(Buffer.concat(chunks, kept), true);
    }
  });
  req.on('end', () => {
    if (answered) return;
    answered = true;
    // One chunk is the common case (a small POST): pass it on without copying.
    answer(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, kept), false);
  });
  // The client went away mid-body: there is nobody to answer.
  req.on('error', () => {
    answered = true;
  });
}

function respond(api: ManagementApi, req: IncomingMessage, body: Buffer): ManagementResponse {
  try {
    return api.handle({ method: req.method ?? 'GET', path: req.url ?? '/', body, headers: req.headers });
  } catch (error) {
    // handle() promises not to throw; if it does anyway, the SDK still gets a parseable, non-retried error.
    const cause = error instanceof Error ? error.message : String(error);
    return buildWireError('InternalServerErrorException', `apigw-ws-local: the management API threw (${cause}). This is an emulator bug.`, randomUUID());
  }
}

function writeResponse(res: ServerResponse, response: ManagementResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = response.status;
  for (const name in response.headers) res.setHeader(name, response.headers[name] as string);
  // RFC 9110 forbids Content-Length on a 204; everywhere else it keeps the connection reusable.
  if (response.status !== 204) res.setHeader('Content-Length', Buffer.byteLength(response.body));
  res.end(response.body);
}
