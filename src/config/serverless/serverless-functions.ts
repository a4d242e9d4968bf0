import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveString, UnresolvableError, type IntrinsicScope } from '../cloudformation/intrinsics.js';
import type { FunctionBuildOptions, FunctionOptions } from '../options.js';
import type { RuntimeWarnings } from './runtime-warnings.js';
import type { LayerCatalog } from './serverless-layers.js';
import type { ServerlessReport } from './serverless-report.js';
import { formatPath, type ConfigPath, type VariableResolver } from './serverless-variables.js';
import { VariableError } from './variable-error.js';
import { findHandlerFileProblem, HANDLER_EXTENSIONS } from '../find-handler-file.js';
import { parseNodeRuntime } from '../node-runtime.js';
import { parseHandlerRef } from '../../lambda/handler-ref.js';
import { describeReservedKey, LAMBDA_RESERVED_ENVIRONMENT_KEYS } from '../lambda-reserved-keys.js';
import { isRecord } from '../../util/is-record.js';

/** The Framework's default function timeout, seconds ("timeout: optional, in seconds, default is 6"): https://www.serverless.com/framework/docs/providers/aws/guide/functions */
export const DEFAULT_TIMEOUT_SECONDS = 6;
/** The Framework's default memory size, MB ("memorySize: optional, in MB, default is 1024"), same page. */
export const DEFAULT_MEMORY_SIZE_MB = 1024;

export interface FunctionContext {
  readonly resolver: VariableResolver;
  readonly report: ServerlessReport;
  /** For CloudFormation intrinsics in environment values (`!Ref ConnectionsTable`). */
  readonly scope: IntrinsicScope;
  /** serverless.yml's directory: handler paths are relative to it. */
  readonly serviceDir: string;
  /** Shown in messages: what needs this function, e.g. `route $connect`. */
  readonly usedBy: string;
  readonly layers: LayerCatalog;
  readonly runtimeWarnings: RuntimeWarnings;
  /** The TypeScript plugin's build settings, for a handler whose file is TypeScript. */
  readonly build: FunctionBuildOptions | undefined;
}

/** A setting's value and where it was found; null when set nowhere; undefined when it could not be read (reported). */
type Setting = { readonly value: unknown; readonly path: ConfigPath } | null | undefined;

/**
 * A function of serverless.yml as the emulator runs it. Settings the function leaves out come from
 * `provider`, then the Framework's defaults; environment variables merge, the function's winning
 * (https://www.serverless.com/framework/docs/providers/aws/guide/functions#environment-variables).
 */
export function buildServerlessFunction(key: string, name: string, context: FunctionContext): FunctionOptions | undefined {
  const { resolver, report } = context;
  const base: ConfigPath = ['functions', key];
  const where = formatPath(base);
  const definition = report.attempt(where, () => resolver.resolveShallow(base));
  if (!isRecord(definition)) {
    if (definition !== undefined) report.problem(where, 'must be a map with a handler, e.g. handler: handler.connect');
    return undefined;
  }
  if (definition.image !== undefined) {
    report.problem(where, `a container image function cannot run here (${context.usedBy} uses it): apigw-ws-local runs Node.js code from a directory`);
    return undefined;
  }
  const runtime = readRuntime(key, context);
  if (runtime === undefined) return undefined;
  // Every setting is read even after one fails, so that all of a function's problems show at once.
  const handler = readHandler(key, context);
  const timeout = readPositive(key, 'timeout', DEFAULT_TIMEOUT_SECONDS, 'seconds', context);
  const memory = readPositive(key, 'memorySize', DEFAULT_MEMORY_SIZE_MB, 'MB', context);
  const layers = context.layers.forFunction(key, name);
  const problemsBefore = report.problems.length;
  const environment = buildEnvironment(key, name, context);
  if (handler === undefined || timeout === undefined || memory === undefined || report.problems.length > problemsBefore) return undefined;
  const build = context.build !== undefined && isTypeScriptHandler(context.serviceDir, handler) ? context.build : undefined;
  return {
    handler,
    timeoutMs: Math.round(timeout * 1000),
    memorySizeMb: memory,
    environment,
    ...(runtime.name === undefined ? {} : { runtime: runtime.name }),
    ...(layers.length > 0 ? { layers } : {}),
    ...(build ? { build } : {}),
  };
}

function readHandler(key: string, context: FunctionContext): string | undefined {
  const where = `functions.${key}.handler`;
  // `?? null`: undefined then only means the attempt failed (and was reported).
  const handler = context.report.attempt(where, () => context.resolver.resolve(['functions', key, 'handler']) ?? null);
  if (handler === undefined) return undefined;
  if (typeof handler !== 'string' || handler === '') {
    context.report.problem(`functions.${key}`, `has no handler (${context.usedBy} uses it): give FILE.EXPORT, e.g. handler: handler.connect`);
    return undefined;
  }
  return checkHandlerFile(handler, where, context) ? handler : undefined;
}

/** The function's own setting, else `provider`'s. */
function readSetting(key: string, setting: string, context: FunctionContext): Setting {
  for (const at of [['functions', key, setting], ['provider', setting]] as const) {
    const value = context.report.attempt(formatPath(at), () => context.resolver.resolve(at) ?? null);
    if (value === undefined) return undefined;
    if (value !== null) return { value, path: at };
  }
  return null;
}

/** The function's runtime, else provider.runtime; `name` undefined when neither is set. Undefined when it cannot run here. */
function readRuntime(key: string, context: FunctionContext): { name: string | undefined } | undefined {
  const runtime = readSetting(key, 'runtime', context);
  if (runtime === undefined) return undefined;
  // No runtime anywhere: the Framework's default is a Node.js one (its version depends on the Framework's).
  if (runtime === null) return { name: undefined };
  const text = String(runtime.value);
  const major = parseNodeRuntime(text);
  if (major === undefined) {
    const from = runtime.path[0] === 'provider' ? ' (from provider.runtime)' : '';
    context.report.problem(`functions.${key}`, `runtime ${text}${from} cannot run here (${context.usedBy} uses it): apigw-ws-local runs Node.js functions only`);
    return undefined;
  }
  if (String(major) !== process.versions.node.split('.')[0]) context.runtimeWarnings.add(text, formatPath(runtime.path));
  return { name: text };
}

function readPositive(key: string, setting: string, fallback: number, unit: string, context: FunctionContext): number | undefined {
  const found = readSetting(key, setting, context);
  if (found === undefined) return undefined;
  if (found === null) return fallback;
  const value = Number(found.value);
  if (typeof found.value === 'boolean' || !Number.isFinite(value) || value <= 0) {
    context.report.problem(formatPath(found.path), `${JSON.stringify(found.value)} is not a positive number of ${unit}`);
    return undefined;
  }
  return value;
}

function checkHandlerFile(handler: string, where: string, context: FunctionContext): boolean {
  const problem = findHandlerFileProblem(context.serviceDir, handler);
  if (problem === undefined) return true;
  context.report.problem(
    where,
    problem.kind === 'shape'
      ? `${JSON.stringify(handler)} is not FILE.EXPORT, e.g. handler.connect`
      : `${handler}: no ${problem.shown}.js, .mjs, .cjs or .ts`,
  );
  return false;
}

/** True when Lambda's look-up order finds a TypeScript file first for the handler's module (it is built before it runs). */
function isTypeScriptHandler(serviceDir: string, handler: string): boolean {
  const base = path.resolve(serviceDir, parseHandlerRef(handler).modulePath);
  const found = HANDLER_EXTENSIONS.find((extension) => existsSync(base + extension));
  return found !== undefined && found.endsWith('ts');
}

/**
 * `provider.environment` under the function's `environment`, each value resolved: Framework
 * variables first, then CloudFormation intrinsics (`!Ref ConnectionsTable`). One value that cannot
 * be known should not stop the rest: it is left out with a warning saying how to supply it.
 */
function buildEnvironment(key: string, name: string, context: FunctionContext): Record<string, string> {
  const { resolver, report } = context;
  const paths = new Map<string, ConfigPath>();
  for (const base of [['provider', 'environment'], ['functions', key, 'environment']] as const) {
    const map = report.attempt(formatPath(base), () => resolver.resolveShallow(base), 'warning', '; these variables are left out');
    if (isRecord(map)) for (const variable of Object.keys(map)) paths.set(variable, [...base, variable]);
  }
  const result: Record<string, string> = {};
  for (const [variable, at] of paths) {
    const where = formatPath(at);
    if (LAMBDA_RESERVED_ENVIRONMENT_KEYS.has(variable)) {
      report.problem(formatPath(at.slice(0, -1)), describeReservedKey(variable));
      continue;
    }
    try {
      const value = resolver.resolve(at);
      if (value !== null) result[variable] = resolveString(value, context.scope, variable);
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      if (error instanceof VariableError && (error.kind === 'cycle' || error.kind === 'invalid')) {
        report.fail(error, where, 'problem');
        continue;
      }
      if (error instanceof VariableError && error.origin !== undefined) {
        // Reported where the variable is written, once for every value that uses it.
        report.fail(error, where, 'warning', '; environment variables that use it are left out: give them with --env NAME=VALUE');
        continue;
      }
      const elsewhere = at[0] === 'functions' ? ` (it applies to every function) or in apigw-ws.config.json functions.${name}.environment` : '';
      report.warn(where, `${error.message}; the variable is left out: give it with --env ${variable}=VALUE${elsewhere}`);
    }
  }
  return result;
}
