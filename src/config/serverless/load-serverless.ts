import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTemplateText } from '../cloudformation/parse-template-text.js';
import type { TemplateReport } from '../cloudformation/template-report.js';
import type { AuthorizerOptions, FunctionOptions, RouteOptions } from '../options.js';
import type { LoadedSource } from '../project-options.js';
import { createFileSource } from './file-variables.js';
import { createRuntimeWarnings } from './runtime-warnings.js';
import { readWebSocketEvents, selectUsedFunctions } from './serverless-events.js';
import { buildFunctionNames } from './serverless-function-names.js';
import { buildServerlessFunction } from './serverless-functions.js';
import { buildRoutelessFunctions } from './serverless-routeless.js';
import { createLayerCatalog } from './serverless-layers.js';
import { buildDefaultFunctionName, buildStackName, WEBSOCKETS_API_LOGICAL_ID } from './serverless-naming.js';
import { readPlugins } from './serverless-plugins.js';
import { createServerlessReport } from './serverless-report.js';
import { createServerlessStack } from './serverless-resources.js';
import { createVariableResolver, type VariableFacts, type VariableResolver } from './serverless-variables.js';
import { isRecord } from '../../util/is-record.js';

export interface ServerlessLoadOptions {
  /** The region from the command line or config file; else `provider.region`, else `us-east-1`. It is `${opt:region}`. */
  readonly region?: string;
  readonly accountId: string;
  /** The emulated API id: `Ref: WebsocketsApi` resolves to it, so URLs built in serverless.yml reach us. */
  readonly apiId: string;
  /** `--stage`: it is `${opt:stage}` and `${sls:stage}`; else `provider.stage`, else `dev`, as the Framework does. */
  readonly stage?: string;
  /** For `${env:NAME}`. Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How the file is named in messages. Default: its path relative to the working directory. */
  readonly label?: string;
}

/** `provider.websocketsApiRouteSelectionExpression`'s default, the Framework's and API Gateway's usual one. */
const DEFAULT_ROUTE_SELECTION_EXPRESSION = '$request.body.action';

/**
 * Reads a Serverless Framework service (serverless.yml, .yaml or .json) and gives what the emulator
 * needs to run its WebSocket API: the functions with `websocket` events and their routes, the
 * `$connect` authorizer, every other Node.js function (to invoke), the stage, the route selection
 * expression and the DynamoDB tables of `resources`. Variables resolve as the Framework's do for `self`, `opt`, `sls`, `env` and `aws`;
 * what needs AWS or plugins is reported. Never throws for the file's mistakes: they come back as
 * `problems`, things skipped as `warnings`, each naming the file and the key.
 */
export function loadServerless(file: string, options: ServerlessLoadOptions): LoadedSource {
  const absolute = path.resolve(file);
  const label = options.label ?? (path.relative(process.cwd(), absolute) || absolute);
  const fail = (problem: string): LoadedSource => ({ file: absolute, options: {}, warnings: [], problems: [`${label}: ${problem}`] });
  const extension = path.extname(absolute);
  if (/^\.[cm]?[jt]s$/.test(extension)) {
    return fail(`a ${extension} service file needs the Framework to run it, which apigw-ws-local does not: use serverless.yml (or .json), e.g. the output of \`serverless print > serverless.local.yml\`, given with --serverless`);
  }
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    return fail(`cannot read the file: ${(error as Error).message}`);
  }
  const parsed = parseTemplateText(text, label);
  if (!parsed.ok) return { file: absolute, options: {}, warnings: [], problems: [...parsed.problems] };
  if (!isRecord(parsed.value)) return fail('not a Serverless Framework service: expected a map with service, provider and functions');
  const report = createServerlessReport(label);
  const facts: VariableFacts = { stage: options.stage, region: options.region, accountId: options.accountId, env: options.env ?? process.env };
  const serviceDir = path.dirname(absolute);
  const files = createFileSource(serviceDir, label);
  const { config, readable } = normalizeFunctions(parsed.value, createVariableResolver(parsed.value, facts, report, files), report);
  const resolver = createVariableResolver(config, facts, report, files);
  const empty = (): LoadedSource => ({ file: absolute, options: {}, warnings: report.warnings, problems: report.problems });
  if (!checkProvider(resolver, report)) return empty();
  const service = readService(resolver, report);
  const stage = report.attempt('provider.stage', () => resolver.stage()) ?? 'dev';
  const providerRegion = report.attempt('provider.region', () => resolver.resolve(['provider', 'region']));
  const region = options.region ?? (typeof providerRegion === 'string' ? providerRegion : 'us-east-1');
  const build = readPlugins(resolver, report);

  const functionKeys = Object.keys(config.functions as Record<string, unknown>);
  const problemsBefore = report.problems.length;
  const found = readWebSocketEvents(resolver, functionKeys, report);
  if (found.count === 0 && readable && report.problems.length === problemsBefore) {
    report.problem('functions', 'no function has a websocket event: apigw-ws-local runs the WebSocket API (events: - websocket: $connect)');
  }
  const used = selectUsedFunctions(found.events, functionKeys, report);
  const names = buildFunctionNames(resolver, report, functionKeys, used, service, stage);

  const stackName = buildStackName(service, stage, report.attempt('provider.stackName', () => resolver.resolve(['provider', 'stackName'])));
  const stack = createServerlessStack({
    resolver,
    report,
    facts: { region, accountId: options.accountId, stackName, apiId: options.apiId, apiLogicalId: WEBSOCKETS_API_LOGICAL_ID, stageOverride: stage },
    functionNames: new Map([...names].map(([key, name]) => [key, name ?? buildDefaultFunctionName(service, stage, key)])),
  });
  const functions: Record<string, FunctionOptions> = {};
  const layers = createLayerCatalog(resolver, report, serviceDir);
  const runtimeWarnings = createRuntimeWarnings();
  for (const [key, usedBy] of used) {
    const name = names.get(key);
    if (name === undefined) continue;
    const built = buildServerlessFunction(key, name, { resolver, report, scope: stack.scope, serviceDir, usedBy, layers, runtimeWarnings, build });
    if (built) functions[name] = built;
  }
  // Without any websocket event nothing runs (a problem above), so the others are not read either.
  const routeless = found.count === 0 ? [] : functionKeys.filter((key) => !found.functionKeys.has(key) && !used.has(key));
  buildRoutelessFunctions(functions, routeless, names, { resolver, report, scope: stack.scope, serviceDir, layers, runtimeWarnings, build });
  runtimeWarnings.flush(report);
  layers.flush();
  const routes: Record<string, RouteOptions> = {};
  let authorizer: AuthorizerOptions | undefined;
  for (const event of found.events) {
    // Only what can run: a function with problems is left out, as are its routes (the problems stop the start anyway).
    const name = names.get(event.functionKey);
    if (name === undefined || functions[name] === undefined || routes[event.route] !== undefined) continue;
    routes[event.route] = { function: name, ...(event.routeResponse ? { routeResponse: true } : {}) };
    const authorizerName = event.authorizer === undefined ? undefined : names.get(event.authorizer.functionKey);
    if (event.authorizer && authorizerName !== undefined && functions[authorizerName] !== undefined) {
      authorizer = { function: authorizerName, identitySources: event.authorizer.identitySources };
    }
  }
  const selection = report.attempt('provider.websocketsApiRouteSelectionExpression', () =>
    resolver.resolve(['provider', 'websocketsApiRouteSelectionExpression']),
  );
  const tables = stack.buildTables();
  return {
    file: absolute,
    ...(files.included().length > 0 ? { includes: files.included() } : {}),
    options: {
      root: serviceDir,
      apiId: options.apiId,
      stage,
      ...(options.region !== undefined || typeof providerRegion === 'string' ? { region } : {}),
      routeSelectionExpression: typeof selection === 'string' ? selection : DEFAULT_ROUTE_SELECTION_EXPRESSION,
      routes,
      functions,
      ...(authorizer ? { authorizer } : {}),
      dynamodb: { tables },
    },
    warnings: report.warnings,
    problems: report.problems,
  };
}

/**
 * `functions` as a map: resolved when it is itself a variable, merged when it is a list of maps
 * (the docs' form for splitting functions across files). `readable` is false when it could not be read.
 */
function normalizeFunctions(
  config: Record<string, unknown>,
  resolver: VariableResolver,
  report: TemplateReport,
): { config: Record<string, unknown>; readable: boolean } {
  const functions = report.attempt('functions', () => resolver.resolveShallow(['functions']) ?? null);
  if (functions === undefined) return { config: { ...config, functions: {} }, readable: false };
  if (functions === null || isRecord(functions)) return { config: { ...config, functions: functions ?? {} }, readable: true };
  if (!Array.isArray(functions)) {
    report.problem('functions', 'must be a map of functions, e.g. connect: { handler: handler.connect }');
    return { config: { ...config, functions: {} }, readable: false };
  }
  const merged: Record<string, unknown> = {};
  let readable = true;
  functions.forEach((_entry, index) => {
    const entry = report.attempt(`functions[${index}]`, () => resolver.resolveShallow(['functions', index]));
    if (isRecord(entry)) {
      Object.assign(merged, entry);
    } else {
      readable = false;
      if (entry !== undefined) report.problem(`functions[${index}]`, 'must be a map of functions');
    }
  });
  return { config: { ...config, functions: merged }, readable };
}

/** apigw-ws-local emulates AWS: `provider: aws` or `provider: { name: aws }`. */
function checkProvider(resolver: VariableResolver, report: TemplateReport): boolean {
  // `?? null`: undefined then only means the attempt failed (and was reported).
  const provider = report.attempt('provider', () => resolver.resolveShallow(['provider']) ?? null);
  if (provider === undefined) return false;
  const name = typeof provider === 'string' ? provider : report.attempt('provider.name', () => resolver.resolve(['provider', 'name']) ?? null);
  if (name === undefined) return false;
  if (name === 'aws') return true;
  const given = name === null ? 'missing' : JSON.stringify(name);
  report.problem(provider === null ? 'provider' : 'provider.name', `${given}: apigw-ws-local emulates API Gateway on AWS, so the provider must be aws (provider: { name: aws })`);
  return false;
}

/** `service: NAME` or the older `service: { name: NAME }`. */
function readService(resolver: VariableResolver, report: TemplateReport): string {
  // `?? null`: undefined then only means the attempt failed (and was reported).
  const service = report.attempt('service', () => resolver.resolve(['service']) ?? null);
  const name = isRecord(service) ? service.name : service;
  if (typeof name === 'string' && name !== '') return name;
  if (service !== undefined) report.problem('service', 'give the service a name, e.g. service: chat (function and stack names start with it)');
  return 'service';
}
