import type { FileSource } from './file-variables.js';
import { hasVariables, parseVariableText, type ReferenceSource, type Variable } from './parse-variables.js';
import type { ServerlessReport } from './serverless-report.js';
import { VariableError } from './variable-error.js';
import { formatLocation, locationKey, type ConfigPath, type VariableLocation } from './variable-location.js';
import { describeEmpty, describeValue, resolvePlainSource, type SourceFacts } from './variable-sources.js';
import { isRecord } from '../../util/is-record.js';

export { formatPath, type ConfigPath } from './variable-location.js';

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

/** serverless.yml (`file` undefined) or a file it includes, with its parsed content. */
interface Document {
  readonly file: string | undefined;
  readonly value: unknown;
}

/**
 * Resolves serverless.yml's variables the way the Framework documents them
 * (https://www.serverless.com/framework/docs/providers/aws/guide/variables): lazily, so a variable
 * in a part the emulator never reads (an SQS event's ARN from `${cf:...}`) costs nothing. A value
 * that is exactly one variable takes the type of what it points at (an object, a number); inside a
 * longer string it is written as text. An unsupported source with a fallback after it gives way to
 * the fallback, with a warning. A value that is exactly `${file(...)}` is read through, as lazily
 * as serverless.yml itself, and messages about what is in it name the file.
 */
export function createVariableResolver(config: unknown, facts: VariableFacts, report: ServerlessReport, files: FileSource): VariableResolver {
  const root: Document = { file: undefined, value: config };
  const memo = new Map<string, unknown>();
  // Places being resolved right now, outermost first: a place met again is a cycle.
  const active: VariableLocation[] = [];
  // Errors whose place is settled: the innermost variable that failed names it.
  const located = new WeakSet<VariableError>();

  const walk = (document: Document, path: ConfigPath, deep: boolean): unknown => {
    let node: unknown = document.value;
    let raw = true;
    const at: (string | number)[] = [];
    for (const [index, segment] of path.entries()) {
      if (raw) {
        const location = { file: document.file, path: [...at] };
        const included = readThrough(node, location, path.slice(index), deep);
        if (included) return included.value;
        const materialized = materialize(node, location);
        // A variable's value is already fully resolved: nothing below it is the file's own text.
        if (materialized.resolved) [node, raw] = [materialized.value, false];
      }
      const key = Array.isArray(node) && /^\d+$/.test(String(segment)) ? Number(segment) : segment;
      node = childOf(node, key);
      if (node === undefined) return undefined;
      at.push(key);
    }
    if (!raw) return node;
    return resolveNode(node, { file: document.file, path: at }, deep);
  };

  const resolveNode = (node: unknown, location: VariableLocation, deep: boolean): unknown => {
    const included = readThrough(node, location, [], deep);
    if (included) return included.value;
    const materialized = materialize(node, location);
    if (materialized.resolved) return materialized.value;
    if (!deep) return node;
    const child = (key: string | number) => ({ file: location.file, path: [...location.path, key] });
    if (Array.isArray(node)) return node.map((item, index) => resolveNode(item, child(index), true));
    if (isRecord(node)) return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, resolveNode(item, child(key), true)]));
    return node;
  };

  const enter = (location: VariableLocation): void => {
    const key = locationKey(location);
    const index = active.findIndex((place) => locationKey(place) === key);
    if (index >= 0) {
      const error = new VariableError('cycle', `circular reference: ${[...active.slice(index), location].map(formatLocation).join(' -> ')}`);
      throw locate(error, location);
    }
    active.push(location);
  };

  /** Marks where the failure is, unless it is the value asked for (then the asker names it). */
  const locate = (error: VariableError, location: VariableLocation): VariableError => {
    if (located.has(error)) return error;
    located.add(error);
    const first = active[0];
    if (first !== undefined && locationKey(first) !== locationKey(location)) error.origin = location;
    return error;
  };

  /**
   * A value that is exactly `${file(path):key}`, with the file there and the key in it: the walk
   * goes on in the file (`rest` below the key), so its variables resolve only where read.
   * Otherwise undefined, and the variable resolves as any other (its fallback, or its error).
   */
  const readThrough = (node: unknown, location: VariableLocation, rest: ConfigPath, deep: boolean): { value: unknown } | undefined => {
    const variable = soleFileVariable(node);
    if (variable === undefined || memo.has(locationKey(location))) return undefined;
    enter(location);
    try {
      const target = findInclude(variable, variable.sources[0] as ReferenceSource, location);
      if (target === undefined) return undefined;
      return { value: walk(target.document, [...target.path, ...rest], deep) };
    } catch (error) {
      throw error instanceof VariableError ? locate(error, location) : error;
    } finally {
      active.pop();
    }
  };

  const findInclude = (variable: Variable, source: ReferenceSource, location: VariableLocation): { document: Document; path: ConfigPath } | undefined => {
    let param: string;
    let address: string | undefined;
    try {
      param = textOf(resolveText(source.params ?? '', location), variable);
      address = source.address === undefined ? undefined : textOf(resolveText(source.address, location), variable);
      const included = files.read(param, variable.text);
      if (included.status === 'absent') return undefined;
      const document: Document = { file: included.file, value: included.value };
      const path = address ? address.split('.') : [];
      const found = walk(document, path, false);
      return found === undefined || found === null ? undefined : { document, path };
    } catch (error) {
      // Resolved again as a plain variable: its fallback applies, or it says what is wrong.
      if (error instanceof VariableError && (error.kind === 'unsupported' || error.kind === 'missing')) return undefined;
      throw error;
    }
  };

  const materialize = (node: unknown, location: VariableLocation): { value: unknown; resolved: boolean } => {
    if (typeof node !== 'string' || !hasVariables(node)) return { value: node, resolved: false };
    const key = locationKey(location);
    if (memo.has(key)) return { value: memo.get(key), resolved: true };
    enter(location);
    try {
      const value = resolveText(node, location);
      memo.set(key, value);
      return { value, resolved: true };
    } catch (error) {
      throw error instanceof VariableError ? locate(error, location) : error;
    } finally {
      active.pop();
    }
  };

  const resolveText = (text: string, location: VariableLocation): unknown => {
    const parts = parseVariableText(text) ?? [text];
    const [only] = parts;
    if (parts.length === 1 && typeof only !== 'string') return resolveVariable(only!, location);
    return parts.map((part) => (typeof part === 'string' ? part : textOf(resolveVariable(part, location), part))).join('');
  };

  const textOf = (value: unknown, variable: Variable): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new VariableError('invalid', `${variable.text} is ${describeValue(value)}, which cannot be part of a string`);
  };

  const resolveVariable = (variable: Variable, location: VariableLocation): unknown => {
    const reasons: string[] = [];
    for (const [index, source] of variable.sources.entries()) {
      // `null` is a legitimate last fallback: the Framework resolves `${env:X, null}` to null.
      if (source.kind === 'literal') return source.value;
      let found: { value: unknown; empty: string };
      try {
        found = resolveReference(source, variable, location);
      } catch (error) {
        const isLast = index === variable.sources.length - 1;
        if (!(error instanceof VariableError) || error.kind !== 'unsupported' || isLast) throw error;
        // Said where the fallback is written; a variable reached through another is named with its place.
        const through = error.origin === undefined ? '' : `${variable.text}: at ${formatLocation(error.origin)}, `;
        report.warnAt(location, `${through}${error.message}; the fallback after it is used`);
        continue;
      }
      if (found.value !== undefined && found.value !== null) return found.value;
      reasons.push(found.empty);
    }
    throw new VariableError('missing', `${variable.text}: ${reasons.join(' and ')}, and there is no fallback`);
  };

  const resolveReference = (source: ReferenceSource, variable: Variable, location: VariableLocation): { value: unknown; empty: string } => {
    const address = source.address === undefined ? undefined : textOf(resolveText(source.address, location), variable);
    const params = source.params === undefined ? undefined : textOf(resolveText(source.params, location), variable);
    if (source.type === 'self') return { value: walk(root, address ? address.split('.') : [], true), empty: describeEmpty('self', address) };
    if (source.type !== 'file')
      return { value: resolvePlainSource(source.type, address, params, variable, sourceFacts), empty: describeEmpty(source.type, address) };
    if (params === undefined || params.trim() === '') {
      throw new VariableError('invalid', `${variable.text}: name the file, e.g. \${file(./config.yml):key}`);
    }
    const included = files.read(params, variable.text);
    if (included.status === 'absent') return { value: undefined, empty: `${included.file} does not exist (paths are relative to the service directory)` };
    const document: Document = { file: included.file, value: included.value };
    const value = walk(document, address ? address.split('.') : [], true);
    return { value, empty: address ? `${included.file} has no ${address}` : `${included.file} is empty` };
  };

  const stage = (): string => String(facts.stage || walk(root, ['provider', 'stage'], true) || 'dev');
  const region = (): string => String(facts.region || walk(root, ['provider', 'region'], true) || 'us-east-1');
  const sourceFacts: SourceFacts = { ...facts, readStage: stage, readRegion: region };

  return {
    resolve: (path) => walk(root, path, true),
    resolveShallow: (path) => walk(root, path, false),
    stage,
    region,
  };
}

/** The variable when `node` is exactly one `${file(...)}` (fallbacks after it allowed). */
function soleFileVariable(node: unknown): Variable | undefined {
  if (typeof node !== 'string' || !hasVariables(node)) return undefined;
  let parts: ReturnType<typeof parseVariableText>;
  try {
    parts = parseVariableText(node);
  } catch {
    return undefined;
  }
  const only = parts?.length === 1 ? parts[0] : undefined;
  if (only === undefined || typeof only === 'string') return undefined;
  const first = only.sources[0];
  return first?.kind === 'reference' && first.type === 'file' ? only : undefined;
}

function childOf(node: unknown, key: string | number): unknown {
  if (Array.isArray(node)) return typeof key === 'number' ? node[key] : undefined;
  return isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
}
