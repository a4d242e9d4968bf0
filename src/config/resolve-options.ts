import path from 'node:path';
import { EmulatorError } from '../errors.js';
import type { FunctionDefinition } from '../lambda/types.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { compileSelectionExpression, type SelectionExpression } from '../gateway/route-selection.js';
import { systemClock, type Clock } from '../util/clock.js';
import { generateApiId } from '../util/ids.js';
import { createSeededRandomBytes } from '../util/seeded-random.js';
import * as D from './defaults.js';
import type { ResolvedDynamoDbOptions } from '../dynamodb/index.js';
import { checkEnvironment, checkStageVariables, resolveCredentials, resolveDynamoDb, resolveStaticDir } from './resolve-option-values.js';
import { buildFunctionName, resolveFunction } from './resolve-function.js';
import type { EmulatorOptions, RouteOptions } from './options.js';
import { createProblemList, type ProblemList } from './problems.js';

export { buildFunctionName } from './resolve-function.js';

export interface ResolvedRoute {
  readonly key: string;
  readonly functionName: string;
  readonly routeResponse: boolean;
  readonly integrationTimeoutMs: number;
}

/** Options after validation: every default filled in, frozen. */
export interface ResolvedOptions {
  readonly routes: readonly ResolvedRoute[];
  readonly authorizer: { readonly functionName: string; readonly identitySources: readonly string[] } | undefined;
  readonly functions: readonly FunctionDefinition[];
  readonly selectionExpression: SelectionExpression;
  readonly routeSelectionExpression: string;
  readonly root: string;
  readonly staticDir: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly stage: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly apiId: string;
  readonly region: string;
  readonly accountId: string;
  readonly domainName: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly integrationTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxConnectionDurationMs: number;
  readonly maxMessageBytes: number;
  readonly maxFrameBytes: number;
  readonly binaryFrames: 'reject' | 'accept';
  readonly maxNewConnectionsPerSecond: number | undefined;
  readonly maxMessagesPerSecondPerConnection: number | undefined;
  readonly execution: 'worker' | 'inline';
  /** Resolved DynamoDB settings, or false when the user turned DynamoDB off. */
  readonly dynamodb: false | ResolvedDynamoDbOptions;
  readonly maxEnvironmentsPerFunction: number;
  readonly maxEnvironments: number;
  readonly recordInvocations: boolean;
  readonly inspector: boolean;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  readonly verifySignatures: boolean;
  readonly iamAuthorization: boolean;
  readonly seed: number | undefined;
  readonly logger: Logger;
  readonly clock: Clock;
}

const SPECIAL_ROUTE_KEYS = new Set(['$connect', '$disconnect', '$default']);

/**
 * Validates options once, at the edge, and collects every problem into one error. Handler files are checked for existence here; their exports are
 * checked by `Emulator.start()` before any port opens.
 */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const problems = createProblemList();
  const resolved = collectResolvedOptions(options, problems);
  problems.throwIfAny();
  return resolved;
}

/**
 * What `resolveOptions` understands of the options, without throwing for their problems: the
 * options (a bad value replaced by its default, a missing handler file kept as written) and every
 * problem, each as `where: what`. For `--print-config`, which shows both.
 */
export function inspectOptions(options: EmulatorOptions): { readonly options: ResolvedOptions; readonly problems: readonly string[] } {
  const problems = createProblemList();
  const resolved = collectResolvedOptions(options, problems);
  return { options: resolved, problems: problems.list() };
}

function collectResolvedOptions(options: EmulatorOptions, problems: ProblemList): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new EmulatorError('ERR_INVALID_OPTIONS', 'Invalid options: expected an object with at least `routes`.');
  }
  const root = path.resolve(options.root ?? process.cwd());
  const functionTimeoutMs = problems.integer('functionTimeoutMs', options.functionTimeoutMs, D.FUNCTION_TIMEOUT_MS, 1, D.MAX_FUNCTION_TIMEOUT_MS);
  const integrationTimeoutMs = problems.integer('integrationTimeoutMs', options.integrationTimeoutMs,
    D.INTEGRATION_TIMEOUT_MS, D.MIN_INTEGRATION_TIMEOUT_MS, D.INTEGRATION_TIMEOUT_MS);
  const environment = checkEnvironment(problems, 'environment', options.environment);
  const functions = new Map<string, FunctionDefinition>();
  for (const [name, fn] of Object.entries(options.functions ?? {})) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) problems.add(`functions.${name}`, 'a function name has 1 to 64 letters, digits, "-" or "_"');
    const definition = resolveFunction(problems, `functions.${name}`, name, fn, root, functionTimeoutMs);
    if (definition) functions.set(name, definition);
  }
  const declared: ReadonlySet<string> = new Set(functions.keys());
  const routes: ResolvedRoute[] = [];
  const routeEntries = Object.entries(options.routes ?? {});
  if (routeEntries.length === 0) {
    problems.add('routes', "no routes: give at least one, e.g. { '$default': 'handlers/app.handler' } or --route '$default=handlers/app.handler'");
  }
  for (const [key, value] of routeEntries) {
    const route = resolveRoute(problems, key, value, { root, functions, declared, functionTimeoutMs, integrationTimeoutMs });
    if (route) routes.push(route);
  }
  const authorizer = resolveAuthorizer(problems, options, { root, functions, declared, functionTimeoutMs, integrationTimeoutMs });
  const routeSelectionExpression = options.routeSelectionExpression ?? D.DEFAULT_ROUTE_SELECTION_EXPRESSION;
  let selectionExpression: SelectionExpression | undefined;
  try {
    selectionExpression = compileSelectionExpression(routeSelectionExpression);
  } catch (error) {
    problems.add('routeSelectionExpression', (error as Error).message);
  }
  const region = problems.matching('region', options.region, D.DEFAULT_REGION, /^[a-z]{2}(-[a-z]+)+-\d$/, 'a region looks like us-east-1');
  const seed = options.seed === undefined ? undefined : problems.integer('seed', options.seed, 0, 0, 2 ** 32 - 1);
  // The API id comes from its own stream of the seed, so it does not shift the ids of events.
  const apiId =
    problems.matching('apiId', options.apiId, undefined, /^[a-z0-9]{10}$/, 'an API id is 10 characters a-z and 0-9, e.g. abc123defg') ??
    generateApiId(seed === undefined ? undefined : createSeededRandomBytes(seed ^ 0x5eed));
  const resolved: ResolvedOptions = {
    routes,
    authorizer,
    functions: [...functions.values()],
    selectionExpression: selectionExpression as SelectionExpression,
    routeSelectionExpression,
    root,
    staticDir: resolveStaticDir(problems, root, options.staticDir),
    port: problems.integer('port', options.port, D.DEFAULT_PORT, 0, 65535),
    host: problems.matching('host', options.host, D.DEFAULT_HOST, /^[A-Za-z0-9.:_-]+$/, 'a host name or IP address, e.g. 127.0.0.1') as string,
    stage: problems.matching('stage', options.stage, D.DEFAULT_STAGE, /^[A-Za-z0-9_-]{1,128}$/, 'a stage name has 1 to 128 letters, digits, "-" or "_"') as string,
    stageVariables: checkStageVariables(problems, options.stageVariables),
    apiId,
    region: region as string,
    accountId: problems.matching('accountId', options.accountId, D.DEFAULT_ACCOUNT_ID, /^\d{12}$/, 'an account id is 12 digits') as string,
    domainName: options.domainName ?? `${apiId}.execute-api.${region}.amazonaws.com`,
    environment,
    integrationTimeoutMs,
    idleTimeoutMs: problems.integer('idleTimeoutMs', options.idleTimeoutMs, D.IDLE_TIMEOUT_MS, 1, Number.MAX_SAFE_INTEGER),
    maxConnectionDurationMs: problems.integer('maxConnectionDurationMs', options.maxConnectionDurationMs, D.MAX_CONNECTION_DURATION_MS, 1,
      Number.MAX_SAFE_INTEGER),
    maxMessageBytes: problems.integer('maxMessageBytes', options.maxMessageBytes, D.MAX_MESSAGE_BYTES, 1, 100 * 1024 * 1024),
    maxFrameBytes: problems.integer('maxFrameBytes', options.maxFrameBytes, D.MAX_FRAME_BYTES, 1, 100 * 1024 * 1024),
    binaryFrames: problems.oneOf('binaryFrames', options.binaryFrames, 'reject', ['reject', 'accept']),
    maxNewConnectionsPerSecond:
      options.maxNewConnectionsPerSecond === undefined ? undefined
        : problems.integer('maxNewConnectionsPerSecond', options.maxNewConnectionsPerSecond, D.MAX_NEW_CONNECTIONS_PER_SECOND, 1, 1_000_000),
    maxMessagesPerSecondPerConnection:
      options.maxMessagesPerSecondPerConnection === undefined
        ? undefined
        : problems.integer('maxMessagesPerSecondPerConnection', options.maxMessagesPerSecondPerConnection, 1, 1, 1_000_000),
    dynamodb: resolveDynamoDb(problems, options, region as string, options.logger ?? silentLogger, options.clock ?? systemClock),
    execution: problems.oneOf('execution', options.execution, 'worker', ['worker', 'inline']),
    maxEnvironmentsPerFunction: problems.integer('maxEnvironmentsPerFunction', options.maxEnvironmentsPerFunction, D.MAX_ENVIRONMENTS_PER_FUNCTION, 1, 1000),
    maxEnvironments: problems.integer('maxEnvironments', options.maxEnvironments, D.MAX_ENVIRONMENTS, 1, 1000),
    recordInvocations: options.recordInvocations === true,
    inspector: options.inspector === true,
    credentials: resolveCredentials(problems, options.credentials),
    verifySignatures: options.verifySignatures === true,
    iamAuthorization: options.iamAuthorization === true,
    seed,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
  };
  if (resolved.maxFrameBytes > resolved.maxMessageBytes) {
    problems.add('maxFrameBytes', `a frame (${resolved.maxFrameBytes} bytes) cannot be larger than a message (maxMessageBytes ${resolved.maxMessageBytes})`);
  }
  // The default fake key pair is in every example: checking signatures against it proves nothing.
  for (const [what, on] of [['verifySignatures', resolved.verifySignatures], ['iamAuthorization', resolved.iamAuthorization]] as const) {
    if (on && options.credentials === undefined) {
      problems.add(what, 'needs credentials of your own to check against (the default fake keys are public): give credentials, e.g. --credentials AKIDLOCAL:a-secret-of-yours');
    }
  }
  // Handlers sign with AWS_ACCESS_KEY_ID from `environment` when it is given, but the checks accept
  // only `credentials`: every call would get 403, so say it now.
  const signingKey = environment.AWS_ACCESS_KEY_ID;
  if ((resolved.verifySignatures || resolved.iamAuthorization) && signingKey !== undefined && signingKey !== resolved.credentials?.accessKeyId) {
    const what = resolved.verifySignatures ? 'verifySignatures' : 'iamAuthorization';
    problems.add('environment.AWS_ACCESS_KEY_ID', `with ${what}, only \`credentials\` are accepted, but handlers would sign with these keys: give them as credentials instead (--credentials KEY:SECRET)`);
  }
  if (resolved.idleTimeoutMs > resolved.maxConnectionDurationMs) {
    problems.add('idleTimeoutMs', `the idle timeout (${resolved.idleTimeoutMs} ms) must not exceed the maximum connection duration (${resolved.maxConnectionDurationMs} ms)`);
  }
  return Object.freeze(resolved);
}

interface RouteContext {
  readonly root: string;
  /** Every function so far: declared ones and those made for handler strings. */
  readonly functions: Map<string, FunctionDefinition>;
  /** Names declared in `functions`, the only ones a route can name. */
  readonly declared: ReadonlySet<string>;
  readonly functionTimeoutMs: number;
  readonly integrationTimeoutMs: number;
}

function resolveRoute(problems: ProblemList, key: string, value: string | RouteOptions, context: RouteContext, where = `routes.${key}`)
  : ResolvedRoute | undefined {
  if (key.startsWith('$') && !SPECIAL_ROUTE_KEYS.has(key)) {
    problems.add(where, 'route keys starting with "$" are reserved: use $connect, $disconnect, $default or a key without "$"');
  }
  if (key.length === 0) problems.add('routes', 'a route key cannot be empty');
  const route: RouteOptions = typeof value === 'string' ? (context.declared.has(value) ? { function: value } : { handler: value }) : value ?? {};
  const integrationTimeoutMs = problems.integer(`${where}.integrationTimeoutMs`, route.integrationTimeoutMs, context.integrationTimeoutMs,
    D.MIN_INTEGRATION_TIMEOUT_MS, D.INTEGRATION_TIMEOUT_MS);
  const routeResponse = route.routeResponse ?? false;
  if (route.function !== undefined) {
    if (!context.declared.has(route.function)) {
      problems.add(where, `no function "${route.function}" in functions (declared: ${[...context.declared].join(', ') || 'none'})`);
      return undefined;
    }
    return { key, functionName: route.function, routeResponse, integrationTimeoutMs };
  }
  if (route.handler === undefined) {
    problems.add(where, 'give a handler ("path/to/file.export") or the name of a function');
    return undefined;
  }
  const name = buildFunctionName(route.handler);
  if (!context.functions.has(name)) {
    const definition = resolveFunction(problems, where, name, { handler: route.handler }, context.root, context.functionTimeoutMs);
    if (!definition) return undefined;
    context.functions.set(name, definition);
  }
  return { key, functionName: name, routeResponse, integrationTimeoutMs };
}

/** The authorizer's function (made from its handler like a route's) and identity sources. */
function resolveAuthorizer(problems: ProblemList, options: EmulatorOptions, context: RouteContext): ResolvedOptions['authorizer'] {
  const authorizer = options.authorizer;
  if (authorizer === undefined || authorizer === false) return undefined;
  const sources = authorizer.identitySources ?? [];
  for (const source of sources) {
    if (!/^(route\.request\.(header|querystring)\.[^.\s]+|stageVariables\.\w+|context\.\w+)$/.test(source)) {
      problems.add('authorizer.identitySources', `${JSON.stringify(source)} is not an identity source: use route.request.header.NAME or route.request.querystring.NAME`);
    }
  }
  const route = resolveRoute(problems, 'authorizer', authorizer, context, 'authorizer');
  return route ? { functionName: route.functionName, identitySources: sources } : undefined;
}
