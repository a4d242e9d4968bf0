import path from 'node:path';
import type { TableDefinition } from '../dynamodb/index.js';
import type { ResolvedOptions } from './resolve-options.js';
import { describeFunctionUses } from './routeless.js';

/**
 * What the emulator understood, as plain JSON for `--print-config`: routes, functions, tables and
 * every option after defaults, paths relative to `cwd` so the output reads like the project; then
 * the warnings, and the problems that would stop it from starting (`[]` when it can start).
 */
export function buildConfigSummary(
  options: ResolvedOptions,
  project: { readonly sources: readonly string[]; readonly warnings: readonly string[]; readonly problems?: readonly string[] },
  cwd = process.cwd(),
): Record<string, unknown> {
  const relative = (file: string) => path.relative(cwd, file) || '.';
  return {
    sources: project.sources.map(relative),
    url: `ws://${options.host}:${options.port}/${options.stage}`,
    stage: options.stage,
    stageVariables: options.stageVariables,
    routeSelectionExpression: options.routeSelectionExpression,
    routes: Object.fromEntries(
      options.routes.map((route) => [
        route.key,
        { function: route.functionName, routeResponse: route.routeResponse, integrationTimeoutMs: route.integrationTimeoutMs },
      ]),
    ),
    functions: Object.fromEntries(
      options.functions.map((fn) => [
        fn.name,
        {
          // What invokes it besides Invoke: [] for a function without a route.
          usedBy: describeFunctionUses(options, fn.name),
          handler: fn.handler,
          codeDir: relative(fn.root),
          timeoutMs: fn.timeoutMs,
          memorySizeMb: fn.memorySizeMb,
          environment: fn.environment,
          ...(fn.runtime === undefined ? {} : { runtime: fn.runtime }),
          // Where the function's layers put /opt/nodejs (their modules are in node_modules below).
          ...(fn.layers === undefined ? {} : { layers: fn.layers.map((layer) => relative(layer.nodejsDir)) }),
          ...(fn.build === undefined ? {} : { build: { entry: relative(fn.build.entry), format: fn.build.format } }),
        },
      ]),
    ),
    authorizer: options.authorizer ? { function: options.authorizer.functionName, identitySources: options.authorizer.identitySources } : null,
    iamAuthorization: options.iamAuthorization,
    dynamodb:
      options.dynamodb === false
        ? false
        : {
            endpoint: options.dynamodb.endpoint ?? 'embedded',
            persistDir: options.dynamodb.persistDir === undefined ? null : relative(options.dynamodb.persistDir),
            tables: options.dynamodb.tables.map(formatTable),
          },
    environment: options.environment,
    apiId: options.apiId,
    region: options.region,
    accountId: options.accountId,
    domainName: options.domainName,
    root: relative(options.root),
    staticDir: options.staticDir === undefined ? null : relative(options.staticDir),
    host: options.host,
    port: options.port,
    integrationTimeoutMs: options.integrationTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    maxConnectionDurationMs: options.maxConnectionDurationMs,
    maxMessageBytes: options.maxMessageBytes,
    maxFrameBytes: options.maxFrameBytes,
    binaryFrames: options.binaryFrames,
    maxNewConnectionsPerSecond: options.maxNewConnectionsPerSecond ?? null,
    maxMessagesPerSecondPerConnection: options.maxMessagesPerSecondPerConnection ?? null,
    verifySignatures: options.verifySignatures,
    execution: options.execution,
    maxEnvironmentsPerFunction: options.maxEnvironmentsPerFunction,
    maxEnvironments: options.maxEnvironments,
    warnings: project.warnings,
    problems: project.problems ?? [],
  };
}

function formatTable(table: TableDefinition): Record<string, unknown> {
  return {
    name: table.name,
    hashKey: table.hashKey,
    ...(table.rangeKey ? { rangeKey: table.rangeKey } : {}),
    ...(table.globalSecondaryIndexes.length > 0 ? { globalSecondaryIndexes: table.globalSecondaryIndexes } : {}),
    ...(table.ttlAttribute ? { ttlAttribute: table.ttlAttribute } : {}),
  };
}
