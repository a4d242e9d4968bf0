import type { TemplateReport } from '../cloudformation/template-report.js';
import { hasVariables, parseVariableText, type ReferenceSource, type Variable } from './parse-variables.js';
import { VariableError } from './variable-error.js';
import { isRecord } from '../../util/is-record.js';

/** Where a value sits in serverless.yml: keys, and indexes into lists. */
export type ConfigPath = readonly (string | number)[];

export interface VariableFacts {
  /** `--stage`: `${opt:stage}`, and the first choice of `${sls:stage}`. */
  readonly stage: string | undefined;
  /** `--region` (or the config file's region): `${opt:region}`, and the first choice of `${aws:region}`. */
  readonly region: string | undefined;
  /** `${aws:accountId}`. */
  readonly accountId: string;
  /** `${env:NAME}`. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Values of serverless.yml with the Framework's variables resolved, on demand. */
export interface VariableResolver {
  /** The value at `path` with every variable in it resolved. Throws VariableError. */
  resolve(path: ConfigPath): unknown;
  /** The value at `path`, resolved only if it is itself a variable: the keys of a map, the length of a list. */
  resolveShallow(path: ConfigPath): unknown;
  /** `${sls:stage}`: `${opt:stage, self:provider.stage, "dev"}`. */
  stage(): string;
  /** `${aws:region}`: `${opt:region, self:provider.region, "us-east-1"}`. */
  region(): string;
}

const SUPPORTED = 'self, opt, sls, env, aws and strToBool';

/** Sources the Framework resolves by calling AWS or reading other files: out of reach of a local run. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  file: 'they read another file',
  ssm: 'they read AWS Systems Manager Parameter Store',
  cf: "they read another CloudFormation stack's outputs",
  s3: 'they read an S3 object',
  param: 'they read stage parameters',
  git: 'they come from a plugin',
};

/** `functions.connect.events[0].websocket`. */
export function formatPath(path: ConfigPath): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/**
 * Resolves serverless.yml's variables the way the Framework documents them
 * (https://www.serverless.com/framework/docs/providers/aws/guide/variables): lazily, so a variable
 * in a part the emulator never reads (an SQS event's ARN from `${cf:...}`) costs nothing. A value
 * that is exactly one variable takes the type of what it points at (an object, a number); inside a
 * longer string it is written as text. An unsupported source with a fallback after it gives way to
 * the fallback, with a warning.
 */
export function createVariableResolver(config: unknown, facts: VariableFacts, report: TemplateReport): VariableResolver {
  const memo = new Map<string, unknown>();
  // Paths being resolved right now, outermost first: a path met again is a cycle.
  const active: string[] = [];

  const walk = (path: ConfigPath, deep: boolean): unknown => {
    let node: unknown = config;
    let fromFile = true;
    const at: (string | number)[] = [];
    for (const segment of path) {
      if (fromFile) {
        const materialized = materialize(node, at);
        // A variable's value is already fully resolved: nothing below it is the file's own text.
        if (materialized.resolved) [node, fromFile] = [materialized.value, false];
      }
      const key = Array.isArray(node) && /^\d+$/.test(String(segment)) ? Number(segment) : segment;
      node = childOf(node, key);
      if (node === undefined) return undefined;
      at.push(key);
    }
    if (!fromFile) return node;
    const materialized = materialize(node, at);
    if (materialized.resolved) return materialized.value;
    return deep ? resolveDeep(node, at) : node;
  };

  const resolveDeep = (node: unknown, at: ConfigPath): unknown => {
    if (typeof node === 'string') return materialize(node, at).value;
    if (Array.isArray(node)) return node.map((item, index) => resolveDeep(item, [...at, index]));
    if (isRecord(node)) return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, resolveDeep(item, [...at, key])]));
    return node;
  };

  const materialize = (node: unknown, at: ConfigPath): { value: unknown; resolved: boolean } => {
    if (typeof node !== 'string' || !hasVariables(node)) return { value: node, resolved: false };
    const key = formatPath(at);
    if (memo.has(key)) return { value: memo.get(key), resolved: true };
    if (active.includes(key)) {
      throw new VariableError('cycle', `circular reference: ${[...active.slice(active.indexOf(key)), key].join(' -> ')}`);
    }
    active.push(key);
    try {
      const value = resolveText(node, at);
      memo.set(key, value);
      return { value, resolved: true };
    } finally {
      active.pop();
    }
  };

  const resolveText = (text: string, at: ConfigPath): unknown => {
    const parts = parseVariableText(text) ?? [text];
    const [only] = parts;
    if (parts.length === 1 && typeof only !== 'string') return resolveVariable(only!, at);
    return parts.map((part) => (typeof part === 'string' ? part : textOf(resolveVariable(part, at), part, at))).join('');
  };

  const textOf = (value: unknown, variable: Variable, at: ConfigPath): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new VariableError('invalid', `${variable.text}${locate(at)} is ${describe(value)}, which cannot be part of a string`);
  };

  /** Names where a variable is written when that is not the value asked for (found through `${self:...}`). */
  const locate = (at: ConfigPath): string => {
    const here = formatPath(at);
    return active.length > 0 && active[0] !== here ? ` (in ${here})` : '';
  };

  const resolveVariable = (variable: Variable, at: ConfigPath): unknown => {
    const reasons: string[] = [];
    for (const [index, source] of variable.sources.entries()) {
      // `null` is a legitimate last fallback: the Framework resolves `${env:X, null}` to null.
      if (source.kind === 'literal') return source.value;
      let value: unknown;
      let address: string | undefined;
      try {
        address = source.address === undefined ? undefined : textOf(resolveText(source.address, at), variable, at);
        value = resolveReference(source, address, variable, at);
      } catch (error) {
        const isLast = index === variable.sources.length - 1;
        if (!(error instanceof VariableError) || error.kind !== 'unsupported' || isLast) throw error;
        report.warn(formatPath(at), `${error.message}; the fallback after it is used`);
        continue;
      }
      if (value !== undefined && value !== null) return value;
      reasons.push(whyEmpty(source.type, address));
    }
    throw new VariableError('missing', `${variable.text}${locate(at)}: ${reasons.join(' and ')}, and there is no fallback`);
  };

  const resolveReference = (source: ReferenceSource, address: string | undefined, variable: Variable, at: ConfigPath): unknown => {
    switch (source.type) {
      case 'self':
        return walk(address ? address.split('.') : [], true);
      case 'opt':
        // Only the options apigw-ws-local itself takes exist here; any other falls through to the fallback.
        return address === 'stage' ? facts.stage : address === 'region' ? facts.region : undefined;
      case 'env':
        if (!address) throw new VariableError('invalid', `${variable.text}${locate(at)}: name the environment variable, e.g. \${env:TABLE_NAME}`);
        // The Framework treats an empty variable as unset, so the fallback applies.
        return facts.env[address] || null;
      case 'sls':
        if (address === 'stage') return stage();
        throw unsupportedAddress(variable, at, address === 'instanceId' ? 'is a random id of each Framework run' : 'is not one of stage, instanceId');
      case 'aws':
        if (address === 'region') return region();
        if (address === 'accountId') return facts.accountId;
        throw unsupportedAddress(variable, at, 'is not one of region, accountId');
      case 'strToBool':
        return parseBoolean(source.params === undefined ? '' : textOf(resolveText(source.params.trim(), at), variable, at), variable, at);
      default: {
        const why = UNSUPPORTED[source.type] ?? 'it is not a source the Framework has built in (a plugin\'s?)';
        throw new VariableError('unsupported', `${variable.text}${locate(at)}: ${source.type} variables are not resolved locally (${why}); apigw-ws-local resolves ${SUPPORTED}`);
      }
    }
  };

  const unsupportedAddress = (variable: Variable, at: ConfigPath, why: string): VariableError =>
    new VariableError('unsupported', `${variable.text}${locate(at)}: the address ${why}; apigw-ws-local resolves \${sls:stage}, \${aws:region} and \${aws:accountId}`);

  const parseBoolean = (text: string, variable: Variable, at: ConfigPath): boolean => {
    const lower = text.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    throw new VariableError('invalid', `${variable.text}${locate(at)}: strToBool takes true, false, 1 or 0, not ${JSON.stringify(text)}`);
  };

  const stage = (): string => String(facts.stage || walk(['provider', 'stage'], true) || 'dev');
  const region = (): string => String(facts.region || walk(['provider', 'region'], true) || 'us-east-1');

  return {
    resolve: (path) => walk(path, true),
    resolveShallow: (path) => walk(path, false),
    stage,
    region,
  };
}

function childOf(node: unknown, key: string | number): unknown {
  if (Array.isArray(node)) return typeof key === 'number' ? node[key] : undefined;
  return isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
}

function whyEmpty(type: string, address: string | undefined): string {
  switch (type) {
    case 'env':
      return `environment variable ${address} is not set`;
    case 'opt':
      return address === 'stage' || address === 'region' ? `no --${address} was given` : `--${address} is not an option here (only --stage and --region are)`;
    case 'self':
      return `${address || 'the file'} is not set`;
    default:
      return `${type}:${address ?? ''} is empty`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a map' : String(value);
}
