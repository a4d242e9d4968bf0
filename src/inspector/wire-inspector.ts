/**
 * Where the inspector meets the rest: the hooks that feed it (function log lines, finished
 * invocations, connections opened and closed) and its request handler over the gateway's
 * connection registry, the same one `@connections` acts on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import type { CloseCause } from '../gateway/connection.js';
import type { ConnectionRegistry } from '../gateway/connection-registry.js';
import type { ConnectionFacts } from '../gateway/events.js';
import type { InvocationOutcome } from '../lambda/types.js';
import { createInspectorApp } from './inspector-app.js';
import type { InspectorConnection, InspectorFeed } from './inspector-feed.js';
import { runTestConnection } from './test-connection.js';

/** web/inspector in the package: two levels up from src/inspector and from dist/inspector. */
const WEB_DIR = fileURLToPath(new URL('../../web/inspector', import.meta.url));

export interface FinishedInvocation {
  readonly routeKey: string;
  readonly functionName: string;
  readonly connectionId: string;
  readonly event: unknown;
  readonly outcome: InvocationOutcome;
}

/** The gateway hooks and log sink that feed the inspector. */
export function buildInspectorHooks(feed: InspectorFeed, now: () => number) {
  return {
    onLog: (line: string) => feed.addLogLine(line),
    onInvocation: ({ routeKey, functionName, connectionId, event, outcome }: FinishedInvocation) =>
      feed.addInvocation({
        routeKey,
        functionName,
        connectionId,
        finishedAt: now(),
        durationMs: outcome.durationMs,
        ok: outcome.ok,
        timedOut: !outcome.ok && outcome.timedOut,
        awsRequestId: outcome.requestId,
        event,
        ...(outcome.ok ? { result: outcome.result } : { error: { errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage } }),
      }),
    onConnectionOpened: (facts: ConnectionFacts, lastActiveAt: number) =>
      feed.publish({ type: 'connection-opened', connection: buildInspectorConnection(facts, lastActiveAt) }),
    onConnectionClosed: (connectionId: string, cause: CloseCause) =>
      feed.publish({ type: 'connection-closed', connectionId, code: cause.code, reason: cause.reason }),
  };
}

export interface InspectorHandlerOptions {
  readonly feed: InspectorFeed;
  readonly registry: ConnectionRegistry;
  /** The stage's WebSocket URL, for test connections. */
  readonly url: string;
  readonly maxPayloadBytes: number;
  readonly isForeignOrigin: (origin: string | undefined) => boolean;
}

/** The request handler for paths under `/_inspector`. */
export function createInspectorHandler(options: InspectorHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { registry } = options;
  const app = createInspectorApp({
    feed: options.feed,
    webDir: WEB_DIR,
    maxPayloadBytes: options.maxPayloadBytes,
    isForeignOrigin: options.isForeignOrigin,
    // As `@connections` sees them: closing and stale connections are gone already.
    listConnections: () =>
      registry.all().flatMap((connection) => {
        const info = registry.get(connection.facts.connectionId);
        return info ? [buildInspectorConnection(connection.facts, info.lastActiveAt)] : [];
      }),
    post: (connectionId, data) => registry.post(connectionId, data),
    disconnect: (connectionId) => registry.delete(connectionId),
    testConnection: (request) =>
      runTestConnection({
        ...request,
        url: options.url,
        findConnectionId: (userAgent) => registry.all().find((connection) => connection.facts.userAgent === userAgent)?.facts.connectionId,
      }),
  });
  return (req, res) => {
    app(req as Request, res as Response, () => undefined);
  };
}

function buildInspectorConnection(facts: ConnectionFacts, lastActiveAt: number): InspectorConnection {
  const principalId = facts.authorizer?.principalId;
  return {
    connectionId: facts.connectionId,
    connectedAt: facts.connectedAt,
    lastActiveAt,
    sourceIp: facts.sourceIp,
    ...(principalId === undefined || principalId === null ? {} : { principalId: String(principalId) }),
  };
}
