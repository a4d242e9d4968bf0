import {
  parseDuration,
  parseParameterOverrides,
  parseTableSpec,
  type EmulatorOptions,
  type LogLevel,
  type ProjectOptions,
  type RouteOptions,
  type TableOptions,
} from '../index.js';

/** Flags as commander gives them. */
export interface ServeFlags {
  template?: string;
  serverless?: string;
  config?: string;
  api?: string;
  parameterOverrides: string[];
  stackName?: string;
  printConfig?: boolean;
  port?: string;
  host?: string;
  stage?: string;
  stageVariable: string[];
  route: string[];
  routeSelectionExpression?: string;
  routeResponse: string[];
  env: string[];
  functionTimeout?: string;
  integrationTimeout?: string;
  idleTimeout?: string;
  maxConnectionDuration?: string;
  table: string[];
  verifySignatures?: boolean;
  iamAuth?: boolean;
  credentials?: string;
  /** A handler, or false for --no-authorizer. */
  authorizer?: string | false;
  identitySource?: string;
  dynamodbEndpoint?: string;
  persist?: string;
  dynamodb: boolean;
  /** False with --no-inspector. */
  inspector: boolean;
  /** --watch / --no-watch; unset: on when the output is a terminal. */
  watch?: boolean;
  maxFrameBytes?: string;
  maxMessageBytes?: string;
  binary?: string;
  connectionRate?: string;
  messageRate?: string;
  apiId?: string;
  region?: string;
  domainName?: string;
  execution?: string;
  maxEnvironments?: string;
  maxTotalEnvironments?: string;
  logLevel: string;
}

/**
 * Maps flags to library options. Collects every problem rather than stopping at the first, so the
 * user sees them all at once together with the library's own validation.
 */
export function parseServeFlags(flags: ServeFlags): { options: ProjectOptions; problems: string[]; logLevel: LogLevel } {
  const problems: string[] = [];
  const routes: Record<string, RouteOptions> = {};
  for (const spec of flags.route) {
    const at = spec.indexOf('=');
    if (at <= 0 || at === spec.length - 1) {
      problems.push(`--route ${JSON.stringify(spec)}: use KEY=HANDLER, e.g. --route '$default=handlers/app.handler'`);
      continue;
    }
    routes[spec.slice(0, at)] = { handler: spec.slice(at + 1) };
  }
  // A key without --route makes a template's or config file's route two-way (routes merge by key).
  for (const key of flags.routeResponse) routes[key] = { ...routes[key], routeResponse: true };
  const pairs = (flag: string, list: readonly string[]): Record<string, string> | undefined => {
    const result: Record<string, string> = {};
    for (const pair of list) {
      const at = pair.indexOf('=');
      if (at <= 0) problems.push(`--${flag} ${JSON.stringify(pair)}: use KEY=VALUE`);
      else result[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return list.length === 0 ? undefined : result;
  };
  const environment = pairs('env', flags.env);
  const stageVariables = pairs('stage-variable', flags.stageVariable);
  const overrides = parseParameterOverrides(flags.parameterOverrides);
  problems.push(...overrides.problems);
  const duration = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    try {
      return parseDuration(text);
    } catch (error) {
      problems.push(`--${flag}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const integer = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) {
      problems.push(`--${flag} ${JSON.stringify(text)}: expected a whole number`);
      return undefined;
    }
    return Number(text);
  };
  const logLevels = ['debug', 'info', 'warn', 'error', 'silent'];
  if (!logLevels.includes(flags.logLevel)) problems.push(`--log-level ${JSON.stringify(flags.logLevel)}: use one of ${logLevels.join(', ')}`);
  const tables: TableOptions[] = [];
  for (const spec of flags.table) {
    try {
      tables.push(parseTableSpec(spec));
    } catch (error) {
      problems.push(`--table ${JSON.stringify(spec)}: ${(error as Error).message}`);
    }
  }
  const dynamodbGiven = tables.length > 0 || flags.dynamodbEndpoint !== undefined || flags.persist !== undefined;
  const options: ProjectOptions = {
    template: flags.template,
    serverless: flags.serverless,
    api: flags.api,
    parameterOverrides: flags.parameterOverrides.length === 0 ? undefined : overrides.values,
    stackName: flags.stackName,
    stageVariables,
    ...(flags.authorizer === undefined
      ? {}
      : flags.authorizer === false
        ? { authorizer: false as const }
        : { authorizer: { handler: flags.authorizer, identitySources: (flags.identitySource ?? '').split(',').map((s) => s.trim()).filter(Boolean) } }),
    ...(flags.verifySignatures ? { verifySignatures: true } : {}),
    // Only an explicit --no-inspector: a config file's `inspector` stays in force otherwise.
    ...(flags.inspector === false ? { inspector: false } : {}),
    ...(flags.iamAuth ? { iamAuthorization: true } : {}),
    ...(flags.credentials === undefined ? {} : { credentials: parseCredentials(flags.credentials, problems) }),
    dynamodb: flags.dynamodb === false ? false : dynamodbGiven ? { tables, endpoint: flags.dynamodbEndpoint, persistDir: flags.persist } : undefined,
    routes: Object.keys(routes).length === 0 ? undefined : routes,
    port: integer('port', flags.port),
    host: flags.host,
    stage: flags.stage,
    routeSelectionExpression: flags.routeSelectionExpression,
    environment,
    functionTimeoutMs: duration('function-timeout', flags.functionTimeout),
    integrationTimeoutMs: duration('integration-timeout', flags.integrationTimeout),
    idleTimeoutMs: duration('idle-timeout', flags.idleTimeout),
    maxConnectionDurationMs: duration('max-connection-duration', flags.maxConnectionDuration),
    maxFrameBytes: integer('max-frame-bytes', flags.maxFrameBytes),
    maxMessageBytes: integer('max-message-bytes', flags.maxMessageBytes),
    binaryFrames: flags.binary as EmulatorOptions['binaryFrames'],
    maxNewConnectionsPerSecond: integer('connection-rate', flags.connectionRate),
    maxMessagesPerSecondPerConnection: integer('message-rate', flags.messageRate),
    apiId: flags.apiId,
    region: flags.region,
    domainName: flags.domainName,
    execution: flags.execution as EmulatorOptions['execution'],
    maxEnvironmentsPerFunction: integer('max-environments', flags.maxEnvironments),
    maxEnvironments: integer('max-total-environments', flags.maxTotalEnvironments),
  };
  return { options, problems, logLevel: (logLevels.includes(flags.logLevel) ? flags.logLevel : 'info') as LogLevel };
}

function parseCredentials(text: string, problems: string[]): { accessKeyId: string; secretAccessKey: string } | undefined {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) {
    problems.push(`--credentials: use KEY:SECRET, e.g. --credentials AKIDLOCAL:secret`);
    return undefined;
  }
  return { accessKeyId: text.slice(0, at), secretAccessKey: text.slice(at + 1) };
}
