import { DEFAULT_CREDENTIALS } from './config/handler-environment.js';
import type { ResolvedOptions } from './config/resolve-options.js';
import type { FaultInjector } from './faults.js';
import type { GatewayRouting, RouteTarget } from './gateway/gateway.js';
import type { GatewayOptions } from './gateway/gateway-options.js';
import type { InvocationRecord } from './invocation-log.js';
import type { LambdaRuntime } from './lambda/types.js';
import { createIdGenerator, createPooledRandomBytes } from './util/ids.js';
import { createSeededRandomBytes } from './util/seeded-random.js';

/** What the emulator hears from the gateway: connections opening and closing, invocations finishing. */
export type GatewayHooks = Required<Pick<GatewayOptions, 'onConnectionOpened' | 'onConnectionClosed' | 'onInvocation'>>;
type FinishedInvocation = Parameters<GatewayHooks['onInvocation']>[0];

/** The gateway's slice of the resolved options, with the faults a test injects around the runtime. */
export function buildGatewayOptions(options: ResolvedOptions, faults: FaultInjector, runtime: LambdaRuntime, hooks: GatewayHooks): GatewayOptions {
  // One pool for the ids and the trace ids of CONNECT events: a `crypto.randomBytes` call per
  // connection cost ~0.15 ms of the gateway thread (profile of connect w=10, 1,000 connections).
  const random = options.seed === undefined ? createPooledRandomBytes() : createSeededRandomBytes(options.seed);
  return {
    api: { apiId: options.apiId, stage: options.stage, domainName: options.domainName, stageVariables: options.stageVariables },
    ...buildGatewayRouting(options),
    runtime: faults.wrapRuntime(runtime),
    ...(options.iamAuthorization ? { iam: { credentials: options.credentials ?? DEFAULT_CREDENTIALS, accountId: options.accountId } } : {}),
    isStale: (connectionId) => faults.isStale(connectionId),
    dropDisconnect: (connectionId) => faults.takeDroppedDisconnect(connectionId),
    clock: options.clock,
    ids: createIdGenerator({ now: () => options.clock.now(), randomBytes: random }),
    randomBytes: random,
    logger: options.logger,
    limits: {
      maxMessageBytes: options.maxMessageBytes,
      idleTimeoutMs: options.idleTimeoutMs,
      maxConnectionDurationMs: options.maxConnectionDurationMs,
      maxFrameBytes: options.maxFrameBytes,
      binaryFrames: options.binaryFrames,
      maxNewConnectionsPerSecond: options.maxNewConnectionsPerSecond,
      maxMessagesPerSecondPerConnection: options.maxMessagesPerSecondPerConnection,
    },
    ...hooks,
  };
}

/** The routes, selection expression and authorizer: what a reloaded project may change live. */
export function buildGatewayRouting(options: ResolvedOptions): GatewayRouting {
  const routes = new Map<string, RouteTarget>(
    options.routes.map((route) => [
      route.key,
      { functionName: route.functionName, routeResponse: route.routeResponse, integrationTimeoutMs: route.integrationTimeoutMs },
    ]),
  );
  return {
    routes,
    selectionExpression: options.selectionExpression,
    ...(options.authorizer
      ? { authorizer: { ...options.authorizer, methodArn: `arn:aws:execute-api:${options.region}:${options.accountId}:${options.apiId}/${options.stage}/$connect` } }
      : {}),
  };
}

/** A finished route invocation as the invocation log keeps it. */
export function buildInvocationRecord({ routeKey, functionName, connectionId, event, outcome }: FinishedInvocation): Omit<InvocationRecord, 'seq' | 'logs'> {
  return {
    routeKey,
    functionName,
    connectionId,
    event,
    ok: outcome.ok,
    ...(outcome.ok ? { result: outcome.result } : { error: { errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage } }),
    timedOut: !outcome.ok && outcome.timedOut,
    durationMs: outcome.durationMs,
    awsRequestId: outcome.requestId,
  };
}
