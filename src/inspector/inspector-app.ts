/**
 * The inspector at `/_inspector`: its page (web/inspector) and a JSON API over what the emulator
 * knows, mounted by the emulator for paths under `/_inspector` only (`@connections` and the
 * WebSocket path keep precedence).
 *
 *   GET    /_inspector/api/connections              { connections: InspectorConnection[] }
 *   POST   /_inspector/api/connections/{id}/messages { data: string } → 204 (410 when gone)
 *   DELETE /_inspector/api/connections/{id}          → 204, closes with 1000 (410 when gone)
 *   GET    /_inspector/api/invocations?limit=N       { invocations: InspectorInvocation[] }, oldest first
 *   GET    /_inspector/api/invocations/{seq}         one invocation (404 when forgotten)
 *   POST   /_inspector/api/test-connection           { message, query?, waitMs? } → TestConnectionResult
 *   GET    /_inspector/api/events                    server-sent events (event-stream.ts)
 */
import type { ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { streamEvents } from './event-stream.js';
import { sendInspectorError } from './inspector-errors.js';
import type { InspectorConnection, InspectorFeed } from './inspector-feed.js';
import { DEFAULT_TEST_WAIT_MS, MAX_TEST_WAIT_MS, type TestConnectionResult } from './test-connection.js';

export const INSPECTOR_PATH = '/_inspector';

export interface InspectorAppOptions {
  readonly feed: InspectorFeed;
  /** The folder of the page (index.html, app.js, style.css). */
  readonly webDir: string;
  readonly listConnections: () => InspectorConnection[];
  /** Posts one text frame; false when the connection does not exist (any more). */
  readonly post: (connectionId: string, data: Buffer) => boolean;
  /** Closes with 1000; false when the connection does not exist (any more). */
  readonly disconnect: (connectionId: string) => boolean;
  /** The largest `data` a post may carry, as `@connections` allows (bytes). */
  readonly maxPayloadBytes: number;
  readonly testConnection: (request: { message: string; query?: string; waitMs: number }) => Promise<TestConnectionResult>;
  /** True for an `Origin` header of a page that is not the emulator's (origin-check.ts). */
  readonly isForeignOrigin: (origin: string | undefined) => boolean;
}

/** True for `/_inspector` and anything under it. */
export function isInspectorPath(target: string): boolean {
  const path = target.split('?', 1)[0] ?? '';
  return path === INSPECTOR_PATH || path.startsWith(`${INSPECTOR_PATH}/`);
}

export function createInspectorApp(options: InspectorAppOptions): RequestHandler {
  const { feed } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  const api = express.Router({ caseSensitive: true });
  // A page of another site may not post or disconnect (browsers always send Origin cross-site).
  api.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && options.isForeignOrigin(req.headers.origin)) {
      return sendInspectorError(res, 'Forbidden', `a page of ${String(req.headers.origin)} may not call the inspector API`);
    }
    next();
  });
  // JSON escapes can double a payload's size; the byte limit itself is checked on the decoded data.
  api.use(express.json({ limit: options.maxPayloadBytes * 2 + 1024, type: () => true }));
  api.get('/connections', (_req, res) => {
    res.json({ connections: options.listConnections() });
  });
  api.post('/connections/:id/messages', (req, res) => {
    const data = (req.body as { data?: unknown } | undefined)?.data;
    if (typeof data !== 'string') return sendInspectorError(res, 'BadRequest', 'send JSON {"data": "text to post"}');
    const bytes = Buffer.from(data, 'utf8');
    if (bytes.length > options.maxPayloadBytes)
      return sendInspectorError(res, 'PayloadTooLarge', `data is ${bytes.length} bytes; @connections allows ${options.maxPayloadBytes}`);
    if (!options.post(req.params.id as string, bytes)) return sendGone(res, req.params.id as string);
    res.status(204).end();
  });
  api.delete('/connections/:id', (req, res) => {
    if (!options.disconnect(req.params.id as string)) return sendGone(res, req.params.id as string);
    res.status(204).end();
  });
  api.get('/invocations', (req, res) => {
    const limit = req.query.limit === undefined ? feed.invocations.length : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 0) return sendInspectorError(res, 'BadRequest', 'limit: expected a whole number');
    res.json({ invocations: limit === 0 ? [] : feed.invocations.slice(-limit) });
  });
  api.get('/invocations/:seq', (req, res) => {
    const invocation = feed.find(Number(req.params.seq));
    if (!invocation) return sendInspectorError(res, 'NotFound', `no invocation ${String(req.params.seq)} (the inspector keeps the latest ${feed.capacity})`);
    res.json(invocation);
  });
  api.post('/test-connection', async (req, res) => {
    const { message, query, waitMs = DEFAULT_TEST_WAIT_MS } = (req.body ?? {}) as { message?: unknown; query?: unknown; waitMs?: unknown };
    if (typeof message !== 'string') return sendInspectorError(res, 'BadRequest', 'send JSON {"message": "text to send", "waitMs": 1000}');
    if (query !== undefined && typeof query !== 'string') return sendInspectorError(res, 'BadRequest', 'query: expected a string such as "token=abc"');
    if (typeof waitMs !== 'number' || !Number.isInteger(waitMs) || waitMs < 0 || waitMs > MAX_TEST_WAIT_MS) {
      return sendInspectorError(res, 'BadRequest', `waitMs: expected a whole number of ms from 0 to ${MAX_TEST_WAIT_MS}`);
    }
    res.json(await options.testConnection({ message, waitMs, ...(query ? { query } : {}) }));
  });
  api.get('/events', (req, res) => streamEvents(feed, req, res));
  api.use((req, res) => sendInspectorError(res, 'NotFound', `no inspector API ${req.method} ${req.baseUrl}${req.path}`));
  app.use(`${INSPECTOR_PATH}/api`, api);
  // The page links its files by absolute path, so it works without the trailing slash too.
  app.get(INSPECTOR_PATH, (_req, res) => res.sendFile('index.html', { root: options.webDir }));
  app.use(INSPECTOR_PATH, express.static(options.webDir, { index: 'index.html', redirect: false }));
  app.use((req, res) => sendInspectorError(res, 'NotFound', `nothing at ${req.path}`));
  // Express's own error pages are HTML: bad JSON, a body over the limit, a bug.
  app.use((error: { type?: string; status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.parse.failed') return sendInspectorError(res, 'BadRequest', `the body is not JSON: ${error.message ?? ''}`);
    if (error.type === 'entity.too.large') return sendInspectorError(res, 'PayloadTooLarge', 'the body is too large');
    if (error.status === 400) return sendInspectorError(res, 'BadRequest', error.message ?? 'bad request');
    sendInspectorError(res, 'InternalError', error.message ?? 'internal error');
  });
  return app;
}

/** `/_inspector` when the inspector is off: a 404 that says how to turn it on. */
export function answerInspectorOff(res: ServerResponse): void {
  const body = JSON.stringify({ code: 'NotFound', message: 'the inspector is off: start the CLI without --no-inspector, or create the Emulator with inspector: true' });
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

function sendGone(res: Response, connectionId: string): void {
  sendInspectorError(res, 'GoneException', `connection ${connectionId} does not exist (any more)`);
}
