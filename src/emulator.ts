import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveOptions, type ResolvedOptions } from './config/resolve-options.js';
import type { EmulatorOptions } from './config/options.js';
import { buildDynamoDbPorts, buildDynamoDbRedirect, buildFakeCredentials, buildHandlerEnvironment, DEFAULT_CREDENTIALS } from './config/handler-environment.js';
import { startDynamoDb, type DynamoDbHandle } from './dynamodb/index.js';
import { EmulatorError } from './errors.js';
import { Gateway } from './gateway/gateway.js';
import { createLambdaRuntime } from './lambda/create-lambda-runtime.js';
import type { LambdaRuntime } from './lambda/types.js';
import { FaultInjector, type Faults } from './faults.js';
import { InvocationLog, type InvocationMatcher, type InvocationRecord } from './invocation-log.js';
import { createManagementApi, type ManagementApi } from './management/management-api.js';
import { findManagementHint } from './management/mistake-hints.js';
import { InspectorFeed } from './inspector/inspector-feed.js';
import { buildInspectorHooks, createInspectorHandler } from './inspector/wire-inspector.js';
import type { ConnectionInfo } from './management/types.js';
import { createDirectInvoker, type DirectInvokeOptions, type DirectInvokeResult, type DirectInvoker } from './invoke/direct-invoker.js';
import { listen } from './util/listen.js';
import { prepareEmulatorFunctions } from './prepare-emulator-functions.js';
import { buildGatewayOptions, buildInvocationRecord } from './build-gateway-options.js';
import { createHttpFront } from './http-front.js';
import { withManagementChecks } from './management-checks.js';
import { isForeignOrigin } from './management/origin-check.js';

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
      prepareEmulatorFunctions(options),
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
      // The SDK we provide reaches the embedded DynamoDB in its worker without a socket.
      localHttpPorts: buildDynamoDbPorts(options.region, dynamodb),
    });
    this.#runtime = runtime;
    const invoker = createDirectInvoker({ runtime, functionNames: new Set(checked.value.map((fn) => fn.name)), region: options.region, accountId: options.accountId, logger: options.logger });
    this.#invoker = invoker;
    this.#gateway = this.#createGateway(runtime);
    const verifyWith = options.verifySignatures ? (options.credentials ?? DEFAULT_CREDENTIALS) : undefined;
    const managementApi = withManagementChecks(createManagementApi({ stage: options.stage, connections: this.#gateway.registry }), this.#faults, verifyWith);
    this.#management = managementApi;
    const gateway = this.#gateway;
    server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => gateway.handleUpgrade(req, socket, head));
    const ownOrigins = new Set(ownAuthorities.map((authority) => `http://${authority}`.toLowerCase()));
    const inspector = inspectorFeed && createInspectorHandler({
      feed: inspectorFeed, registry: gateway.registry, url: `ws://${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${port}/${options.stage}`,
      maxPayloadBytes: managementApi.maxPayloadBytes, isForeignOrigin: (origin) => isForeignOrigin(origin, ownOrigins),
    });
    server.on(
      'request',
      createHttpFront({
        stage: options.stage,
        management: managementApi,
        ownOrigins,
        inspector,
        invoke: { invoker, region: options.region, accountId: options.accountId },
        staticDir: options.staticDir,
        logger: options.logger,
        onManagementCall: (method, path, status) => this.#noteManagementCall(method, path, status),
      }),
    );
    server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    this.#urls = { url: `ws://${hostForUrl}:${port}/${options.stage}`, managementEndpoint, port };
    this.#state = 'started';
    return this.#urls;
  }

  #createGateway(runtime: LambdaRuntime): Gateway {
    return new Gateway(
      buildGatewayOptions(this.#options, this.#faults, runtime, {
        onConnectionOpened: (facts, lastActiveAt) => this.#inspector?.onConnectionOpened(facts, lastActiveAt),
        onConnectionClosed: (connectionId, cause) => this.#inspector?.onConnectionClosed(connectionId, cause),
        onInvocation: (invocation) => {
          this.#inspector?.onInvocation(invocation);
          this.#invocations?.add(buildInvocationRecord(invocation));
        },
      }),
    );
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

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
