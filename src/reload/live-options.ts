/**
 * What a reloaded project may change in a running emulator. Routes, the route selection
 * expression, the authorizer, functions (code, handler, environment, timeout, layers) and new
 * tables apply live; what the port, the connections or the runtime were built from needs a
 * restart, and a reload says so instead of silently ignoring it.
 */
import type { ResolvedOptions } from '../config/resolve-options.js';

type Fixed = (options: ResolvedOptions) => unknown;

/** The options that need a restart, each read as a comparable value. */
const FIXED: ReadonlyArray<readonly [string, Fixed]> = [
  ['port', (o) => o.port],
  ['host', (o) => o.host],
  ['stage', (o) => o.stage],
  ['stage variables', (o) => o.stageVariables],
  ['region', (o) => o.region],
  ['account id', (o) => o.accountId],
  ['domain name', (o) => o.domainName],
  ['environment (every function)', (o) => o.environment],
  ['idle timeout', (o) => o.idleTimeoutMs],
  ['maximum connection duration', (o) => o.maxConnectionDurationMs],
  ['maximum message size', (o) => o.maxMessageBytes],
  ['maximum frame size', (o) => o.maxFrameBytes],
  ['binary frames', (o) => o.binaryFrames],
  ['connection rate', (o) => o.maxNewConnectionsPerSecond],
  ['execution mode', (o) => o.execution],
  ['DynamoDB (on, endpoint or persist directory)', (o) => (o.dynamodb === false ? false : [o.dynamodb.endpoint, o.dynamodb.persistDir])],
  ['environments per function', (o) => o.maxEnvironmentsPerFunction],
  ['environments in all', (o) => o.maxEnvironments],
  ['inspector', (o) => o.inspector],
  ['credentials', (o) => o.credentials],
  ['signature verification', (o) => o.verifySignatures],
  ['AWS_IAM authorization', (o) => o.iamAuthorization],
  ['static files', (o) => o.staticDir],
];

/** `port (3001 → 4000)`: each option that changed but cannot change while running. */
export function describeFixedChanges(before: ResolvedOptions, after: ResolvedOptions): string[] {
  const changes: string[] = [];
  for (const [label, read] of FIXED) {
    const was = read(before);
    const now = read(after);
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    changes.push(typeof was === 'object' || typeof now === 'object' ? label : `${label} (${show(was)} → ${show(now)})`);
  }
  return changes;
}

/** The running options with what a reload applies live taken from `after`. */
export function mergeLiveOptions(before: ResolvedOptions, after: ResolvedOptions): ResolvedOptions {
  return {
    ...before,
    routes: after.routes,
    authorizer: after.authorizer,
    functions: after.functions,
    selectionExpression: after.selectionExpression,
    routeSelectionExpression: after.routeSelectionExpression,
    integrationTimeoutMs: after.integrationTimeoutMs,
    // New tables are created; a table no longer listed keeps its data until the restart.
    dynamodb:
      before.dynamodb === false || after.dynamodb === false
        ? before.dynamodb
        : { ...before.dynamodb, tables: mergeTables(before.dynamodb.tables, after.dynamodb.tables) },
  };
}

type Tables = Exclude<ResolvedOptions['dynamodb'], false>['tables'];

function mergeTables(before: Tables, after: Tables): Tables {
  const names = new Set(after.map((table) => table.name));
  return [...after, ...before.filter((table) => !names.has(table.name))];
}

function show(value: unknown): string {
  return value === undefined ? 'none' : String(value);
}
