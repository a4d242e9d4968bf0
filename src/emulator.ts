import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveOptions, type ResolvedOptions } from './config/resolve-options.js';
import type { EmulatorOptions } from './config/options.js';
import { buildDynamoDbRedirect, buildFakeCredentials, buildHandlerEnvironment, DEFAULT_CREDENTIALS } from './config/handler-environment.js';
import { startDynamoDb, type DynamoDbHandle } from './dynamodb/index.js';
import { createProblemsError, EmulatorError } from './errors.js';
import { Gateway, type RouteTarget } from './gateway/gateway.js';
import serveStatic from 'serve-static';
import { answerPlainRequest, isStagePath } from './gateway/plain-http.js';
import { createLambdaRuntime } from './lambda/create-lambda-runtime.js';
import { prepareFunctions } from './lambda/prepare-functions.js';
import type { FunctionDefinition, LambdaRuntime } from './lambda/types.js';
import { FaultInjector, type Faults } from './faults.js';
import { InvocationLog, type InvocationMatcher, type InvocationRecord } from './invocation-log.js';
import { buildWireError } from './management/errors.js';
import { verifySignature, type SigningCredentials } from './util/sigv4-verify.js';
import { createManagementApi, type ManagementApi } from './management/management-api.js';
import { handleManagementRequest } from './management/http-adapter.js';
import { findManagementHint } from './management/mistake-hints.js';
import { isForeignOrigin } from './management/origin-check.js';
import { InspectorFeed } from './inspector/inspector-feed.js';
import { answerInspectorOff, isInspectorPath } from './inspector/inspector-app.js';
import { buildInspectorHooks, createInspectorHandler } from './inspector/wire-inspector.js';
import type { ConnectionInfo } from './management/types.js';
import { createIdGenerator } from './util/ids.js';
import { createDirectInvoker, type DirectInvokeOptions, type DirectInvokeResult, type DirectInvoker } from './invoke/direct-invoker.js';
import { handleInvokeRequest, isInvokePath } from './invoke/invoke-http.js';
import { listen } from './util/listen.js';
import { createSeededRandomBytes } from './util/seeded-random.js';

/** Where a started emulator can be reached. */
export interface EmulatorUrls {
  /** The WebSocket URL, `ws://HOST:PORT/STAGE`. */
  readonly url: string;
  /** The `@connections` endpoint to give the AWS SDK, `http://HOST:PORT/STAGE`. */
  readonly managementEndpoint: string;
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
}

/** A connection as `listConnections()` reports it. */
export interface ConnectionSummary extends ConnectionInfo {
  readonly connectionId: string;
}

type State = 'created' | 'starting' | 'started' | 'disposed';

/**
 * The composition root: one emulated API Gateway WebSocket API stage with its Lambda functions
 * and its `@connections` endpoint, on one port.
 *
 * ```ts
 * const emulator = new Emulator({ routes: { $default: 'handlers/echo.handler' }, port: 0 }); // validates
 * const { url } = await emulator.start();                                                    // binds
 * await emulator.dispose();                                                                  // idempotent
 * ```
 * No module-level state: several emulators can run side by side in one process.
 */
export class Emulator {
  readonly #options: ResolvedOptions;
  #state: State = 'created';
  #starting?: Promise<EmulatorUrls>;
  #disposing?: Promise<void>;
  #server?: Server;
  #runtime?: LambdaRuntime;
  #gateway?: Gateway;
  #management?: ManagementApi;
  #dynamodb?: DynamoDbHandle;
  #invocations?: InvocationLog;
  #inspector?: ReturnType<typeof buildInspectorHooks>;
  #invoker?: DirectInvoker;
  readonly #faults: FaultInjector;
  #urls?: EmulatorUrls;
  /** Aborted by `dispose()`: a start in progress stops at its next step instead of finishing. */
  readonly #disposed = new AbortController();

  /** Validates the options; throws an `EmulatorError` (`ERR_INVALID_OPTIONS`) naming every problem. */
  constructor(options: EmulatorOptions) {
    this.#options = resolveOptions(options);
    this.#faults = new FaultInjector(this.#options.clock);
  }

  /** Fault injection for tests: dropped `$disconnect`, stale connections, throttling, failing or slow invocations. */
  get faults(): Faults {
    return this.#faults;
  }

  /** The validated options, defaults filled in. */
  get options(): ResolvedOptions {
    return this.#options;
  }

  /** Checks handler exports, binds the port and resolves to the real URLs. Calling it again returns the same promise. */
  start(): Promise<EmulatorUrls> {
    this.#assertNotDisposed();
    // A start that fails half-way releases what it had already opened (DynamoDB, the port).
    this.#starting ??= this.#start().catch(async (error: unknown) => {
      await this.#release();
      throw error;
    });
    return this.#starting;
  }

  async #start(): Promise<EmulatorUrls> {
    this.#state = 'starting';
    const options = this.#options;
    // Handlers are checked (in a worker) while DynamoDB starts and creates its tables (here): both
    // finish before the port opens, so tables exist before the first connection is accepted.
    const [checked, started] = await Promise.allSettled([
      this.#prepareFunctions(),
      options.dynamodb === false ? undefined : startDynamoDb({ ...options.dynamodb, credentials: buildFakeCredentials(options) }),
    ]);
    const dynamodb = started.status === 'fulfilled' ? started.value : undefined;
    this.#dynamodb = dynamodb;
    if (checked.status === 'rejected') throw checked.reason;
    if (started.status === 'rejected') throw started.reason;
    this.#throwIfDisposed();
    const server = createServer();
    this.#server = server;
    await listen(server, options.port, options.host);
    this.#throwIfDisposed();
    // With --verify-signatures, @connections is no longer open to anyone on the network.
    if (!isLoopbackHost(options.host) && !options.verifySignatures) {
      options.logger.warn(
        `listening on ${options.host}: anyone who can reach this port can post to and close any connection through @connections (it is not authenticated); use --host 127.0.0.1 unless you need this, or --verify-signatures`,
      );
    }
    const port = (server.address() as AddressInfo).port;
    const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
    const managementEndpoint = `http://${hostForUrl}:${port}/${options.stage}`;
    const handlerLog = options.logger.handler;
    const invocations = options.recordInvocations ? new InvocationLog() : undefined;
    this.#invocations = invocations;
    const inspectorFeed = options.inspector ? new InspectorFeed() : undefined;
    this.#inspector = inspectorFeed && buildInspectorHooks(inspectorFeed, () => options.clock.now());
    const ownAuthorities = [...new Set([`${hostForUrl}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`])];
    const connectHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
    const runtime = createLambdaRuntime({
      functions: checked.value,
      mode: options.execution,
      clock: options.clock,
      region: options.region,
      accountId: options.accountId,
      maxEnvironmentsPerFunction: options.maxEnvironmentsPerFunction,
      maxEnvironments: options.maxEnvironments,
      environment: buildHandlerEnvironment(options, managementEndpoint, dynamodb?.endpoint),
      onLog: buildLogSink(handlerLog, invocations, [this.#inspector?.onLog, (line: string) => this.#invoker?.addLogLine(line)]),
      // Code written for AWS builds https://{domainName}/{stage}: that host reaches us too.
      // An SDK copy that ignores AWS_ENDPOINT_URL_DYNAMODB reaches the local DynamoDB the same way.
      httpsRedirects: [
        ...[`${options.domainName}:443`, ...ownAuthorities].map((authority) => [authority, { host: connectHost, port }] as const),
        ...buildDynamoDbRedirect(options.region, dynamodb?.endpoint),
      ],
      localHttp: {
        authorities: [`${options.domainName}:443`, ...ownAuthorities],
        // The same core that answers the HTTP route, so in-process calls behave identically.
        handle: (request) => {
          const management = this.#management;
          if (!management?.matches(request.path)) return undefined;
          const response = management.handle({ ...request, body: Buffer.from(request.body) });
          this.#noteManagementCall(request.method, request.path, response.status, ' (in-process)');
          return response;
        },
      },
    });
    this.#runtime = runtime;
    const invoker = createDirectInvoker({ runtime, functionNames: new Set(checked.value.map((fn) => fn.name)), region: options.region, accountId: options.accountId, logger: options.logger });
    this.#invoker = invoker;
    this.#gateway = this.#createGateway(runtime);
    const verifyWith = options.verifySignatures ? (options.credentials ?? DEFAULT_CREDENTIALS) : undefined;
    const managementApi = withChecks(createManagementApi({ stage: options.stage, connections: this.#gateway.registry }), this.#faults, verifyWith);
    this.#management = managementApi;
    const gateway = this.#gateway;
    // A web page beside the API (the chat room's): serve-static is express's own static file server.
    const staticFiles = options.staticDir === undefined ? undefined : serveStatic<ServerResponse>(options.staticDir, { index: 'index.html', fallthrough: true });
    server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => gateway.handleUpgrade(req, socket, head));
    const ownOrigins = new Set(ownAuthorities.map((authority) => `http://${authority}`.toLowerCase()));
    const inspector = inspectorFeed && createInspectorHandler({
      feed: inspectorFeed, registry: gateway.registry, url: `ws://${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${port}/${options.stage}`,
      maxPayloadBytes: managementApi.maxPayloadBytes, isForeignOrigin: (origin) => isForeignOrigin(origin, ownOrigins),
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const target = req.url ?? '/';
      if (managementApi.matches(target)) {
        if (isForeignOrigin(req.headers.origin, ownOrigins)) return refuseForeignOrigin(req, res, options.logger);
        res.once('finish', () => this.#noteManagementCall(req.method ?? 'GET', target, res.statusCode));
        return handleManagementRequest(managementApi, req, res);
      }
      if (isInspectorPath(target)) return inspector ? inspector(req, res) : answerInspectorOff(res);
      // Lambda's Invoke API, same loopback and Origin rules as @connections (invoke-http.ts).
      if (isInvokePath(target)) {
        if (isForeignOrigin(req.headers.origin, ownOrigins)) return refuseForeignOrigin(req, res, options.logger, 'Invoke');
        res.once('finish', () => options.logger.debug(`${req.method ?? 'GET'} ${target} ${res.statusCode} (Invoke)`));
        return handleInvokeRequest({ invoker, region: options.region, accountId: options.accountId }, req, res);
      }
      if (staticFiles && !isStagePath(target, options.stage)) {
        return staticFiles(req, res, () => answerPlainRequest(target, options.stage, res));
      }
      answerPlainRequest(target, options.stage, res);
    });
    server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    this.#urls = { url: `ws://${hostForUrl}:${port}/${options.stage}`, managementEndpoint, port };
    this.#state = 'started';
    return this.#urls;
  }

  #createGateway(runtime: LambdaRuntime): Gateway {
    const options = this.#options;
    const random = options.seed === undefined ? undefined : createSeededRandomBytes(options.seed);
    const routes = new Map<string, RouteTarget>(
      options.routes.map((route) => [route.key, { functionName: route.functionName, routeResponse: route.routeResponse, integrationTimeoutMs: route.integrationTimeoutMs }]),
    );
    return new Gateway({
      api: { apiId: options.apiId, stage: options.stage, domainName: options.domainName, stageVariables: options.stageVariables },
      routes,
      selectionExpression: options.selectionExpression,
      runtime: this.#faults.wrapRuntime(runtime),
      ...(options.iamAuthorization ? { iam: { credentials: options.credentials ?? DEFAULT_CREDENTIALS, accountId: options.accountId } } : {}),
      ...(options.authorizer
        ? { authorizer: { ...options.authorizer, methodArn: `arn:aws:execute-api:${options.region}:${options.accountId}:${options.apiId}/${options.stage}/$connect` } }
        : {}),
      isStale: (connectionId) => this.#faults.isStale(connectionId),
      dropDisconnect: (connectionId) => this.#faults.takeDroppedDisconnect(connectionId),
      clock: options.clock,
      ids: createIdGenerator({ now: () => options.clock.now(), ...(random ? { randomBytes: random } : {}) }),
      ...(random ? { randomBytes: random } : {}),
      logger: options.logger,
      limits: {
        maxMessageBytes: options.maxMessageBytes,
        idleTimeoutMs: options.idleTimeoutMs,
        maxConnectionDurationMs: options.maxConnectionDurationMs,
        maxFrameBytes: options.maxFrameBytes,
        binaryFrames: options.binaryFrames,
        maxNewConnectionsPerSecond: options.maxNewConnectionsPerSecond,
      },
      onConnectionOpened: (facts, lastActiveAt) => this.#inspector?.onConnectionOpened(facts, lastActiveAt),
      onConnectionClosed: (connectionId, cause) => this.#inspector?.onConnectionClosed(connectionId, cause),
      onInvocation: ({ routeKey, functionName, connectionId, event, outcome }) => {
        this.#inspector?.onInvocation({ routeKey, functionName, connectionId, event, outcome });
        this.#invocations?.add({
          routeKey,
          functionName,
          connectionId,
          event,
          ok: outcome.ok,
          ...(outcome.ok ? { result: outcome.result } : { error: { errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage } }),
          timedOut: !outcome.ok && outcome.timedOut,
          durationMs: outcome.durationMs,
          awsRequestId: outcome.requestId,
        });
      },
    });
  }

  /** One debug line per `@connections` call, and a warning with the fix for a known mistake. */
  #noteManagementCall(method: string, path: string, status: number, via = ''): void {
    const { logger } = this.#options;
    logger.debug(`${method} ${path} ${status}${via}`);
    const gateway = this.#gateway;
    if (status < 400 || !gateway) return;
    const hint = findManagementHint({ method, path, status, isConnecting: (id) => gateway.isConnecting(id) });
    if (hint) logger.warn(`@connections ${method} ${path} answered ${status}: ${hint}`);
  }

  /**
   * Builds TypeScript functions and checks every handler before a port opens: one error names
   * every handler that cannot run at all; a module that fails while loading is a warning (see
   * prepare-functions.ts).
   */
  async #prepareFunctions(): Promise<readonly FunctionDefinition[]> {
    const options = this.#options;
    // Modules see the variables they will have at run time while they load (the port is not known
    // yet with port 0; nothing sensible reads it at load).
    const base = buildHandlerEnvironment(options, `http://${options.host}:${options.port}/${options.stage}`);
    const prepared = await prepareFunctions(options.functions, {
      environmentOf: (fn) => ({ ...base, AWS_REGION: options.region, AWS_DEFAULT_REGION: options.region, AWS_LAMBDA_FUNCTION_NAME: fn.name, ...fn.environment }),
    });
    const { built, cached } = prepared.builds;
    if (built + cached > 0) options.logger.info(`TypeScript: ${built} built, ${cached} from the cache`);
    const errors: string[] = [];
    for (const [name, problem] of prepared.problems) {
      if (problem.kind === 'start') errors.push(`${name}: ${problem.message}`);
      else options.logger.warn(`${describeUse(options, name)} cannot load: ${problem.message}; its invocations fail as on Lambda`);
    }
    if (errors.length > 0) throw createProblemsError('ERR_HANDLER_NOT_FOUND', 'Invalid handlers', errors);
    return prepared.functions;
  }

  /** The URLs of the started emulator. */
  get urls(): EmulatorUrls {
    if (!this.#urls) throw new EmulatorError('ERR_NOT_STARTED', 'the emulator is not started: await emulator.start() first');
    return this.#urls;
  }

  /** The established connections (those whose `$connect` succeeded and that are still open). */
  listConnections(): ConnectionSummary[] {
    const { registry } = this.#requireGateway();
    // As `@connections` sees them: closing and stale connections are gone already.
    return registry.all().flatMap((connection) => {
      const info = registry.get(connection.facts.connectionId);
      return info ? [{ connectionId: connection.facts.connectionId, ...info }] : [];
    });
  }

  /** Like `GetConnection`: undefined where AWS would answer 410 GoneException. */
  getConnection(connectionId: string): ConnectionInfo | undefined {
    return this.#requireGateway().registry.get(connectionId);
  }

  /** Like `PostToConnection`: false where AWS would answer 410 GoneException. */
  postToConnection(connectionId: string, data: string | Uint8Array): boolean {
    return this.#requireGateway().registry.post(connectionId, Buffer.from(data));
  }

  /** Like `DeleteConnection`: closes with 1000; false where AWS would answer 410 GoneException. */
  deleteConnection(connectionId: string): boolean {
    return this.#requireGateway().registry.delete(connectionId);
  }

  /**
   * Like Lambda's Invoke: runs any function of the emulator (with or without a route) with `event`.
   * `RequestResponse` (default) waits and gives the outcome and its log lines; `Event` answers 202
   * at once (`completed` settles when it ran); `DryRun` 204. An unknown function gives 404.
   * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
   */
  invoke(functionName: string, event: unknown = {}, options: DirectInvokeOptions = {}): Promise<DirectInvokeResult> {
    this.#assertNotDisposed();
    if (!this.#invoker) throw new EmulatorError('ERR_NOT_STARTED', 'the emulator is not started: await emulator.start() first');
    return this.#invoker.invoke(functionName, event, options);
  }

  /**
   * Closes every connection with 1001 "Going away" (their `$disconnect` runs), stops the
   * functions and the port. Idempotent.
   */
  dispose(): Promise<void> {
    this.#disposing ??= this.#dispose();
    return this.#disposing;
  }

  async #dispose(): Promise<void> {
    const starting = this.#starting;
    this.#state = 'disposed';
    this.#disposed.abort();
    await starting?.catch(() => undefined);
    await this.#release();
    this.#invocations?.close(new EmulatorError('ERR_DISPOSED', 'the emulator was disposed while waiting for an invocation'));
  }

  /** Stops a start in progress once `dispose()` was called (checked after each of its waits). */
  #throwIfDisposed(): void {
    if (this.#disposed.signal.aborted) throw new EmulatorError('ERR_DISPOSED', 'the emulator was disposed while starting');
  }

  /** Closes connections, functions, the port and DynamoDB; safe to call more than once. */
  async #release(): Promise<void> {
    await this.#gateway?.closeAll();
    await this.#runtime?.dispose();
    const server = this.#server;
    if (server?.listening) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.#dynamodb?.stop();
  }

  /** Every invocation so far, in the order they finished (needs `recordInvocations: true`). */
  get invocations(): readonly InvocationRecord[] {
    return this.#requireInvocations().records;
  }

  /**
   * The next invocation matching (`{ routeKey }`, `{ connectionId }` or a predicate) that no earlier
   * call returned: already made, or still to come. Like reading a queue, so there is no race
   * between acting and waiting. Fails after `timeoutMs` (default 5000, real time) naming what ran.
   */
  waitForInvocation(matcher: InvocationMatcher, options: { timeoutMs?: number } = {}): Promise<InvocationRecord> {
    return this.#requireInvocations().take(matcher, options.timeoutMs ?? 5000);
  }

  /** Resolves with the connection's `$disconnect` invocation once it ran (or at once if it did). */
  waitForDisconnect(connectionId: string, options: { timeoutMs?: number } = {}): Promise<InvocationRecord> {
    return this.#requireInvocations().find({ routeKey: '$disconnect', connectionId }, options.timeoutMs ?? 5000);
  }

  #requireInvocations(): InvocationLog {
    this.#assertNotDisposed();
    if (!this.#options.recordInvocations) {
      throw new EmulatorError('ERR_NOT_ENABLED', 'invocations are not recorded: create the emulator with recordInvocations: true');
    }
    if (!this.#invocations) throw new EmulatorError('ERR_NOT_STARTED', 'the emulator is not started: await emulator.start() first');
    return this.#invocations;
  }

  /** The running DynamoDB's endpoint (`AWS_ENDPOINT_URL_DYNAMODB` in handlers), or undefined without one. */
  get dynamodbEndpoint(): string | undefined {
    return this.#dynamodb?.endpoint;
  }

  #requireGateway(): Gateway {
    this.#assertNotDisposed();
    if (!this.#gateway) throw new EmulatorError('ERR_NOT_STARTED', 'the emulator is not started: await emulator.start() first');
    return this.#gateway;
  }

  #assertNotDisposed(): void {
    if (this.#state === 'disposed') throw new EmulatorError('ERR_DISPOSED', 'the emulator was disposed: create a new Emulator');
  }
}

/** Where function log lines go: the user's log (prefixed with the function), the invocation log, the inspector and Invoke's log tail. */
function buildLogSink(handlerLog: ((line: string) => void) | undefined, invocations: InvocationLog | undefined, readers: ReadonlyArray<((line: string) => void) | undefined>) {
  return (functionName: string, line: string) => {
    handlerLog?.(`[${functionName}] ${line}`);
    invocations?.addLogLine(line);
    for (const read of readers) read?.(line);
  };
}

/**
 * The management API behind the checks API Gateway makes first: the SigV4 signature (when asked
 * for), then throttling (when a test injects it).
 */
function withChecks(api: ManagementApi, faults: FaultInjector, verifyWith: SigningCredentials | undefined): ManagementApi {
  return {
    maxPayloadBytes: api.maxPayloadBytes,
    matches: (path) => api.matches(path),
    handle: (request) => {
      const problem = verifyWith && verifySignature({ ...request, headers: request.headers ?? {} }, verifyWith);
      if (problem) return buildWireError('ForbiddenException', problem, crypto.randomUUID());
      if (faults.isThrottled()) return buildWireError('LimitExceededException', 'Too Many Requests', crypto.randomUUID());
      return api.handle(request);
    },
  };
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** `function Fn (route $connect, route sendmessage)`: what a function serves, for messages. */
function describeUse(options: ResolvedOptions, name: string): string {
  const uses = options.routes.filter((route) => route.functionName === name).map((route) => `route ${route.key}`);
  if (options.authorizer?.functionName === name) uses.push('the authorizer');
  return uses.length === 0 ? `function ${name}` : `function ${name} (${uses.join(', ')})`;
}

/** 403 `ForbiddenException` to a browser page of another origin calling `@connections` or Invoke (origin-check.ts). */
function refuseForeignOrigin(req: IncomingMessage, res: ServerResponse, logger: ResolvedOptions['logger'], api = '@connections'): void {
  logger.warn(`${api} ${req.method ?? 'GET'} ${req.url ?? '/'} from a web page of ${String(req.headers.origin)} refused (403): only server code may call ${api}`);
  req.resume();
  const answer = buildWireError('ForbiddenException', 'Forbidden', crypto.randomUUID());
  res.writeHead(answer.status, answer.headers).end(answer.body);
}
