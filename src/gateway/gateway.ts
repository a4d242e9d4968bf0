/*
 * The gateway: one WebSocket endpoint that behaves like an API Gateway WebSocket API stage.
 *
 *   client                     gateway                               Lambda runtime
 *   ──────                     ───────                               ──────────────
 *   GET /stage  Upgrade ──▶  stage check (403) ─▶ $connect event ──▶  invoke $connect
 *                             (connection NOT registered yet: @connections answers 410)
 *               ◀── 101 ──── 2xx: upgrade, register       ◀──────   { statusCode }
 *               ◀── 4xx/5xx  other status / error: refuse (502 on error)
 *   text frame ───────────▶  select route ─▶ MESSAGE event ───────▶  invoke route (concurrently)
 *               ◀── frame ── route response body (two-way) / error frame
 *   close / drop / DELETE /
 *   idle / max duration  ──▶  unregister ─▶ DISCONNECT event ─────▶  invoke $disconnect (once)
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { InvocationOutcome } from '../lambda/types.js';
import type { TimerHandle } from '../util/clock.js';
import { generateTraceId } from '../util/ids.js';
import { formatMissingSubprotocolWarning } from './connect-checks.js';
import { abortHandshake } from './abort-handshake.js';
import { decideConnect } from './connect-decision.js';
import { buildClientCloseCause, closeConnection, closeConnectionAndWait, type CloseCause, type GatewayConnection } from './connection.js';
import { ConnectionRegistry } from './connection-registry.js';
import { startConnectionTimers } from './connection-timers.js';
import { formatErrorFrame } from './error-frames.js';
import { createFrameSizeGuard } from './frame-size-guard.js';
import { createMessageRateLimiter, createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { buildConnectEvent, buildDisconnectEvent, buildMessageEvent, type ConnectionFacts } from './events.js';
import { formatRouteFailure } from './route-failure.js';
import { buildRouteResponse } from './route-response.js';
import { selectRoute } from './route-selection.js';
import { authenticateUpgrade, refuseEarly } from './upgrade-steps.js';
import type { GatewayOptions, RouteTarget } from './gateway-options.js';
import { answerPings } from './ping-answerer.js';
import { buildProtocolErrorCause, FRAME_TOO_BIG, GOING_AWAY, MESSAGE_TOO_BIG, normaliseIp, rawDataToBuffer, TOO_MANY_PINGS } from './socket-facts.js';

export type { AuthorizerOptions, GatewayLimits, GatewayOptions, RouteTarget } from './gateway-options.js';

/** How long `closeAll` waits for a client to answer our close frame before dropping the socket (real ms). */
const CLOSE_GRACE_MS = 1000;

/** What a project reload may change in a running gateway. */
export type GatewayRouting = Pick<GatewayOptions, 'routes' | 'selectionExpression' | 'authorizer'>;

/** Route keys a message can select: everything but `$connect` and `$disconnect`. */
function selectableRouteKeys(routes: GatewayOptions['routes']): ReadonlySet<string> {
  return new Set([...routes.keys()].filter((key) => key !== '$connect' && key !== '$disconnect'));
}

export class Gateway {
  readonly registry: ConnectionRegistry;
  /** Replaced (routing only) by `updateRouting` when the project is reloaded. */
  #options: GatewayOptions;
  readonly #wss: WebSocketServer;
  /** Route keys a message can select: everything but `$connect` and `$disconnect`. */
  #messageRouteKeys: ReadonlySet<string>;
  /** Subprotocol chosen by `$connect`, handed to ws's handleProtocols for the same request. */
  readonly #chosenProtocols = new WeakMap<IncomingMessage, string>();
  readonly #timers = new WeakMap<GatewayConnection, TimerHandle>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #upgrading = new Set<Duplex>();
  /** Connection ids whose `$connect` is running: they do not exist yet for `@connections` (410). */
  readonly #connecting = new Set<string>();
  readonly #connectionRate: RateLimiter;
  /** Set by `closeAll`: new upgrades get 503. */
  #closing = false;

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.registry = new ConnectionRegistry(options.clock, options.isStale);
    this.#connectionRate = createRateLimiter(options.clock, options.limits.maxNewConnectionsPerSecond);
    this.#messageRouteKeys = selectableRouteKeys(options.routes);
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.limits.maxMessageBytes,
      // API Gateway negotiates permessage-deflate (docs/aws-behaviour.md#handshake); we do not: zlib work
      // per frame cost more CPU than the rest of the gateway (measured; docs/differences.md).
      perMessageDeflate: false,
      // Pongs are ours (ping-answerer.ts), so a ping flood gets a close frame rather than a dropped socket.
      autoPong: false,
      // Never pick a subprotocol on our own: only what $connect returned is echoed
      // (docs/aws-behaviour.md#subprotocols).
      handleProtocols: (_offered, req) => this.#chosenProtocols.get(req) ?? false,
    });
  }

  /** Handles an HTTP upgrade request on the server's port. Never throws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    // While closing, no new connection may start a $connect: answer as ws's server does when closed.
    if (this.#closing) return abortHandshake(socket, 503);
    this.#upgrading.add(socket);
    socket.once('close', () => this.#upgrading.delete(socket));
    this.#track(this.#upgrade(req, socket, head)).catch((error: unknown) => {
      this.#options.logger.error(`upgrade failed: ${String(error)}`);
      abortHandshake(socket, 500);
    });
  }

  /**
   * A reloaded project: later upgrades and messages use these routes, selection expression and
   * authorizer; open connections stay open (their next message is routed anew).
   */
  updateRouting(routing: GatewayRouting): void {
    const { authorizer: _authorizer, ...rest } = this.#options;
    this.#options = {
      ...rest,
      routes: routing.routes,
      selectionExpression: routing.selectionExpression,
      ...(routing.authorizer ? { authorizer: routing.authorizer } : {}),
    };
    this.#messageRouteKeys = selectableRouteKeys(routing.routes);
  }

  /** True while the connection's `$connect` runs (it is not registered yet). */
  isConnecting(connectionId: string): boolean {
    return this.#connecting.has(connectionId);
  }

  /** Closes every connection with `cause` and waits for their `$disconnect` invocations. */
  async closeAll(cause: CloseCause = GOING_AWAY): Promise<void> {
    this.#closing = true;
    for (const socket of this.#upgrading) socket.destroy();
    await Promise.all(this.registry.all().map((connection) => closeConnectionAndWait(connection, cause, CLOSE_GRACE_MS)));
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    this.#wss.close();
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { api, clock, ids, routes } = this.#options;
    const target = refuseEarly(req, socket, { stage: api.stage, logger: this.#options.logger, connectionRate: this.#connectionRate });
    if (!target) return;
    const userAgent = req.headers['user-agent'];
    const started: ConnectionFacts = {
      connectionId: ids.connectionId(),
      connectedAt: clock.now(),
      sourceIp: normaliseIp(req.socket.remoteAddress),
      ...(userAgent === undefined ? {} : { userAgent }),
    };
    const requestTimeEpoch = clock.now();
    const requestId = ids.requestId();
    const traceId = generateTraceId(requestTimeEpoch, this.#options.randomBytes);
    const buildEvent = (connection: ConnectionFacts) =>
      buildConnectEvent({ api, connection, requestId, requestTimeEpoch, rawHeaders: req.rawHeaders, query: target.query, traceId });
    const facts = await authenticateUpgrade(req, socket, started, buildEvent, {
      options: this.#options,
      invoke: (functionName, event, options) => this.#track(this.#options.runtime.invoke(functionName, event, options)),
    });
    if (!facts) return;
    const connectTarget = routes.get('$connect');
    if (connectTarget) {
      const event = buildEvent(facts);
      this.#connecting.add(facts.connectionId);
      const outcome = await this.#invoke('$connect', connectTarget, event, facts.connectionId).finally(() => this.#connecting.delete(facts.connectionId));
      // The client gave up while $connect ran: there is nobody to answer (and nothing to register).
      if (socket.destroyed) return;
      const decision = decideConnect(outcome);
      if (!decision.accept) {
        if (decision.problem) this.#options.logger.error(`${decision.problem} (connection ${facts.connectionId})`);
        this.#options.logger.info(`CONNECT refused ${decision.status} ${facts.connectionId}`);
        return abortHandshake(socket, decision.status, decision.body);
      }
      if (decision.protocol !== undefined) this.#chosenProtocols.set(req, decision.protocol);
    }
    // A subprotocol offered and none chosen: the client fails the handshake (connect-checks.ts).
    const offered = req.headers['sec-websocket-protocol'];
    if (offered !== undefined && !this.#chosenProtocols.has(req))
      this.#options.logger.warn(formatMissingSubprotocolWarning(offered, facts.connectionId, connectTarget !== undefined));
    this.#upgrading.delete(socket);
    // Frame and message sizes are read from the raw stream next to ws (see frame-size-guard.ts).
    const opened: { connection?: GatewayConnection } = {};
    const guard = createFrameSizeGuard(this.#options.limits, (kind) => {
      if (opened.connection) closeConnection(opened.connection, kind === 'frame' ? FRAME_TOO_BIG : MESSAGE_TOO_BIG);
    });
    // ws puts `head` back into the socket (socket.unshift), so this listener sees those bytes too.
    socket.on('data', (chunk: Buffer) => guard.feed(chunk));
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      opened.connection = this.#open(ws, facts);
    });
  }

  #open(socket: WebSocket, facts: ConnectionFacts): GatewayConnection {
    const { clock, limits, logger } = this.#options;
    const messageRate = createMessageRateLimiter(clock, limits.maxMessagesPerSecondPerConnection);
    const connection: GatewayConnection = { facts, socket, lastActiveAt: clock.now(), closed: false, messageRate };
    this.registry.add(connection);
    logger.info(`CONNECT ${facts.connectionId}`);
    this.#options.onConnectionOpened?.(facts, connection.lastActiveAt);
    socket.on('message', (data, isBinary) => this.#onMessage(connection, data, isBinary));
    answerPings(socket, () => closeConnection(connection, TOO_MANY_PINGS));
    // ws closes the socket itself on protocol errors (1009 too big, 1007 bad UTF-8, 1002);
    // remember the code so $disconnect reports it rather than the 1006 ws gives locally.
    socket.on('error', (error: Error & { code?: string }) => {
      connection.closeCause ??= buildProtocolErrorCause(error.code);
    });
    socket.on('close', (code, reason) => this.#onClose(connection, code, reason.toString()));
    this.#timers.set(connection, startConnectionTimers(connection, clock, limits));
    return connection;
  }

  #onMessage(connection: GatewayConnection, data: RawData, isBinary: boolean): void {
    if (connection.closeCause || connection.closed) return;
    const { api, clock, ids, routes, selectionExpression } = this.#options;
    connection.lastActiveAt = clock.now();
    if (isBinary && this.#options.limits.binaryFrames === 'reject') {
      // "Binary frames are not supported": API Gateway closes with 1003 (docs/aws-behaviour.md#frames).
      return closeConnection(connection, { code: 1003, reason: 'Unsupported data' });
    }
    // An accepted binary message reaches the integration base64-encoded (docs/aws-behaviour.md#frames; not
    // documented by AWS); as base64 is not JSON, route selection sends it to $default.
    const requestId = ids.requestId();
    const { connectionId } = connection.facts;
    if (connection.messageRate?.tryAcquire() === false) {
      this.#options.logger.info(`MESSAGE throttled (Too Many Requests) ${connectionId}`);
      return this.#send(connection, formatErrorFrame('Too Many Requests', connectionId, requestId));
    }
    const body = isBinary ? rawDataToBuffer(data).toString('base64') : rawDataToBuffer(data).toString('utf8');
    const routeKey = selectRoute(selectionExpression, body, this.#messageRouteKeys);
    if (routeKey === undefined) {
      this.#options.logger.info(`MESSAGE no route (Forbidden) ${connectionId}`);
      return this.#send(connection, formatErrorFrame('Forbidden', connectionId, requestId));
    }
    const target = routes.get(routeKey) as RouteTarget;
    const event = buildMessageEvent({
      api,
      connection: connection.facts,
      requestId,
      requestTimeEpoch: connection.lastActiveAt,
      messageId: ids.messageId(),
      routeKey,
      body,
      isBase64Encoded: isBinary,
    });
    // Not awaited: API Gateway does not serialize a connection's messages (docs/aws-behaviour.md#messages).
    void this.#invoke(routeKey, target, event, connectionId).then((outcome) => {
      this.#options.logger.info(`MESSAGE ${routeKey} ${connectionId} ${outcome.ok ? 'ok' : 'failed'} ${outcome.durationMs.toFixed(1)} ms`);
      if (!outcome.ok) return this.#send(connection, formatErrorFrame('Internal server error', connectionId, requestId));
      if (!target.routeResponse) return;
      const response = buildRouteResponse(outcome);
      if (response) this.#send(connection, response.data, response.binary);
    });
  }

  #onClose(connection: GatewayConnection, code: number, reason: string): void {
    if (connection.closed) return;
    connection.closed = true;
    this.#timers.get(connection)?.cancel();
    const { api, clock, ids, logger, routes } = this.#options;
    const { connectionId } = connection.facts;
    this.registry.remove(connectionId);
    const cause = connection.closeCause ?? buildClientCloseCause(code, reason);
    logger.info(`DISCONNECT ${connectionId} ${cause.code} ${JSON.stringify(cause.reason)}`);
    this.#options.onConnectionClosed?.(connectionId, cause);
    const target = routes.get('$disconnect');
    if (!target || this.#options.dropDisconnect?.(connectionId)) return;
    const event = buildDisconnectEvent({
      api,
      connection: connection.facts,
      requestId: ids.requestId(),
      requestTimeEpoch: clock.now(),
      statusCode: cause.code,
      reason: cause.reason,
    });
    // $disconnect's result and errors go nowhere: the socket is gone (docs/aws-behaviour.md#disconnect).
    // #invoke logs them.
    void this.#invoke('$disconnect', target, event, connectionId);
  }

  #send(connection: GatewayConnection, data: string | Buffer, binary = false): void {
    if (connection.closed || connection.closeCause) return;
    connection.socket.send(data, { binary });
    connection.lastActiveAt = this.#options.clock.now();
  }

  async #invoke(routeKey: string, target: RouteTarget, event: unknown, connectionId: string): Promise<InvocationOutcome> {
    // $disconnect has no client waiting for it, so no integration deadline on its wait for an
    // environment: it runs when it can (docs/execution-model.md#queueing-and-fairness).
    const deadlineMs = routeKey === '$disconnect' ? undefined : target.integrationTimeoutMs;
    const outcome = await this.#track(this.#options.runtime.invoke(target.functionName, event, { deadlineMs, connectionId }));
    this.#options.onInvocation?.({ routeKey, functionName: target.functionName, connectionId, event, outcome });
    if (!outcome.ok) this.#options.logger.error(formatRouteFailure(routeKey, connectionId, outcome.error));
    return outcome;
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    const untrack = () => this.#pending.delete(promise);
    promise.then(untrack, untrack);
    return promise;
  }
}
