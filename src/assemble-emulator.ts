/**
 * The emulator's assembly: what `Emulator.start()` builds, in order: the functions checked and
 * DynamoDB started (side by side), the port bound, then the runtime, the gateway, `@connections`,
 * the inspector and the HTTP front wired onto it. `Emulator` keeps the lifecycle (states,
 * dispose) and the public API; this file only puts the parts together.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildGatewayOptions, buildInvocationRecord } from './build-gateway-options.js';
import { buildDynamoDbPorts, buildDynamoDbRedirect, buildFakeCredentials, buildHandlerEnvironment, DEFAULT_CREDENTIALS } from './config/handler-environment.js';
import type { ResolvedOptions } from './config/resolve-options.js';
import { startDynamoDb, type DynamoDbHandle } from './dynamodb/index.js';
import type { FaultInjector } from './faults.js';
import { Gateway } from './gateway/gateway.js';
import { createHttpFront } from './http-front.js';
import { InspectorFeed } from './inspector/inspector-feed.js';
import { buildInspectorHooks, createInspectorHandler } from './inspector/wire-inspector.js';
import { InvocationLog } from './invocation-log.js';
import { createDirectInvoker, type DirectInvoker } from './invoke/direct-invoker.js';
import { createLambdaRuntime } from './lambda/create-lambda-runtime.js';
import type { FunctionDefinition, LambdaRuntime } from './lambda/types.js';
import { withManagementChecks } from './management-checks.js';
import { createManagementApi, type ManagementApi } from './management/management-api.js';
import { findManagementHint } from './management/mistake-hints.js';
import { isForeignOrigin } from './management/origin-check.js';
import { prepareEmulatorFunctions } from './prepare-emulator-functions.js';
import { Reloader } from './reload/reloader.js';
import { listen } from './util/listen.js';

/** Where a started emulator can be reached. */
export interface EmulatorUrls {
  /** The WebSocket URL, `ws://HOST:PORT/STAGE`. */
  readonly url: string;
  /** The `@connections` endpoint to give the AWS SDK, `http://HOST:PORT/STAGE`. */
  readonly managementEndpoint: string;
  /** The bound port (useful with `port: 0`). */
  readonly port: number;
}

/** What a started emulator is made of; filled in as the start goes, so a failed start releases what it opened. */
export interface EmulatorParts {
  dynamodb?: DynamoDbHandle;
  server?: Server;
  runtime?: LambdaRuntime;
  gateway?: Gateway;
  management?: ManagementApi;
  invocations?: InvocationLog;
  invoker?: DirectInvoker;
  reloader?: Reloader;
  urls?: EmulatorUrls;
}

export interface AssemblyContext {
  readonly faults: FaultInjector;
  /** Throws once `dispose()` was called: checked after each wait. */
  readonly throwIfDisposed: () => void;
  /** Told the running options after a project reload. */
  readonly onOptionsReloaded: (options: ResolvedOptions) => void;
}

export async function assembleEmulator(options: ResolvedOptions, parts: EmulatorParts, context: AssemblyContext): Promise<EmulatorUrls> {
  // Handlers are checked (in a worker) while DynamoDB starts and creates its tables (here): both
  // finish before the port opens, so tables exist before the first connection is accepted.
  const [checked, started] = await Promise.allSettled([
    prepareEmulatorFunctions(options),
    options.dynamodb === false ? undefined : startDynamoDb({ ...options.dynamodb, credentials: buildFakeCredentials(options) }),
  ]);
  const dynamodb = started.status === 'fulfilled' ? started.value : undefined;
  parts.dynamodb = dynamodb;
  if (checked.status === 'rejected') throw checked.reason;
  if (started.status === 'rejected') throw started.reason;
  context.throwIfDisposed();
  const server = createServer();
  parts.server = server;
  await listen(server, options.port, options.host);
  context.throwIfDisposed();
  warnIfExposed(options);
  const addresses = buildAddresses(options, (server.address() as AddressInfo).port);
  const invocations = options.recordInvocations ? new InvocationLog() : undefined;
  parts.invocations = invocations;
  const inspectorFeed = options.inspector ? new InspectorFeed() : undefined;
  const inspectorHooks = inspectorFeed && buildInspectorHooks(inspectorFeed, () => options.clock.now());
  const noteManagementCall = (method: string, path: string, status: number, via = '') => {
    options.logger.debug(`${method} ${path} ${status}${via}`);
    const gateway = parts.gateway;
    if (status < 400 || !gateway) return;
    const hint = findManagementHint({ method, path, status, isConnecting: (id) => gateway.isConnecting(id) });
    if (hint) options.logger.warn(`@connections ${method} ${path} answered ${status}: ${hint}`);
  };
  const runtime = createLambdaRuntime({
    functions: checked.value,
    mode: options.execution,
    clock: options.clock,
    region: options.region,
    accountId: options.accountId,
    maxEnvironmentsPerFunction: options.maxEnvironmentsPerFunction,
    maxEnvironments: options.maxEnvironments,
    environment: buildHandlerEnvironment(options, addresses.managementEndpoint, dynamodb?.endpoint),
    onLog: buildLogSink(options.logger.handler, invocations, [inspectorHooks?.onLog, (line: string) => parts.invoker?.addLogLine(line)]),
    // Code written for AWS builds https://{domainName}/{stage}: that host reaches us too.
    // An SDK copy that ignores AWS_ENDPOINT_URL_DYNAMODB reaches the local DynamoDB the same way.
    httpsRedirects: [
      ...[`${options.domainName}:443`, ...addresses.ownAuthorities].map(
        (authority) => [authority, { host: addresses.connectHost, port: addresses.port }] as const,
      ),
      ...buildDynamoDbRedirect(options.region, dynamodb?.endpoint),
    ],
    localHttp: {
      authorities: [`${options.domainName}:443`, ...addresses.ownAuthorities],
      // The same core that answers the HTTP route, so in-process calls behave identically.
      handle: (request) => {
        const management = parts.management;
        if (!management?.matches(request.path)) return undefined;
        const response = management.handle({ ...request, body: Buffer.from(request.body) });
        noteManagementCall(request.method, request.path, response.status, ' (in-process)');
        return response;
      },
    },
    // The SDK we provide reaches the embedded DynamoDB in its worker without a socket.
    localHttpPorts: buildDynamoDbPorts(options.region, dynamodb),
  });
  parts.runtime = runtime;
  const functionNames = new Set(checked.value.map((fn) => fn.name));
  const invoker = createDirectInvoker({ runtime, functionNames, region: options.region, accountId: options.accountId, logger: options.logger });
  parts.invoker = invoker;
  const gateway = new Gateway(
    buildGatewayOptions(options, context.faults, runtime, {
      onConnectionOpened: (facts, lastActiveAt) => inspectorHooks?.onConnectionOpened(facts, lastActiveAt),
      onConnectionClosed: (connectionId, cause) => inspectorHooks?.onConnectionClosed(connectionId, cause),
      onInvocation: (invocation) => {
        inspectorHooks?.onInvocation(invocation);
        invocations?.add(buildInvocationRecord(invocation));
      },
    }),
  );
  parts.gateway = gateway;
  parts.reloader = createReloader(options, checked.value, { runtime, gateway, dynamodb, functionNames, onOptionsReloaded: context.onOptionsReloaded });
  const verifyWith = options.verifySignatures ? (options.credentials ?? DEFAULT_CREDENTIALS) : undefined;
  const managementApi = withManagementChecks(createManagementApi({ stage: options.stage, connections: gateway.registry }), context.faults, verifyWith);
  parts.management = managementApi;
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => gateway.handleUpgrade(req, socket, head));
  const ownOrigins = new Set(addresses.ownAuthorities.map((authority) => `http://${authority}`.toLowerCase()));
  const inspector = inspectorFeed && createInspectorHandler({
    feed: inspectorFeed, registry: gateway.registry, url: addresses.connectUrl,
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
      onManagementCall: (method, path, status) => noteManagementCall(method, path, status),
    }),
  );
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  parts.urls = { url: addresses.url, managementEndpoint: addresses.managementEndpoint, port: addresses.port };
  return parts.urls;
}

interface ReloadWiring {
  readonly runtime: LambdaRuntime;
  readonly gateway: Gateway;
  readonly dynamodb: DynamoDbHandle | undefined;
  /** The names Invoke accepts: kept in step with the running functions. */
  readonly functionNames: Set<string>;
  readonly onOptionsReloaded: (options: ResolvedOptions) => void;
}

function createReloader(options: ResolvedOptions, running: readonly FunctionDefinition[], wiring: ReloadWiring): Reloader {
  return new Reloader({
    options,
    running,
    runtime: wiring.runtime,
    updateRouting: (routing) => wiring.gateway.updateRouting(routing),
    dynamodb: wiring.dynamodb,
    onApplied: (applied, functions) => {
      wiring.onOptionsReloaded(applied);
      wiring.functionNames.clear();
      for (const fn of functions) wiring.functionNames.add(fn.name);
    },
  });
}

/** The addresses of the bound port: the URLs users get, and the authorities that mean "us". */
function buildAddresses(options: ResolvedOptions, port: number) {
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  // A wildcard address is not somewhere to connect to: loopback reaches it.
  const connectHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    port,
    url: `ws://${hostForUrl}:${port}/${options.stage}`,
    managementEndpoint: `http://${hostForUrl}:${port}/${options.stage}`,
    ownAuthorities: [...new Set([`${hostForUrl}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`])],
    connectHost,
    connectUrl: `ws://${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${port}/${options.stage}`,
  };
}

/** With --verify-signatures, @connections is no longer open to anyone on the network. */
function warnIfExposed(options: ResolvedOptions): void {
  const loopback = options.host === 'localhost' || options.host === '::1' || options.host.startsWith('127.');
  if (loopback || options.verifySignatures) return;
  options.logger.warn(
    `listening on ${options.host}: anyone who can reach this port can post to and close any connection through @connections (it is not authenticated); use --host 127.0.0.1 unless you need this, or --verify-signatures`,
  );
}

/** Where function log lines go: the user's log (prefixed with the function), the invocation log, the inspector and Invoke's log tail. */
function buildLogSink(
  handlerLog: ((line: string) => void) | undefined,
  invocations: InvocationLog | undefined,
  readers: ReadonlyArray<((line: string) => void) | undefined>,
) {
  return (functionName: string, line: string) => {
    handlerLog?.(`[${functionName}] ${line}`);
    invocations?.addLogLine(line);
    for (const read of readers) read?.(line);
  };
}
