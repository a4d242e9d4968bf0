/**
 * The emulator's one port, for everything that is not a WebSocket upgrade: `@connections` first
 * (as on API Gateway, the stage path's management API), then the inspector, Lambda's Invoke API,
 * the web page beside the API, and API Gateway's answers to anything else. Each answers in its own
 * protocol; the browser-reachable APIs refuse a foreign `Origin` (management/origin-check.ts).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import serveStatic from 'serve-static';
import { answerPlainRequest, isStagePath } from './gateway/plain-http.js';
import { answerInspectorOff, isInspectorPath } from './inspector/inspector-app.js';
import { handleInvokeRequest, isInvokePath, type InvokeHttpOptions } from './invoke/invoke-http.js';
import type { Logger } from './log/logger.js';
import { buildWireError } from './management/errors.js';
import { handleManagementRequest } from './management/http-adapter.js';
import type { ManagementApi } from './management/management-api.js';
import { isForeignOrigin } from './management/origin-check.js';

export interface HttpFrontOptions {
  readonly stage: string;
  readonly management: ManagementApi;
  /** `http://host:port` forms of the emulator's own origin. */
  readonly ownOrigins: ReadonlySet<string>;
  /** The inspector's handler, or undefined when it is off. */
  readonly inspector: RequestListener | undefined;
  readonly invoke: InvokeHttpOptions;
  /** A directory served at `/` (the chat room's page), or undefined. */
  readonly staticDir: string | undefined;
  readonly logger: Logger;
  /** Called once each `@connections` answer is sent. */
  readonly onManagementCall: (method: string, path: string, status: number) => void;
}

export function createHttpFront(options: HttpFrontOptions): RequestListener {
  const { management, ownOrigins, inspector, logger, stage } = options;
  // A web page beside the API: serve-static is express's own static file server.
  const staticFiles = options.staticDir === undefined ? undefined : serveStatic<ServerResponse>(options.staticDir, { index: 'index.html', fallthrough: true });
  return (req, res) => {
    const target = req.url ?? '/';
    if (management.matches(target)) {
      if (isForeignOrigin(req.headers.origin, ownOrigins)) return refuseForeignOrigin(req, res, logger, '@connections');
      res.once('finish', () => options.onManagementCall(req.method ?? 'GET', target, res.statusCode));
      return handleManagementRequest(management, req, res);
    }
    if (isInspectorPath(target)) return inspector ? inspector(req, res) : answerInspectorOff(res);
    if (isInvokePath(target)) {
      if (isForeignOrigin(req.headers.origin, ownOrigins)) return refuseForeignOrigin(req, res, logger, 'Invoke');
      res.once('finish', () => logger.debug(`${req.method ?? 'GET'} ${target} ${res.statusCode} (Invoke)`));
      return handleInvokeRequest(options.invoke, req, res);
    }
    if (staticFiles && !isStagePath(target, stage)) return staticFiles(req, res, () => answerPlainRequest(target, stage, res));
    answerPlainRequest(target, stage, res);
  };
}

/** 403 `ForbiddenException` to a browser page of another origin calling `@connections` or Invoke. */
function refuseForeignOrigin(req: IncomingMessage, res: ServerResponse, logger: Logger, api: string): void {
  logger.warn(`${api} ${req.method ?? 'GET'} ${req.url ?? '/'} from a web page of ${String(req.headers.origin)} refused (403): only server code may call ${api}`);
  req.resume();
  const answer = buildWireError('ForbiddenException', 'Forbidden', crypto.randomUUID());
  res.writeHead(answer.status, answer.headers).end(answer.body);
}
