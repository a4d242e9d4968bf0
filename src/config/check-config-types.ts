import type { GlobalSecondaryIndexOptions, KeyAttributeOptions, TableOptions } from '../dynamodb/index.js';
import type { AuthorizerOptions, DynamoDbConfig, FunctionBuildOptions, FunctionOptions, RouteOptions } from './options.js';
import type { ProjectOptions } from './project-options.js';
import { suggestName } from './suggest-name.js';
import { isRecord } from '../util/is-record.js';

/** Reports one problem at a dotted path (`functions.chat.timeoutMs`; '' is the top level). */
type Report = (where: string, problem: string) => void;
/** Checks one value's type; values (ranges, patterns, files) are `resolveOptions`' business. */
type Check = (value: unknown, where: string, report: Report) => void;

interface ObjectShape<K extends string> {
  /** Every key the object may have, with its check: typed as `Record` so tsc finds a key we miss. */
  readonly keys: Readonly<Record<K, Check>>;
  readonly required?: readonly K[];
  /** Keys of the programmatic API that a file cannot hold, with the reason. */
  readonly refused?: Readonly<Record<string, string>>;
}

const at = (where: string, key: string): string => (where === '' ? key : `${where}.${key}`);

/** A value as a message shows it: data as JSON, anything else by its kind. */
function show(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isRecord(value)) return 'an object';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'bigint' || typeof value === 'symbol' || value === undefined ? String(value) : JSON.stringify(value);
}

const string: Check = (value, where, report) => {
  if (typeof value !== 'string') report(where, `${show(value)} is not a string`);
};
const wholeNumber: Check = (value, where, report) => {
  if (typeof value !== 'number' || !Number.isInteger(value)) report(where, `${show(value)} is not a whole number`);
};
const boolean: Check = (value, where, report) => {
  if (typeof value !== 'boolean') report(where, `${show(value)} is not true or false`);
};
const oneOf =
  (...allowed: readonly string[]): Check =>
  (value, where, report) => {
    if (!allowed.includes(value as string)) report(where, `${show(value)} is not one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`);
  };
const arrayOf =
  (item: Check, example: string): Check =>
  (value, where, report) => {
    if (!Array.isArray(value)) report(where, `expected an array like ${example}, got ${show(value)}`);
    else value.forEach((element: unknown, index) => item(element, `${where}[${index}]`, report));
  };
const recordOf =
  (item: Check, example: string): Check =>
  (value, where, report) => {
    if (!isRecord(value)) report(where, `expected an object like ${example}, got ${show(value)}`);
    else for (const [key, element] of Object.entries(value)) item(element, at(where, key), report);
  };
const objectOf =
  <K extends string>(shape: ObjectShape<K>, example: string): Check =>
  (value, where, report) => {
    if (!isRecord(value)) report(where, `expected an object like ${example}, got ${show(value)}`);
    else checkObject(shape, value, where, report);
  };

function checkObject<K extends string>(shape: ObjectShape<K>, value: Record<string, unknown>, where: string, report: Report): void {
  const known = Object.keys(shape.keys);
  for (const key of shape.required ?? []) if (value[key] === undefined) report(where, `missing \`${key}\``);
  for (const [key, element] of Object.entries(value)) {
    const refusal = shape.refused?.[key];
    if (refusal !== undefined) report(where, `\`${key}\` cannot be set in a config file: ${refusal}`);
    else if (!known.includes(key)) report(where, describeUnknownKey(key, known));
    // `undefined` is how a .mjs file leaves an option out, e.g. `port: process.env.PORT && Number(...)`.
    else if (element !== undefined) shape.keys[key as K](element, at(where, key), report);
  }
}

function describeUnknownKey(key: string, known: readonly string[]): string {
  const suggestion = suggestName(key, known);
  if (suggestion !== undefined) return `unknown option \`${key}\`; did you mean \`${suggestion}\`?`;
  // Short lists help; the top level's forty options are better read in the README or the schema.
  if (known.length <= 8) return `unknown option \`${key}\`; expected ${known.map((name) => `\`${name}\``).join(', ')}`;
  return `unknown option \`${key}\``;
}

const stringRecord = recordOf(string, '{ "STAGE": "dev" }');
const stringArray = (example: string): Check => arrayOf(string, example);

const ROUTE: ObjectShape<keyof RouteOptions> = {
  keys: { handler: string, function: string, routeResponse: boolean, integrationTimeoutMs: wholeNumber },
};
const LAYER_DIR: ObjectShape<'dir' | 'mountedAt'> = {
  keys: { dir: string, mountedAt: oneOf('/opt', '/opt/nodejs') },
  required: ['dir'],
};
const layer: Check = (value, where, report) => {
  if (typeof value === 'string') return;
  if (isRecord(value)) checkObject(LAYER_DIR, value, where, report);
  else report(where, `expected a directory or an object like { "dir": "layers/common", "mountedAt": "/opt/nodejs" }, got ${show(value)}`);
};
const BUILD: ObjectShape<keyof FunctionBuildOptions> = {
  keys: { entryPoints: stringArray('["src/app.ts"]'), format: oneOf('esm', 'cjs'), target: string, external: stringArray('["pg-native"]'), tsconfig: string },
};
const FUNCTION: ObjectShape<keyof FunctionOptions> = {
  // No required handler: an entry without one amends the template's or serverless.yml's function
  // of that name (its environment, timeout); `resolveOptions` reports a function left without one.
  keys: {
    handler: string,
    codeDir: string,
    timeoutMs: wholeNumber,
    memorySizeMb: wholeNumber,
    environment: stringRecord,
    runtime: string,
    layers: arrayOf(layer, '["layers/common"]'),
    build: objectOf(BUILD, '{ "format": "esm" }'),
  },
};
const AUTHORIZER: ObjectShape<keyof AuthorizerOptions> = {
  keys: { handler: string, function: string, identitySources: stringArray('["route.request.header.Authorization"]') },
};
const KEY_ATTRIBUTE: ObjectShape<keyof Exclude<KeyAttributeOptions, string>> = {
  keys: { name: string, type: oneOf('S', 'N', 'B') },
  required: ['name'],
};
const keyAttribute: Check = (value, where, report) => {
  if (typeof value === 'string') return;
  if (isRecord(value)) checkObject(KEY_ATTRIBUTE, value, where, report);
  else report(where, `expected an attribute name or an object like { "name": "score", "type": "N" }, got ${show(value)}`);
};
const projection: Check = (value, where, report) => {
  if (Array.isArray(value)) stringArray('["room", "name"]')(value, where, report);
  else oneOf('ALL', 'KEYS_ONLY')(value, where, report);
};
const GLOBAL_SECONDARY_INDEX: ObjectShape<keyof GlobalSecondaryIndexOptions> = {
  keys: { name: string, hashKey: keyAttribute, rangeKey: keyAttribute, projection },
  required: ['name', 'hashKey'],
};
const TABLE: ObjectShape<keyof TableOptions> = {
  keys: {
    name: string,
    hashKey: keyAttribute,
    rangeKey: keyAttribute,
    globalSecondaryIndexes: arrayOf(objectOf(GLOBAL_SECONDARY_INDEX, '{ "name": "byRoom", "hashKey": "room" }'), '[{ "name": "byRoom", "hashKey": "room" }]'),
    ttlAttribute: string,
  },
  required: ['name', 'hashKey'],
};
const DYNAMODB: ObjectShape<keyof DynamoDbConfig> = {
  keys: {
    tables: arrayOf(objectOf(TABLE, '{ "name": "connections", "hashKey": "connectionId" }'), '[{ "name": "connections", "hashKey": "connectionId" }]'),
    endpoint: string,
    persistDir: string,
  },
};
const CREDENTIALS: ObjectShape<keyof NonNullable<ProjectOptions['credentials']>> = {
  keys: { accessKeyId: string, secretAccessKey: string },
  required: ['accessKeyId', 'secretAccessKey'],
};

const route: Check = (value, where, report) => {
  if (typeof value === 'string') return;
  if (isRecord(value)) checkObject(ROUTE, value, where, report);
  else report(where, `expected a handler ("path/to/file.export"), a function name or an object like { "handler": "handlers/chat.message", "routeResponse": true }, got ${show(value)}`);
};
const authorizer: Check = (value, where, report) => {
  if (value === false) return;
  if (isRecord(value)) checkObject(AUTHORIZER, value, where, report);
  else report(where, `expected false (no authorizer, even when the template has one) or an object like { "handler": "handlers/auth.handler" }, got ${show(value)}`);
};
const dynamodb: Check = (value, where, report) => {
  if (value === false) return;
  if (isRecord(value)) checkObject(DYNAMODB, value, where, report);
  else report(where, `expected false (no DynamoDB) or an object like { "tables": [{ "name": "connections", "hashKey": "connectionId" }] }, got ${show(value)}`);
};

/** The top level: `ProjectOptions`, plus `$schema` for editors (ignored). */
const TOP: ObjectShape<keyof ProjectOptions | '$schema'> = {
  keys: {
    $schema: string,
    routes: recordOf(route, '{ "$default": "handlers/app.handler" }'),
    functions: recordOf(objectOf(FUNCTION, '{ "handler": "handlers/chat.handler" }'), '{ "chat": { "handler": "handlers/chat.handler" } }'),
    authorizer,
    routeSelectionExpression: string,
    root: string,
    port: wholeNumber,
    host: string,
    stage: string,
    stageVariables: stringRecord,
    apiId: string,
    region: string,
    accountId: string,
    domainName: string,
    dynamodb,
    staticDir: string,
    credentials: objectOf(CREDENTIALS, '{ "accessKeyId": "AKIDLOCAL", "secretAccessKey": "secret" }'),
    verifySignatures: boolean,
    iamAuthorization: boolean,
    environment: stringRecord,
    functionTimeoutMs: wholeNumber,
    integrationTimeoutMs: wholeNumber,
    idleTimeoutMs: wholeNumber,
    maxConnectionDurationMs: wholeNumber,
    maxMessageBytes: wholeNumber,
    maxFrameBytes: wholeNumber,
    binaryFrames: oneOf('reject', 'accept'),
    maxNewConnectionsPerSecond: wholeNumber,
    maxMessagesPerSecondPerConnection: wholeNumber,
    execution: oneOf('worker', 'inline'),
    maxEnvironmentsPerFunction: wholeNumber,
    maxEnvironments: wholeNumber,
    recordInvocations: boolean,
    inspector: boolean,
    seed: wholeNumber,
    template: string,
    serverless: string,
    api: string,
    parameterOverrides: stringRecord,
    stackName: string,
  },
  // A file holds data; these two are live objects, so only code that builds an Emulator can give them.
  refused: {
    logger: 'it is an object of the programmatic API (`new Emulator({ logger })`); the CLI takes --log-level',
    clock: 'it is an object of the programmatic API (`new Emulator({ clock })`), for tests',
  },
};

/**
 * The keys a config file may use at each level, for the schema test to hold
 * `schema/apigw-ws.config.schema.json` to (its `properties` and `definitions.*.properties`).
 */
export const CONFIG_FILE_KEYS = {
  top: Object.keys(TOP.keys),
  route: Object.keys(ROUTE.keys),
  function: Object.keys(FUNCTION.keys),
  authorizer: Object.keys(AUTHORIZER.keys),
  dynamodb: Object.keys(DYNAMODB.keys),
  table: Object.keys(TABLE.keys),
  globalSecondaryIndex: Object.keys(GLOBAL_SECONDARY_INDEX.keys),
  keyAttribute: Object.keys(KEY_ATTRIBUTE.keys),
  credentials: Object.keys(CREDENTIALS.keys),
} as const satisfies Readonly<Record<string, readonly string[]>>;

/**
 * Checks a config file's value against `ProjectOptions`: unknown keys (with a "did you mean"),
 * missing required keys and wrong types, every problem at once, each as `where: what`. Ranges,
 * patterns and handler files are left to `resolveOptions`, which checks them for every source.
 */
export function checkConfigTypes(value: unknown): string[] {
  const problems: string[] = [];
  const report: Report = (where, problem) => problems.push(where === '' ? problem : `${where}: ${problem}`);
  if (isRecord(value)) checkObject(TOP, value, '', report);
  else report('', `expected an object of options at the top level, got ${show(value)}`);
  return problems;
}
